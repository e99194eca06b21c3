package io.xugumcp.server.transport;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses TRACE and TRACK with 405 before any servlet sees them: a servlet's default TRACE echoes the request's
 * headers, {@code Authorization} included, which a script in a browser page could read back (cross-site tracing).
 */
final class NoTraceHandler extends Handler.Wrapper {
    NoTraceHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if ("TRACE".equals(method) || "TRACK".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE, OPTIONS");
            JsonErrorBody.send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    method + " is not supported: use GET, POST, DELETE or OPTIONS", false);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
