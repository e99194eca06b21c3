package io.xugumcp.api;

import java.util.List;
import java.util.Objects;

/**
 * What a tool returns: content blocks for display, optional structured content (JSON-shaped: maps, lists, records,
 * strings, numbers, booleans) matching the tool's output schema, and whether it is an error.
 *
 * @param structured may be {@code null}
 */
public record ToolResult(List<Content> content, Object structured, boolean error) {

    public ToolResult {
        content = List.copyOf(Objects.requireNonNull(content, "content"));
    }

    /** A plain text answer. */
    public static ToolResult text(String text) {
        return new ToolResult(List.of(new Content.Text(text)), null, false);
    }

    /** A structured answer with its compact text form. */
    public static ToolResult structured(Object structured, String text) {
        return new ToolResult(List.of(new Content.Text(text)), structured, false);
    }

    /** An error answer the caller should read. */
    public static ToolResult error(String message) {
        return new ToolResult(List.of(new Content.Text(message)), null, true);
    }

    /** An answer made of the given content blocks. */
    public static ToolResult of(Content... content) {
        return new ToolResult(List.of(content), null, false);
    }
}
