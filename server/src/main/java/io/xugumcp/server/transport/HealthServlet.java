package io.xugumcp.server.transport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: liveness. Always 200 while the process serves HTTP, with the database as last seen
 * ({@code "database":"up"} or {@code "down"}); the supplier it is given never blocks for long (readiness, with a
 * bounded database check, is {@code /ready}). A liveness check must not fail because the database is down, or an
 * orchestrator would restart a healthy server for another system's outage.
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
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write("{\"status\":\"" + (up ? "ok" : "degraded") + "\",\"database\":\"" + (up ? "up" : "down")
                + "\",\"version\":\"" + version + "\"}");
    }
}
