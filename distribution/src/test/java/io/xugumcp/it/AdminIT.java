package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.metrics.PrometheusParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin plugin on the demo database (H2, read-write mode) over Streamable HTTP, with an admin and an analyst
 * token: every tool
 * answers an admin; what shows other clients' data or changes state is refused to the analyst; test_query runs only
 * reads; the query history is the caller's own; {@code /metrics} parses as Prometheus text and counts exactly the
 * calls just made; {@code /health} and {@code /ready} answer.
 */
class AdminIT {
    static final String ADMIN = "admin-" + System.nanoTime();
    static final String ANALYST = "analyst-" + System.nanoTime();
    static final String METRICS = "metrics-" + System.nanoTime();
    static final List<String> ADMIN_TOOLS = List.of("clear_all_caches", "diagnose_connection", "get_connections",
            "get_query_history", "get_server_info", "get_server_metrics", "health_check", "reload_config", "test_query");
    @TempDir
    static Path dir;
    static Dist.HttpServer server;
    static McpSyncClient admin;
    static McpSyncClient analyst;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, "xugu-mcp {\n"
                + "  security.tokens = [\n"
                + "    { client = ops, role = admin, sha256 = \"" + HttpSecurityIT.sha256(ADMIN) + "\" },\n"
                + "    { client = analyst, role = data_analyst, sha256 = \"" + HttpSecurityIT.sha256(ANALYST) + "\" }\n"
                + "  ]\n"
                + "  metrics.token = \"" + METRICS + "\"\n"
                + "}\n");
        server = new Dist.HttpServer(Dist.home(), Dist.env(dir.resolve("data"), Map.of()), dir.resolve("server.log"),
                "--config", config.toString(), "--read-write");
        admin = server.streamable(Map.of("Authorization", "Bearer " + ADMIN));
        analyst = server.streamable(Map.of("Authorization", "Bearer " + ANALYST));
    }

    @AfterAll
    static void stop() throws Exception {
        for (McpSyncClient c : new McpSyncClient[] {admin, analyst}) {
            if (c != null) {
                c.closeGracefully();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static McpSchema.CallToolResult ok(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = Dist.call(c, tool, args);
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + ": " + Dist.text(r));
        return r;
    }

    static String refused(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = Dist.call(c, tool, args);
        assertEquals(Boolean.TRUE, r.isError(), tool + " should be refused: " + Dist.text(r));
        return Dist.text(r);
    }

    static Map<String, Map<String, Object>> byName(Object checksOrSteps) {
        return list(checksOrSteps).stream().collect(Collectors.toMap(m -> (String) m.get("name"), m -> m));
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAdminToolAnswersAnAdmin() {
        Map<String, Object> health = Dist.structured(ok(admin, "health_check", Map.of("detailed", true)));
        assertEquals("ok", health.get("status"), health.toString());
        Map<String, Map<String, Object>> checks = byName(health.get("checks"));
        for (String c : List.of("database", "plugins", "audit", "pool", "memory", "plugin.admin", "plugin.query")) {
            assertEquals("ok", checks.get(c).get("status"), c + ": " + checks.get(c));
        }

        McpSchema.CallToolResult infoResult = ok(admin, "get_server_info", Map.of());
        Map<String, Object> info = Dist.structured(infoResult);
        assertEquals("0.1.0", info.get("version"));
        assertEquals("0.3.0", info.get("apiVersion"));
        assertEquals("h2", info.get("dialect"));
        assertEquals(true, info.get("demoDatabase"));
        assertEquals("read-write", info.get("mode"));
        assertTrue(((List<?>) info.get("transports")).containsAll(List.of("http", "sse")), info.toString());
        assertTrue(((List<?>) info.get("endpoints")).containsAll(List.of("/mcp", "/health", "/ready", "/metrics")));
        Map<String, Object> adminPlugin = list(info.get("plugins")).stream().filter(p -> p.get("id").equals("admin"))
                .findFirst().orElseThrow();
        assertEquals("STARTED", adminPlugin.get("state"));
        assertEquals(ADMIN_TOOLS, ((List<?>) adminPlugin.get("tools")).stream().map(String::valueOf).sorted().toList());
        assertEquals(1000, ((Number) map(info.get("limits")).get("maxRows")).intValue());
        String everything = infoResult.toString();
        for (String secret : List.of(ADMIN, ANALYST, METRICS, HttpSecurityIT.sha256Quiet(ADMIN), "password=")) {
            assertFalse(everything.contains(secret), "server info leaks " + secret);
        }

        Map<String, Object> pool = Dist.structured(ok(admin, "get_connections", Map.of()));
        assertEquals(8, ((Number) pool.get("max")).intValue());
        for (String k : List.of("active", "idle", "waiting", "timeouts", "evictions")) {
            assertTrue(((Number) pool.get(k)).longValue() >= 0, k);
        }

        Map<String, Object> probe = Dist.structured(ok(admin, "test_query", Map.of()));
        assertEquals(true, probe.get("probe"));
        assertEquals(1, ((Number) probe.get("rowCount")).intValue());
        Map<String, Object> query = Dist.structured(ok(admin, "test_query",
                Map.of("sql", "SELECT product_id, name FROM products ORDER BY product_id")));
        assertEquals(false, query.get("probe"));
        assertEquals(10, ((Number) query.get("rowCount")).intValue());
        assertEquals(true, query.get("truncated"));
        assertEquals(List.of("PRODUCT_ID", "NAME"), query.get("columns"));

        Map<String, Object> metrics = Dist.structured(ok(admin, "get_server_metrics", Map.of()));
        assertTrue(list(metrics.get("operations")).stream().anyMatch(o -> "tools/call".equals(o.get("method"))
                && "test_query".equals(o.get("tool"))), metrics.toString());
        assertTrue(map(metrics.get("statements")).containsKey("READ:ok"), metrics.toString());

        Map<String, Object> history = Dist.structured(ok(admin, "get_query_history", Map.of("limit", 5)));
        assertEquals("ops", history.get("client"));
        assertTrue(((Number) history.get("count")).intValue() >= 2, history.toString());
        assertTrue(list(history.get("entries")).stream().allMatch(e -> "ops".equals(e.get("client"))));

        Map<String, Object> caches = Dist.structured(ok(admin, "clear_all_caches", Map.of()));
        assertTrue(list(caches.get("caches")).stream().map(c -> c.get("name")).toList()
                .containsAll(List.of("catalog", "sql-guard")), caches.toString());

        Map<String, Object> diagnosis = Dist.structured(ok(admin, "diagnose_connection", Map.of("detailed", true)));
        assertEquals(true, diagnosis.get("ok"), diagnosis.toString());
        Map<String, Map<String, Object>> steps = byName(diagnosis.get("steps"));
        assertEquals("skipped", steps.get("tcp").get("status"), "the demo database is embedded");
        assertEquals("ok", steps.get("login").get("status"));
        assertEquals("ok", steps.get("privileges.catalog").get("status"), steps.toString());

        Map<String, Object> reload = Dist.structured(ok(admin, "reload_config", Map.of()));
        assertEquals(true, reload.get("applied"), reload.toString());
        assertEquals(List.of(), reload.get("changed"), "the file did not change");
    }

    @Test
    void testQueryRunsOnlyReads() {
        int before = ((Number) Dist.rows(ok(analyst, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM products")))
                .get(0).get(0)).intValue();
        // The admin may write (read-write mode, ALL permissions): test_query itself refuses anything but a read.
        String delete = refused(admin, "test_query", Map.of("sql", "DELETE FROM products"));
        assertTrue(delete.contains("reads only"), delete);
        assertTrue(refused(admin, "test_query", Map.of("sql", "UPDATE products SET name = 'x'")).contains("reads only"));
        String byRole = refused(analyst, "test_query", Map.of("sql", "DELETE FROM products"));
        assertTrue(byRole.contains("DELETE permission"), byRole);
        String two = refused(analyst, "test_query", Map.of("sql", "SELECT 1; DELETE FROM products"));
        assertTrue(two.toLowerCase().contains("statement"), two);
        int after = ((Number) Dist.rows(ok(analyst, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM products")))
                .get(0).get(0)).intValue();
        assertEquals(before, after, "nothing was deleted");
        Map<String, Object> mine = Dist.structured(ok(admin, "get_query_history", Map.of("operation_type", "DELETE")));
        assertTrue(list(mine.get("entries")).stream().anyMatch(e -> "denied".equals(e.get("outcome"))
                && "not_a_read".equals(e.get("code"))), "the refusal is in the audit trail: " + mine);
    }

    @Test
    void whatShowsOthersOrChangesStateNeedsAdmin() {
        for (String tool : List.of("get_server_metrics", "reload_config", "clear_all_caches")) {
            String why = refused(analyst, tool, Map.of());
            assertTrue(why.contains("ADMIN"), tool + ": " + why);
        }
        String others = refused(analyst, "get_query_history", Map.of("client", "*"));
        assertTrue(others.contains("ADMIN") && others.contains("every client"), others);
        refused(analyst, "get_query_history", Map.of("client", "ops"));
        for (String tool : List.of("health_check", "get_server_info", "get_connections", "diagnose_connection",
                "test_query", "get_query_history")) {
            ok(analyst, tool, Map.of());
        }
    }

    @Test
    void theQueryHistoryIsTheCallersOwnUnlessAdmin() {
        String marker = "marker_" + System.nanoTime();
        ok(analyst, "execute_query", Map.of("sql", "SELECT 1 AS " + marker + " FROM customers WHERE customer_id = 1"));
        Map<String, Object> own = Dist.structured(ok(analyst, "get_query_history", Map.of("limit", 20)));
        assertEquals("analyst", own.get("client"));
        assertTrue(own.toString().contains(marker), own.toString());
        assertTrue(list(own.get("entries")).stream().allMatch(e -> "analyst".equals(e.get("client"))), own.toString());
        assertFalse(Dist.structured(ok(admin, "get_query_history", Map.of("limit", 50))).toString().contains(marker),
                "an admin's own history is the admin's");
        assertTrue(Dist.structured(ok(admin, "get_query_history", Map.of("client", "analyst"))).toString()
                .contains(marker));
        Map<String, Object> all = Dist.structured(ok(admin, "get_query_history", Map.of("client", "*", "limit", 200)));
        assertEquals("*", all.get("client"));
        assertTrue(all.toString().contains(marker));
        assertFalse(Dist.structured(ok(analyst, "get_query_history", Map.of("operation_type", "INSERT"))).toString()
                .contains(marker), "filtered by kind");
        assertTrue(Dist.structured(ok(analyst, "get_query_history", Map.of("operation_type", "SELECT"))).toString()
                .contains(marker), "or by verb");
        assertFalse(own.toString().contains("WHERE customer_id = 1"), "literals are redacted: " + own);
    }

    @Test
    void metricsParseAsPrometheusTextAndCountTheCallsJustMade() throws Exception {
        assertEquals(401, get("/metrics", null).statusCode());
        assertEquals(401, get("/metrics", ADMIN).statusCode(), "the metrics token is the scraper's own");
        HttpResponse<String> first = get("/metrics", METRICS);
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        PrometheusParser before = PrometheusParser.parse(first.body());

        for (int i = 0; i < 3; i++) {
            ok(analyst, "execute_query", Map.of("sql", "SELECT name FROM products WHERE product_id = " + (i + 1)));
        }
        refused(analyst, "execute_query", Map.of("sql", "DELETE FROM products"));
        analyst.listTools();
        analyst.listTools();

        PrometheusParser after = PrometheusParser.parse(get("/metrics", METRICS).body());
        String h = "mcp_server_operation_duration_seconds_count";
        assertEquals(3, diff(before, after, h, "mcp_method_name", "tools/call", "gen_ai_tool_name", "execute_query"));
        assertEquals(1, diff(before, after, h, "mcp_method_name", "tools/call", "gen_ai_tool_name", "execute_query",
                "error_type", "tool_error"));
        assertEquals(2, diff(before, after, h, "mcp_method_name", "tools/list"));
        assertEquals(3, diff(before, after, "xugu_mcp_tool_calls_total", "gen_ai_tool_name", "execute_query",
                "outcome", "ok"));
        assertEquals(1, diff(before, after, "xugu_mcp_tool_calls_total", "gen_ai_tool_name", "execute_query",
                "outcome", "denied"));
        assertEquals(3, diff(before, after, "xugu_mcp_statements_total", "kind", "READ", "outcome", "ok"));
        assertEquals(1, diff(before, after, "xugu_mcp_statements_total", "kind", "DELETE", "outcome", "denied"));
        assertEquals(3, diff(before, after, "xugu_mcp_statement_duration_seconds_count", "kind", "READ"));
        assertTrue(after.value(h, "mcp_method_name", "initialize") >= 2, "both clients initialized");
        for (String family : List.of("db_client_connection_count", "db_client_connection_max",
                "xugu_mcp_rate_limit_refusals_total", "xugu_mcp_audit_queue_depth", "xugu_mcp_llm_tokens_total",
                "jvm_memory_used_bytes", "jvm_gc_collections_total", "xugu_mcp_info")) {
            assertTrue(after.types().containsKey(family), family + " is exported");
        }
        assertEquals(8, after.value("db_client_connection_max"));
        assertEquals(1, after.value("xugu_mcp_info", "version", "0.1.0", "api_version", "0.3.0", "db_system", "h2",
                "mode", "read-write"));
        // Cumulative buckets never go down and end at the count.
        Map<Map<String, String>, List<PrometheusParser.Sample>> series = after.samples().stream()
                .filter(s -> s.name().equals("mcp_server_operation_duration_seconds_bucket"))
                .collect(Collectors.groupingBy(s -> withoutLe(s.labels())));
        assertFalse(series.isEmpty());
        series.forEach((labels, buckets) -> {
            double last = -1;
            for (PrometheusParser.Sample b : buckets) {
                assertTrue(b.value() >= last, "buckets of " + labels);
                last = b.value();
            }
            assertEquals("+Inf", buckets.get(buckets.size() - 1).labels().get("le"));
            assertEquals(after.value(h, labels.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(),
                    e.getValue())).toArray(String[]::new)), last);
        });
    }

    private static Map<String, String> withoutLe(Map<String, String> labels) {
        Map<String, String> m = new java.util.TreeMap<>(labels);
        m.remove("le");
        return m;
    }

    private static double diff(PrometheusParser a, PrometheusParser b, String name, String... labels) {
        return b.value(name, labels) - a.value(name, labels);
    }

    @Test
    void healthAndReadinessAnswer() throws Exception {
        HttpResponse<String> health = get("/health", null);
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"database\":\"up\""), health.body());
        HttpResponse<String> ready = get("/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"status\":\"ready\""), ready.body());
        assertNotEquals(-1, ready.body().indexOf("\"database\":\"ok\""), ready.body());
    }
}
