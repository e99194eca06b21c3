package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Security;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Rate limits: a token bucket per client (each tool call or resource read takes one token; {@code perMinute} tokens
 * flow back evenly, at most {@code burst} are stored), and a server-wide cap on statements in flight. A refusal is a
 * {@link RateLimitedException} carrying a retry-after. Limits come from the caller's role when it has its own,
 * else from the server-wide settings.
 */
public final class RateLimiter {
    private volatile boolean enabled;
    private volatile Security.RateLimit defaults;
    private volatile Function<String, Security.RateLimit> roleLimit;
    /** The cap and its permits, swapped together on a reload; a slot returns its permit to the one it came from. */
    private volatile InFlight cap;
    private final AtomicLong refusedInFlight = new AtomicLong();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    /**
     * @param roleLimit the role's own limit, or {@code null} when it has none
     * @param maxInFlight statements running at once, server-wide (0 = no cap)
     */
    public RateLimiter(boolean enabled, Security.RateLimit defaults, Function<String, Security.RateLimit> roleLimit,
                       int maxInFlight) {
        this(enabled, defaults, roleLimit, maxInFlight, System::nanoTime);
    }

    RateLimiter(boolean enabled, Security.RateLimit defaults, Function<String, Security.RateLimit> roleLimit,
                int maxInFlight, LongSupplier nanoClock) {
        this.enabled = enabled;
        this.defaults = defaults;
        this.roleLimit = roleLimit;
        this.cap = new InFlight(maxInFlight);
        this.nanoClock = nanoClock;
    }

    private record InFlight(int max, Semaphore permits) {
        InFlight(int max) {
            this(max, max > 0 ? new Semaphore(max) : null);
        }

        int running() {
            return permits == null ? 0 : max - permits.availablePermits();
        }
    }

    /**
     * Takes the limits of a reloaded configuration. Clients keep their counts and their buckets' tokens (capped to
     * the new burst on their next call); statements already running keep their places, so for a moment more may run
     * than a lowered cap allows.
     */
    public void reconfigure(boolean enabled, Security.RateLimit defaults, Function<String, Security.RateLimit> roleLimit,
                            int maxInFlight) {
        this.defaults = defaults;
        this.roleLimit = roleLimit;
        if (maxInFlight != cap.max()) {
            this.cap = new InFlight(maxInFlight);
        }
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public Security.RateLimit defaults() {
        return defaults;
    }

    public int maxInFlight() {
        return cap.max();
    }

    /** The limit that applies to {@code role}. */
    public Security.RateLimit limitFor(String role) {
        Security.RateLimit own = roleLimit.apply(role);
        return own != null ? own : defaults;
    }

    /** Takes one token from the caller's bucket or throws {@link RateLimitedException}. */
    public void acquireCall(Caller caller) {
        Security.RateLimit limit = limitFor(caller.role());
        if (buckets.size() > MAX_BUCKETS) {
            forgetIdle();
        }
        Bucket b = buckets.computeIfAbsent(caller.clientId(), id -> new Bucket(id));
        if (!enabled || !limit.enabled()) {
            b.count(caller.role(), limit, true);
            return;
        }
        long wait = b.take(caller.role(), limit);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            throw new RateLimitedException("Rate limit: client '" + caller.clientId() + "' (role '" + caller.role()
                    + "') may make " + limit.perMinute() + " calls per minute" + (limit.burst() != limit.perMinute()
                    ? " with bursts of " + limit.burst() : "") + " and has used them up. Retry after " + seconds
                    + " second" + (seconds == 1 ? "" : "s") + ".", seconds);
        }
    }

    /**
     * Anonymous HTTP callers get a bucket per session: buckets idle longer than this have refilled and are forgotten
     * once there are more than {@link #MAX_BUCKETS}, so sessions cannot grow the map without bound.
     */
    private static final long IDLE_MILLIS = 10 * 60_000L;
    private static final int MAX_BUCKETS = 1_000;

    private void forgetIdle() {
        long cutoff = System.currentTimeMillis() - IDLE_MILLIS;
        buckets.values().removeIf(b -> b.lastSeen() < cutoff);
    }

    /** A place among the statements in flight; close it when the statement is done. */
    public AccessPolicy.Slot enterStatement(Caller caller) {
        InFlight c = cap;
        Semaphore inFlight = c.permits();
        if (inFlight == null || !enabled) {
            return AccessPolicy.Slot.NONE;
        }
        if (!inFlight.tryAcquire()) {
            refusedInFlight.incrementAndGet();
            throw new RateLimitedException("The server is busy: " + c.max() + " statements are running, the most it"
                    + " runs at once. Retry after 1 second.", 1);
        }
        return new AccessPolicy.Slot() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    inFlight.release();
                }
            }
        };
    }

    /** Every client's bucket, busiest first. */
    public Security.RateLimits stats() {
        List<Security.ClientRate> clients = new ArrayList<>();
        for (Bucket b : buckets.values()) {
            clients.add(b.snapshot());
        }
        clients.sort(Comparator.comparingLong((Security.ClientRate c) -> c.allowed() + c.refused()).reversed());
        InFlight c = cap;
        return new Security.RateLimits(enabled, defaults, c.max(), c.running(), refusedInFlight.get(), clients);
    }

    private final class Bucket {
        private final String client;
        private String role = "";
        private Security.RateLimit limit = defaults;
        private double tokens = -1;
        private long last;
        private long allowed;
        private long refused;
        private long lastSeenMillis;

        Bucket(String client) {
            this.client = client;
        }

        synchronized long lastSeen() {
            return lastSeenMillis;
        }

        synchronized void count(String role, Security.RateLimit limit, boolean ok) {
            this.role = role;
            this.limit = limit;
            this.lastSeenMillis = System.currentTimeMillis();
            if (ok) {
                allowed++;
            } else {
                refused++;
            }
        }

        /** Takes a token; returns 0, or the nanoseconds until one will be there. */
        synchronized long take(String role, Security.RateLimit limit) {
            long now = nanoClock.getAsLong();
            int burst = Math.max(1, limit.burst());
            double perNano = limit.perMinute() / 60e9;
            if (tokens < 0) {
                tokens = burst;
            } else {
                tokens = Math.min(burst, tokens + (now - last) * perNano);
            }
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                count(role, limit, true);
                return 0;
            }
            count(role, limit, false);
            return perNano <= 0 ? 60_000_000_000L : (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized Security.ClientRate snapshot() {
            double available = tokens < 0 ? Math.max(1, limit.burst())
                    : Math.min(Math.max(1, limit.burst()), tokens + (nanoClock.getAsLong() - last) * limit.perMinute() / 60e9);
            return new Security.ClientRate(client, role, limit, Math.floor(available * 100) / 100, allowed, refused,
                    Instant.ofEpochMilli(lastSeenMillis));
        }
    }
}
