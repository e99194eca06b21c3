package io.xugumcp.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseProbeTest {

    @Test
    void aHangingDatabaseCostsOneThreadAndCallersGetDownWithinTheirBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        DatabaseProbe probe = new DatabaseProbe(() -> {
            attempts.incrementAndGet();
            release.await();
            throw new SQLException("gone");
        }, "SELECT 1");
        assertEquals("unknown", probe.lastState().status());
        DatabaseProbe.State s = probe.check(Duration.ofMillis(100));
        assertEquals("down", s.status());
        assertTrue(s.detail().contains("no answer within 100 ms"), s.detail());
        for (int i = 0; i < 5; i++) {
            assertFalse(probe.check(Duration.ofMillis(20)).up());
            probe.refresh();
        }
        assertEquals(1, attempts.get(), "callers share the one check that hangs");
        assertEquals("down", probe.lastState().status());
        release.countDown();
    }

    @Test
    void aWorkingDatabaseIsUpAndAFailureIsReportedWithoutDriverText() throws Exception {
        DatabaseProbe up = new DatabaseProbe(() -> DriverManager.getConnection("jdbc:h2:mem:probe"), "SELECT 1");
        assertTrue(up.check(Duration.ofSeconds(30)).up());
        assertTrue(up.lastState().up());
        DatabaseProbe broken = new DatabaseProbe(() -> {
            throw new SQLException("FATAL: password authentication failed for user \"secret-user\"");
        }, "SELECT 1");
        DatabaseProbe.State s = broken.check(Duration.ofSeconds(30));
        assertEquals("down", s.status());
        assertFalse(s.detail().contains("secret-user"), s.detail());
    }

    @Test
    void aConnectionThatCannotRunTheTestQueryMeansDown() throws Exception {
        DatabaseProbe probe = new DatabaseProbe(() -> {
            java.sql.Connection c = DriverManager.getConnection("jdbc:h2:mem:probe2");
            c.close(); // what a pool hands out unvalidated after the server went away
            return c;
        }, "SELECT 1");
        assertEquals("down", probe.check(Duration.ofSeconds(30)).status());
        DatabaseProbe wrongQuery = new DatabaseProbe(() -> DriverManager.getConnection("jdbc:h2:mem:probe3"),
                "SELECT * FROM no_such_table");
        assertEquals("down", wrongQuery.check(Duration.ofSeconds(30)).status());
    }
}
