package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.xugumcp.server.config.ServerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, pooled connections rest read-only (enforced by the server, readOnlyMode=always), so a read costs no
 * SET SESSION round trips; statements that change data get a read-write connection, which comes back read-only.
 * Needs the local PostgreSQL (127.0.0.1:5432, database test, trust); skipped without it.
 */
class ConnectionPoolReadOnlyTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String readOnlyAtServer(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW transaction_read_only")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void postgresConnectionsRestReadOnlyAndWritesGetReadWriteOnes() throws Exception {
        assumeTrue(reachable(), "no PostgreSQL on 127.0.0.1:5432");
        // One connection, so each step sees what the step before left behind.
        ServerConfig.Database db = new ServerConfig.Database(URL, "", 0, "", "postgres", "", "UTF8",
                Duration.ofSeconds(5), 0, 1, Duration.ofSeconds(10));
        try (ConnectionPool pool = ConnectionPool.open(db, null)) {
            try (Connection c = pool.connection()) {
                assertEquals("on", readOnlyAtServer(c), "a connection as reads get it");
            }
            try (Connection c = pool.writableConnection()) {
                assertEquals("off", readOnlyAtServer(c), "a connection for changes");
                c.setAutoCommit(false);
                c.createStatement().execute("CREATE TEMP TABLE read_only_rest (x int)");
                c.createStatement().execute("INSERT INTO read_only_rest VALUES (1)");
                c.rollback();
                c.setAutoCommit(true);
            }
            try (Connection c = pool.connection()) {
                assertEquals("on", readOnlyAtServer(c), "the same connection after the change");
            }
        }
    }
}
