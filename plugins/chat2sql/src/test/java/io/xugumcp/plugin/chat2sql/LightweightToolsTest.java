package io.xugumcp.plugin.chat2sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Content;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.llm.Llm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lightweight tools and the prompts on the demo shop, through the real host services. */
class LightweightToolsTest {
    private static Host host;
    private static List<Tool> tools;

    @BeforeAll
    static void setUp() throws Exception {
        host = new Host();
        tools = new Chat2SqlTools(host.context(Map.of(), Llm.none("none"))).tools();
    }

    @AfterAll
    static void tearDown() throws Exception {
        host.close();
    }

    private static ToolResult run(String tool, Map<String, Object> args) throws Exception {
        return Host.run(tools, tool, host.call(tool, args, Llm.none("none")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private static String text(ToolResult r) {
        return ((Content.Text) r.content().get(0)).text();
    }

    @Test
    void listsTheLightweightToolsOnlyInLightweightMode() {
        assertEquals(List.of("get_schema_for_llm", "get_table_schema_for_llm", "validate_sql_only",
                "execute_validated_sql", "suggest_sql_from_schema", "get_lightweight_mode_info"),
                tools.stream().map(Tool::name).toList());
        assertTrue(tools.stream().allMatch(t -> t.annotations().readOnly() && t.outputSchema() != null));
    }

    @Test
    void schemaForAChineseQuestionLinksTheRightTablesWithinTheBudget() throws Exception {
        Map<String, Object> whole = map(run("get_schema_for_llm", Map.of("question", "每个城市的订单总额")).structured());
        assertEquals(true, whole.get("wholeSchema"), "the demo schema fits the default budget whole");
        assertEquals("ORDERS", maps(whole.get("tables")).get(0).get("name"));

        ToolResult r = run("get_schema_for_llm", Map.of("question", "每个城市的订单总额", "token_budget", 300));
        Map<String, Object> out = map(r.structured());
        assertEquals(false, out.get("wholeSchema"));
        assertEquals("ORDERS", maps(out.get("tables")).get(0).get("name"));
        assertTrue(((Number) out.get("estimatedTokens")).intValue() <= 300);
        String schemaText = (String) out.get("schemaText");
        assertTrue(schemaText.contains("(SHIPPING_CITY:VARCHAR, «收货城市»)")
                && schemaText.contains("(TOTAL_AMOUNT:DECIMAL, «订单金额（元）»)"), schemaText);
        assertTrue(((List<?>) out.get("rules")).stream().anyMatch(x -> x.toString().contains("« »")));
        assertTrue(text(r).contains("【Question】\n每个城市的订单总额"));
        assertFalse(schemaText.contains("Examples"), "no row values by default");

        Map<String, Object> phones = map(run("get_schema_for_llm", Map.of("question", "手机号以138开头的客户",
                "token_budget", 300)).structured());
        assertEquals("CUSTOMERS", maps(phones.get("tables")).get(0).get("name"));
        assertTrue(((String) phones.get("schemaText")).contains("(PHONE:VARCHAR, «手机号码»)"));
    }

    @Test
    void oneTableForTheModel() throws Exception {
        Map<String, Object> out = map(run("get_table_schema_for_llm", Map.of("table_name", "orders")).structured());
        assertEquals("ORDERS", out.get("table"));
        String text = (String) out.get("schemaText");
        assertTrue(text.contains("(ORDER_ID:INTEGER, «订单编号», Primary Key)"), text);
        assertTrue(((List<?>) out.get("referencedBy")).contains("ORDER_ITEMS(ORDER_ID)"));
        ToolException e = assertThrows(ToolException.class, () -> run("get_table_schema_for_llm",
                Map.of("table_name", "ordrs")));
        assertEquals("not_found", e.code());
        assertTrue(e.getMessage().contains("ORDERS"), e.getMessage());
    }

    @Test
    void validateSqlOnlyCatchesUnknownColumnsAndSuggestsTheRightOnes() throws Exception {
        ToolResult r = run("validate_sql_only", Map.of("sql",
                "SELECT c.customer_name, c.mobile FROM customers c WHERE c.city = '上海'"));
        Map<String, Object> out = map(r.structured());
        assertEquals(false, out.get("valid"));
        assertEquals("names", out.get("failedAt"));
        List<Map<String, Object>> unknown = maps(map(out.get("names")).get("unknown"));
        assertEquals(List.of("customer_name", "mobile"), unknown.stream().map(u -> u.get("name")).toList());
        assertTrue(((List<?>) unknown.get(0).get("byMeaning")).contains("CUSTOMERS.NAME"), unknown.toString());
        assertEquals(List.of("CUSTOMERS.PHONE"), unknown.get(1).get("byMeaning"));
        assertEquals(false, map(out.get("explain")).get("ran"), "nothing runs on names that do not exist");
        assertTrue(text(r).contains("Did you mean"), text(r));

        Map<String, Object> ok = map(run("validate_sql_only", Map.of("sql",
                "SELECT c.name, c.phone FROM customers c WHERE c.city = '上海' LIMIT 10")).structured());
        assertEquals(true, ok.get("valid"));
        assertEquals(true, map(ok.get("explain")).get("ran"));
        assertTrue(((String) map(ok.get("explain")).get("plan")).contains("CUSTOMERS"));

        Map<String, Object> delete = map(run("validate_sql_only", Map.of("sql", "DELETE FROM orders")).structured());
        assertEquals("guard", delete.get("failedAt"));
        assertEquals("DELETE", map(delete.get("guard")).get("kind"));
        Map<String, Object> two = map(run("validate_sql_only", Map.of("sql", "SELECT 1; SELECT 2")).structured());
        assertTrue(((List<?>) two.get("problems")).get(0).toString().contains("2 statements"), two.toString());
    }

    @Test
    void executeValidatedSqlRunsOnlyCheckedReads() throws Exception {
        ToolResult r = run("execute_validated_sql", Map.of("sql", "SELECT order_id, status FROM orders ORDER BY order_id",
                "limit", 3));
        Map<String, Object> out = map(r.structured());
        assertEquals(3, out.get("rowCount"));
        assertEquals(true, out.get("truncated"));
        assertEquals(List.of("ORDERS"), out.get("tables"));

        long before = host.count("orders");
        ToolException write = assertThrows(ToolException.class, () -> run("execute_validated_sql",
                Map.of("sql", "DELETE FROM orders")));
        assertEquals("not_a_read", write.code());
        assertEquals(before, host.count("orders"));
        ToolException names = assertThrows(ToolException.class, () -> run("execute_validated_sql",
                Map.of("sql", "SELECT totl FROM orders")));
        assertEquals("not_found", names.code());
        assertTrue(names.getMessage().contains("Did you mean ORDERS.TOTAL_AMOUNT"), names.getMessage());
    }

    @Test
    void suggestSqlFromSchemaReviewsADraftDeterministically() throws Exception {
        Map<String, Object> out = map(run("suggest_sql_from_schema", Map.of("question", "每个客户的订单数",
                "sql", "SELECT c.name, COUNT(*) FROM customers c, orders o GROUP BY c.name")).structured());
        assertEquals(false, out.get("ok"));
        List<Map<String, Object>> s = maps(out.get("suggestions"));
        Map<String, Object> join = s.stream().filter(x -> x.get("code").equals("missing_join_condition")).findFirst()
                .orElseThrow(() -> new AssertionError(s.toString()));
        assertTrue(join.get("fix").toString().contains("o.CUSTOMER_ID = c.CUSTOMER_ID"), join.toString());

        Map<String, Object> slow = map(run("suggest_sql_from_schema", Map.of("sql",
                "SELECT * FROM products WHERE UPPER(sku) = 'SKU-1' AND YEAR(launched_on) = 2024")).structured());
        List<String> codes = maps(slow.get("suggestions")).stream().map(x -> (String) x.get("code")).toList();
        assertTrue(codes.containsAll(List.of("non_sargable")), codes.toString());
        assertEquals(true, slow.get("ok"), "remarks, not errors");
        assertTrue(maps(slow.get("suggestions")).stream().anyMatch(x -> x.get("code").equals("non_sargable")
                && x.get("message").toString().contains("UK_PRODUCTS_SKU") && x.get("severity").equals("warning")),
                slow.toString());

        Map<String, Object> unknown = map(run("suggest_sql_from_schema", Map.of("sql",
                "SELECT custmer_id FROM ordrs")).structured());
        assertTrue(maps(unknown.get("suggestions")).stream().anyMatch(x -> x.get("code").equals("unknown_table")
                && x.get("fix").toString().contains("ORDERS")), unknown.toString());

        Map<String, Object> missing = map(run("suggest_sql_from_schema", Map.of("question", "每个供应商的商品数量",
                "sql", "SELECT supplier_id, COUNT(*) FROM products GROUP BY supplier_id")).structured());
        assertTrue(maps(missing.get("suggestions")).stream().anyMatch(x -> x.get("code").equals("question_table_unused")
                && x.get("message").toString().contains("SUPPLIERS")), missing.toString());
    }

    @Test
    void modeInfoSaysHowItWorks() throws Exception {
        Map<String, Object> out = map(run("get_lightweight_mode_info", Map.of()).structured());
        assertEquals("lightweight", out.get("mode"));
        assertEquals(false, out.get("standaloneTools"));
        assertEquals(false, out.get("sampleValues"));
        assertEquals("h2", out.get("dialect"));
    }

    @Test
    void promptsRenderLinkedSchemaAndFixesAndCompleteTableNames() throws Exception {
        List<Prompt> prompts = new Chat2SqlPrompts(host.context(Map.of(), Llm.none("none"))).prompts();
        assertEquals(List.of("text_to_sql", "fix_sql"), prompts.stream().map(Prompt::name).toList());
        Prompt.Result q = prompts.get(0).handler().render(Map.of("question", "每个城市的订单总额"), host.caller);
        String text = ((Content.Text) q.messages().get(0).content()).text();
        assertTrue(text.contains("【Rules】") && text.contains("# Table: PUBLIC.ORDERS, «订单»")
                && text.contains("【Question】\n每个城市的订单总额"), text);

        Prompt.Result f = prompts.get(1).handler().render(Map.of("sql", "SELECT totl FROM ordrs WHERE id = 42",
                "error", "Table \"ORDRS\" not found; value 42 in 'x13812345678'"), host.caller);
        String fix = ((Content.Text) f.messages().get(0).content()).text();
        assertTrue(fix.contains("No table or view ordrs") && fix.contains("ORDERS"), fix);
        assertTrue(fix.contains("# Table: PUBLIC.ORDERS"), "the suggested table's schema: " + fix);
        assertFalse(fix.contains("13812345678"), "literals stripped from the error");

        assertEquals(List.of("SELECT * FROM ORDERS", "SELECT * FROM ORDER_ITEMS"),
                prompts.get(1).completers().get("sql").complete("SELECT * FROM ord", Map.of(), host.caller));
        assertEquals(List.of("每个订单", "每个订单明细", "每个订单汇总视图"),
                prompts.get(0).completers().get("question").complete("每个订", Map.of(), host.caller));
        assertEquals(List.of(), prompts.get(0).completers().get("question").complete("zzz", Map.of(), host.caller));
    }

    @Test
    void tableCompletionOffersOnlyTablesTheCallerMayRead() {
        List<Prompt> prompts = new Chat2SqlPrompts(host.context(Map.of(), Llm.none("none"))).prompts();
        Caller denied = new Caller("t", "no_items", "stdio");   // its role denies ORDER_ITEMS
        assertEquals(List.of("SELECT * FROM ORDERS"),
                prompts.get(1).completers().get("sql").complete("SELECT * FROM ord", Map.of(), denied));
        assertEquals(List.of("每个订单", "每个订单汇总视图"),
                prompts.get(0).completers().get("question").complete("每个订", Map.of(), denied));
        assertEquals(List.of(), prompts.get(1).completers().get("sql").complete("SELECT * FROM ord", Map.of()),
                "without a caller nothing is offered");
    }
}
