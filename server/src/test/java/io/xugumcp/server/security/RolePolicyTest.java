package io.xugumcp.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.sql.SqlGuard;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Roles from HOCON checked against the SQL guard's verdicts: built-in roles, table rules, kinds, the mode cap. */
class RolePolicyTest {
    private static final SqlGuard GUARD = new SqlGuard("postgresql");
    private static final String CUSTOM = """
            xugu-mcp.security.roles {
              auditor {
                description = "reads everything but the hr schema and secrets"
                permissions = [SELECT, INSERT, UPDATE, DELETE]
                tables = [
                  { pattern = "hr.*", deny = [SELECT] },
                  { patterns = ["secret*", "vault"], deny = [ALL] },
                  { pattern = "audit_*", allow = [DROP], deny = [DROP, DELETE] },
                  { pattern = "sandbox.*", allow = [DROP, CREATE] }
                ]
              }
              ops {
                inherits = data_editor
                allow-kinds = [TCL, SESSION]
                permissions = [ADMIN]
                rate-limit { per-minute = 10, burst = 2 }
              }
            }
            """;

    static SecuritySettings settings(String hocon, boolean readWrite) {
        Config c = ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
        return SecuritySettings.from(c, readWrite, "", Path.of("/tmp/xugu-mcp-test"));
    }

    static RolePolicy policy(boolean readWrite) {
        return new RolePolicy(settings(CUSTOM, readWrite).roles(), readWrite, "PUBLIC");
    }

    private static Security.Decision run(RolePolicy p, String role, String sql) {
        return p.decide(role, GUARD.inspect(sql));
    }

    private static void allowed(RolePolicy p, String role, String sql) {
        Security.Decision d = run(p, role, sql);
        assertTrue(d.allowed(), role + " should run: " + sql + " – " + d.reason());
    }

    private static String denied(RolePolicy p, String role, String sql) {
        Security.Decision d = run(p, role, sql);
        assertFalse(d.allowed(), role + " must not run: " + sql);
        assertTrue(d.reason().startsWith("Denied"), d.reason());
        return d.reason();
    }

    @Test
    void theFiveBuiltInRolesExistInOrderWithTheSeedsMeaning() {
        RolePolicy p = policy(true);
        assertEquals(List.of("read_only", "data_analyst", "data_editor", "developer", "admin", "auditor", "ops"),
                List.copyOf(p.roles().keySet()));
        allowed(p, "read_only", "SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id");
        assertTrue(denied(p, "read_only", "INSERT INTO orders VALUES (1)").contains("INSERT permission"));
        assertTrue(denied(p, "read_only", "DELETE FROM orders").contains("DELETE permission"));
        assertTrue(p.decideTool("data_analyst", "natural_language_query", Permission.CHAT2SQL).allowed());
        assertFalse(p.decideTool("read_only", "natural_language_query", Permission.CHAT2SQL).allowed());
        assertFalse(p.decideTool("data_analyst", "get_audit_log", Permission.ADMIN).allowed());
        denied(p, "data_analyst", "UPDATE orders SET status = 'x'");
        allowed(p, "data_editor", "UPDATE orders SET status = 'x' WHERE id = 1");
        allowed(p, "data_editor", "DELETE FROM orders WHERE id = 1");
        assertTrue(denied(p, "data_editor", "CREATE TABLE t (id int)").contains("CREATE permission"));
        allowed(p, "developer", "CREATE TABLE t (id int)");
        allowed(p, "developer", "ALTER TABLE orders ADD COLUMN note text");
        allowed(p, "developer", "TRUNCATE TABLE orders");
        allowed(p, "admin", "DROP TABLE orders");
        assertTrue(p.decideTool("admin", "get_audit_log", Permission.ADMIN).allowed());
    }

    @Test
    void developerMayDropDevTablesOnly() {
        RolePolicy p = policy(true);
        allowed(p, "developer", "DROP TABLE dev_x");
        allowed(p, "developer", "DROP TABLE IF EXISTS public.dev_scratch");
        allowed(p, "developer", "drop table \"DEV_Y\"");
        String why = denied(p, "developer", "DROP TABLE orders");
        assertTrue(why.contains("DROP permission on ORDERS") && why.contains("dev_*"), why);
        denied(p, "developer", "DROP TABLE dev_x, orders");
        denied(p, "developer", "DROP TABLE \"orders\"");
        denied(p, "developer", "DROP SCHEMA dev_x CASCADE");     // a schema is not a dev_* table
        denied(p, "developer", "DROP VIEW orders_view");
        // The drop_table tool itself is open to the developer: the statement check decides per table.
        assertTrue(p.decideTool("developer", "drop_table", Permission.DROP).allowed());
        assertFalse(p.decideTool("data_editor", "drop_table", Permission.DROP).allowed());
    }

    @Test
    void aDenyRuleWinsOverAnAllowRuleAndOverRolePermissions() {
        RolePolicy p = policy(true);
        allowed(p, "auditor", "SELECT * FROM orders");
        assertTrue(denied(p, "auditor", "SELECT * FROM hr.salaries").contains("hr.*"));
        denied(p, "auditor", "SELECT * FROM \"HR\".\"Salaries\"");
        allowed(p, "auditor", "SELECT * FROM salaries");              // in the default schema, PUBLIC
        allowed(p, "auditor", "SELECT * FROM public.salaries");
        RolePolicy unknownSchema = new RolePolicy(p.roles(), true, (String) null);
        denied(unknownSchema, "auditor", "SELECT * FROM salaries");   // schema unknown: the deny is assumed to apply
        allowed(unknownSchema, "auditor", "SELECT * FROM public.salaries");
        RolePolicy inHr = new RolePolicy(p.roles(), true, "hr");
        denied(inHr, "auditor", "SELECT * FROM salaries");
        denied(p, "auditor", "SELECT o.id FROM orders o JOIN secrets s ON s.id = o.id");
        denied(p, "auditor", "WITH x AS (SELECT * FROM vault) SELECT * FROM x");
        denied(p, "auditor", "INSERT INTO orders SELECT * FROM secret_keys");
        String why = denied(p, "auditor", "DROP TABLE audit_2024");   // allowed DROP and denied DROP: deny wins
        assertTrue(why.contains("deny wins"), why);
        denied(p, "auditor", "DELETE FROM audit_log WHERE id = 1");   // DELETE held everywhere, denied here
        allowed(p, "auditor", "DELETE FROM orders WHERE id = 1");
        allowed(p, "auditor", "DROP TABLE sandbox.tmp");
        denied(p, "auditor", "DROP TABLE tmp");                       // PUBLIC.TMP is not in sandbox
        allowed(new RolePolicy(p.roles(), true, "sandbox"), "auditor", "DROP TABLE tmp");
        denied(new RolePolicy(p.roles(), true, (String) null), "auditor", "DROP TABLE tmp");
        assertFalse(p.decide("auditor", Permission.SELECT, "hr.people").allowed());
        assertTrue(p.decide("auditor", Permission.SELECT, "sales.people").allowed());
    }

    @Test
    void transactionSessionProceduralAndUnknownAreDeniedUnlessAllowed() {
        RolePolicy p = policy(true);
        for (String sql : List.of("COMMIT", "ROLLBACK", "BEGIN", "SET ROLE postgres", "SET search_path = x",
                "CALL purge()", "DO $$ BEGIN DELETE FROM orders; END $$", "GRANT ALL ON orders TO bob",
                "LOCK TABLE orders", "SELECT * FROM orders FOR UPDATE", "FROBNICATE orders")) {
            for (String role : List.of("read_only", "data_analyst", "data_editor", "developer")) {
                String why = denied(p, role, sql);
                assertTrue(why.contains("allow-kinds") || why.contains("permission"), why);
            }
        }
        allowed(p, "admin", "CALL purge()");
        allowed(p, "admin", "GRANT SELECT ON orders TO bob");
        allowed(p, "admin", "SELECT * FROM orders FOR UPDATE");
        assertTrue(denied(p, "admin", "COMMIT").contains("TCL"));
        assertTrue(denied(p, "admin", "SET ROLE postgres").contains("SESSION"));
        denied(p, "admin", "FROBNICATE orders");
        allowed(p, "ops", "COMMIT");
        allowed(p, "ops", "SET search_path = x");
        denied(p, "ops", "CALL purge()");
    }

    @Test
    void viewsThatShowOtherTablesValuesAreForAdminOnly() {
        RolePolicy p = policy(true);
        String stats = denied(p, "data_analyst", "SELECT most_common_vals FROM pg_stats WHERE tablename = 'orders'");
        assertTrue(stats.contains("PG_STATS") && stats.contains("ADMIN") && stats.contains("column values"), stats);
        denied(p, "developer", "SELECT * FROM pg_catalog.pg_statistic");
        denied(p, "data_analyst", "SELECT * FROM pg_stats_ext");
        denied(p, "data_analyst", "SELECT query FROM pg_stat_activity");
        denied(p, "data_analyst", "SELECT min_val, max_val FROM all_columns");
        denied(p, "data_analyst", "SELECT * FROM INFORMATION_SCHEMA.SESSIONS");
        allowed(p, "data_analyst", "SELECT * FROM sessions");
        allowed(p, "admin", "SELECT most_common_vals FROM pg_stats");
    }

    @Test
    void readOnlyModeCapsEveryRoleToReads() {
        RolePolicy p = policy(false);
        allowed(p, "admin", "SELECT 1");
        String why = denied(p, "admin", "DELETE FROM orders");
        assertTrue(why.contains("read-only"), why);
        // A role that could not write anyway still hears about the mode: it is what an operator would change.
        String analyst = denied(p, "data_analyst", "INSERT INTO orders VALUES (1)");
        assertTrue(analyst.contains("read-only mode") && analyst.contains("XUGU_MCP_MODE=read-write")
                && analyst.contains("--read-write") && analyst.contains("(an INSERT statement)"), analyst);
        assertFalse(analyst.contains("role 'data_analyst' does not have"), analyst);
        String tool = p.decideTool("data_analyst", "insert_rows", Permission.INSERT).reason();
        assertTrue(tool.contains("read-only mode") && tool.contains("XUGU_MCP_MODE=read-write"), tool);
        denied(p, "developer", "DROP TABLE dev_x");
        denied(p, "ops", "COMMIT");
        assertFalse(p.decideTool("admin", "delete_rows", Permission.DELETE).allowed());
        assertTrue(p.decideTool("admin", "get_audit_log", Permission.ADMIN).allowed());
        ToolException e = assertThrows(ToolException.class,
                () -> p.checkStatement(new Caller("c", "data_editor", "stdio"), GUARD.inspect("UPDATE t SET a = 1")));
        assertEquals("denied", e.code());
    }

    @Test
    void unknownRolesMayDoNothing() {
        RolePolicy p = policy(true);
        assertFalse(run(p, "nobody", "SELECT 1").allowed());
        assertFalse(p.decideTool("nobody", "execute_query", Permission.SELECT).allowed());
        assertFalse(p.decideTool("nobody", "x", Permission.NONE).allowed());
    }

    @Test
    void inheritanceAndRateLimitsOfCustomRoles() {
        SecuritySettings s = settings(CUSTOM, true);
        Role ops = s.roles().get("ops");
        assertTrue(ops.holds(Permission.DELETE) && ops.holds(Permission.CHAT2SQL) && ops.holds(Permission.ADMIN));
        assertEquals(new Security.RateLimit(true, 10, 2), ops.rateLimit());
        assertEquals(null, s.roles().get("read_only").rateLimit());
        assertEquals("data_editor", s.defaultRole(), "read-write mode without a configured default role");
        assertEquals("data_analyst", settings(CUSTOM, false).defaultRole());
        assertEquals("data_analyst", settings(CUSTOM, false).stdioRole());
        assertEquals("read_only", settings(CUSTOM + "\nxugu-mcp.security.stdio-role = read_only", true).stdioRole());
    }

    @Test
    void configurationMistakesStopTheServerWithTheKeyNamed() {
        assertTrue(assertThrows(InvalidConfigException.class, () -> settings(
                "xugu-mcp.security.roles.x.permissions = [SELEKT]", true)).getMessage().contains("SELEKT"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> settings(
                "xugu-mcp.security.roles { a.inherits = b, b.inherits = a }", true)).getMessage().contains("circle"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> settings(
                "xugu-mcp.security.stdio-role = superuser", true)).getMessage().contains("superuser"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> settings(
                "xugu-mcp.security.tokens = [{ client = a, role = ghost, sha256 = \"" + "a".repeat(64) + "\" }]", true))
                .getMessage().contains("ghost"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> settings(
                "xugu-mcp.security.tokens = [{ client = a, role = admin, token = plain }]", true))
                .getMessage().contains("hash"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> settings(
                "xugu-mcp.security.roles.x.tables = [{ pattern = \"t\" }]", true)).getMessage().contains("allow or deny"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> settings(
                "xugu-mcp.security.roles.x.allow-kinds = [EVERYTHING]", true)).getMessage().contains("EVERYTHING"));
    }
}
