package io.xugumcp.api;

import java.util.Map;
import java.util.Objects;

/**
 * An MCP resource template: a URI template with {@code {variable}} parts, how to read a matching URI, and optional
 * completers that suggest values for its variables (for {@code completion/complete}).
 */
public record ResourceTemplate(String uriTemplate, String name, String title, String description, String mimeType,
                               Permission permission, Resource.Reader reader, Map<String, Completer> completers) {

    public ResourceTemplate {
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(reader, "reader");
        completers = completers == null ? Map.of() : Map.copyOf(completers);
    }
}
