package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Database;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.sql.SqlGuard;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * The pool's breaker with real databases: an H2 server that goes away and comes back, and a PostgreSQL login that
 * fails. The pool timeout is 30 s in both, as configured by default: before the breaker every call waited it out.
 * The preemptive bounds below only stop a hang; they are far above what the calls take and far below 30 s a call.
 */
class ConnectionPoolBreakerTest {
    private static final Caller CALLER = new Caller("test", "data_analyst", "stdio");

    private static ServerConfig.Database config(String url, String user) {
        return new ServerConfig.Database(url, "", 0, "", user, "", "UTF8", Duration.ofSeconds(5), 1, 4,
                Duration.ofSeconds(30));
    }

    private static Database db(ConnectionPool pool) {
        ServerConfig.Security limits = new ServerConfig.Security(false, "data_analyst", 100, 64 * 1024,
                Duration.ofSeconds(5), 10_000, 10);
        return new DatabaseService(pool, new SqlGuard(pool.dialect().name()), AccessPolicy.globalMode(false), limits,
                (caller, action, details) -> { }).forCaller(CALLER);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anOutageFailsCallersAtOnceAndTheyAreServedAgainWhenItEnds() throws Exception {
        int port = freePort();
        Server tcp = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:outage" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (ConnectionPool pool = ConnectionPool.open(config(url, "sa"), null)) {
            Database db = db(pool);
            assertEquals(1, db.query("SELECT 1", List.of(), QueryOptions.DEFAULTS).rowCount());
            assertEquals(ConnectionPool.Status.UP, pool.lastKnownState().status());

            tcp.stop();
            List<DatabaseException> errors = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> {
                List<DatabaseException> out = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    out.add(assertThrows(DatabaseException.class,
                            () -> db.query("SELECT 1", List.of(), QueryOptions.DEFAULTS)));
                }
                return out;
            });
            for (DatabaseException e : errors) {
                assertEquals(DatabaseException.Category.CONNECTION, e.category(), e.getMessage());
            }
            // The first call may meet the broken pooled connection itself; from then on the breaker answers.
            for (DatabaseException e : errors.subList(2, errors.size())) {
                assertTrue(e.getMessage().startsWith("Database unreachable: the last attempt to connect"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("Calls fail at once until the database answers again"),
                        e.getMessage());
            }
            ConnectionPool.State down = pool.lastKnownState();
            assertEquals(ConnectionPool.Status.DOWN, down.status(), down.toString());

            tcp = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
            int rows = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> {
                while (true) {
                    try {
                        return db.query("SELECT 1", List.of(), QueryOptions.DEFAULTS).rowCount();
                    } catch (DatabaseException stillDown) {
                        Thread.sleep(200);
                    }
                }
            });
            assertEquals(1, rows);
            assertEquals(ConnectionPool.Status.UP, pool.lastKnownState().status());
        } finally {
            tcp.stop();
        }
    }

    @Test
    void aRefusedPostgresLoginCostsEachCallerNothingAfterTheFirst() {
        String url = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String nobody = "xmcp_nobody_" + Long.toString(System.nanoTime(), 36);
        try (ConnectionPool pool = ConnectionPool.open(config(url, nobody), null)) {
            Database db = db(pool);
            List<DatabaseException> errors = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> {
                List<DatabaseException> out = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    out.add(assertThrows(DatabaseException.class,
                            () -> db.query("SELECT 1", List.of(), QueryOptions.DEFAULTS)));
                }
                return out;
            });
            for (DatabaseException e : errors) {
                assertEquals(DatabaseException.Category.CONNECTION, e.category(), e.getMessage());
                assertTrue(e.getMessage().contains("refused the login") && e.getMessage().contains(nobody)
                        && e.getMessage().contains("XUGU_DB_USER"), e.getMessage());
            }
            assertEquals(ConnectionPool.Status.DOWN, pool.lastKnownState().status());
        }
    }
}
