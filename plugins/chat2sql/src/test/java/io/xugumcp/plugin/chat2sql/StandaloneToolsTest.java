package io.xugumcp.plugin.chat2sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each standalone tool with a scripted model on the demo shop: what it sends, what it checks, what it answers. */
class StandaloneToolsTest {
    private static Host host;

    @BeforeAll
    static void setUp() throws Exception {
        host = new Host();
    }

    @AfterAll
    static void tearDown() throws Exception {
        host.close();
    }

    private static ToolResult run(String tool, Map<String, Object> args, ScriptedLlm llm) throws Exception {
        List<Tool> tools = new Chat2SqlTools(host.context(Map.of("mode", "standalone"), llm)).tools();
        return Host.run(tools, tool, host.call(tool, args, llm));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void listsBothSetsInStandaloneModeWithAModel() {
        List<String> names = new Chat2SqlTools(host.context(Map.of("mode", "standalone"), new ScriptedLlm())).tools()
                .stream().map(Tool::name).toList();
        assertEquals(15, names.size(), names.toString());
        assertTrue(names.containsAll(List.of("natural_language_query", "suggest_query", "explain_sql", "validate_sql",
                "optimize_query", "fix_sql", "get_schema_context", "clear_schema_cache", "get_schema_info",
                "get_schema_for_llm", "validate_sql_only")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new Chat2SqlTools(host.context(
                Map.of("mode", "turbo"), new ScriptedLlm())));
        assertTrue(bad.getMessage().contains("CHAT2SQL_MODE"), bad.getMessage());
    }

    @Test
    void fixSqlCorrectsFromTheErrorAndTheNameCheck() throws Exception {
        ScriptedLlm llm = new ScriptedLlm().sql("SELECT order_id, total_amount FROM orders WHERE total_amount > 100",
                "TOTAL was TOTAL_AMOUNT.");
        ToolResult r = run("fix_sql", Map.of("sql", "SELECT order_id, total FROM orders WHERE total > 100",
                "error_message", "Column \"TOTAL\" not found; value 100 in '13800001111'"), llm);
        assertEquals("ok", map(r.structured()).get("status"));
        String sent = llm.allPrompts();
        assertTrue(sent.contains("No column TOTAL in ORDERS") || sent.contains("No column total in ORDERS"), sent);
        assertTrue(sent.contains("TOTAL_AMOUNT"), sent);
        assertFalse(sent.contains("13800001111"), "error literals stripped");
    }

    @Test
    void explainValidateAndOptimiseGoThroughTheModelWithChecks() throws Exception {
        ScriptedLlm explain = new ScriptedLlm().text("统计每个收货城市的订单金额合计。");
        Map<String, Object> e = map(run("explain_sql", Map.of("sql",
                "SELECT shipping_city, SUM(total_amount) FROM orders GROUP BY shipping_city"), explain).structured());
        assertEquals("统计每个收货城市的订单金额合计。", e.get("explanation"));
        assertEquals(List.of("ORDERS"), e.get("tables"));
        assertTrue(explain.allPrompts().contains("«收货城市»"));

        ScriptedLlm review = new ScriptedLlm().text("- The join has no condition.");
        Map<String, Object> v = map(run("validate_sql", Map.of("sql",
                "SELECT c.name FROM customers c, orders o LIMIT 5"), review).structured());
        assertEquals(true, v.get("valid"), "it runs; the review is the model's");
        assertEquals("- The join has no condition.", v.get("review"));

        ScriptedLlm optimise = new ScriptedLlm().sql("SELECT order_id FROM orders WHERE ordered_at >= DATE '2024-01-01'"
                + " AND ordered_at < DATE '2025-01-01' LIMIT 100", "Range instead of YEAR().");
        Map<String, Object> o = map(run("optimize_query", Map.of("sql",
                "SELECT order_id FROM orders WHERE YEAR(ordered_at) = 2024"), optimise).structured());
        assertEquals("ok", map(o.get("rewrite")).get("status"));
        assertTrue(((List<?>) o.get("review")).toString().contains("non_sargable"));
        assertTrue(optimise.allPrompts().contains("【Plan (EXPLAIN)】"), optimise.allPrompts());
        ToolException bad = assertThrows(ToolException.class, () -> run("optimize_query",
                Map.of("sql", "SELECT nope FROM orders"), new ScriptedLlm()));
        assertEquals("invalid_argument", bad.code());
    }

    @Test
    void suggestQueryNeverExecutes() throws Exception {
        ScriptedLlm llm = new ScriptedLlm().sql("SELECT COUNT(*) FROM customers WHERE is_vip", "VIP count.");
        Map<String, Object> out = map(run("suggest_query", Map.of("question", "有多少会员客户"), llm).structured());
        assertEquals("ok", out.get("status"));
        assertEquals(false, out.get("executed"));
    }

    @Test
    void schemaContextCacheAndInfo() throws Exception {
        Map<String, Object> ctx = map(run("get_schema_context", Map.of("query", "支付方式", "token_budget", 250),
                new ScriptedLlm()).structured());
        assertEquals("PAYMENTS", map(((List<?>) ctx.get("tables")).get(0)).get("name"));
        Map<String, Object> cleared = map(run("clear_schema_cache", Map.of(), new ScriptedLlm()).structured());
        assertEquals(true, cleared.get("cleared"));
        assertEquals(9, cleared.get("tables"));
        Map<String, Object> info = map(run("get_schema_info", Map.of(), new ScriptedLlm()).structured());
        assertEquals(9, info.get("tableCount"));
        assertEquals("scripted", info.get("provider"));
        assertEquals(true, info.get("modelAvailable"));
    }
}
