package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Database;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.Security;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.HostSecurity;
import io.xugumcp.server.security.RateLimiter;
import io.xugumcp.server.security.RolePolicy;
import io.xugumcp.server.security.SecuritySettings;
import io.xugumcp.server.sql.SqlGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Database service with the role policy: every statement is checked for the caller's role and audited. */
class DatabaseServiceSecurityTest {
    private static ConnectionPool pool;
    private static final List<Map<String, Object>> audit = new ArrayList<>();
    private static RateLimiter limiter;
    private static DatabaseService service;

    @BeforeAll
    static void open() throws Exception {
        pool = ConnectionPool.open(new ServerConfig.Database("jdbc:h2:mem:dbsecurity;DB_CLOSE_DELAY=-1", "", 0, "", "sa", "",
                "UTF8", Duration.ofSeconds(5), 1, 4, Duration.ofSeconds(5)), null);
        try (var c = pool.connection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(100))");
            s.execute("INSERT INTO item SELECT x, 'item-' || x FROM SYSTEM_RANGE(1, 10)");
        }
        SecuritySettings settings = SecuritySettings.from(ConfigFactory.parseString(
                "xugu-mcp.security.roles.tx { inherits = data_editor, allow-kinds = [TCL] }")
                .withFallback(ConfigFactory.defaultReference()).resolve(), true, "", Path.of("/tmp/x"));
        limiter = new RateLimiter(true, new Security.RateLimit(true, 1000, 1000), r -> null, 1);
        AccessPolicy policy = new HostSecurity(new RolePolicy(settings.roles(), true, "PUBLIC"), limiter, () -> null);
        ServerConfig.Security limits = new ServerConfig.Security(true, "", 100, 64 * 1024, Duration.ofSeconds(5), 10_000, 10);
        service = new DatabaseService(pool, new SqlGuard("h2"), policy, limits, (caller, action, details) -> {
            synchronized (audit) {
                Map<String, Object> copy = new java.util.HashMap<>(details);
                copy.values().removeIf(v -> v == null);
                audit.add(copy);
            }
        });
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void clear() {
        synchronized (audit) {
            audit.clear();
        }
    }

    private static Database as(String role) {
        return service.forCall(new Caller("c1", role, "stdio"), "some_tool", "call-1");
    }

    private static Map<String, Object> last() {
        synchronized (audit) {
            return audit.get(audit.size() - 1);
        }
    }

    @Test
    void aStatementRecordSaysWhoWhatWhichTablesRowsAndHowLong() {
        as("data_editor").execute("UPDATE item SET label = 'x' WHERE id = 5", List.of());
        Map<String, Object> r = last();
        assertEquals("some_tool", r.get("tool"));
        assertEquals("call-1", r.get("callId"));
        assertEquals("UPDATE", r.get("kind"));
        assertEquals("UPDATE", r.get("verb"));
        assertEquals(List.of("ITEM"), r.get("tables"));
        assertEquals("UPDATE item SET label = 'x' WHERE id = 5", r.get("sql"), "the trail redacts, the service hands it on");
        assertEquals(1L, r.get("rows"));
        assertTrue(r.get("elapsedMs") instanceof Long);
        assertEquals("ok", r.get("outcome"));
        as("read_only").query("SELECT * FROM item", List.of(), QueryOptions.maxRows(3));
        assertEquals(3L, last().get("rows"));
    }

    @Test
    void denialsAndGuardRejectionsAreAuditedAsDenied() {
        ToolException e = assertThrows(ToolException.class, () -> as("read_only").execute("DELETE FROM item", List.of()));
        assertEquals("denied", e.code());
        assertTrue(e.getMessage().contains("DELETE permission"), e.getMessage());
        assertEquals("denied", last().get("outcome"));
        assertTrue(((String) last().get("reason")).contains("DELETE permission"));
        ToolException r = assertThrows(ToolException.class,
                () -> as("admin").query("SELECT 1; DROP TABLE item", List.of(), QueryOptions.DEFAULTS));
        assertEquals("rejected", r.code());
        assertEquals("denied", last().get("outcome"));
        assertEquals("rejected", last().get("code"));
    }

    @Test
    void aBatchNeverHoldsTransactionControlWhateverTheRole() {
        as("tx").execute("COMMIT", List.of());   // the role may, on its own
        for (String tcl : List.of("COMMIT", "ROLLBACK", "BEGIN")) {
            ToolException e = assertThrows(ToolException.class, () -> as("tx").batch(
                    List.of("UPDATE item SET label = 'y' WHERE id = 1", tcl, "DELETE FROM item"), QueryOptions.DEFAULTS));
            assertTrue(e.getMessage().contains("Statement 2 of 3") && e.getMessage().contains("transaction control"),
                    e.getMessage());
        }
        assertEquals(10, as("read_only").query("SELECT COUNT(*) FROM item", List.of(), QueryOptions.DEFAULTS)
                .rows().get(0).get(0) instanceof Number n ? n.intValue() : -1);
    }

    @Test
    void statementsBeyondTheInFlightCapAreRefusedWithRetryAfter() throws Exception {
        AccessPolicy.Slot held = limiter.enterStatement(new Caller("other", "admin", "http"));
        try {
            ToolException e = assertThrows(ToolException.class,
                    () -> as("read_only").query("SELECT 1", List.of(), QueryOptions.DEFAULTS));
            assertEquals("rate_limited", e.code());
            assertTrue(e.getMessage().contains("Retry after"), e.getMessage());
            assertEquals("rate_limited", last().get("code"));
        } finally {
            held.close();
        }
        as("read_only").query("SELECT 1", List.of(), QueryOptions.DEFAULTS);
    }
}
