package io.xugumcp.server.transport;

import io.xugumcp.server.security.Identities;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Answers the OAuth discovery and registration requests a client makes after a 401 (RFC 9728 protected-resource
 * metadata, RFC 8414 authorization-server metadata, dynamic client registration). This server takes a static bearer
 * token and has no OAuth: without these answers Claude Code fell through to {@code POST /register}, got Jetty's 405,
 * and told the user "Dynamic Client Registration rejected (HTTP 405)" instead of what to do. Now each of them gets
 * 401 with the hint to configure the token.
 */
final class OAuthDiscoveryServlet extends HttpServlet {
    /** Where clients look, with and without a resource path after them. */
    static final List<String> PATHS = List.of("/.well-known/oauth-protected-resource",
            "/.well-known/oauth-protected-resource/*", "/.well-known/oauth-authorization-server",
            "/.well-known/oauth-authorization-server/*", "/.well-known/openid-configuration",
            "/.well-known/openid-configuration/*", "/register", "/authorize", "/token");

    private final Identities identities;

    OAuthDiscoveryServlet(Identities identities) {
        this.identities = identities;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (!identities.tokenRequired()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.getOutputStream().write(("{\"error\":\"invalid_request\",\"error_description\":\""
                    + JsonErrorBody.escape("This server needs no sign-in: connect to its MCP endpoint directly")
                    + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", BearerAuthFilter.CHALLENGE);
        response.getOutputStream().write(("{\"error\":\"invalid_client\",\"error_description\":\""
                + JsonErrorBody.escape(BearerAuthFilter.HINT) + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
