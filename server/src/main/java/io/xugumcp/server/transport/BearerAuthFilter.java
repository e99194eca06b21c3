package io.xugumcp.server.transport;

import io.xugumcp.api.Caller;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies HTTP callers. With a token configured, every request must carry {@code Authorization: Bearer <token>}
 * (compared in constant time over SHA-256 digests, so neither timing nor length leaks); others get 401 with
 * {@code WWW-Authenticate}. The resolved {@link Caller} is put on the request for the transport's context extractor.
 */
final class BearerAuthFilter implements Filter {
    static final String CALLER_ATTRIBUTE = "xugu-mcp.caller";
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthFilter.class);

    private final byte[] tokenDigest;
    private final String role;
    private final String sseEndpoint;
    private final String messageEndpoint;

    BearerAuthFilter(String token, String role, String sseEndpoint, String messageEndpoint) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
        this.role = role;
        this.sseEndpoint = sseEndpoint;
        this.messageEndpoint = messageEndpoint;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String client = "http-anonymous";
        if (tokenDigest != null && !"OPTIONS".equals(request.getMethod())) {
            String header = request.getHeader("Authorization");
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
            if (presented == null || !MessageDigest.isEqual(tokenDigest, sha256(presented))) {
                LOG.info("HTTP {} {} refused: {} bearer token from {}", request.getMethod(), request.getRequestURI(),
                        presented == null ? "no" : "wrong", request.getRemoteAddr());
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("WWW-Authenticate", "Bearer realm=\"xugu-mcp\"");
                response.setContentType("application/json");
                response.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,"
                        + "\"message\":\"Unauthorized: send Authorization: Bearer <token> (HTTP_SERVER_AUTH_TOKEN)\"}}");
                return;
            }
            client = "http-token";
        }
        String uri = request.getRequestURI();
        String transport = uri.endsWith(sseEndpoint) || uri.contains(messageEndpoint) ? "sse" : "http";
        request.setAttribute(CALLER_ATTRIBUTE, new Caller(client, role, transport));
        chain.doFilter(req, res);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
