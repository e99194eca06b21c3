package io.xugumcp.server.transport;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.server.security.Identities;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies HTTP callers. With tokens configured, every request must carry {@code Authorization: Bearer <token>}; the
 * token decides the client id and role ({@link Identities}, constant-time over SHA-256 digests). Others get 401 with
 * {@code WWW-Authenticate}, and the refusal is audited (client {@code anonymous}, never any part of the token). The
 * resolved {@link Caller} is put on the request for the transport's context extractor.
 */
final class BearerAuthFilter implements Filter {
    static final String CALLER_ATTRIBUTE = "xugu-mcp.caller";
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthFilter.class);

    private final Identities identities;
    private final Audit audit;
    private final String sseEndpoint;
    private final String messageEndpoint;

    BearerAuthFilter(Identities identities, Audit audit, String sseEndpoint, String messageEndpoint) {
        this.identities = identities;
        this.audit = audit;
        this.sseEndpoint = sseEndpoint;
        this.messageEndpoint = messageEndpoint;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String uri = request.getRequestURI();
        String transport = uri.endsWith(sseEndpoint) || uri.contains(messageEndpoint) ? "sse" : "http";
        Identities.Identity who = identities.anonymous();
        if (identities.tokenRequired() && !"OPTIONS".equals(request.getMethod())) {
            String header = request.getHeader("Authorization");
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
            Optional<Identities.Identity> found = identities.authenticate(presented);
            if (found.isEmpty()) {
                String why = presented == null ? "no bearer token" : "an unknown bearer token";
                LOG.info("HTTP {} {} refused: {} from {}", request.getMethod(), uri, why, request.getRemoteAddr());
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("method", request.getMethod());
                d.put("path", uri);
                d.put("remote", request.getRemoteAddr());
                d.put("outcome", "denied");
                d.put("code", "unauthorized");
                d.put("reason", why);
                audit.record(new Caller("anonymous", "none", transport), "auth", d);
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("WWW-Authenticate", "Bearer realm=\"xugu-mcp\"");
                response.setContentType("application/json");
                response.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,"
                        + "\"message\":\"Unauthorized: send Authorization: Bearer <token> (HTTP_SERVER_AUTH_TOKEN)\"}}");
                return;
            }
            who = found.get();
        }
        request.setAttribute(CALLER_ATTRIBUTE, new Caller(who.client(), who.role(), transport));
        chain.doFilter(req, res);
    }
}
