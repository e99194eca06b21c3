package io.xugumcp.server.db;

import static io.xugumcp.server.db.ConnectionPoolUserTest.defaults;
import static io.xugumcp.server.db.ConnectionPoolUserTest.sessionUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.admin.Diagnosis;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.diagnose.ConnectionDoctor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A URL that carries its own password logs in with it: H2 refuses a second, different password beside the URL's
 * ("Duplicate property PASSWORD"), so the configured one (empty by default) must not be passed next to it.
 */
class ConnectionPoolPasswordTest {

    private static ServerConfig.Database config(String url, String password) {
        return new ServerConfig.Database(url, "", 0, "", "", password, "UTF8", Duration.ofSeconds(5), 0, 2,
                Duration.ofSeconds(10));
    }

    @Test
    void anH2MemoryUrlWithItsOwnPasswordStartsWithTheDefaultEmptyPassword() throws Exception {
        // The database exists with a password before the pool connects; the first connection keeps it alive.
        try (Connection owner = DriverManager.getConnection("jdbc:h2:mem:login_pw_a;DB_CLOSE_DELAY=-1", "SA", "s3cret");
             ConnectionPool pool = ConnectionPool.open(defaults("jdbc:h2:mem:login_pw_a;USER=SA;PASSWORD=s3cret"), null)) {
            assertEquals("SA", sessionUser(pool));
            assertFalse(pool.description().contains("s3cret"), pool.description());
            assertFalse(pool.target().toString().contains("s3cret"), pool.target().toString());
            Diagnosis d = new ConnectionDoctor(pool.target(), "h2", null).diagnose(false);
            assertEquals("ok", d.steps().stream().filter(s -> s.name().equals("login")).findFirst().orElseThrow()
                    .status(), d.toString());
            owner.createStatement().execute("SHUTDOWN");
        }
    }

    @Test
    void anH2FileUrlWithItsOwnPasswordWinsOverAConfiguredOne(@TempDir Path dir) throws Exception {
        String file = dir.resolve("pw").toString().replace('\\', '/');
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file, "OWNER", "from-url")) {
            c.createStatement().execute("CREATE TABLE T(ID INT)");
        }
        String url = "jdbc:h2:file:" + file + ";IFEXISTS=TRUE;USER=OWNER;PASSWORD=from-url";
        try (ConnectionPool pool = ConnectionPool.open(config(url, "configured-elsewhere"), null)) {
            assertEquals("OWNER", sessionUser(pool));
            assertFalse(pool.description().contains("from-url"), pool.description());
        }
    }

    @Test
    void aPostgresqlUrlWithItsOwnPasswordIsNotOverriddenByAnEmptyConfiguredOne() throws Exception {
        String base = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String url = base + (base.contains("?") ? "&" : "?") + "user=postgres&password=pg-url-pw";
        try (ConnectionPool pool = ConnectionPool.open(defaults(url), null)) {
            assertEquals("postgres", sessionUser(pool));
            // What the pool and diagnose_connection pass beside the URL is the URL's own password.
            assertEquals("pg-url-pw", pool.target().password());
            assertFalse(pool.description().contains("pg-url-pw"), pool.description());
        }
        assertTrue(ConnectionPool.redact(url).endsWith("password=***"));
    }
}
