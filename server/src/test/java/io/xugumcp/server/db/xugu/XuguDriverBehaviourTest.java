package io.xugumcp.server.db.xugu;

import static io.xugumcp.server.db.xugu.XuguReply.col;
import static io.xugumcp.server.db.xugu.XuguReply.rows;
import static io.xugumcp.server.db.xugu.XuguWireDoubleTest.connect;
import static io.xugumcp.server.db.xugu.XuguWireDoubleTest.keepAlive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble.ConnectionFault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Driver traps and faults, each with a deadline: what the real driver does when the double refuses, hangs,
 * resets or cuts a reply, and why HikariCP needs {@code connectionTestQuery}. Bounds are generous (a slow CI
 * machine must pass); the point is that a failure arrives, and roughly when.
 */
class XuguDriverBehaviourTest {

    /** Far above anything measured (all below 0.2 s except where a timeout is configured). */
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Reply latency for the isValid/HikariCP tests. */
    private static final Duration LATENCY = Duration.ofMillis(200);

    private static XuguScript script() {
        XuguReply.Rows ten = rows(col("N", Type.INTEGER));
        for (int i = 0; i < 10; i++) {
            ten.row(i);
        }
        return keepAlive()
            .on("select slow", rows(col("N", Type.INTEGER)).row(1).delayed(Duration.ofMillis(1500)))
            .on("select dropped", ten.dropAfterRows(3))
            .on("select reset", ten.resetAfterRows(3))
            .on("select silent", XuguReply.silence());
    }

    private static Properties withReadTimeout(int millis) {
        Properties p = XuguWireDouble.props("SYSDBA", "SYSDBA");
        p.setProperty("connect_timeout", String.valueOf(millis)); // misnamed: the socket READ timeout
        return p;
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    // ---------------------------------------------------------------------------------------------- connect

    @Test
    void closedPortIs50025() throws Exception {
        XuguWireDouble db = XuguWireDouble.start(script());
        db.stopListening();
        try (db) {
            SQLException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(SQLException.class,
                () -> connect(db)));
            assertEquals(50025, e.getErrorCode());
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        }
    }

    @Test
    void acceptThenCloseIs50027LikeABadPassword() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.ACCEPT_THEN_CLOSE);
            SQLException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(SQLException.class,
                () -> connect(db)));
            assertEquals(50027, e.getErrorCode());
        }
    }

    @Test
    void silentServerWithConnectTimeoutThrowsAnUncheckedRuntimeException() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.SILENT);
            long t0 = System.nanoTime();
            RuntimeException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(RuntimeException.class,
                () -> DriverManager.getConnection(db.url("SYSTEM"), withReadTimeout(1000))));
            assertFalse(SQLException.class.isInstance(e), "not an SQLException: callers catching those miss it");
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            assertTrue(millisSince(t0) >= 900, "fails after connect_timeout, not before: " + millisSince(t0));
        }
    }

    @Test
    void silentServerWithoutConnectTimeoutHangsAndIgnoresLoginTimeout() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        DriverManager.setLoginTimeout(1);
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.SILENT);
            Future<Connection> attempt = worker.submit(() -> connect(db));
            Thread.sleep(2000);
            assertFalse(attempt.isDone(), "still waiting after 2 s despite setLoginTimeout(1)");
            // Only the server going away frees it (the default read timeout is one hour).
            db.close();
            SQLException e = assertInstanceOf(SQLException.class,
                assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> attempt.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).getCause());
            assertEquals(50027, e.getErrorCode());
        } finally {
            DriverManager.setLoginTimeout(0);
            worker.shutdownNow();
        }
    }

    @Test
    void resetDuringLoginReturnsAZombieConnection() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.RESET_DURING_LOGIN);
            assertTimeoutPreemptively(DEADLINE, () -> {
                Connection c = connect(db); // "succeeds" although the server never accepted the login
                assertFalse(c.isClosed());
                SQLException e = assertThrows(SQLException.class, () -> count(c, "select 1 from dual"));
                assertEquals(50022, e.getErrorCode());
            });
        }
    }

    @Test
    void resetAfterLoginFailsTheFirstStatementWith50022() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.RESET_AFTER_LOGIN);
            assertTimeoutPreemptively(DEADLINE, () -> {
                Connection c = connect(db);
                SQLException e = assertThrows(SQLException.class, () -> count(c, "select 1 from dual"));
                assertEquals(50022, e.getErrorCode());
                assertTrue(c.isClosed());
            });
        }
    }

    // ---------------------------------------------------------------------------------------------- queries

    @Test
    void slowFirstByteIsWaitedForAndSetQueryTimeoutIsIgnored() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script()); Connection c = connect(db)) {
            long t0 = System.nanoTime();
            assertTimeoutPreemptively(DEADLINE, () -> {
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(1);
                    try (ResultSet rs = st.executeQuery("select slow")) {
                        assertTrue(rs.next());
                    }
                }
            });
            assertTrue(millisSince(t0) >= 1400, "the 1.5 s reply was awaited: " + millisSince(t0));
        }
    }

    @Test
    void networkTimeoutBoundsASlowReplyAndKillsTheConnection() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script()); Connection c = connect(db)) {
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                c.setNetworkTimeout(executor, 500);
                long t0 = System.nanoTime();
                SQLException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(SQLException.class,
                    () -> count(c, "select slow")));
                long took = millisSince(t0);
                assertEquals(50022, e.getErrorCode());
                assertTrue(took >= 400 && took < 1400, "failed at the network timeout: " + took);
                assertTrue(c.isClosed());
                assertEquals(50020, assertThrows(SQLException.class, () -> count(c, "select 1 from dual"))
                    .getErrorCode());
            } finally {
                executor.shutdownNow();
            }
        }
    }

    @Test
    void silentReplyFailsAfterConnectTimeoutAsSqlException() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script());
             Connection c = DriverManager.getConnection(db.url("SYSTEM"), withReadTimeout(1000))) {
            long t0 = System.nanoTime();
            SQLException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(SQLException.class,
                () -> count(c, "select silent")));
            assertEquals(50022, e.getErrorCode(), "during a query the same read timeout is a checked E50022");
            assertTrue(millisSince(t0) >= 900, String.valueOf(millisSince(t0)));
        }
    }

    @Test
    void droppedMidResultIs50022AndTheDriverPrintsToStdout() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (XuguWireDouble db = XuguWireDouble.start(script()); Connection c = connect(db)) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            SQLException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(SQLException.class,
                () -> count(c, "select dropped")));
            assertEquals(50022, e.getErrorCode());
            assertTrue(c.isClosed());
        } finally {
            System.setOut(original);
        }
        // This is why the stdio transport must never let the driver near the real stdout.
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("网路返回-1 execute sql is select dropped"),
            captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resetMidResultIs50022() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script()); Connection c = connect(db)) {
            SQLException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(SQLException.class,
                () -> count(c, "select reset")));
            assertEquals(50022, e.getErrorCode());
            assertTrue(c.isClosed());
        }
    }

    @Test
    void theReadTimeoutIsStaticButEachNewConnectionWritesItsOwnBeforeOpeningItsSocket() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (XuguWireDouble db = XuguWireDouble.start(script()); Connection a = connect(db)) {
            assertEquals(3_600_000, a.getNetworkTimeout(), "the default read timeout: one hour");
            a.setNetworkTimeout(executor, 500); // writes ConnectionIO's STATIC socketReadTimeout too
            try (Connection b = connect(db);
                 Connection c = DriverManager.getConnection(db.url("SYSTEM"), withReadTimeout(2000))) {
                // A connection opened afterwards is not affected: its constructor writes its own value (connect_timeout
                // or the default) into the static field just before opening the socket. Only a setNetworkTimeout on
                // another thread between that write and the socket (DNS + TCP connect) leaks into it.
                assertEquals(3_600_000, b.getNetworkTimeout());
                assertEquals(2000, c.getNetworkTimeout());
                assertEquals(500, a.getNetworkTimeout(), "the socket of the first one keeps its own timeout");
            }
        } finally {
            executor.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------- isValid

    @Test
    void isValidSendsAnIsolationResetAndCountsSecondsAsMilliseconds() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script()); Connection c = connect(db)) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            // 2000 "seconds" is 2 s to this driver: enough for a loaded CI machine, and the SQL it sends is what counts.
            assertTrue(c.isValid(2000), "on loopback with no latency the reply arrives in time");
            // isValid is "SET SESSION_ISO_LEVEL TO 1": it silently puts the session back to READ COMMITTED on the
            // server, while the driver goes on reporting the level set before.
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
            assertEquals(List.of("SET SESSION_ISO_LEVEL TO 3", "SET SESSION_ISO_LEVEL TO 1"), db.sqlTexts());

            // A slow but real-world round trip. Far above the timeout so that a descheduled test thread, which
            // starts reading late and finds the reply already there, cannot make the check pass.
            db.replyLatency(LATENCY);
            SQLException e = assertThrows(SQLException.class, () -> c.isValid(5));
            assertEquals(50022, e.getErrorCode(), "isValid(5) waited 5 ms, not 5 s, then threw");
            assertTrue(c.isClosed(), "... and closed the connection");
        }
    }

    @Test
    void hikariWithDefaultValidationFailsToStartOnceTheServerIsNotInstant() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.replyLatency(LATENCY);
            HikariConfig config = hikari(db);
            HikariPool.PoolInitializationException e = assertTimeoutPreemptively(DEADLINE,
                () -> assertThrows(HikariPool.PoolInitializationException.class,
                    () -> new HikariDataSource(config).close()), () -> db.sqlTexts().toString());
            assertEquals(50022, assertInstanceOf(SQLException.class, e.getCause()).getErrorCode());
            // Hikari's start-up check is isValid(1): a 1 ms read timeout.
            assertEquals(List.of("SET SESSION_ISO_LEVEL TO 1"), db.sqlTexts());
        }
    }

    @Test
    void hikariWithConnectionTestQueryWorksAtTheSameLatency() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.replyLatency(LATENCY);
            HikariConfig config = hikari(db);
            config.setConnectionTestQuery("select 1 from dual");
            assertTimeoutPreemptively(DEADLINE, () -> {
                try (HikariDataSource ds = new HikariDataSource(config); Connection c = ds.getConnection()) {
                    assertEquals(1, count(c, "select 1 from dual"));
                }
            });
            assertTrue(db.sqlTexts().stream().allMatch("select 1 from dual"::equals), db.sqlTexts().toString());
        }
    }

    private static HikariConfig hikari(XuguWireDouble db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url("SYSTEM"));
        config.setDataSourceProperties(XuguWireDouble.props("SYSDBA", "SYSDBA"));
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        return config;
    }
}
