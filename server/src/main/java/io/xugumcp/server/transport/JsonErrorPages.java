package io.xugumcp.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (404, 405, 500, bad requests …) as JSON-RPC shaped errors: its HTML pages name the server
 * software and version ("Powered by Jetty:// …") and echo the URL, and an MCP client cannot parse them anyway.
 * {@link Server} serves requests outside any context, {@link Servlets} those inside the servlet context.
 */
final class JsonErrorPages {
    private JsonErrorPages() {
    }

    private static boolean writeJson(Response response, Callback callback, int code) {
        String reason = HttpStatus.getMessage(code);
        String message = code == HttpStatus.NOT_FOUND_404
                ? "Not found: MCP is served at the Streamable HTTP endpoint (/mcp by default) and /sse"
                : "HTTP " + code + " " + reason;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(JsonErrorBody.of(JsonErrorBody.INVALID_REQUEST, message)
                .getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    static final class Server extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                     String contentType, List<Charset> charsets, int code,
                                                     String message, Throwable cause) {
            return writeJson(response, callback, code);
        }
    }

    static final class Servlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                     String contentType, List<Charset> charsets, int code,
                                                     String message, Throwable cause) {
            return writeJson(response, callback, code);
        }
    }
}
