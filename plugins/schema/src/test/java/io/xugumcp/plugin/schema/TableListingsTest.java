package io.xugumcp.plugin.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Completer;
import io.xugumcp.api.ResourceProvider;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.testing.Answer;
import io.xugumcp.testing.TestingHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Table names a role may not read (a table deny rule) are left out of every listing: list_tables, list_views, the
 * schema resources and the completion of a table name – as they already are from rows, searches and completions.
 */
class TableListingsTest {

    private static TestingHost host() {
        return TestingHost.builder().pluginId("schema")
                .setUp("CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(20))",
                        "CREATE TABLE secret_notes (id INT PRIMARY KEY, note VARCHAR(200),"
                                + " item_id INT REFERENCES item(id))",
                        "COMMENT ON TABLE secret_notes IS '机密笔记'",
                        "CREATE VIEW secret_view AS SELECT id, note FROM secret_notes",
                        "CREATE VIEW item_view AS SELECT id FROM item")
                .hostConfig("xugu-mcp.security.roles.no_secrets { description = x, permissions = [SELECT],"
                        + " tables = [{ pattern = \"SECRET_*\", deny = [ALL] }] }")
                .role("data_analyst").build();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Answer a, String key) {
        assertFalse(a.error(), a.text());
        return (List<String>) a.get(key);
    }

    private static List<String> completeTable(TestingHost host, SchemaResources resources, String prefix) {
        Completer c = resources.resourceTemplates().get(0).completers().get("name");
        return c.complete(prefix, Map.of(), host.caller());
    }

    @Test
    void aRoleWithATableDenyRuleDoesNotSeeTheTablesName() {
        try (TestingHost host = host()) {
            SchemaResources resources = new SchemaResources(host.context());
            host.install((ToolGroup) new SchemaTools(host.context())).install((ResourceProvider) resources);
            Map<String, Object> namesOnly = Map.of("detail", "names");
            assertEquals(List.of("ITEM", "ITEM_VIEW", "SECRET_NOTES", "SECRET_VIEW"),
                    names(host.call("list_tables", namesOnly), "tables"), "the analyst may read them all");

            host.as("no_secrets");
            Answer tables = host.call("list_tables", namesOnly);
            assertEquals(List.of("ITEM", "ITEM_VIEW"), names(tables, "tables"));
            assertEquals(2, tables.get("total"));
            assertFalse(host.call("list_tables", Map.of()).text().contains("SECRET"), "the summary either");
            assertEquals(List.of("ITEM_VIEW"), names(host.call("list_views", namesOnly), "views"));
            for (String uri : List.of("schema://database/tables", "schema://database/views", "meta://database/stats")) {
                Answer read = host.read(uri);
                assertFalse(read.error(), read.text());
                assertFalse(read.text().contains("SECRET"), uri + ": " + read.text());
            }
            assertEquals(List.of(), completeTable(host, resources, "se"));
            assertEquals(List.of("ITEM", "ITEM_VIEW"), completeTable(host, resources, "i"));

            host.as("data_analyst");
            assertEquals(List.of("SECRET_NOTES", "SECRET_VIEW"), completeTable(host, resources, "se"));
            assertTrue(host.read("schema://database/tables").text().contains("SECRET_NOTES"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object publicTables(TestingHost host) {
        Answer info = host.call("get_database_info", Map.of());
        assertFalse(info.error(), info.text());
        for (Map<String, Object> s : (List<Map<String, Object>>) info.get("schemas")) {
            if ("PUBLIC".equals(s.get("name"))) {
                return ((Number) s.get("tables")).intValue();
            }
        }
        throw new AssertionError("no PUBLIC schema in " + info.text());
    }

    @Test
    void aTableTheRoleMayNotReadIsNotDescribedWhenAskedForByName() {
        try (TestingHost host = host()) {
            SchemaResources resources = new SchemaResources(host.context());
            host.install((ToolGroup) new SchemaTools(host.context())).install((ResourceProvider) resources);
            Answer analyst = host.call("describe_table", Map.of("table_name", "secret_notes"));
            assertFalse(analyst.error(), analyst.text());
            assertTrue(analyst.text().contains("NOTE"), analyst.text());
            assertTrue(host.call("describe_table", Map.of("table_name", "ITEM")).text().contains("SECRET_NOTES"),
                    "the analyst sees the foreign key from SECRET_NOTES");
            assertEquals(4, publicTables(host), "ITEM, ITEM_VIEW, SECRET_NOTES, SECRET_VIEW");

            host.as("no_secrets");
            for (String name : List.of("SECRET_NOTES", "secret_notes", "PUBLIC.SECRET_NOTES", "SECRET_VIEW",
                    "SECRET_NOPE")) {
                for (String tool : List.of("describe_table", "list_columns", "get_table_stats", "list_indexes")) {
                    Answer a = host.call(tool, Map.of("table_name", name));
                    assertTrue(a.error(), tool + " " + name + ": " + a.text());
                    assertEquals("denied", a.code(), tool + " " + name + ": " + a.text());
                    assertFalse(a.text().contains("NOTE\"") || a.text().contains("VARCHAR"), a.text());
                }
            }
            Answer resource = host.read("schema://database/table/SECRET_NOTES");
            assertTrue(resource.error(), resource.text());
            assertFalse(resource.text().contains("VARCHAR"), resource.text());
            // Near misses and the table's comment find nothing, and the suggestions do not name it.
            for (String near : List.of("SECRETNOTES", "机密笔记", "机密")) {
                Answer a = host.call("describe_table", Map.of("table_name", near));
                assertEquals("not_found", a.code(), near + ": " + a.text());
                assertFalse(a.text().contains("SECRET_NOTES"), near + ": " + a.text());
            }
            Answer item = host.call("describe_table", Map.of("table_name", "ITEM"));
            assertFalse(item.error(), item.text());
            assertFalse(item.text().contains("SECRET"), "a foreign key from a hidden table: " + item.text());
            Answer keys = host.call("get_foreign_keys", Map.of());
            assertFalse(keys.text().contains("SECRET"), keys.text());
            assertEquals(2, publicTables(host), "the count does not give the hidden tables away");
        }
    }
}
