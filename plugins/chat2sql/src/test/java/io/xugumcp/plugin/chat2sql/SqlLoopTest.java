package io.xugumcp.plugin.chat2sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone loop with a scripted model, on the real guard, catalog and database service over the demo shop: what
 * the model is told, when the loop stops, and that nothing but checked reads ever runs.
 */
class SqlLoopTest {
    private Host host;

    @BeforeEach
    void setUp() throws Exception {
        host = new Host();
    }

    @AfterEach
    void tearDown() throws Exception {
        host.close();
    }

    private List<Tool> standalone(Settings settings, Llm llm) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("mode", "standalone"));
        if (settings.sampleValues()) {
            config.put("sample-values", "true");
        }
        return new Chat2SqlTools(host.context(config, llm)).tools();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(ToolResult r) {
        return (Map<String, Object>) r.structured();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rounds(ToolResult r) {
        return (List<Map<String, Object>>) map(r).get("rounds");
    }

    private ToolResult ask(ScriptedLlm llm, Map<String, Object> args) throws Exception {
        return Host.run(standalone(Settings.DEFAULTS, llm), "natural_language_query",
                host.call("natural_language_query", args, llm));
    }

    @Test
    void aWrongColumnIsFixedInRoundTwoFromTheNameCheck() throws Exception {
        ScriptedLlm llm = new ScriptedLlm()
                .sql("SELECT customer_name, mobile FROM customers WHERE mobile LIKE '138%'", "Customers with 138 numbers.")
                .sql("SELECT name, phone FROM customers WHERE phone LIKE '130%'", "Customers whose phone starts with 138.");
        ToolResult r = ask(llm, Map.of("question", "手机号以138开头的客户", "execute", true, "limit", 5));
        Map<String, Object> out = map(r);
        assertEquals("ok", out.get("status"), r.content().toString());
        assertEquals("SELECT name, phone FROM customers WHERE phone LIKE '130%'", out.get("sql"));
        assertEquals(2, out.get("roundsTaken"));
        assertEquals("names", rounds(r).get(0).get("stage"));
        assertEquals("ok", rounds(r).get(1).get("stage"));
        // Round 2 was told which names to use, found through the Chinese comments.
        String feedback = llm.lastUserMessage(1);
        assertTrue(feedback.contains("CUSTOMERS.NAME") && feedback.contains("CUSTOMERS.PHONE"), feedback);
        assertEquals(true, out.get("executed"));
        assertTrue(((Number) out.get("rowCount")).intValue() > 0 && ((Number) out.get("rowCount")).intValue() <= 5);
        assertEquals(Map.of("input", 2000L, "output", 100L), out.get("tokens"));
        assertEquals("scripted-1", out.get("model"));
        assertTrue(((List<?>) out.get("tables")).contains("CUSTOMERS"));
        String text = ((io.xugumcp.api.Content.Text) r.content().get(0)).text();
        assertTrue(text.contains("round 2") && text.contains("Tokens: 2000 in, 100 out"), text);
    }

    @Test
    void threeFailuresGiveNoSqlWithTheErrorChain() throws Exception {
        ScriptedLlm llm = new ScriptedLlm()
                .sql("SELECT total FROM orders", "x")
                .sql("SELECT order_total FROM orders", "x")
                .sql("SELECT amount_total FROM ordrs", "x")
                .sql("SELECT total_amount FROM orders", "never asked: three rounds at most");
        ToolResult r = ask(llm, Map.of("question", "订单总额"));
        Map<String, Object> out = map(r);
        assertEquals("no_sql", out.get("status"));
        assertNull(out.get("sql"));
        assertEquals(3, rounds(r).size());
        assertEquals(3, llm.requests.size());
        assertTrue(rounds(r).stream().allMatch(x -> x.get("error") != null));
        assertTrue(((io.xugumcp.api.Content.Text) r.content().get(0)).text().startsWith("No SQL"));
    }

    @Test
    void aDeleteFromTheModelIsRefusedAndNeverRuns() throws Exception {
        long orders = host.count("orders");
        ScriptedLlm llm = new ScriptedLlm()
                .sql("DELETE FROM orders WHERE status = '已取消'", "Removes cancelled orders.")
                .sql("DELETE FROM orders", "Removes orders.")
                .sql("SELECT 1 FROM orders; DELETE FROM orders", "Sneaky.");
        ToolResult r = ask(llm, Map.of("question", "删除已取消的订单", "execute", true));
        Map<String, Object> out = map(r);
        assertEquals("no_sql", out.get("status"));
        assertEquals(false, out.get("executed"));
        assertEquals(List.of("guard", "guard", "guard"), rounds(r).stream().map(x -> x.get("stage")).toList());
        assertTrue(String.valueOf(rounds(r).get(0).get("error")).contains("only one read-only SELECT"));
        assertTrue(llm.lastUserMessage(1).contains("DELETE"), llm.lastUserMessage(1));
        assertEquals(orders, host.count("orders"), "nothing deleted");
        assertFalse(host.audited.stream().anyMatch(d -> String.valueOf(d).toUpperCase().contains("DELETE")),
                "no DELETE reached the database service: " + host.audited);
    }

    @Test
    void aRepeatedStatementStopsTheLoop() throws Exception {
        ScriptedLlm llm = new ScriptedLlm()
                .sql("SELECT nope FROM orders", "x")
                .sql("select  NOPE from orders", "the same again");
        ToolResult r = ask(llm, Map.of("question", "订单"));
        assertEquals("no_sql", map(r).get("status"));
        assertEquals(List.of("names", "repeated"), rounds(r).stream().map(x -> x.get("stage")).toList());
        assertEquals(2, llm.requests.size());
    }

    @Test
    void aClarificationComesBackWithoutSql() throws Exception {
        ScriptedLlm llm = new ScriptedLlm().text("```json\n{\"sql\": null, \"clarification\": \"哪一年的订单？\","
                + " \"explanation\": \"The year is missing.\"}\n```");
        ToolResult r = ask(llm, Map.of("question", "订单总额是多少"));
        assertEquals("clarification", map(r).get("status"));
        assertEquals("哪一年的订单？", map(r).get("clarification"));
    }

    @Test
    void noRowValuesReachTheModelUnlessEnabledAndPersonalColumnsStayMasked() throws Exception {
        List<String> phones = host.values("SELECT phone FROM customers WHERE phone IS NOT NULL");
        List<String> emails = host.values("SELECT email FROM customers WHERE email IS NOT NULL");
        List<String> names = host.values("SELECT name FROM customers");
        List<String> statuses = host.values("SELECT DISTINCT status FROM orders");
        ScriptedLlm llm = new ScriptedLlm()
                .sql("SELECT phone_no FROM customers", "x")
                .sql("SELECT name, phone FROM customers WHERE phone LIKE '130%'", "ok");
        ToolResult r = ask(llm, Map.of("question", "手机号以138开头的客户", "execute", true));
        assertEquals("ok", map(r).get("status"));
        String prompts = llm.allPrompts();
        for (String v : concat(phones, emails, names)) {
            assertFalse(prompts.contains(v), "row value sent to the model: " + v);
        }
        // Execution results never go back to the model either: the rows came back to the caller only.
        assertTrue(((Number) map(r).get("rowCount")).intValue() > 0);
        assertFalse(prompts.contains("Examples:"), "no examples by default");

        ScriptedLlm withExamples = new ScriptedLlm().sql("SELECT status, COUNT(*) FROM orders GROUP BY status", "ok");
        List<Tool> tools = standalone(Settings.DEFAULTS.withSampleValues(true), withExamples);
        ToolResult e = Host.run(tools, "natural_language_query", host.call("natural_language_query",
                Map.of("question", "每个订单状态和客户手机号", "max_tables", 2), withExamples));
        assertEquals("ok", map(e).get("status"), e.content().toString());
        String sent = withExamples.allPrompts();
        assertTrue(sent.contains("Examples:"), sent);
        assertTrue(statuses.stream().anyMatch(sent::contains), "non-personal examples are sent when enabled");
        for (String v : concat(phones, emails, names)) {
            assertFalse(sent.contains(v), "personal value sent although masked: " + v);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).filter(v -> v.length() >= 2).toList();
    }

    @Test
    void aCancelledCallStopsTheLoop() throws Exception {
        Host.Call[] holder = new Host.Call[1];
        ScriptedLlm llm = new ScriptedLlm()
                .sql("SELECT nope FROM orders", "x")
                .sql("SELECT order_id FROM orders", "never asked");
        llm.onCall(() -> holder[0].cancel());
        holder[0] = host.call("natural_language_query", Map.of("question", "订单"), llm);
        ToolException e = assertThrows(ToolException.class,
                () -> Host.run(standalone(Settings.DEFAULTS, llm), "natural_language_query", holder[0]));
        assertEquals("cancelled", e.code());
        assertEquals(1, llm.requests.size(), "no second round after the cancellation");

        ScriptedLlm aborted = new ScriptedLlm().failing(new LlmException(LlmException.Kind.CANCELLED, "aborted"));
        ToolException a = assertThrows(ToolException.class, () -> ask(aborted, Map.of("question", "订单")));
        assertEquals("cancelled", a.code(), "the provider's cancellation is the call's");
    }

    @Test
    void providerFailuresAndAMissingProviderAreClearErrors() throws Exception {
        ScriptedLlm limited = new ScriptedLlm().failing(new LlmException(LlmException.Kind.RATE_LIMITED,
                "The provider is rate limiting; retry in 20 s.", java.time.Duration.ofSeconds(20), null));
        ToolException e = assertThrows(ToolException.class, () -> ask(limited, Map.of("question", "订单")));
        assertEquals("llm_error", e.code());
        assertTrue(e.getMessage().contains("retry in 20 s"));

        Llm none = Llm.none("no provider");
        List<Tool> tools = new StandaloneTools(Settings.DEFAULTS).tools();
        ToolException n = assertThrows(ToolException.class, () -> Host.run(tools, "natural_language_query",
                host.call("natural_language_query", Map.of("question", "订单"), none)));
        assertEquals("unavailable", n.code());
        assertTrue(n.getMessage().contains("LLM_PROVIDER"), n.getMessage());
        assertFalse(new Chat2SqlTools(host.context(Map.of("mode", "standalone"), none)).tools().stream()
                .anyMatch(t -> t.name().equals("natural_language_query")), "not listed without a provider");
        assertFalse(new Chat2SqlTools(host.context(Map.of(), new ScriptedLlm())).tools().stream()
                .anyMatch(t -> t.name().equals("natural_language_query")), "not listed in lightweight mode");
    }

    @Test
    void theModelIsGivenRulesSchemaAndAStructuredAnswerFormat() throws Exception {
        ScriptedLlm llm = new ScriptedLlm().sql("SELECT shipping_city, SUM(total_amount) FROM orders GROUP BY"
                + " shipping_city", "Totals per city.");
        ToolResult r = ask(llm, Map.of("question", "每个城市的订单总额"));
        assertEquals("ok", map(r).get("status"));
        assertNotNull(llm.requests.get(0).responseSchema());
        String system = llm.requests.get(0).system();
        assertTrue(system.contains("read-only") && system.contains("JSON"), system);
        String user = llm.requests.get(0).messages().get(0).text();
        assertTrue(user.contains("# Table: PUBLIC.ORDERS, «订单»") && user.contains("(SHIPPING_CITY:VARCHAR, «收货城市»)"),
                user);
        assertTrue(user.endsWith("【Question】\n每个城市的订单总额"), user);
        assertEquals(false, map(r).get("executed"));
    }
}
