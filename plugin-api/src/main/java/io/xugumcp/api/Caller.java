package io.xugumcp.api;

/**
 * Who is calling: the client id (from the HTTP bearer token, or {@code stdio}), the role the host resolved for it,
 * and the transport the request came through ({@code stdio}, {@code http}, {@code sse}).
 */
public record Caller(String clientId, String role, String transport) {
    public Caller {
        if (clientId == null || role == null || transport == null) {
            throw new IllegalArgumentException("clientId, role and transport are required");
        }
    }
}
