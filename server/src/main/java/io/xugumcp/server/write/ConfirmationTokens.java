package io.xugumcp.server.write;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Confirmation tokens: proof that a person saw the preview of exactly this change. A token is
 * {@code c1.<id>.<expiry>.<mac>}, the MAC an HMAC-SHA256 under a key made at start (so tokens die with the process)
 * over the id, the expiry and the binding – the caller, the tool, the digest of the call's arguments and the digest of
 * the statements they make. The server also remembers what it issued, so a token works once, and a refusal can say
 * which part differs. Nothing here is a boolean a model could set.
 */
final class ConfirmationTokens {
    /** The most tokens remembered at once; the oldest expired ones go first, then the oldest. */
    private static final int MAX_ISSUED = 10_000;
    private static final String PREFIX = "c1";

    /** What a token is bound to. */
    record Binding(String caller, String tool, String arguments, String statements) {
    }

    /** A token as handed out. */
    record Token(String text, String id, Instant expiresAt) {
    }

    /** What the server remembers of an issued token. */
    record Issued(String id, Binding binding, Instant expiresAt, long approvedRows, AtomicBoolean used) {
    }

    private final byte[] key = new byte[32];
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    ConfirmationTokens(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        random.nextBytes(key);
    }

    /** A fresh id, also used to tie audit records together when a person confirms without a token. */
    String newId() {
        byte[] b = new byte[9];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Issues a token for a previewed change.
     *
     * @param approvedRows the rows the preview showed; a later run touching more is refused
     */
    Token issue(Binding binding, long approvedRows) {
        return issue(newId(), binding, approvedRows);
    }

    Token issue(String id, Binding binding, long approvedRows) {
        Instant expires = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long exp = expires.getEpochSecond();
        prune();
        issued.put(id, new Issued(id, binding, expires, approvedRows, new AtomicBoolean()));
        return new Token(PREFIX + "." + id + "." + Long.toString(exp, 36) + "." + mac(id, exp, binding), id, expires);
    }

    /** The id in a token text, or {@code null} when it is not shaped like one (for audit records of refusals). */
    static String idOf(String token) {
        String[] p = token == null ? new String[0] : token.strip().split("\\.");
        return p.length == 4 && p[0].equals(PREFIX) && p[1].matches("[A-Za-z0-9_-]{1,32}") ? p[1] : null;
    }

    /**
     * Checks a token against the call it comes with and uses it up.
     *
     * @throws ToolException {@code confirmation_invalid} saying why: not a token, unknown, bound to another caller,
     *                       tool, arguments or statements, already used, or expired
     */
    Issued redeem(String token, Binding current) {
        String[] p = token.strip().split("\\.");
        long exp;
        try {
            if (p.length != 4 || !p[0].equals(PREFIX)) {
                throw new NumberFormatException();
            }
            exp = Long.parseLong(p[2], 36);
        } catch (NumberFormatException e) {
            throw invalid("is not a confirmation token of this server");
        }
        Issued known = issued.get(p[1]);
        if (known == null) {
            throw invalid("is unknown: it was not issued by this server process (tokens do not survive a restart)"
                    + " or it was made up");
        }
        if (!MessageDigest.isEqual(mac(p[1], exp, current).getBytes(StandardCharsets.US_ASCII),
                p[3].getBytes(StandardCharsets.US_ASCII))) {
            Binding b = known.binding();
            String why;
            if (!b.caller().equals(current.caller())) {
                why = "was issued to another caller; only the caller who previewed the change can confirm it";
            } else if (!b.tool().equals(current.tool())) {
                why = "was issued for tool '" + b.tool() + "', not '" + current.tool() + "'";
            } else if (!b.arguments().equals(current.arguments())) {
                why = "was issued for other arguments; send exactly the arguments of the preview plus confirm_token";
            } else if (!b.statements().equals(current.statements())) {
                why = "no longer matches: the arguments now make other statements than in the preview (did the table"
                        + " change?)";
            } else {
                why = "has been altered";
            }
            throw invalid(why);
        }
        if (clock.instant().getEpochSecond() > exp) {
            issued.remove(p[1]);
            throw invalid("expired at " + Instant.ofEpochSecond(exp) + " (tokens are valid for " + ttl.toSeconds()
                    + " s)");
        }
        if (!known.used().compareAndSet(false, true)) {
            throw invalid("was already used; a token confirms one run");
        }
        return known;
    }

    private static ToolException invalid(String why) {
        return new ToolException(ErrorCode.CONFIRMATION_INVALID, "The confirm_token " + why
                + ". Nothing was changed. Preview again (dry_run: true) to get a new token.");
    }

    private String mac(String id, long exp, Binding b) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            String msg = String.join("\n", id, Long.toString(exp), b.caller(), b.tool(), b.arguments(), b.statements());
            byte[] full = m.doFinal(msg.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** Forgets expired tokens (kept a minute longer so a late one still hears "expired"); bounds the memory. */
    private void prune() {
        Instant cutoff = clock.instant().minusSeconds(60);
        issued.values().removeIf(i -> i.expiresAt().isBefore(cutoff));
        if (issued.size() >= MAX_ISSUED) {
            Iterator<Issued> oldest = issued.values().stream()
                    .sorted(java.util.Comparator.comparing(Issued::expiresAt)).iterator();
            while (issued.size() >= MAX_ISSUED && oldest.hasNext()) {
                issued.remove(oldest.next().id());
            }
        }
    }
}
