package io.xugumcp.server.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.json.DelegatingJsonMapper;
import io.xugumcp.server.mcp.ErrorText;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON mapper handed to the HTTP transports. The SDK writes an HTTP error body by serializing the exception
 * object itself, stack trace included (java-sdk issue 955); this wrapper writes any {@link Throwable} as a plain
 * JSON-RPC error with a short message instead, so no internals reach the client.
 */
final class SafeJsonMapper extends DelegatingJsonMapper {
    SafeJsonMapper(McpJsonMapper delegate) {
        super(delegate);
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return delegate().writeValueAsString(sanitize(value));
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return delegate().writeValueAsBytes(sanitize(value));
    }

    static Object sanitize(Object value) {
        if (value instanceof McpSchema.JSONRPCMessage m) {
            // Error responses the SDK built from an exception carry its text: no internals leave the server.
            return ErrorText.scrub(m);
        }
        if (!(value instanceof Throwable t)) {
            return value;
        }
        int code = McpSchema.ErrorCodes.INTERNAL_ERROR;
        String message = "Internal error";
        if (t instanceof McpError e && e.getJsonRpcError() != null) {
            code = e.getJsonRpcError().code();
            message = e.getJsonRpcError().message();
        } else if (t.getMessage() != null) {
            message = t.getMessage();
        }
        // Keep the first line only: some SDK messages embed a nested exception's text.
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            message = message.substring(0, nl);
        }
        message = code == McpSchema.ErrorCodes.INTERNAL_ERROR
                ? "Internal error while handling the request; the server log has the details"
                : ErrorText.clean(message);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", null);
        body.put("error", error);
        return body;
    }
}
