package io.xugumcp.server.trace;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Starts and ends spans: random W3C trace and span ids, a parent taken from a {@code traceparent} when the client sent
 * one (MCP carries it in {@code params._meta}), the sampling decision of {@link TraceSettings}, and epoch timestamps
 * from one clock reading plus the monotonic clock (so spans of one call never overlap wrongly when the wall clock
 * steps). Ended spans go to the exporter.
 */
public final class Tracer {
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private final TraceSettings settings;
    private final Consumer<Span> exporter;
    private final SecureRandom random = new SecureRandom();
    private final long epochBase;
    private final long nanoBase;

    /** @param exporter receives every ended, sampled span */
    public Tracer(TraceSettings settings, Consumer<Span> exporter) {
        this.settings = settings;
        this.exporter = exporter;
        Instant now = Instant.now();
        this.epochBase = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.nanoBase = System.nanoTime();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Now, in nanoseconds since the epoch. */
    public long now() {
        return epochBase + (System.nanoTime() - nanoBase);
    }

    /**
     * A new root or remote-parented span, or {@code null} when it is not sampled.
     *
     * @param traceparent the W3C header value the request carried, or {@code null}
     */
    public Span start(String name, int kind, String traceparent) {
        if (!settings.enabled()) {
            return null;
        }
        String traceId = null;
        String parent = null;
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim().toLowerCase(Locale.ROOT));
            if (m.matches() && !m.group(1).equals(ZERO_TRACE) && !m.group(2).equals(ZERO_SPAN)) {
                traceId = m.group(1);
                parent = m.group(2);
                boolean sampled = (Integer.parseInt(m.group(3), 16) & 1) == 1;
                if (settings.parentBased() && !sampled) {
                    return null;
                }
            }
        }
        if (traceId == null) {
            traceId = hex(16);
        }
        if (parent == null || !settings.parentBased()) {
            if (!sampledByRatio(traceId)) {
                return null;
            }
        }
        return new Span(traceId, hex(8), parent, name, kind, now());
    }

    /** A child of {@code parent} that started at {@code startEpochNanos}. */
    public Span child(Span parent, String name, int kind, long startEpochNanos) {
        return new Span(parent.traceId, hex(8), parent.spanId, name, kind, startEpochNanos);
    }

    /** Ends {@code span} now and hands it to the exporter. */
    public void end(Span span) {
        end(span, now());
    }

    public void end(Span span, long endEpochNanos) {
        if (span == null) {
            return;
        }
        span.end(endEpochNanos);
        exporter.accept(span);
    }

    /** The W3C rule: the lowest 8 bytes of the trace id, compared with the ratio. */
    private boolean sampledByRatio(String traceId) {
        double ratio = settings.sampleRatio();
        if (ratio >= 1) {
            return true;
        }
        if (ratio <= 0) {
            return false;
        }
        long low = Long.parseUnsignedLong(traceId.substring(16), 16) >>> 1;
        return low < (long) (ratio * Long.MAX_VALUE);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        do {
            random.nextBytes(b);
        } while (allZero(b));
        return HexFormat.of().formatHex(b);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
