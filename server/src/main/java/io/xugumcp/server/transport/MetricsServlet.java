package io.xugumcp.server.transport;

import io.xugumcp.server.metrics.MetricRegistry;
import io.xugumcp.server.metrics.PrometheusText;
import io.xugumcp.server.security.Identities;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in the Prometheus text format. Who may scrape: with {@code xugu-mcp.metrics.token} set, only
 * that bearer token (a scraper's own, so it needs no MCP client token); otherwise, when HTTP clients must present
 * tokens, a client token whose role holds ADMIN (metrics show what every client does); with no tokens at all (loopback
 * only), anyone who can reach the port.
 */
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient MetricRegistry registry;
    private final transient Supplier<String> ownToken;
    private final transient Identities identities;
    private final transient Predicate<String> adminRole;

    /**
     * @param ownToken  the metrics token in force (a reload may change it); empty for none
     * @param adminRole true for roles holding ADMIN
     */
    public MetricsServlet(MetricRegistry registry, Supplier<String> ownToken, Identities identities,
                          Predicate<String> adminRole) {
        this.registry = registry;
        this.ownToken = ownToken;
        this.identities = identities;
        this.adminRole = adminRole;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String header = req.getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : null;
        String own = ownToken.get();
        if (own != null && !own.isEmpty()) {
            if (presented == null || !MessageDigest.isEqual(Identities.sha256(presented), Identities.sha256(own))) {
                refuse(resp, 401, "send Authorization: Bearer <the metrics token> (xugu-mcp.metrics.token)");
                return;
            }
        } else if (identities.tokenRequired()) {
            Optional<Identities.Identity> who = identities.authenticate(presented);
            if (who.isEmpty()) {
                refuse(resp, 401, "send Authorization: Bearer <token> of a client whose role holds ADMIN, or set"
                        + " xugu-mcp.metrics.token for the scraper");
                return;
            }
            if (!adminRole.test(who.get().role())) {
                refuse(resp, 403, "the client's role does not hold ADMIN; metrics show every client's activity");
                return;
            }
        }
        StringWriter out = new StringWriter(16 * 1024);
        registry.writeTo(out);
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void refuse(HttpServletResponse resp, int status, String why) throws IOException {
        resp.setStatus(status);
        if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"xugu-mcp metrics\"");
        }
        resp.setContentType("text/plain; charset=utf-8");
        resp.getWriter().write((status == 401 ? "Unauthorized: " : "Forbidden: ") + why + "\n");
    }
}
