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

    /**
     * The schema model, as for {@link ToolCall#catalog()}; exact row counts run as {@link #caller()}.
     *
     * @throws UnsupportedOperationException on a host without a catalog (API before 0.2.0)
     * @since 0.2.0
     */
    default Catalog catalog() {
        throw new UnsupportedOperationException("this host provides no catalog");
    }
}
