package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat2SQL through the MCP SDK client against the built distribution: every lightweight tool and both prompts (with
 * completion) on the H2 demo database and on PostgreSQL, in a schema of its own whose names are pinyin abbreviations
 * and whose meaning lives in Chinese comments – the common case the linking is built for. The PostgreSQL server runs
 * with a table deny rule and a synonym file, which linking must honour.
 */
class Chat2SqlIT {
    static final String URL = PostgresIT.ADMIN_URL;
    static final String USER = PostgresIT.USER;
    static final String SCHEMA = "xmcp_c2s_" + Long.toString(System.nanoTime(), 36);
    static final List<String> LIGHTWEIGHT = List.of("execute_validated_sql", "get_lightweight_mode_info",
            "get_schema_for_llm", "get_table_schema_for_llm", "suggest_sql_from_schema", "validate_sql_only");
    static final List<String> STANDALONE = List.of("clear_schema_cache", "explain_sql", "fix_sql", "get_schema_context",
            "get_schema_info", "natural_language_query", "optimize_query", "suggest_query", "validate_sql");

    @TempDir
    static Path dir;
    static McpSyncClient demo;
    static McpSyncClient pg;

    @BeforeAll
    static void setUp() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA);
            s.execute("CREATE TABLE kh (id int PRIMARY KEY, xm text NOT NULL, sjh varchar(20), cs text)");
            s.execute("CREATE TABLE dd (id int PRIMARY KEY, kh_id int NOT NULL REFERENCES kh(id), je numeric(12,2),"
                    + " xdsj timestamp, zt varchar(10))");
            s.execute("CREATE TABLE dd_mx (dd_id int REFERENCES dd(id), hh int, sp text, sl int, PRIMARY KEY (dd_id, hh))");
            s.execute("CREATE TABLE gz (yg text, yf int, je numeric(12,2))");
            s.execute("COMMENT ON TABLE kh IS '客户'");
            s.execute("COMMENT ON COLUMN kh.xm IS '客户姓名'");
            s.execute("COMMENT ON COLUMN kh.sjh IS '手机号码'");
            s.execute("COMMENT ON COLUMN kh.cs IS '所在城市'");
            s.execute("COMMENT ON TABLE dd IS '订单'");
            s.execute("COMMENT ON COLUMN dd.kh_id IS '下单客户'");
            s.execute("COMMENT ON COLUMN dd.je IS '订单金额（元）'");
            s.execute("COMMENT ON COLUMN dd.xdsj IS '下单时间'");
            s.execute("COMMENT ON COLUMN dd.zt IS '订单状态'");
            s.execute("COMMENT ON TABLE dd_mx IS '订单明细'");
            s.execute("COMMENT ON COLUMN dd_mx.sp IS '商品名称'");
            s.execute("COMMENT ON COLUMN dd_mx.sl IS '数量'");
            s.execute("COMMENT ON TABLE gz IS '员工工资'");
            s.execute("INSERT INTO kh SELECT g, '客户' || g, '138' || lpad(g::text, 8, '0'),"
                    + " CASE WHEN g % 2 = 0 THEN '上海' ELSE '北京' END FROM generate_series(1, 40) g");
            s.execute("INSERT INTO dd SELECT g, 1 + g % 40, g * 10.5, now(), '已付款' FROM generate_series(1, 200) g");
            s.execute("INSERT INTO dd_mx SELECT g, 1, '商品' || g, 2 FROM generate_series(1, 200) g");
            s.execute("INSERT INTO gz VALUES ('张三', 1, 9000)");
            s.execute("ANALYZE kh");
            s.execute("ANALYZE dd");
        }
        Path synonyms = dir.resolve("synonyms.txt");
        Files.writeString(synonyms, "销售额 = dd.je\nGMV = dd.je\n");
        Path config = dir.resolve("application.conf");
        Files.writeString(config, "xugu-mcp.catalog.linking.synonyms-file = \"" + synonyms + "\"\n"
                + "xugu-mcp.security.roles.data_analyst.tables = [ { pattern = \"" + SCHEMA + ".gz\", deny = [SELECT] } ]\n");
        demo = Dist.stdio(Dist.home(), Dist.env(dir.resolve("demo"), Map.of()));
        pg = Dist.stdio(Dist.home(), Dist.env(dir.resolve("pg"), Map.of("XUGU_DB_URL", URL + "?currentSchema=" + SCHEMA,
                "XUGU_DB_USER", USER)), "--config", config.toString());
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (McpSyncClient c : new McpSyncClient[] {demo, pg}) {
            if (c != null) {
                c.closeGracefully();
            }
        }
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    static Map<String, Object> ok(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = Dist.call(c, tool, args);
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + ": " + Dist.text(r));
        assertNotNull(r.structuredContent(), tool);
        return Dist.structured(r);
    }

    static String error(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = Dist.call(c, tool, args);
        assertEquals(Boolean.TRUE, r.isError(), tool + " should fail: " + Dist.text(r));
        String text = Dist.text(r);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no Java internals: " + text);
        return text;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static List<String> names(Object tables) {
        return maps(tables).stream().map(t -> (String) t.get("name")).toList();
    }

    @Test
    void lightweightModeListsItsReadOnlyToolsAndNoModelTools() {
        for (McpSyncClient c : List.of(demo, pg)) {
            List<McpSchema.Tool> tools = c.listTools().tools().stream().filter(t -> LIGHTWEIGHT.contains(t.name())
                    || STANDALONE.contains(t.name())).toList();
            assertEquals(LIGHTWEIGHT, tools.stream().map(McpSchema.Tool::name).sorted().toList());
            for (McpSchema.Tool t : tools) {
                assertEquals(Boolean.TRUE, t.annotations().readOnlyHint(), t.name());
            }
        }
    }

    @Test
    void everyLightweightToolOnTheDemoDatabase() {
        Map<String, Object> schema = ok(demo, "get_schema_for_llm", Map.of("question", "每个城市的订单总额",
                "token_budget", 300));
        assertEquals("ORDERS", names(schema.get("tables")).get(0));
        assertTrue(((String) schema.get("schemaText")).contains("«收货城市»"));
        assertEquals("CUSTOMERS", names(ok(demo, "get_schema_for_llm", Map.of("question", "手机号以138开头的客户",
                "token_budget", 300)).get("tables")).get(0));

        Map<String, Object> table = ok(demo, "get_table_schema_for_llm", Map.of("table_name", "payments"));
        assertTrue(((String) table.get("schemaText")).contains("(METHOD:VARCHAR, «支付方式»)"));

        Map<String, Object> invalid = ok(demo, "validate_sql_only", Map.of("sql", "SELECT customer_name, mobile FROM customers"));
        assertEquals(false, invalid.get("valid"));
        List<Map<String, Object>> unknown = maps(map(invalid.get("names")).get("unknown"));
        assertEquals(List.of("CUSTOMERS.PHONE"), unknown.get(1).get("byMeaning"));
        assertTrue(((List<?>) unknown.get(0).get("byMeaning")).contains("CUSTOMERS.NAME"));

        Map<String, Object> rows = ok(demo, "execute_validated_sql", Map.of("sql",
                "SELECT shipping_city, SUM(total_amount) AS total FROM orders GROUP BY shipping_city", "limit", 3));
        assertEquals(3, rows.get("rowCount"));
        assertTrue(error(demo, "execute_validated_sql", Map.of("sql", "DELETE FROM orders")).contains("Not run"));
        assertTrue(error(demo, "execute_validated_sql", Map.of("sql", "SELECT mobile FROM customers"))
                .contains("CUSTOMERS.PHONE"));

        Map<String, Object> review = ok(demo, "suggest_sql_from_schema", Map.of("question", "每个客户的订单数",
                "sql", "SELECT c.name, COUNT(*) FROM customers c, orders o GROUP BY c.name"));
        assertEquals(false, review.get("ok"));
        assertTrue(maps(review.get("suggestions")).stream().anyMatch(s -> s.get("code").equals("missing_join_condition")));

        Map<String, Object> info = ok(demo, "get_lightweight_mode_info", Map.of());
        assertEquals("lightweight", info.get("mode"));
        assertEquals("h2", info.get("dialect"));
    }

    @Test
    void everyLightweightToolOnPostgresWithPinyinNamesDenyRulesAndSynonyms() {
        Map<String, Object> whole = ok(pg, "get_schema_for_llm", Map.of("question", "每个城市的订单总额"));
        assertEquals(true, whole.get("wholeSchema"));
        assertFalse(names(whole.get("tables")).contains("gz"), "a denied table is never linked");
        assertFalse(((String) whole.get("schemaText")).contains("员工工资"));

        Map<String, Object> linked = ok(pg, "get_schema_for_llm", Map.of("question", "每个城市的订单总额",
                "max_tables", 1));
        assertEquals(false, linked.get("wholeSchema"), "a cap below the table count means linking");
        assertEquals("dd", names(linked.get("tables")).get(0), linked.toString());
        assertTrue(names(linked.get("tables")).contains("kh"), "the customers an order points to: " + linked);

        Map<String, Object> sales = ok(pg, "get_schema_for_llm", Map.of("question", "上个月的GMV", "max_tables", 1));
        Map<String, Object> first = maps(sales.get("tables")).get(0);
        assertEquals("dd", first.get("name"));
        assertTrue(((List<?>) first.get("matchedBy")).contains("synonym"), first.toString());

        Map<String, Object> table = ok(pg, "get_table_schema_for_llm", Map.of("table_name", "DD"));
        assertTrue(((String) table.get("schemaText")).contains("(je:numeric, «订单金额（元）»)"), table.toString());
        assertTrue(((String) table.get("schemaText")).contains(SCHEMA + ".dd.kh_id=" + SCHEMA + ".kh.id"));

        Map<String, Object> invalid = ok(pg, "validate_sql_only", Map.of("sql", "SELECT xm, mobile FROM kh"));
        assertEquals(false, invalid.get("valid"));
        Map<String, Object> mobile = maps(map(invalid.get("names")).get("unknown")).get(0);
        assertEquals("mobile", mobile.get("name"));
        assertEquals(List.of("kh.sjh"), mobile.get("byMeaning"), "手机号码");
        Map<String, Object> valid = ok(pg, "validate_sql_only", Map.of("sql", "SELECT xm, sjh FROM kh WHERE sjh LIKE '138%' LIMIT 5"));
        assertEquals(true, valid.get("valid"), valid.toString());
        assertTrue(((String) map(valid.get("explain")).get("plan")).contains("kh"));

        Map<String, Object> denied = ok(pg, "validate_sql_only", Map.of("sql", "SELECT je FROM gz"));
        assertEquals("permission", denied.get("failedAt"));
        assertTrue(error(pg, "execute_validated_sql", Map.of("sql", "SELECT je FROM gz")).contains("may not read"));

        Map<String, Object> rows = ok(pg, "execute_validated_sql", Map.of("sql",
                "SELECT k.cs, SUM(d.je) AS total FROM dd d JOIN kh k ON k.id = d.kh_id GROUP BY k.cs ORDER BY k.cs"));
        assertEquals(2, rows.get("rowCount"));
        assertEquals(List.of("dd", "kh"), rows.get("tables"));

        Map<String, Object> review = ok(pg, "suggest_sql_from_schema", Map.of("sql",
                "SELECT k.xm, d.je FROM kh k, dd d WHERE upper(k.cs) = '上海'"));
        List<String> codes = maps(review.get("suggestions")).stream().map(s -> (String) s.get("code")).toList();
        assertTrue(codes.containsAll(List.of("missing_join_condition", "non_sargable")), codes.toString());
        assertTrue(maps(review.get("suggestions")).get(0).get("fix").toString().contains("d.kh_id = k.id"), review.toString());

        assertEquals("postgresql", ok(pg, "get_lightweight_mode_info", Map.of()).get("dialect"));
    }

    @Test
    void promptsAreListedRenderedAndCompleteTableNames() {
        for (McpSyncClient c : List.of(demo, pg)) {
            List<String> prompts = c.listPrompts().prompts().stream().map(McpSchema.Prompt::name).sorted().toList();
            assertTrue(prompts.containsAll(List.of("fix_sql", "text_to_sql")), prompts.toString());
        }
        McpSchema.GetPromptResult q = demo.getPrompt(new McpSchema.GetPromptRequest("text_to_sql",
                Map.of("question", "每个城市的订单总额")));
        String text = ((McpSchema.TextContent) q.messages().get(0).content()).text();
        assertTrue(text.contains("【Schema】") && text.contains("# Table: PUBLIC.ORDERS, «订单»")
                && text.contains("【Question】\n每个城市的订单总额"), text);

        McpSchema.GetPromptResult f = pg.getPrompt(new McpSchema.GetPromptRequest("fix_sql",
                Map.of("sql", "SELECT xm, mobile FROM kh", "error", "ERROR: column \"mobile\" does not exist")));
        String fix = ((McpSchema.TextContent) f.messages().get(0).content()).text();
        assertTrue(fix.contains("No column mobile in kh") && fix.contains("kh.sjh"), fix);
        assertFalse(fix.contains("员工工资"), "the denied table stays out");

        McpSchema.CompleteResult names = demo.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("fix_sql"), new McpSchema.CompleteRequest.CompleteArgument("sql",
                "SELECT * FROM ord")));
        assertEquals(List.of("SELECT * FROM ORDERS", "SELECT * FROM ORDER_ITEMS"), names.completion().values());
        McpSchema.CompleteResult chinese = pg.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("text_to_sql"), new McpSchema.CompleteRequest.CompleteArgument("question",
                "每个订")));
        assertEquals(List.of("每个订单", "每个订单明细"), chinese.completion().values());
    }

    @Test
    void standaloneModeWithoutAProviderListsNoModelTools() {
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("standalone"), Map.of("CHAT2SQL_MODE", "standalone")));
        try {
            List<String> names = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(names.containsAll(LIGHTWEIGHT));
            assertTrue(names.stream().noneMatch(STANDALONE::contains), names.toString());
        } finally {
            c.closeGracefully();
        }
    }
}
