package io.xugumcp.server.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.health.DatabaseProbe;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What /health says from the pool's last known state and the readiness probe's last result. */
class HealthStateTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static ConnectionPool.State pool(ConnectionPool.Status s, long ageMs) {
        return new ConnectionPool.State(s, "", ageMs);
    }

    private static DatabaseProbe.State probe(String status, long secondsAgo) {
        return new DatabaseProbe.State(status, secondsAgo < 0 ? null : NOW.minusSeconds(secondsAgo), "", 1);
    }

    @Test
    void downWhenEitherKnowsItIsDownUnlessThePoolConnectedSince() {
        assertFalse(Operations.databaseUp(pool(ConnectionPool.Status.DOWN, 5), probe("up", 1), NOW));
        assertTrue(Operations.databaseUp(pool(ConnectionPool.Status.UP, 60_000), probe("up", 1), NOW));
        assertTrue(Operations.databaseUp(pool(ConnectionPool.Status.UNKNOWN, -1), probe("unknown", -1), NOW),
                "nothing known yet");
        assertFalse(Operations.databaseUp(pool(ConnectionPool.Status.UP, 600_000), probe("down", 5), NOW),
                "idle pooled connections from before the outage prove nothing; the test query failed 5 s ago");
        assertTrue(Operations.databaseUp(pool(ConnectionPool.Status.UP, 1_000), probe("down", 5), NOW),
                "the pool opened a connection after the failed test query");
        assertFalse(Operations.databaseUp(pool(ConnectionPool.Status.UNKNOWN, -1), probe("down", 5), NOW));
    }
}
