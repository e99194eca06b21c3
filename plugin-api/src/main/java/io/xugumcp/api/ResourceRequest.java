package io.xugumcp.api;

import java.util.Map;

/** One read of a resource: the URI asked for, the template variables it matched, the caller and their database. */
public interface ResourceRequest {

    /** The URI the client asked for. */
    String uri();

    /** Variables extracted from the URI when it matched a template; empty for fixed resources. */
    Map<String, String> variables();

    /** The caller. */
    Caller caller();

    /** The database service acting for the caller. */
    Database database();
}
