package io.xugumcp.server.transport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: 200 with {@code "database":"up"} when a pooled connection can be had, 503 otherwise.
 * It sends no SQL of its own: the pool validates connections (with the dialect's test query where needed).
 */
final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient BooleanSupplier databaseUp;
    private final String version;

    HealthServlet(BooleanSupplier databaseUp, String version) {
        this.databaseUp = databaseUp;
        this.version = version;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean up = databaseUp.getAsBoolean();
        resp.setStatus(up ? 200 : 503);
        resp.setContentType("application/json");
        resp.getWriter().write("{\"status\":\"" + (up ? "ok" : "degraded") + "\",\"database\":\"" + (up ? "up" : "down")
                + "\",\"version\":\"" + version + "\"}");
    }
}
