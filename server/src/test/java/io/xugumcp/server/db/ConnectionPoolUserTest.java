package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.ServerConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 8 item 9: a PostgreSQL or H2 URL does not inherit SYSDBA, and the pool names the user it really logs in as. */
class ConnectionPoolUserTest {

    private static ServerConfig.Database config(String url, String user) {
        return new ServerConfig.Database(url, "", 0, "", user, "", "UTF8", Duration.ofSeconds(5), 0, 2,
                Duration.ofSeconds(10));
    }

    /** The defaults of reference.conf (XUGU_DB_USER unset) with this URL. */
    static ServerConfig.Database defaults(String url) {
        return ConfigLoader.load(null, null, Map.of("xugu-mcp.database.url", url)).database();
    }

    static String sessionUser(ConnectionPool pool) throws Exception {
        try (Connection c = pool.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT CURRENT_USER")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void h2UrlNamingTheUserLogsInAsThatUser() throws Exception {
        try (ConnectionPool pool = ConnectionPool.open(defaults("jdbc:h2:mem:login_user_a;USER=ALICE"), null)) {
            assertEquals("ALICE", sessionUser(pool));
            assertTrue(pool.description().endsWith(" as ALICE"), pool.description());
            assertEquals("ALICE", pool.target().user());
        }
    }

    @Test
    void h2UrlWithoutUserIsNotSysdba() throws Exception {
        try (ConnectionPool pool = ConnectionPool.open(defaults("jdbc:h2:mem:login_user_b"), null)) {
            assertEquals("", sessionUser(pool));
            assertTrue(pool.description().endsWith(" as (empty user)"), pool.description());
        }
    }

    @Test
    void theUrlsUserWinsOverTheConfiguredOne() throws Exception {
        // H2 would refuse a second, different user beside the URL's ("Duplicate property USER").
        try (ConnectionPool pool = ConnectionPool.open(config("jdbc:h2:mem:login_user_c;USER=ALICE", "BOB"), null)) {
            assertEquals("ALICE", sessionUser(pool));
            assertTrue(pool.description().endsWith(" as ALICE"), pool.description());
        }
    }
}
