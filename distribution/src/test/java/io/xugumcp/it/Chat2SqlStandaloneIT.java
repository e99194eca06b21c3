package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone Chat2SQL end to end: the distribution started with {@code CHAT2SQL_MODE=standalone} and the shipped
 * OpenAI provider plugin pointed at a MockWebServer that replays the Chat Completions wire format with scripted
 * answers. Every standalone tool runs through the MCP SDK client on the H2 demo and on PostgreSQL; the loop fixes a
 * wrong column in round 2, gives up with "no SQL" after three failures, never runs a DELETE the model answers, and
 * no row value ever travels to the provider (every request body is kept and searched).
 */
class Chat2SqlStandaloneIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "sk-c2s-Vb7nQ2xLp9Rw4Tz6";
    static final String URL = PostgresIT.ADMIN_URL;
    static final String USER = PostgresIT.USER;
    static final String SCHEMA = "xmcp_c2s_llm_" + Long.toString(System.nanoTime(), 36);

    static final MockWebServer MODEL = new MockWebServer();
    /** The scripted answers (contents of the assistant message), taken one per request. */
    static final ConcurrentLinkedQueue<String> SCRIPT = new ConcurrentLinkedQueue<>();
    /** The request bodies the provider sent. */
    static final List<JsonNode> REQUESTS = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    static Path dir;
    static McpSyncClient demo;
    static McpSyncClient pg;

    @BeforeAll
    static void setUp() throws Exception {
        MODEL.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    REQUESTS.add(JSON.readTree(request.getBody().utf8()));
                    String content = SCRIPT.poll();
                    if (content == null) {
                        return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
                                .body("{\"error\":{\"message\":\"script exhausted\",\"type\":\"invalid_request_error\"}}")
                                .build();
                    }
                    String body = JSON.writeValueAsString(Map.of("id", "chatcmpl-" + REQUESTS.size(), "object",
                            "chat.completion", "created", 1796371200, "model", "gpt-test",
                            "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content),
                                    "finish_reason", "stop")),
                            "usage", Map.of("prompt_tokens", 900, "completion_tokens", 40, "total_tokens", 940)));
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body)
                            .build();
                } catch (Exception e) {
                    return new MockResponse.Builder().code(500).build();
                }
            }
        });
        MODEL.start();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA);
            s.execute("CREATE TABLE kh (id int PRIMARY KEY, xm text NOT NULL, sjh varchar(20), cs text)");
            s.execute("CREATE TABLE dd (id int PRIMARY KEY, kh_id int NOT NULL REFERENCES kh(id), je numeric(12,2))");
            s.execute("COMMENT ON TABLE kh IS '客户'");
            s.execute("COMMENT ON COLUMN kh.xm IS '客户姓名'");
            s.execute("COMMENT ON COLUMN kh.sjh IS '手机号码'");
            s.execute("COMMENT ON COLUMN kh.cs IS '所在城市'");
            s.execute("COMMENT ON TABLE dd IS '订单'");
            s.execute("COMMENT ON COLUMN dd.je IS '订单金额（元）'");
            s.execute("INSERT INTO kh SELECT g, '顾客' || g, '139' || lpad(g::text, 8, '0'),"
                    + " CASE WHEN g % 2 = 0 THEN '杭州' ELSE '成都' END FROM generate_series(1, 30) g");
            s.execute("INSERT INTO dd SELECT g, 1 + g % 30, g * 3 FROM generate_series(1, 90) g");
        }
        Map<String, String> model = Map.of("CHAT2SQL_MODE", "standalone", "LLM_PROVIDER", "openai", "LLM_API_KEY", KEY,
                "LLM_MODEL", "gpt-test", "LLM_BASE_URL", MODEL.url("/v1").toString());
        demo = Dist.stdio(Dist.home(), Dist.env(dir.resolve("demo"), model));
        Map<String, String> pgEnv = new java.util.HashMap<>(model);
        pgEnv.put("XUGU_DB_URL", URL + "?currentSchema=" + SCHEMA);
        pgEnv.put("XUGU_DB_USER", USER);
        pg = Dist.stdio(Dist.home(), Dist.env(dir.resolve("pg"), pgEnv));
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (McpSyncClient c : new McpSyncClient[] {demo, pg}) {
            if (c != null) {
                c.closeGracefully();
            }
        }
        MODEL.close();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @BeforeEach
    void clearScript() {
        SCRIPT.clear();
    }

    static void answers(String... sqlThenExplanation) throws Exception {
        for (int i = 0; i < sqlThenExplanation.length; i += 2) {
            java.util.LinkedHashMap<String, Object> a = new java.util.LinkedHashMap<>();
            a.put("sql", sqlThenExplanation[i]);
            a.put("clarification", null);
            a.put("explanation", sqlThenExplanation[i + 1]);
            SCRIPT.add(JSON.writeValueAsString(a));
        }
    }

    static Map<String, Object> ok(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = Dist.call(c, tool, args);
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + ": " + Dist.text(r));
        assertNotNull(r.structuredContent(), tool);
        return Dist.structured(r);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** Every text the provider was sent, decoded. */
    static String sentText() {
        StringBuilder b = new StringBuilder();
        synchronized (REQUESTS) {
            for (JsonNode r : REQUESTS) {
                for (JsonNode m : r.path("messages")) {
                    b.append(m.path("content").asText()).append('\n');
                }
            }
        }
        return b.toString();
    }

    @Test
    void bothModesAreListedWhenAProviderIsConfigured() {
        List<String> names = demo.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertTrue(names.containsAll(Chat2SqlIT.LIGHTWEIGHT) && names.containsAll(Chat2SqlIT.STANDALONE), names.toString());
        McpSchema.Tool nlq = demo.listTools().tools().stream().filter(t -> t.name().equals("natural_language_query"))
                .findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, nlq.annotations().readOnlyHint());
        assertEquals(Boolean.TRUE, nlq.annotations().openWorldHint());
    }

    @Test
    void aWrongColumnIsFixedInRoundTwoAndTheRowsComeBack() throws Exception {
        answers("SELECT customer_name, mobile FROM customers WHERE city = '上海'", "first try",
                "SELECT name, phone FROM customers WHERE city = '上海' ORDER BY customer_id", "Customers in Shanghai.");
        int before = REQUESTS.size();
        Map<String, Object> out = ok(demo, "natural_language_query", Map.of("question", "上海的客户和他们的手机号",
                "execute", true, "limit", 3));
        assertEquals("ok", out.get("status"), out.toString());
        assertEquals(2, out.get("roundsTaken"));
        assertEquals("names", maps(out.get("rounds")).get(0).get("stage"));
        assertEquals(true, out.get("executed"));
        assertEquals(3, out.get("rowCount"));
        assertEquals(Map.of("input", 1800, "output", 80), out.get("tokens"));
        assertEquals("openai", out.get("provider"));
        assertEquals("gpt-test", out.get("model"));
        JsonNode second = REQUESTS.get(before + 1);
        String feedback = second.path("messages").get(second.path("messages").size() - 1).path("content").asText();
        assertTrue(feedback.contains("CUSTOMERS.NAME") && feedback.contains("CUSTOMERS.PHONE"), feedback);
        // A compatible server (not api.openai.com) gets json_object; the prompt names JSON, as that mode requires.
        assertEquals("json_object", REQUESTS.get(before).path("response_format").path("type").asText());
    }

    @Test
    void threeFailuresAreNoSqlAndADeleteNeverRuns() throws Exception {
        answers("SELECT totl FROM orders", "a", "SELECT order_totl FROM orders", "b", "SELECT amount FROM ordrs", "c");
        Map<String, Object> none = ok(demo, "natural_language_query", Map.of("question", "订单总额"));
        assertEquals("no_sql", none.get("status"));
        assertNull(none.get("sql"));
        assertEquals(3, maps(none.get("rounds")).size());

        long before = count();
        answers("DELETE FROM order_items", "cleanup", "DELETE FROM order_items WHERE 1 = 1", "again",
                "TRUNCATE TABLE order_items", "and again");
        Map<String, Object> refused = ok(demo, "natural_language_query", Map.of("question", "删除所有订单明细",
                "execute", true));
        assertEquals("no_sql", refused.get("status"));
        assertEquals(false, refused.get("executed"));
        assertTrue(maps(refused.get("rounds")).stream().allMatch(r -> r.get("stage").equals("guard")), refused.toString());
        assertEquals(before, count(), "nothing deleted");
    }

    static long count() {
        McpSchema.CallToolResult r = Dist.call(demo, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM order_items"));
        return ((Number) Dist.rows(r).get(0).get(0)).longValue();
    }

    @Test
    void everyStandaloneToolOnTheDemoDatabase() throws Exception {
        answers("SELECT COUNT(*) FROM customers WHERE is_vip", "VIP customers.");
        assertEquals("ok", ok(demo, "suggest_query", Map.of("question", "有多少会员客户")).get("status"));

        SCRIPT.add("统计每个收货城市的订单金额合计。");
        assertEquals("统计每个收货城市的订单金额合计。", ok(demo, "explain_sql", Map.of("sql",
                "SELECT shipping_city, SUM(total_amount) FROM orders GROUP BY shipping_city")).get("explanation"));

        SCRIPT.add("- Looks right.");
        Map<String, Object> validated = ok(demo, "validate_sql", Map.of("sql", "SELECT name FROM customers LIMIT 3"));
        assertEquals(true, validated.get("valid"));
        assertEquals("- Looks right.", validated.get("review"));

        answers("SELECT order_id FROM orders WHERE ordered_at >= DATE '2024-01-01' AND ordered_at < DATE '2025-01-01'"
                + " LIMIT 100", "Range instead of YEAR().");
        Map<String, Object> optimised = ok(demo, "optimize_query", Map.of("sql",
                "SELECT order_id FROM orders WHERE YEAR(ordered_at) = 2024"));
        assertEquals("ok", map(optimised.get("rewrite")).get("status"));
        assertNotNull(optimised.get("plan"));

        answers("SELECT order_id, total_amount FROM orders WHERE total_amount > 100", "TOTAL is TOTAL_AMOUNT.");
        Map<String, Object> fixed = ok(demo, "fix_sql", Map.of("sql", "SELECT order_id, total FROM orders WHERE total > 100",
                "error_message", "Column \"TOTAL\" not found"));
        assertEquals("ok", fixed.get("status"));

        Map<String, Object> ctx = ok(demo, "get_schema_context", Map.of("query", "支付方式", "token_budget", 250));
        assertEquals("PAYMENTS", maps(ctx.get("tables")).get(0).get("name"));
        assertEquals(true, ok(demo, "clear_schema_cache", Map.of()).get("cleared"));
        Map<String, Object> info = ok(demo, "get_schema_info", Map.of());
        assertEquals("openai", info.get("provider"));
        assertEquals(true, info.get("modelAvailable"));
    }

    @Test
    void everyStandaloneToolOnPostgres() throws Exception {
        answers("SELECT xm, sjh FROM kh WHERE cs = '杭州' ORDER BY id", "Customers in Hangzhou.");
        Map<String, Object> q = ok(pg, "natural_language_query", Map.of("question", "杭州的客户手机号", "execute", true,
                "limit", 3));
        assertEquals("ok", q.get("status"), q.toString());
        assertEquals(3, q.get("rowCount"));
        assertTrue(((List<?>) q.get("tables")).contains("kh"));

        answers("SELECT k.cs, SUM(d.je) FROM dd d JOIN kh k ON k.id = d.kh_id GROUP BY k.cs", "Totals per city.");
        assertEquals("ok", ok(pg, "suggest_query", Map.of("question", "每个城市的订单总额")).get("status"));
        SCRIPT.add("按城市汇总订单金额。");
        assertEquals("按城市汇总订单金额。", ok(pg, "explain_sql", Map.of("sql",
                "SELECT k.cs, SUM(d.je) FROM dd d JOIN kh k ON k.id = d.kh_id GROUP BY k.cs")).get("explanation"));
        SCRIPT.add("- Fine.");
        assertEquals(true, ok(pg, "validate_sql", Map.of("sql", "SELECT xm FROM kh LIMIT 1")).get("valid"));
        answers("SELECT id FROM kh WHERE cs = '杭州' LIMIT 10", "Compare the column as stored.");
        assertEquals("ok", map(ok(pg, "optimize_query", Map.of("sql", "SELECT id FROM kh WHERE upper(cs) = '杭州'"))
                .get("rewrite")).get("status"));
        answers("SELECT xm, sjh FROM kh", "mobile is sjh.");
        Map<String, Object> fixed = ok(pg, "fix_sql", Map.of("sql", "SELECT xm, mobile FROM kh",
                "error_message", "ERROR: column \"mobile\" does not exist"));
        assertEquals("ok", fixed.get("status"));
        assertTrue(sentText().contains("kh.sjh"), "the name check's suggestion went to the model");
        assertEquals("dd", maps(ok(pg, "get_schema_context", Map.of("query", "订单金额", "max_tables", 1)).get("tables"))
                .get(0).get("name"));
        assertEquals(true, ok(pg, "clear_schema_cache", Map.of()).get("cleared"));
        assertEquals(2, ok(pg, "get_schema_info", Map.of()).get("tableCount"));
    }

    @Test
    void noRowValueEverReachesTheProvider() throws Exception {
        answers("SELECT phone FROM customers LIMIT 3", "Phones.");
        ok(demo, "natural_language_query", Map.of("question", "三个客户的手机号", "execute", true));
        List<String> values = new ArrayList<>();
        for (String sql : List.of("SELECT phone FROM customers", "SELECT email FROM customers WHERE email IS NOT NULL",
                "SELECT name FROM customers")) {
            Dist.rows(Dist.call(demo, "execute_query", Map.of("sql", sql, "limit", 1000)))
                    .forEach(r -> values.add(String.valueOf(r.get(0))));
        }
        String sent = sentText();
        assertFalse(sent.isEmpty());
        for (String v : values) {
            assertFalse(sent.contains(v), "row value sent to the provider: " + v);
        }
        assertFalse(sent.contains("Examples:"), "no example values unless the operator enables them");
        assertFalse(sent.contains(KEY), "the key is a header, never a prompt");
    }
}
