package io.xugumcp.server.transport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /ready}: 200 when the server can serve calls – the database answered within about a second, the plugins
 * are started, the audit trail can be written – else 503. The body is small JSON naming what is not ready, without
 * driver error texts (diagnose_connection says why). Unauthenticated, like {@code /health}: it reveals nothing else.
 */
public final class ReadyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /**
     * One readiness answer.
     *
     * @param checks part → {@code ok} or what is wrong
     */
    public record Readiness(boolean ready, Map<String, String> checks) {
    }

    private final transient Supplier<Readiness> readiness;
    private final transient com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    public ReadyServlet(Supplier<Readiness> readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Readiness r = readiness.get();
        resp.setStatus(r.ready() ? 200 : 503);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", r.ready() ? "ready" : "not_ready");
        body.put("checks", r.checks());
        resp.getWriter().write(json.writeValueAsString(body));
    }
}
