package io.xugumcp.plugin.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.testing.Answer;
import io.xugumcp.testing.CapturedAudit;
import io.xugumcp.testing.TestingHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DDL tools in the testing kit's host (real guard, role policy, write path, catalog and audit) on the demo shop:
 * what a plugin author runs in a unit test, and what the distribution's ITs repeat through real processes.
 */
class DdlToolsTest {

    private static TestingHost host(boolean readWrite, String role, String config) {
        TestingHost h = TestingHost.builder().pluginId("ddl").role(role).readWrite(readWrite).demoShop()
                .pluginConfig(config).build();
        h.install(new DdlTools(h.context()));
        return h;
    }

    private static long count(TestingHost h, String sql) {
        return ((Number) h.queryAsOwner(sql).get(0).get(0)).longValue();
    }

    @Test
    void aDeveloperCreatesAndDropsADevTableThePersonConfirmingByName() {
        try (TestingHost h = host(true, "developer", "")) {
            Answer made = h.call("create_table", Map.of("table_name", "dev_probe", "comment", "试验",
                    "columns", List.of(Map.of("name", "id", "type", "integer", "primary_key", true))));
            assertEquals("applied", made.get("status"), made.text());
            assertEquals("试验", ((Map<?, ?>) made.get("object")).get("comment"), "described after the change");

            h.client().accept(Map.of("name", "dev_probe"));
            Answer wrong = h.call("drop_table", Map.of("table_name", "dev_probe"));
            assertEquals("declined", wrong.get("status"), "the name must be typed exactly: DEV_PROBE");
            assertEquals(1, count(h, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'DEV_PROBE'"));

            h.client().accept(Map.of("name", "DEV_PROBE"));
            Answer dropped = h.call("drop_table", Map.of("table_name", "dev_probe"));
            assertEquals("applied", dropped.get("status"), dropped.text());
            assertEquals(0, count(h, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'DEV_PROBE'"));
            String asked = String.valueOf(h.client().elicitations().get(1).get("message"));
            assertTrue(asked.contains("DROP TABLE \"PUBLIC\".\"DEV_PROBE\""), asked);

            List<CapturedAudit.Entry> statements = h.audit().of("statement");
            assertTrue(statements.stream().anyMatch(e -> String.valueOf(e.get("sql")).startsWith("DROP TABLE")),
                    "the statement is in the audit trail");
        }
    }

    @Test
    void theRolesRuleAndTheModeAreTheHosts() {
        try (TestingHost h = host(true, "developer", "")) {
            Answer denied = h.call("drop_table", Map.of("table_name", "payments"));
            assertTrue(denied.error());
            assertEquals("denied", denied.code(), denied.text());
            Answer rename = h.call("alter_table", Map.of("table_name", "payments", "operations",
                    List.of(Map.of("op", "rename_table", "new_name", "dev_payments"))));
            assertEquals("denied", rename.code(), rename.text());
            Answer db = h.call("drop_database", Map.of("database_name", "x"));
            assertEquals("denied", db.code(), db.text());
        }
        try (TestingHost h = host(false, "developer", "")) {
            Answer a = h.call("create_table", Map.of("table_name", "dev_x", "columns", Map.of("id", "integer")));
            assertTrue(a.error());
            assertTrue(a.text().contains("read-only mode"), a.text());
        }
        try (TestingHost h = host(true, "admin", "allow-drop-database = true")) {
            Answer a = h.call("drop_database", Map.of("database_name", "x"));
            assertEquals("unsupported", a.code(), "switched on, but H2 has no databases to drop: " + a.text());
            assertFalse(a.text().contains("allow-drop-database"));
        }
    }
    @Test
    void dropsCountWhatTheCallerMayNotReadWithoutNamingIt() {
        try (TestingHost h = TestingHost.builder().pluginId("ddl").readWrite(true)
                .setUp("CREATE SCHEMA archive", "CREATE TABLE archive.old_orders (id INT)",
                        "CREATE TABLE archive.secret_salaries (id INT)",
                        "CREATE VIEW archive.secret_view AS SELECT id FROM archive.old_orders")
                .hostConfig("xugu-mcp.security.roles.archivist { description = x, permissions = [SELECT, DROP],"
                        + " tables = [{ pattern = \"SECRET_*\", deny = [ALL] }] }")
                .role("archivist").build()) {
            h.install(new DdlTools(h.context()));
            Answer preview = h.call("drop_schema", Map.of("schema_name", "archive", "cascade", true, "dry_run", true));
            assertFalse(preview.error(), preview.text());
            Map<?, ?> impact = (Map<?, ?>) preview.get("impact");
            assertEquals(List.of("OLD_ORDERS"), impact.get("objects"), "only the names the role may read");
            assertEquals(2L, ((Number) impact.get("tables")).longValue(), "but the count of all the drop takes");
            assertEquals(1L, ((Number) impact.get("views")).longValue(), preview.text());
            assertEquals(2, ((Number) impact.get("objectsNotShown")).intValue(), preview.text());
            assertFalse(preview.text().contains("SECRET"), preview.text());

            Answer table = h.call("drop_table", Map.of("table_name", "archive.old_orders", "dry_run", true));
            assertFalse(table.error(), table.text());
            Map<?, ?> tableImpact = (Map<?, ?>) table.get("impact");
            assertFalse(tableImpact.containsKey("viewsMentioningTable"), table.text());
            assertEquals(1, ((Number) tableImpact.get("viewsMentioningTableNotShown")).intValue(), table.text());
            assertFalse(table.text().contains("SECRET"), table.text());
            assertTrue(table.text().contains("1 the caller may not read"), table.text());
        }
    }
}
