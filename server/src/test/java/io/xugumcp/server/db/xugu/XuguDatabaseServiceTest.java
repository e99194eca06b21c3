package io.xugumcp.server.db.xugu;

import static io.xugumcp.server.db.xugu.XuguReply.col;
import static io.xugumcp.server.db.xugu.XuguReply.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Database;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.server.audit.LogAudit;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble.ConnectionFault;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.sql.SqlGuard;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The host's database service on XuguDB, in-process: pool, connect deadline, validation, network timeout with the
 * server-side kill, error reading, all through the real driver against {@link XuguWireDouble}. The distribution's
 * {@code XuguDoubleIT} repeats the important cases through the MCP client.
 */
class XuguDatabaseServiceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Caller CALLER = new Caller("test", "data_analyst", "stdio");

    static XuguScript script() {
        return new XuguScript()
            .on("select 1 from dual", rows(col("EXPR1", Type.INTEGER)).row(1))
            .on(r -> r.sql().equals(XuguDataSource.SESSION_ID_SQL), r -> rows(col("EXPR1", Type.CHAR)).row(String.valueOf(100 + r.session())))
            .on(XuguStatementKiller.FIND_NODE_SQL, rows(col("NODEID", Type.INTEGER)).row(3))
            .on(Pattern.compile("EXEC DBMS_DBA\\.KILL_SESSION_TRANS\\(3,\\d+\\)"), XuguReply.ok())
            .on("SELECT * FROM (SELECT n FROM t) mcp_q LIMIT 1001", rows(col("N", Type.INTEGER)).row(1).row(2))
            .on("SELECT * FROM (SELECT slow) mcp_q LIMIT 1001",
                rows(col("N", Type.INTEGER)).row(1).delayed(Duration.ofSeconds(8)))
            .on("SELECT * FROM (SELECT dup) mcp_q LIMIT 1001", XuguReply.error(13001, "违反唯一值约束"));
    }

    private record Service(ConnectionPool pool, Database db) implements AutoCloseable {
        @Override
        public void close() {
            pool.close();
        }
    }

    private static Service service(String url, Duration connectTimeout, Duration queryTimeout) {
        ServerConfig.Database cfg = new ServerConfig.Database(url, "", 5138, "SYSTEM", "SYSDBA", "SYSDBA", "UTF8",
            connectTimeout, 1, 2, Duration.ofSeconds(30));
        ServerConfig.Security sec = new ServerConfig.Security(false, "data_analyst", 1000, 1 << 20, queryTimeout,
            100_000, 100);
        ConnectionPool pool = ConnectionPool.open(cfg, null, queryTimeout);
        DatabaseService service = new DatabaseService(pool, new SqlGuard("xugu", 100_000),
            AccessPolicy.globalMode(false), sec, new LogAudit(new ObjectMapper()));
        return new Service(pool, service.forCaller(CALLER));
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void queriesThroughThePoolAfterValidationAndSessionCapture() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script());
             Service s = service(db.url("SYSTEM"), Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            db.replyLatency(Duration.ofMillis(200)); // Hikari's default isValid(1) would fail at this latency
            QueryResult r = assertTimeoutPreemptively(DEADLINE, () -> s.db().query("SELECT n FROM t", List.of(),
                QueryOptions.DEFAULTS));
            assertEquals(2, r.rowCount());
            List<String> first = db.received().stream().filter(x -> x.session() == 1)
                .map(XuguWireDouble.Received::sql).limit(2).toList();
            assertEquals(List.of("select 1 from dual", XuguDataSource.SESSION_ID_SQL), first);
            assertTrue(db.sqlTexts().stream().noneMatch(t -> t.startsWith("SET SESSION_ISO_LEVEL")),
                "Hikari never called isValid: " + db.sqlTexts());
            assertTrue(db.logins().get(0).raw().contains("char_set=utf8"), db.logins().get(0).raw());
        }
    }

    @Test
    void aStatementPastItsLimitAnswersInTimeAndIsKilledOnTheServer() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script());
             Service s = service(db.url("SYSTEM"), Duration.ofSeconds(5), Duration.ofSeconds(2))) {
            s.db().query("SELECT n FROM t", List.of(), QueryOptions.DEFAULTS); // the pool is warm
            long t0 = System.nanoTime();
            DatabaseException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(DatabaseException.class,
                () -> s.db().query("SELECT slow", List.of(), QueryOptions.DEFAULTS)));
            long ms = millisSince(t0);
            assertEquals(DatabaseException.Category.TIMEOUT, e.category(), e.getMessage());
            assertTrue(ms >= 1950 && ms <= 2200, "within the limit + 10%: " + ms + " ms");
            assertTrue(e.getMessage().contains("stopped on the server too"), e.getMessage());
            assertEquals(XuguErrors.BROKEN, e.vendorCode());
            int slowSession = db.received().stream().filter(x -> x.sql().contains("SELECT slow")).findFirst()
                .orElseThrow().session();
            assertTrue(db.executedSql().contains("EXEC DBMS_DBA.KILL_SESSION_TRANS(3," + (100 + slowSession) + ")"),
                db.executedSql().toString());
            // The pool refills: the next statement runs on a new connection.
            assertEquals(2, s.db().query("SELECT n FROM t", List.of(), QueryOptions.DEFAULTS).rowCount());
        }
    }

    @Test
    void serverErrorsAreReadByCodeAndKeepTheirText() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script());
             Service s = service(db.url("SYSTEM"), Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            DatabaseException e = assertThrows(DatabaseException.class,
                () -> s.db().query("SELECT dup", List.of(), QueryOptions.DEFAULTS));
            assertEquals(DatabaseException.Category.CONSTRAINT, e.category());
            assertEquals(13001, e.vendorCode());
            assertEquals("xugu13001", e.sqlState());
            assertTrue(e.getMessage().contains("违反唯一值约束"), e.getMessage());
            // An error reply leaves the connection usable: it is not evicted, no new login follows.
            int logins = db.logins().size();
            for (int i = 0; i < 3; i++) {
                s.db().query("SELECT n FROM t", List.of(), QueryOptions.DEFAULTS);
            }
            assertEquals(logins, db.logins().size());
        }
    }

    @Test
    void aSilentServerFailsAtTheConnectDeadlineAsAConnectionError() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.SILENT);
            silentServer(db);
        }
    }

    private static void silentServer(XuguWireDouble db) throws Exception {
        try (Service s = service(db.url("SYSTEM"), Duration.ofSeconds(1), Duration.ofSeconds(5))) {
            long t0 = System.nanoTime();
            DatabaseException e = assertTimeoutPreemptively(DEADLINE, () -> assertThrows(DatabaseException.class,
                () -> s.db().query("SELECT n FROM t", List.of(), QueryOptions.DEFAULTS)));
            long ms = millisSince(t0);
            assertEquals(DatabaseException.Category.CONNECTION, e.category(), e.getMessage());
            // The pool's own attempt (started when it opened) may fail first: the caller hears it then, never later
            // than one connect deadline.
            assertTrue(ms < 3000, ms + " ms");
            assertTrue(e.getMessage().contains("within 1 s"), e.getMessage());
            // While it stays silent, callers are told at once instead of each waiting out a login.
            DatabaseException fast = assertThrows(DatabaseException.class,
                () -> s.db().query("SELECT n FROM t", List.of(), QueryOptions.DEFAULTS));
            assertTrue(fast.getMessage().startsWith("Database unreachable"), fast.getMessage());
            db.connectionFault(ConnectionFault.NONE);
            // Back within a probe interval or the pool's own retry.
            assertEquals(2, assertTimeoutPreemptively(DEADLINE, () -> {
                while (true) {
                    try {
                        return s.db().query("SELECT n FROM t", List.of(), QueryOptions.DEFAULTS).rowCount();
                    } catch (DatabaseException stillDown) {
                        Thread.sleep(200);
                    }
                }
            }));
        }
    }

    @Test
    void theDataSourceTurnsTheDriversUncheckedFailureIntoAnSqlException() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.SILENT);
            // connect_timeout (the read timeout) ends the login before our deadline: the driver throws unchecked.
            XuguDataSource ds = new XuguDataSource(db.url("SYSTEM") + "?connect_timeout=100000", "SYSDBA", "SYSDBA",
                Duration.ofMillis(800), Duration.ofSeconds(5));
            assertTrue(ds.url().endsWith("char_set=UTF8&connect_timeout=800"), ds.url());
            long t0 = System.nanoTime();
            java.sql.SQLException e = assertThrows(java.sql.SQLException.class, () -> ds.open(5_000));
            assertEquals("08001", e.getSQLState());
            assertTrue(e.getCause() instanceof RuntimeException, String.valueOf(e.getCause()));
            assertTrue(millisSince(t0) < 3000);
            assertEquals(e, ds.lastFailure().error());
        }
    }

    @Test
    void aZombieConnectionIsRejectedByValidation() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(script())) {
            db.connectionFault(ConnectionFault.RESET_DURING_LOGIN);
            XuguDataSource ds = new XuguDataSource(db.url("SYSTEM"), "SYSDBA", "SYSDBA", Duration.ofSeconds(2),
                Duration.ofSeconds(5));
            java.sql.SQLException e = assertThrows(java.sql.SQLException.class, ds::getConnection);
            assertEquals("08006", e.getSQLState());
            assertEquals(XuguErrors.BROKEN, e.getErrorCode());
            db.connectionFault(ConnectionFault.NONE);
            try (java.sql.Connection c = ds.getConnection()) {
                assertEquals(Long.valueOf(102), ds.sessionOf(c));
            }
        }
    }
}
