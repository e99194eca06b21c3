package io.xugumcp.server.llm;

import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to send a failed request again, the way the vendors' own SDKs do: at most {@code maxRetries} more times, only
 * for failures that can pass (rate limit, overload, 5xx, timeouts, broken connections) and never for a used-up quota
 * or spend cap; {@code x-should-retry} from the server decides when present; the wait is the server's
 * {@code retry-after-ms} / {@code retry-after}, else {@code min(0.5·2^n, 8)} s minus up to 25 % jitter. A wait longer
 * than {@code maxWait} or than the time left is not waited: the caller hears the retry-after instead. A stream that
 * already delivered text is never sent again (the text cannot be taken back).
 */
final class RetryPolicy {
    private final int maxRetries;
    private final Duration maxWait;
    private final DoubleSupplier random;

    RetryPolicy(int maxRetries, Duration maxWait, DoubleSupplier random) {
        this.maxRetries = maxRetries;
        this.maxWait = maxWait;
        this.random = random;
    }

    int maxRetries() {
        return maxRetries;
    }

    /**
     * @param retriesDone how many retries were already made
     * @param left        the time left before the call's deadline
     * @return how long to wait before the next attempt, or empty: do not retry
     */
    Optional<Duration> next(LlmException e, LlmHttp.Response last, int retriesDone, Duration left, boolean delivered) {
        if (delivered || retriesDone >= maxRetries) {
            return Optional.empty();
        }
        LlmException.Kind kind = e.kind();
        if (kind == LlmException.Kind.QUOTA_EXHAUSTED || kind == LlmException.Kind.CANCELLED
                || kind == LlmException.Kind.NOT_CONFIGURED) {
            return Optional.empty();
        }
        String should = last == null ? null : last.header("x-should-retry").orElse(null);
        boolean retry = should != null ? should.trim().equalsIgnoreCase("true") : kind.retryable();
        if (!retry) {
            return Optional.empty();
        }
        Duration wait = retryAfter(e, last).orElseGet(() -> backoff(retriesDone));
        if (wait.compareTo(maxWait) > 0 || wait.compareTo(left) >= 0) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    /** The wait the provider asked for: the exception's, else {@code retry-after-ms}, else {@code retry-after}. */
    static Optional<Duration> retryAfter(LlmException e, LlmHttp.Response last) {
        if (e.retryAfter() != null) {
            return Optional.of(e.retryAfter());
        }
        if (last == null) {
            return Optional.empty();
        }
        Optional<String> ms = last.header("retry-after-ms");
        if (ms.isPresent()) {
            try {
                double v = Double.parseDouble(ms.get().trim());
                if (v >= 0 && v < 3_600_000) {
                    return Optional.of(Duration.ofMillis((long) v));
                }
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        Optional<String> s = last.header("retry-after");
        if (s.isPresent()) {
            String v = s.get().trim();
            try {
                double secs = Double.parseDouble(v);
                if (secs >= 0 && secs < 86_400) {
                    return Optional.of(Duration.ofMillis((long) (secs * 1000)));
                }
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    Duration backoff(int retriesDone) {
        double secs = Math.min(0.5 * Math.pow(2, retriesDone), 8.0);
        return Duration.ofMillis((long) (secs * (1 - 0.25 * random.getAsDouble()) * 1000));
    }
}
