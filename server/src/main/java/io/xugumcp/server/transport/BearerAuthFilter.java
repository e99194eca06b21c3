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
import java.util.regex.Pattern;
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
    /** What a client without the right token is told to do; no OAuth sign-in exists to send it to. */
    static final String HINT = "Unauthorized: this server takes a static bearer token, not an OAuth sign-in. Configure"
            + " the client to send the header 'Authorization: Bearer <token>' with the token the server was given"
            + " (HTTP_SERVER_AUTH_TOKEN or xugu-mcp.security.tokens), e.g. claude mcp add --transport http xugu-mcp"
            + " <url> --header \"Authorization: Bearer <token>\"";
    /** The challenge on every 401; RFC 6750 parameters carry the hint for clients that show them. */
    static final String CHALLENGE = "Bearer realm=\"xugu-mcp\", error=\"invalid_token\", error_description=\"Set the"
            + " bearer token: send Authorization: Bearer <token> (the server's HTTP_SERVER_AUTH_TOKEN); no OAuth sign-in\"";
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthFilter.class);
    /** Compiled once: String.replaceAll compiled it on every request. */
    private static final Pattern NOT_IN_SESSION_PREFIX = Pattern.compile("[^A-Za-z0-9-]");

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

    /**
     * Without tokens, callers are told apart by address and session, so each gets its own rate-limit bucket and share of
     * the statements in flight instead of all anonymous clients sharing one (issue 8 item 14). A token's callers share
     * the token's bucket: the token is the client.
     */
    static String anonymousClient(HttpServletRequest request) {
        String session = request.getHeader("Mcp-Session-Id");
        if (session == null) {
            session = request.getParameter("sessionId");
        }
        String id = Identities.ANONYMOUS + "@" + request.getRemoteAddr();
        return session == null || session.isBlank() ? id
                : id + "#" + NOT_IN_SESSION_PREFIX.matcher(session.substring(0, Math.min(8, session.length()))).replaceAll("");
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
                response.setHeader("WWW-Authenticate", CHALLENGE);
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write(JsonErrorBody.of(-32001, HINT));
                return;
            }
            who = found.get();
        }
        String client = identities.tokenRequired() ? who.client() : anonymousClient(request);
        request.setAttribute(CALLER_ATTRIBUTE, new Caller(client, who.role(), transport));
        chain.doFilter(req, res);
    }
}
