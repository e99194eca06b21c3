package io.xugumcp.api;

import java.util.List;
import java.util.Objects;

/**
 * A fixed MCP resource and how to read it.
 *
 * @param title       may be {@code null}
 * @param description may be {@code null}
 */
public record Resource(String uri, String name, String title, String description, String mimeType,
                       Permission permission, Reader reader) {

    public Resource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(reader, "reader");
    }

    /** Reads the resource for one request. */
    @FunctionalInterface
    public interface Reader {
        List<ResourceContents> read(ResourceRequest request) throws Exception;
    }
}
