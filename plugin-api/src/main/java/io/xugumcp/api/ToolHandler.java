package io.xugumcp.api;

/**
 * Runs a tool call. Throw {@link ToolException} (or a subclass) for errors the caller should read; the host turns it
 * into an {@code isError} result with that message. Any other exception becomes a generic error message – its text
 * and stack trace are logged on the server, never sent to the client.
 */
@FunctionalInterface
public interface ToolHandler {
    ToolResult handle(ToolCall call) throws Exception;
}
