package io.xugumcp.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The JSON-RPC shaped body of every answer Jetty itself gives (408, 413, 405, 404, …): MCP clients parse JSON, and
 * the answer names what was wrong and what to do, never the server software or its version.
 */
final class JsonErrorBody {
    /** JSON-RPC "Invalid Request": what the transport refuses before a JSON-RPC message exists. */
    static final int INVALID_REQUEST = -32600;

    private JsonErrorBody() {
    }

    static String of(int code, String message) {
        return of(null, code, message);
    }

    /** The error answer to the request with {@code id}; an id that is not a string or number is answered as null. */
    static String of(JsonNode id, int code, String message) {
        String idJson = id != null && (id.isTextual() || id.isNumber()) ? id.toString() : "null";
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":{\"code\":" + code + ",\"message\":\""
                + escape(message) + "\"}}";
    }

    /** Answers a servlet request with {@code status} and the JSON-RPC error for the request with {@code id}. */
    static void send(HttpServletResponse response, int status, JsonNode id, int code, String message) throws IOException {
        byte[] bytes = of(id, code, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Answers with {@code status} and a JSON-RPC error body; {@code close} ends the connection afterwards. */
    static void send(Response response, Callback callback, int status, String message, boolean close) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(of(INVALID_REQUEST, message).getBytes(StandardCharsets.UTF_8)), callback);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
