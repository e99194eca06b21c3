package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DML tools through the MCP SDK client against the built distribution on the embedded H2 demo shop, the way a
 * newcomer tries them ({@code --read-write}): every tool's happy path, the rails (no filter, all_rows,
 * max_affected_rows), confirmation by token and by the person (elicitation accepted, declined, unsupported), the
 * injection corpus through the tools, read-only mode and the data_analyst role, and the audit records of each phase.
 */
class DmlIT {
    @TempDir
    static Path data;
    static McpSyncClient editor;
    static McpSyncClient asking;
    static final List<McpSchema.ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
    static volatile String answer = "decline";

    @BeforeAll
    static void start() {
        editor = Dist.stdio(Dist.home(), Dist.env(data.resolve("editor"), Map.of()), "--read-write");
        asking = Dist.stdio(Dist.home(), Dist.env(data.resolve("asking"), Map.of()), spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    asked.add(request);
                    return "accept".equals(answer)
                            ? new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm", true))
                            : new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.valueOf(answer.toUpperCase()), null);
                }), "--read-write");
    }

    @AfterAll
    static void stop() {
        for (McpSyncClient c : new McpSyncClient[] {editor, asking}) {
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

    static long scalar(McpSyncClient c, String sql) {
        McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", sql));
        ok(r);
        return ((Number) Dist.rows(r).get(0).get(0)).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static java.util.Set<String> props(McpSchema.Tool t) {
        return map(t.inputSchema().get("properties")).keySet();
    }

    static String token(Map<String, Object> s) {
        return (String) map(s.get("confirmation")).get("confirm_token");
    }

    @Test
    void theSixToolsAreListedWithHonestAnnotationsAndOutputSchemas(@TempDir Path own) {
        // Each caller sees the tools its role may call: data_editor has no TRUNCATE, developer has.
        assertEquals(List.of("bulk_import", "delete_rows", "insert_rows", "update_rows", "upsert_rows"),
                editor.listTools().tools().stream().map(McpSchema.Tool::name)
                        .filter(n -> n.endsWith("_rows") || n.equals("bulk_import") || n.equals("truncate_table"))
                        .sorted().toList());
        McpSyncClient dev = Dist.stdio(Dist.home(), Dist.env(own, Map.of("XUGU_MCP_STDIO_ROLE", "developer")),
                "--read-write");
        Map<String, McpSchema.Tool> tools = new LinkedHashMap<>();
        try {
            for (McpSchema.Tool t : dev.listTools().tools()) {
                tools.put(t.name(), t);
            }
        } finally {
            dev.closeGracefully();
        }
        for (String name : List.of("insert_rows", "update_rows", "delete_rows", "upsert_rows", "truncate_table",
                "bulk_import")) {
            McpSchema.Tool t = tools.get(name);
            assertNotNull(t, name);
            assertEquals(false, t.annotations().readOnlyHint(), name);
            assertEquals(false, t.annotations().openWorldHint(), name);
        }
        assertEquals(false, tools.get("insert_rows").annotations().destructiveHint());
        assertEquals(false, tools.get("bulk_import").annotations().destructiveHint());
        for (String name : List.of("update_rows", "delete_rows", "upsert_rows", "truncate_table")) {
            assertEquals(true, tools.get(name).annotations().destructiveHint(), name);
            assertEquals(true, tools.get(name).annotations().idempotentHint(), name);
        }
        assertEquals(false, tools.get("insert_rows").annotations().idempotentHint());
        // Seed parameter names kept.
        assertTrue(props(tools.get("update_rows")).containsAll(
                List.of("table_name", "updates", "where", "where_params", "filter", "all_rows", "max_affected_rows",
                        "dry_run", "confirm_token")));
        assertTrue(props(tools.get("bulk_import")).containsAll(
                List.of("table_name", "data", "batch_size", "format", "file", "mode", "start_row")));
        assertTrue(props(tools.get("upsert_rows")).containsAll(
                List.of("table_name", "rows", "constraint", "key_columns")));
    }

    @Test
    void everyToolWorksOnTheDemoShop() {
        Map<String, Object> ins = ok(Dist.call(editor, "insert_rows", args("table_name", "customers", "rows",
                List.of(Map.of("name", "测试客户", "city", "杭州", "registered_at", "2026-01-02T03:04:05"),
                        Map.of("name", "Test Two", "city", "Xi'an';--", "registered_at", "2026-01-02 10:00")),
                "return_keys", true)));
        assertEquals("applied", ins.get("status"));
        assertEquals(2, ((Number) ins.get("affectedRows")).intValue());
        List<?> keys = (List<?>) ins.get("generatedKeys");
        assertEquals(2, keys.size());
        long id = ((Number) map(keys.get(0)).get("CUSTOMER_ID")).longValue();
        assertEquals(401, id, "the demo's identity continues after its 400 customers");
        assertEquals(1, scalar(editor, "SELECT COUNT(*) FROM customers WHERE city = 'Xi''an'';--'"));

        Map<String, Object> up = ok(Dist.call(editor, "update_rows", args("table_name", "customers",
                "updates", Map.of("is_vip", true), "filter", Map.of("customer_id", id))));
        assertEquals(1, ((Number) up.get("affectedRows")).intValue());
        assertEquals(1, scalar(editor, "SELECT COUNT(*) FROM customers WHERE customer_id = " + id + " AND is_vip"));

        Map<String, Object> upsert = ok(Dist.call(editor, "upsert_rows", args("table_name", "categories", "rows",
                List.of(Map.of("category_id", 1, "name", "电子产品"), Map.of("category_id", 50, "name", "新类别")))));
        assertEquals(1, ((Number) upsert.get("inserted")).intValue());
        assertEquals(1, ((Number) upsert.get("updated")).intValue());

        Map<String, Object> del = ok(Dist.call(editor, "delete_rows", args("table_name", "customers",
                "where", "customer_id > ? AND city <> ?", "where_params", List.of(400, "nowhere"))));
        assertEquals(2, ((Number) del.get("affectedRows")).intValue());
        assertEquals(400, scalar(editor, "SELECT COUNT(*) FROM customers"));

        Map<String, Object> csv = ok(Dist.call(editor, "bulk_import", args("table_name", "categories", "data",
                "category_id,name,description\n60,甲,\"说明, 含逗号\"\n61,乙,\n", "mode", "per_batch")));
        assertEquals("complete", csv.get("status"));
        assertEquals(2, ((Number) csv.get("rowsCommitted")).intValue());
        Map<String, Object> json = ok(Dist.call(editor, "bulk_import", args("table_name", "categories", "data",
                List.of(Map.of("category_id", 62, "name", "丙"), Map.of("category_id", 63, "name", "丁")))));
        assertEquals(2, ((Number) json.get("rowsCommitted")).intValue());
        assertEquals(1, scalar(editor, "SELECT COUNT(*) FROM categories WHERE category_id = 61 AND description IS NULL"),
                "an empty unquoted CSV field is NULL");
    }

    @Test
    void railsRefuseOrHoldBackAndChangeNothing() {
        String noFilter = error(Dist.call(editor, "delete_rows", args("table_name", "orders")));
        assertTrue(noFilter.contains("No filter") && noFilter.contains("all_rows"), noFilter);
        Map<String, Object> all = ok(Dist.call(editor, "delete_rows", args("table_name", "payments", "all_rows", true)));
        assertEquals("confirmation_required", all.get("status"));
        assertNotNull(token(all));
        String limit = error(Dist.call(editor, "update_rows", args("table_name", "orders", "updates",
                Map.of("remark", "x"), "filter", List.of(Map.of("column", "order_id", "op", "<=", "value", 50)),
                "max_affected_rows", 10)));
        assertTrue(limit.contains("50 rows") && limit.contains("max_affected_rows") && limit.contains("nothing was changed"),
                limit);
        assertEquals(0, scalar(editor, "SELECT COUNT(*) FROM orders WHERE remark = 'x'"));
        long payments = scalar(editor, "SELECT COUNT(*) FROM payments");
        assertTrue(payments > 0);
    }

    @Test
    void theTokenRoundTripRunsExactlyThePreviewedChangeOnce() {
        Map<String, Object> a = args("table_name", "orders", "updates", Map.of("remark", "批量备注"),
                "filter", Map.of("status", "已完成"));
        long matching = scalar(editor, "SELECT COUNT(*) FROM orders WHERE status = '已完成'");
        assertTrue(matching > 100, "more than the confirm-above default");
        Map<String, Object> preview = new LinkedHashMap<>(a);
        preview.put("dry_run", true);
        Map<String, Object> p = ok(Dist.call(editor, "update_rows", preview));
        assertEquals("previewed", p.get("status"));
        assertEquals(matching, ((Number) p.get("affectedRows")).longValue());
        assertFalse(((List<?>) map(p.get("sample")).get("after")).isEmpty());
        assertEquals(0, scalar(editor, "SELECT COUNT(*) FROM orders WHERE remark = '批量备注'"), "a preview changes nothing");

        Map<String, Object> other = new LinkedHashMap<>(a);
        other.put("filter", Map.of("status", "已取消"));
        other.put("confirm_token", token(p));
        String otherArgs = error(Dist.call(editor, "update_rows", other));
        assertTrue(otherArgs.contains("other arguments"), otherArgs);

        Map<String, Object> confirmed = new LinkedHashMap<>(a);
        confirmed.put("confirm_token", token(p));
        Map<String, Object> done = ok(Dist.call(editor, "update_rows", confirmed));
        assertEquals("applied", done.get("status"));
        assertEquals(matching, scalar(editor, "SELECT COUNT(*) FROM orders WHERE remark = '批量备注'"));
        String reused = error(Dist.call(editor, "update_rows", confirmed));
        assertTrue(reused.contains("already used"), reused);

        String invented = error(Dist.call(editor, "update_rows", args("table_name", "orders", "updates",
                Map.of("remark", "y"), "filter", Map.of("status", "已完成"), "confirm_token", "yes")));
        assertTrue(invented.contains("not a confirmation token"), invented);
        Map<String, Object> noConfirmFlag = ok(Dist.call(editor, "update_rows", args("table_name", "orders", "updates",
                Map.of("remark", "y"), "filter", Map.of("status", "已完成"), "confirm", true)));
        assertEquals("confirmation_required", noConfirmFlag.get("status"), "a boolean confirm does nothing");
        assertEquals(0, scalar(editor, "SELECT COUNT(*) FROM orders WHERE remark = 'y'"));
    }

    @Test
    void elicitationAcceptedDeclinedAndUnsupported() {
        Map<String, Object> a = args("table_name", "orders", "updates", Map.of("remark", "问过了"), "all_rows", true);
        answer = "decline";
        Map<String, Object> declined = ok(Dist.call(asking, "update_rows", a));
        assertEquals("declined", declined.get("status"));
        assertNull(declined.get("confirmation"));
        assertEquals(0, scalar(asking, "SELECT COUNT(*) FROM orders WHERE remark = '问过了'"));
        assertTrue(asked.get(0).message().startsWith("Update 1,200 rows of PUBLIC.ORDERS?"), asked.get(0).message());
        answer = "cancel";
        assertEquals("declined", ok(Dist.call(asking, "update_rows", a)).get("status"));
        answer = "accept";
        Map<String, Object> accepted = ok(Dist.call(asking, "update_rows", a));
        assertEquals("applied", accepted.get("status"));
        assertEquals(1200, scalar(asking, "SELECT COUNT(*) FROM orders WHERE remark = '问过了'"));
        assertEquals(3, asked.size());
        // A client without elicitation gets the token round trip instead.
        Map<String, Object> unsupported = ok(Dist.call(editor, "update_rows", a));
        assertEquals("confirmation_required", unsupported.get("status"));
        assertNotNull(token(unsupported));
    }

    static final List<String> WHERE_CORPUS = List.of("1=1; DROP TABLE orders", "1=1 -- ", "order_id = 1 /* x */",
            "1=1) OR (1=1", "order_id IN (DELETE FROM orders)", "EXISTS (SELECT 1 FROM orders FOR UPDATE)",
            "1=(SELECT 1 INTO newtable)", "status = '已完成'; UPDATE orders SET remark = 'z'; --'", "order_id = $$1$$",
            "order_id = 1 UNION SELECT 1; TRUNCATE TABLE payments", "CSVWRITE('/tmp/x', 'SELECT 1') = 0");
    static final List<String> HOSTILE_NAMES = List.of("orders; DROP TABLE orders", "orders\" WHERE 1=1 --",
            "(SELECT * FROM orders)", "PUBLIC.orders--");

    @Test
    void theInjectionCorpusIsRefusedThroughTheToolsAndNothingChanges() {
        long orders = scalar(editor, "SELECT COUNT(*) FROM orders");
        long remarks = scalar(editor, "SELECT COUNT(*) FROM orders WHERE remark = 'z'");
        for (String where : WHERE_CORPUS) {
            for (String tool : List.of("update_rows", "delete_rows")) {
                Map<String, Object> a = args("table_name", "orders", "where", where);
                if (tool.equals("update_rows")) {
                    a.put("updates", Map.of("remark", "z"));
                }
                error(Dist.call(editor, tool, a));
            }
        }
        for (String name : HOSTILE_NAMES) {
            String e = error(Dist.call(editor, "delete_rows", args("table_name", name, "filter", Map.of("order_id", 1))));
            assertTrue(e.contains("No such table") || e.contains("name"), e);
            String c = error(Dist.call(editor, "insert_rows", args("table_name", "categories", "rows",
                    Map.of("category_id", 90, name, "x"))));
            assertTrue(c.contains("No such column"), c);
        }
        assertEquals(orders, scalar(editor, "SELECT COUNT(*) FROM orders"));
        assertEquals(remarks, scalar(editor, "SELECT COUNT(*) FROM orders WHERE remark = 'z'"));
        assertEquals(0, scalar(editor, "SELECT COUNT(*) FROM categories WHERE category_id = 90"));
    }

    @Test
    void readOnlyModeAndTheDataAnalystRoleAreRefusedWithTheWayOut(@TempDir Path own) {
        McpSyncClient ro = Dist.stdio(Dist.home(), Dist.env(own.resolve("ro"), Map.of()));
        McpSyncClient analyst = Dist.stdio(Dist.home(), Dist.env(own.resolve("an"),
                Map.of("XUGU_MCP_STDIO_ROLE", "data_analyst")), "--read-write");
        try {
            for (String tool : List.of("insert_rows", "update_rows", "delete_rows", "upsert_rows", "truncate_table",
                    "bulk_import")) {
                Map<String, Object> a = args("table_name", "categories", "rows", Map.of("category_id", 70, "name", "x"),
                        "updates", Map.of("name", "y"), "filter", Map.of("category_id", 1), "data",
                        List.of(Map.of("category_id", 71, "name", "z")));
                String m = error(Dist.call(ro, tool, a));
                assertTrue(m.contains("read-only mode") && m.contains("read-write"), tool + ": " + m);
                String n = error(Dist.call(analyst, tool, a));
                assertTrue(n.contains("role 'data_analyst'") && n.contains("XUGU_MCP_STDIO_ROLE"), tool + ": " + n);
            }
            assertEquals(0, scalar(ro, "SELECT COUNT(*) FROM categories WHERE category_id >= 70"));
        } finally {
            ro.closeGracefully();
            analyst.closeGracefully();
        }
    }

    @Test
    void aDeveloperTruncatesOnlyWithConfirmationAndEveryPhaseIsAudited(@TempDir Path own) throws Exception {
        Path home = own.resolve("dev");
        McpSyncClient dev = Dist.stdio(Dist.home(), Dist.env(home, Map.of("XUGU_MCP_STDIO_ROLE", "developer")),
                "--read-write");
        try {
            long rows = scalar(dev, "SELECT COUNT(*) FROM payments");
            Map<String, Object> held = ok(Dist.call(dev, "truncate_table", args("table_name", "payments")));
            assertEquals("confirmation_required", held.get("status"));
            assertEquals(rows, ((Number) held.get("affectedRows")).longValue());
            assertEquals(rows, scalar(dev, "SELECT COUNT(*) FROM payments"));
            Map<String, Object> done = ok(Dist.call(dev, "truncate_table", args("table_name", "payments",
                    "confirm_token", token(held))));
            assertEquals("applied", done.get("status"));
            assertEquals(0, scalar(dev, "SELECT COUNT(*) FROM payments"));
            String again = error(Dist.call(dev, "truncate_table", args("table_name", "payments",
                    "confirm_token", token(held))));
            assertTrue(again.contains("already used"), again);
        } finally {
            dev.closeGracefully();
        }
        Path file = Audits.file(home);
        Audits.awaitCleanEnd(file);
        List<Map<String, Object>> writes = Audits.where(Audits.records(file), Audits.action("write"));
        Predicate<Map<String, Object>> truncate = r -> "TRUNCATE".equals(r.get("change"));
        List<String> phases = new ArrayList<>();
        for (Map<String, Object> r : writes) {
            if (truncate.test(r)) {
                phases.add(r.get("phase") + ":" + r.get("outcome"));
            }
        }
        assertEquals(List.of("preview:held", "confirmation:accepted", "commit:committed", "confirmation:refused"), phases);
        String id = (String) writes.stream().filter(truncate).findFirst().orElseThrow().get("confirmationId");
        assertEquals(4, writes.stream().filter(truncate).filter(r -> id.equals(r.get("confirmationId"))).count(),
                "one id ties preview, confirmation, commit and the refused reuse");
        assertTrue(Audits.records(file).stream().anyMatch(r -> "statement".equals(r.get("action"))
                && "commit".equals(r.get("phase")) && id.equals(r.get("confirmationId"))
                && String.valueOf(r.get("sql")).startsWith("TRUNCATE TABLE")), "the TRUNCATE statement record");
        assertEquals(0, Audits.verify(file).exit(), "the trail still verifies");
    }
}
