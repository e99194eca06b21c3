package io.xugumcp.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Security;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Caller alice = new Caller("alice", "data_analyst", "http");
    private final Caller bob = new Caller("bob", "data_analyst", "http");
    private final Caller ops = new Caller("ops", "ops", "http");

    private RateLimiter limiter(boolean enabled, int maxInFlight) {
        Map<String, Security.RateLimit> perRole = Map.of("ops", new Security.RateLimit(true, 600, 600),
                "batch", new Security.RateLimit(false, 1, 1));
        return new RateLimiter(enabled, new Security.RateLimit(true, 60, 3), perRole::get, maxInFlight, now::get);
    }

    @Test
    void aClientOverItsBudgetIsRefusedWithRetryAfterWhileAnotherIsServed() {
        RateLimiter l = limiter(true, 0);
        for (int i = 0; i < 3; i++) {
            l.acquireCall(alice);
        }
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> l.acquireCall(alice));
        assertEquals("rate_limited", e.code());
        assertEquals(1, e.retryAfterSeconds(), "60 per minute: one token per second");
        assertTrue(e.getMessage().contains("Retry after 1 second"), e.getMessage());
        l.acquireCall(bob);
        now.addAndGet(1_000_000_000L);
        l.acquireCall(alice);
        assertThrows(RateLimitedException.class, () -> l.acquireCall(alice));
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            l.acquireCall(alice);   // refilled, but never beyond the burst
        }
        assertThrows(RateLimitedException.class, () -> l.acquireCall(alice));
        Security.RateLimits stats = l.stats();
        Security.ClientRate a = stats.clients().stream().filter(c -> c.client().equals("alice")).findFirst().orElseThrow();
        assertEquals(7, a.allowed());
        assertEquals(3, a.refused());
    }

    @Test
    void rolesMayHaveTheirOwnLimitsOrNone() {
        RateLimiter l = limiter(true, 0);
        for (int i = 0; i < 600; i++) {
            l.acquireCall(ops);
        }
        assertThrows(RateLimitedException.class, () -> l.acquireCall(ops));
        Caller batch = new Caller("etl", "batch", "http");
        for (int i = 0; i < 1000; i++) {
            l.acquireCall(batch);
        }
        RateLimiter off = limiter(false, 0);
        for (int i = 0; i < 1000; i++) {
            off.acquireCall(alice);
        }
    }

    @Test
    void statementsInFlightAreCappedServerWide() {
        RateLimiter l = limiter(true, 2);
        AccessPolicy.Slot a = l.enterStatement(alice);
        AccessPolicy.Slot b = l.enterStatement(bob);
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> l.enterStatement(ops));
        assertEquals(1, e.retryAfterSeconds());
        assertEquals(2, l.stats().statementsInFlight());
        a.close();
        a.close();   // twice is harmless
        l.enterStatement(ops).close();
        b.close();
        assertEquals(0, l.stats().statementsInFlight());
        assertEquals(1, l.stats().refusedInFlight());
    }
}
