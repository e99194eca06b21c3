package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL tools through the MCP SDK client against the built distribution on the H2 demo shop in read-write mode, the
 * way a newcomer tries them: a table with every option and Chinese comments, alters, indexes, views, backups (checked
 * through the schema tools, never by reading our SQL back, and without refresh), the identifier injection corpus,
 * confirmation by token and confirm_name and by the person typing the name, drop_database off, the developer's dev_*
 * rule, and read-only mode.
 */
class DdlIT {
    @TempDir
    static Path data;
    static McpSyncClient developer;
    static McpSyncClient admin;
    static McpSyncClient readOnly;
    static final List<McpSchema.ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
    static volatile McpSchema.ElicitResult answer;

    @BeforeAll
    static void start() {
        developer = Dist.stdio(Dist.home(), Dist.env(data.resolve("dev"), Map.of("XUGU_MCP_STDIO_ROLE", "developer")),
                "--read-write");
        admin = Dist.stdio(Dist.home(), Dist.env(data.resolve("admin"), Map.of("XUGU_MCP_STDIO_ROLE", "admin")), spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    asked.add(request);
                    return answer;
                }), "--read-write");
        readOnly = Dist.stdio(Dist.home(), Dist.env(data.resolve("ro"), Map.of("XUGU_MCP_STDIO_ROLE", "developer")));
    }

    @AfterAll
    static void stop() {
        for (McpSyncClient c : new McpSyncClient[] {developer, admin, readOnly}) {
            if (c != null) {
                c.closeGracefully();
            }
        }
    }

    static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> ok(McpSchema.CallToolResult r) {
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> Dist.text(r));
        return Dist.structured(r);
    }

    static String error(McpSchema.CallToolResult r) {
        assertEquals(Boolean.TRUE, r.isError(), () -> "expected an error, got " + Dist.text(r));
        return Dist.text(r);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static Map<String, Object> describe(McpSyncClient c, String table) {
        return ok(Dist.call(c, "describe_table", args("table_name", table)));
    }

    static Set<String> tables(McpSyncClient c) {
        Map<String, Object> s = ok(Dist.call(c, "list_tables", args("detail", "names", "include_views", true,
                "limit", 1000)));
        Set<String> out = new HashSet<>();
        for (Object t : (List<?>) s.get("tables")) {
            out.add(t instanceof Map<?, ?> m ? (String) m.get("name") : (String) t);
        }
        return out;
    }

    static Map<String, Object> column(Map<String, Object> description, String name) {
        return maps(description.get("columns")).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no column " + name + " in " + description));
    }

    /** The token round trip: call, get confirmation_required, call again with the token and the name. */
    static Map<String, Object> confirmed(McpSyncClient c, String tool, Map<String, Object> a) {
        Map<String, Object> first = ok(Dist.call(c, tool, a));
        assertEquals("confirmation_required", first.get("status"), () -> first.toString());
        Map<String, Object> conf = map(first.get("confirmation"));
        Map<String, Object> again = new LinkedHashMap<>(a);
        again.put("confirm_token", conf.get("confirm_token"));
        again.put("confirm_name", conf.get("confirm_name"));
        Map<String, Object> done = ok(Dist.call(c, tool, again));
        assertEquals("applied", done.get("status"), () -> done.toString());
        return done;
    }

    @Test
    void twelveToolsWithSeedParametersAnnotationsAndOutputSchemas() {
        Map<String, McpSchema.Tool> tools = new LinkedHashMap<>();
        for (McpSchema.Tool t : admin.listTools().tools()) {
            tools.put(t.name(), t);
        }
        Map<String, List<String>> seed = Map.ofEntries(
                Map.entry("create_database", List.of("database_name", "if_not_exists")),
                Map.entry("drop_database", List.of("database_name", "if_exists", "cascade")),
                Map.entry("create_schema", List.of("schema_name", "if_not_exists")),
                Map.entry("drop_schema", List.of("schema_name", "if_exists", "cascade")),
                Map.entry("create_table", List.of("table_name", "columns", "primary_key", "constraints", "if_not_exists")),
                Map.entry("drop_table", List.of("table_name", "cascade", "if_exists")),
                Map.entry("alter_table", List.of("table_name", "action", "alterations", "operations")),
                Map.entry("create_index", List.of("index_name", "table_name", "columns", "unique", "if_not_exists")),
                Map.entry("drop_index", List.of("index_name", "table_name")),
                Map.entry("create_view", List.of("view_name", "select_statement", "columns", "if_not_exists")),
                Map.entry("drop_view", List.of("view_name", "cascade", "if_exists")),
                Map.entry("backup_table", List.of("table_name", "backup_name")));
        for (Map.Entry<String, List<String>> e : seed.entrySet()) {
            McpSchema.Tool t = tools.get(e.getKey());
            assertNotNull(t, e.getKey());
            assertTrue(map(t.inputSchema().get("properties")).keySet().containsAll(e.getValue()), e.getKey());
            assertTrue(map(t.inputSchema().get("properties")).containsKey("dry_run"), e.getKey());
            assertEquals(false, t.annotations().readOnlyHint(), e.getKey());
            assertEquals(e.getKey().startsWith("drop_") || e.getKey().equals("alter_table"),
                    t.annotations().destructiveHint(), e.getKey());
        }
        assertTrue(map(tools.get("drop_table").inputSchema().get("properties")).keySet()
                .containsAll(List.of("confirm_token", "confirm_name")));
    }

    @Test
    void aTableWithEveryOptionShowsInTheSchemaToolsWithoutRefresh() {
        Set<String> before = tables(developer);
        Map<String, Object> made = ok(Dist.call(developer, "create_table", args("table_name", "dev_shipments",
                "comment", "发货单",
                "columns", List.of(
                        args("name", "region", "type", "char(2)", "comment", "地区"),
                        args("name", "shipment_no", "type", "integer"),
                        args("name", "order_id", "type", "integer", "nullable", false,
                                "references", args("table", "orders", "on_delete", "cascade"), "comment", "订单"),
                        args("name", "weight", "type", "numeric(8,3)", "default", 0, "nullable", false),
                        args("name", "carrier", "type", "varchar(40)", "default", "顺丰", "unique", false),
                        args("name", "tracking", "type", "varchar(40)", "unique", true),
                        args("name", "shipped_at", "type", "timestamp", "default", "current_timestamp"),
                        args("name", "seq", "type", "bigint", "identity", true)),
                "primary_key", List.of("region", "shipment_no"),
                "constraints", List.of(args("type", "check", "name", "ck_weight", "expression", "weight >= 0")))));
        assertEquals("applied", made.get("status"));
        assertEquals("DEV_SHIPMENTS", map(made.get("object")).get("name"), "the answer describes the new table");
        Set<String> after = tables(developer);
        after.removeAll(before);
        assertEquals(Set.of("DEV_SHIPMENTS"), after, "list_tables sees it at once");

        Map<String, Object> d = describe(developer, "dev_shipments");
        assertEquals("发货单", d.get("comment"));
        assertEquals(List.of("REGION", "SHIPMENT_NO"), map(d.get("primaryKey")).get("columns"), "composite key");
        assertEquals("地区", column(d, "REGION").get("comment"));
        assertEquals(false, column(d, "REGION").get("nullable"));
        assertEquals(false, column(d, "WEIGHT").get("nullable"));
        assertTrue(String.valueOf(column(d, "CARRIER").get("default")).contains("顺丰"));
        assertEquals(true, column(d, "SEQ").get("identity"));
        assertTrue(maps(d.get("uniqueKeys")).stream().anyMatch(k -> k.get("columns").equals(List.of("TRACKING"))));
        Map<String, Object> fk = maps(d.get("foreignKeys")).get(0);
        assertEquals(List.of("ORDER_ID"), fk.get("columns"));
        assertEquals("ORDERS", map(fk.get("references")).get("table"));
        assertEquals("CASCADE", fk.get("onDelete"));
        Map<String, Object> orders = describe(developer, "orders");
        assertTrue(maps(orders.get("referencedBy")).stream().anyMatch(r -> "DEV_SHIPMENTS".equals(r.get("table"))),
                "seen from the referenced table too");
        // search_tables finds it by its Chinese comment.
        Map<String, Object> found = ok(Dist.call(developer, "search_tables", args("pattern", "发货")));
        assertTrue(found.toString().contains("DEV_SHIPMENTS"), found.toString());
    }

    @Test
    void alterSequenceAndDestructiveAltersNeedTheTokenAndTheName() {
        ok(Dist.call(developer, "create_table", args("table_name", "dev_notes", "columns",
                List.of(args("name", "id", "type", "integer", "primary_key", true),
                        args("name", "body", "type", "varchar(50)"), args("name", "old", "type", "integer")))));
        Map<String, Object> r = ok(Dist.call(developer, "alter_table", args("table_name", "dev_notes", "operations",
                List.of(args("op", "add_column", "name", "author", "type", "varchar(20)", "default", "匿名",
                                "comment", "作者"),
                        args("op", "set_not_null", "column", "author"),
                        args("op", "rename_column", "column", "body", "new_name", "content"),
                        args("op", "add_constraint", "type", "unique", "name", "uk_notes_author", "columns",
                                List.of("author", "id")),
                        args("op", "set_comment", "comment", "笔记")))));
        assertEquals("applied", r.get("status"), "nothing destructive: no confirmation");
        Map<String, Object> d = describe(developer, "dev_notes");
        assertEquals("笔记", d.get("comment"));
        assertEquals("作者", column(d, "AUTHOR").get("comment"));
        assertEquals(false, column(d, "AUTHOR").get("nullable"));
        column(d, "CONTENT");

        Map<String, Object> dropColumn = args("table_name", "dev_notes", "operations",
                List.of(args("op", "drop_column", "column", "old"), args("op", "alter_column", "column", "content",
                        "type", "varchar(200)")));
        Map<String, Object> held = ok(Dist.call(developer, "alter_table", dropColumn));
        assertEquals("confirmation_required", held.get("status"));
        column(describe(developer, "dev_notes"), "OLD");
        Map<String, Object> wrongName = new LinkedHashMap<>(dropColumn);
        wrongName.put("confirm_token", map(held.get("confirmation")).get("confirm_token"));
        wrongName.put("confirm_name", "dev_note");
        String refusal = error(Dist.call(developer, "alter_table", wrongName));
        assertTrue(refusal.contains("DEV_NOTES"), refusal);
        column(describe(developer, "dev_notes"), "OLD");
        confirmed(developer, "alter_table", dropColumn);
        Map<String, Object> after = describe(developer, "dev_notes");
        assertTrue(maps(after.get("columns")).stream().noneMatch(c -> "OLD".equals(c.get("name"))));
        assertTrue(String.valueOf(column(after, "CONTENT").get("type")).contains("200"));
    }

    @Test
    void indexesViewsAndBackupsThroughTheCatalog() {
        ok(Dist.call(developer, "create_index", args("index_name", "idx_orders_dev", "table_name", "orders",
                "columns", List.of("status", "ordered_at desc"))));
        assertTrue(maps(describe(developer, "orders").get("indexes")).stream()
                .anyMatch(i -> "IDX_ORDERS_DEV".equals(i.get("name"))));
        ok(Dist.call(developer, "create_view", args("view_name", "dev_v_paid", "select_statement",
                "SELECT order_id, status FROM orders WHERE status = 'paid'", "comment", "已付")));
        assertTrue(tables(developer).contains("DEV_V_PAID"));
        for (String bad : List.of("DELETE FROM orders", "SELECT 1; DROP TABLE orders", "UPDATE orders SET status = 'x'")) {
            error(Dist.call(developer, "create_view", args("view_name", "dev_v_bad", "select_statement", bad)));
        }
        assertFalse(tables(developer).contains("DEV_V_BAD"));

        Map<String, Object> b = ok(Dist.call(developer, "backup_table", args("table_name", "orders",
                "backup_name", "dev_orders_copy")));
        Map<String, Object> copy = describe(developer, "dev_orders_copy");
        Map<String, Object> orig = describe(developer, "orders");
        assertEquals(map(orig.get("primaryKey")).get("columns"), map(copy.get("primaryKey")).get("columns"));
        assertEquals(orig.get("comment"), copy.get("comment"));
        for (Map<String, Object> c : maps(orig.get("columns"))) {
            assertEquals(c.get("comment"), column(copy, (String) c.get("name")).get("comment"), c.get("name").toString());
        }
        assertEquals(maps(orig.get("indexes")).stream().filter(i -> !Boolean.TRUE.equals(i.get("primary")))
                        .map(i -> i.get("columns")).collect(java.util.stream.Collectors.toSet()),
                maps(copy.get("indexes")).stream().filter(i -> !Boolean.TRUE.equals(i.get("primary")))
                        .map(i -> i.get("columns")).collect(java.util.stream.Collectors.toSet()),
                "the same indexes (foreign keys' own ones included)");
        assertTrue(map(b.get("backup")).get("notCopied").toString().contains("foreign keys"));
        McpSchema.CallToolResult n = Dist.call(developer, "execute_query",
                args("sql", "SELECT (SELECT COUNT(*) FROM orders) - (SELECT COUNT(*) FROM dev_orders_copy)"));
        assertEquals(0, ((Number) Dist.rows(n).get(0).get(0)).intValue(), "every row copied");

        // The developer may drop dev_* objects (confirmed), and nothing else.
        confirmed(developer, "drop_view", args("view_name", "dev_v_paid"));
        confirmed(developer, "drop_table", args("table_name", "dev_orders_copy"));
        assertFalse(tables(developer).contains("DEV_ORDERS_COPY"));
    }

    @Test
    void developerDropsOnlyDevTablesAndReadOnlyModeRefusesAll() {
        // Refused before anyone is asked or any token is issued: the role may not drop it at all.
        String denied = error(Dist.call(developer, "drop_table", args("table_name", "payments")));
        assertTrue(denied.contains("DROP") && denied.contains("developer") && denied.contains("dev_*"), denied);
        assertTrue(tables(developer).contains("PAYMENTS"));

        // Renaming takes the old name away: the developer may not rename what it may not drop.
        String rename = error(Dist.call(developer, "alter_table", args("table_name", "payments", "operations",
                List.of(args("op", "rename_table", "new_name", "dev_payments")))));
        assertTrue(rename.contains("DROP"), rename);
        assertTrue(tables(developer).contains("PAYMENTS"));

        String ro = error(Dist.call(readOnly, "create_table", args("table_name", "dev_x", "columns", Map.of("id", "int"))));
        assertTrue(ro.contains("read-only"), ro);
        assertFalse(tables(readOnly).contains("DEV_X"));

        String db = error(Dist.call(admin, "drop_database", args("database_name", "other")));
        assertTrue(db.contains("allow-drop-database"), db);
    }

    @Test
    void theInjectionCorpusIsRefusedOrQuotedAndNothingElseIsCreated() {
        Set<String> before = tables(developer);
        List<String> created = new ArrayList<>();
        for (String name : List.of("dev_a\"b", "dev_x; DROP TABLE orders; --", "dev_t/*c*/", "\"dev_Select\"",
                "dev_" + "长".repeat(60))) {
            Map<String, Object> r = ok(Dist.call(developer, "create_table", args("table_name", name,
                    "columns", Map.of("id", "integer"))));
            created.add((String) r.get("objectName"));
        }
        for (String name : List.of("dev_\nx", "dev_" + "x".repeat(300), "  ", "dev_\u200bzw")) {
            error(Dist.call(developer, "create_table", args("table_name", name, "columns", Map.of("id", "integer"))));
        }
        error(Dist.call(developer, "create_table", args("table_name", "dev_ck", "columns", Map.of("id", "integer"),
                "constraints", List.of(args("type", "check", "expression", "id > 0); DROP TABLE orders; --")))));
        error(Dist.call(developer, "create_table", args("table_name", "dev_ty", "columns",
                Map.of("id", "integer; DROP TABLE orders"))));
        Set<String> after = tables(developer);
        after.removeAll(before);
        assertEquals(new HashSet<>(created), after, "exactly the named tables");
        assertTrue(tables(developer).contains("ORDERS"));
    }

    @Test
    void thePersonConfirmsByTypingTheName() {
        ok(Dist.call(admin, "create_table", args("table_name", "scratch", "columns", Map.of("id", "integer"))));
        answer = new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "SCRATCH2"));
        Map<String, Object> wrong = ok(Dist.call(admin, "drop_table", args("table_name", "scratch")));
        assertEquals("declined", wrong.get("status"), "a wrongly typed name is no");
        assertTrue(tables(admin).contains("SCRATCH"));
        answer = new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "SCRATCH"));
        Map<String, Object> done = ok(Dist.call(admin, "drop_table", args("table_name", "scratch")));
        assertEquals("applied", done.get("status"));
        assertFalse(tables(admin).contains("SCRATCH"));
        assertTrue(String.valueOf(asked.get(asked.size() - 1)).contains("DROP TABLE \"PUBLIC\".\"SCRATCH\""));
    }
}
