package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who a caller is. stdio callers are the local user and get the configured stdio role. HTTP callers are known by their
 * bearer token: each configured token (stored as its SHA-256) names a client id and a role; the single
 * {@code HTTP_SERVER_AUTH_TOKEN} stands for client {@code http-token} with the default role. Without any token, HTTP
 * callers are {@code http-anonymous} with the default role (loopback only, see the HTTP transport).
 *
 * <p>The presented token is hashed and compared with every configured hash with {@link MessageDigest#isEqual}, always
 * all of them, so neither the time taken nor the token's length tells anything about the configured ones.
 */
public final class Identities {
    /** Client id of HTTP callers when no token is configured. */
    public static final String ANONYMOUS = "http-anonymous";
    /** Client id of the single {@code HTTP_SERVER_AUTH_TOKEN}. */
    public static final String SHARED_TOKEN_CLIENT = "http-token";

    /** Swapped whole on a configuration reload, so a request sees either the old or the new tokens, never a mix. */
    private volatile State state;

    private record State(String stdioRole, String defaultRole, List<Entry> entries) {
    }

    /** A client and its role, as one token identifies them. */
    public record Identity(String client, String role) {
    }

    private record Entry(byte[] digest, Identity identity) {
    }

    public Identities(SecuritySettings settings) {
        this.state = state(settings);
    }

    /** Takes the tokens and roles of a reloaded configuration; requests already identified keep their identity. */
    public void update(SecuritySettings settings) {
        this.state = state(settings);
    }

    private static State state(SecuritySettings settings) {
        List<Entry> list = new ArrayList<>();
        if (!settings.plainToken().isEmpty()) {
            list.add(new Entry(sha256(settings.plainToken()), new Identity(SHARED_TOKEN_CLIENT, settings.defaultRole())));
        }
        for (SecuritySettings.Token t : settings.tokens()) {
            list.add(new Entry(t.sha256().clone(), new Identity(t.client(), t.role())));
        }
        return new State(settings.stdioRole(), settings.defaultRole(), List.copyOf(list));
    }

    /** The caller of stdio requests. */
    public Caller stdio() {
        return new Caller("stdio", state.stdioRole(), "stdio");
    }

    public String stdioRole() {
        return state.stdioRole();
    }

    public String defaultRole() {
        return state.defaultRole();
    }

    /** True when HTTP requests must carry a known bearer token. */
    public boolean tokenRequired() {
        return !state.entries().isEmpty();
    }

    /** How many tokens are configured (never which). */
    public int tokenCount() {
        return state.entries().size();
    }

    /** The identity of HTTP callers when no token is required. */
    public Identity anonymous() {
        return new Identity(ANONYMOUS, state.defaultRole());
    }

    /** The identity a presented token stands for; empty when it is unknown (or null). Constant time per entry. */
    public Optional<Identity> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Identity found = null;
        for (Entry e : state.entries()) {
            if (MessageDigest.isEqual(e.digest(), digest) & found == null) {
                found = e.identity();
            }
        }
        return Optional.ofNullable(found);
    }

    /** SHA-256 of a token's UTF-8 bytes. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The hex SHA-256 that goes into {@code tokens[].sha256} for {@code token}. */
    public static String hashToken(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** A new random token: 32 bytes from a strong random source, URL-safe base64 without padding. */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
