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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution over stdio on the embedded demo database, through the MCP Java SDK client. */
class StdioIT {
    /** The opening of a raw stdio session (a client written by hand: no SDK between the test and the wire). */
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @TempDir
    static Path data;
    static McpSyncClient client;

    @BeforeAll
    static void start() {
        client = Dist.stdio(Dist.home(), Dist.env(data, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Test
    void listsTheQueryToolsWithInputSchemasAndAnnotations() {
        List<McpSchema.Tool> tools = client.listTools().tools();
        Map<String, McpSchema.Tool> byName = tools.stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
        // The default stdio caller is data_analyst in read-only mode: neither ADMIN tools (audit log, rate limits,
        // roles, metrics, reload, caches) nor writing tools (execute_batch) are in its list.
        assertEquals(List.of("check_permission", "describe_table", "diagnose_connection", "execute_query",
                        "execute_validated_sql", "explain_query", "get_connections", "get_database_info", "get_foreign_keys",
                        "get_lightweight_mode_info", "get_query_history", "get_role_details", "get_schema_for_llm",
                        "get_security_status", "get_server_info", "get_table_schema_for_llm", "get_table_stats",
                        "health_check", "list_columns", "list_indexes", "list_tables", "list_views", "search_tables",
                        "suggest_sql_from_schema", "test_query", "validate_sql_only"),
                byName.keySet().stream().sorted().toList(),
                "the query, schema, audit, admin and chat2sql plugins' tools data_analyst may call");
        for (McpSchema.Tool t : tools) {
            // Output schemas are optional in the spec and left out of tools/list: they cost every conversation ~40 %
            // of the list (issue 14). The answers still carry structuredContent (below).
            assertNull(t.outputSchema(), t.name() + " lists no output schema");
            assertNotNull(t.annotations(), t.name() + " has annotations");
        }
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("execute_query",
                Map.of("sql", "SELECT 1 AS one")));
        assertFalse(Boolean.TRUE.equals(r.isError()), r.toString());
        assertNotNull(r.structuredContent(), "the rows still come as structured content");
        assertEquals(Boolean.TRUE, byName.get("execute_query").annotations().readOnlyHint());
        assertFalse(byName.containsKey("execute_batch"));
    }

    @Test
    void queriesTheDemoDatabaseWithTypedJsonValues() {
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql",
                "SELECT customer_id, name, city, birth_date, registered_at, is_vip FROM customers WHERE customer_id = ?",
                "params", List.of(1)));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        Map<String, Object> s = Dist.structured(r);
        assertEquals(1, ((Number) s.get("rowCount")).intValue());
        assertEquals(false, s.get("truncated"));
        List<Object> row = Dist.rows(r).get(0);
        assertEquals(1, ((Number) row.get(0)).intValue());
        assertTrue(row.get(1) instanceof String name && !name.isBlank(), "Chinese name: " + row.get(1));
        assertTrue(((String) row.get(3)).matches("\\d{4}-\\d{2}-\\d{2}"), "ISO date: " + row.get(3));
        assertTrue(((String) row.get(4)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*"), "ISO timestamp: " + row.get(4));
        assertTrue(row.get(5) instanceof Boolean);
        assertTrue(Dist.text(r).contains("CUSTOMER_ID"), "text form has the header");
    }

    @Test
    void saysWhenTheAnswerWasTruncated() {
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", "SELECT * FROM orders", "limit", 5));
        Map<String, Object> s = Dist.structured(r);
        assertEquals(5, ((Number) s.get("rowCount")).intValue());
        assertEquals(true, s.get("truncated"));
        assertEquals("limit", s.get("truncatedReason"), "the caller's own limit, not the server's cap");
        assertTrue(Dist.text(r).contains("stopped at your limit of 5"), Dist.text(r));

        McpSchema.CallToolResult all = Dist.call(client, "execute_query", Map.of("sql", "SELECT * FROM categories", "limit", 500));
        assertEquals(false, Dist.structured(all).get("truncated"));
    }

    @Test
    void refusesWritesInReadOnlyModeAndTheDataStays() {
        long before = count("orders");
        for (String sql : List.of("DELETE FROM orders", "UPDATE orders SET status = 'x'", "DROP TABLE orders",
                "SELECT 1; DELETE FROM orders", "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d")) {
            McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", sql));
            assertEquals(Boolean.TRUE, r.isError(), sql);
            McpSchema.CallToolResult b = Dist.call(client, "execute_batch", Map.of("queries", List.of("SELECT 1", sql)));
            assertEquals(Boolean.TRUE, b.isError(), "batch: " + sql);
        }
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", "DELETE FROM orders"));
        assertTrue(Dist.text(r).contains("read-only") || Dist.text(r).contains("Denied"), Dist.text(r));
        assertEquals(before, count("orders"));
    }

    @Test
    void explainsWithoutExecuting() {
        McpSchema.CallToolResult r = Dist.call(client, "explain_query",
                Map.of("sql", "SELECT * FROM orders WHERE customer_id = 3", "analyze", true));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        @SuppressWarnings("unchecked")
        List<String> plan = (List<String>) Dist.structured(r).get("plan");
        assertFalse(plan.isEmpty());
        assertNotNull(Dist.structured(r).get("note"), "analyze=true is answered with a note, not executed");
    }

    @Test
    void badArgumentsAreClearErrorsAndTheSessionLivesOn() {
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", "SELEC oops FROM"));
        assertEquals(Boolean.TRUE, r.isError());
        McpSchema.CallToolResult missing = Dist.call(client, "execute_query", Map.of());
        assertEquals(Boolean.TRUE, missing.isError());
        assertEquals(1L, count("categories WHERE category_id = 1"));
    }

    private static long count(String from) {
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM " + from));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        return ((Number) Dist.rows(r).get(0).get(0)).longValue();
    }

    /**
     * Raw process: a malformed line gets a parse error, the session goes on, and stdout carries only JSON-RPC. Twice on
     * one data folder: the second start answers tools/list from the list the first one kept, and still answers every
     * request exactly once, with no list_changed (the list is the same).
     */
    @Test
    void survivesMalformedInputAndKeepsStdoutClean(@TempDir Path own) throws Exception {
        rawSession(own);
        assertTrue(java.nio.file.Files.isRegularFile(own.resolve("cache/tools-list.json")), "the tool list is kept");
        rawSession(own);
        String stderr = java.nio.file.Files.readString(own.resolve("stderr.txt"));
        assertFalse(stderr.contains("differs from the one kept"), stderr);
    }

    /**
     * The kept list is found by the configuration's inputs (what lets it be answered before the configuration is read;
     * StdioFrontDoorTest shows it is): a list kept by the first start and edited in the file, its fingerprint
     * untouched, is what the second start answers, and the host, once ready, tells the client the list changed and
     * keeps its own. A list kept under the configuration as read (before this change) has another fingerprint.
     */
    @Test
    void theSecondStartAnswersToolsListFromTheListKeptUnderItsInputs(@TempDir Path own) throws Exception {
        rawSession(own);
        Path kept = own.resolve("cache/tools-list.json");
        List<String> file = java.nio.file.Files.readAllLines(kept);
        assertEquals(3, file.size(), "fingerprint, plugin folder, list: " + file);
        assertEquals(Dist.home().resolve("plugins").toAbsolutePath().toString(), file.get(1));
        assertTrue(file.get(2).contains("\"Server health\""), file.get(2));
        java.nio.file.Files.write(kept, List.of(file.get(0), file.get(1),
                file.get(2).replace("\"Server health\"", "\"Kept health\"")));

        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString())
                .redirectError(own.resolve("stderr2.txt").toFile());
        pb.environment().putAll(Dist.env(own, Map.of()));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            ObjectMapper m = new ObjectMapper();
            for (String l : List.of(INITIALIZE, INITIALIZED, TOOLS_LIST)) {
                in.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
            in.flush();
            assertEquals(1, m.readTree(out.readLine()).path("id").asInt());
            JsonNode listed = m.readTree(out.readLine());
            assertEquals(2, listed.path("id").asInt(), listed.toString());
            assertTrue(listed.toString().contains("Kept health"), "the kept list was the answer: " + listed);
            JsonNode changed = m.readTree(out.readLine());
            assertEquals("notifications/tools/list_changed", changed.path("method").asText(), changed.toString());
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "server exits when stdin closes");
        assertTrue(java.nio.file.Files.readString(kept).contains("\"Server health\""), "the host's list is kept again");
    }

    /**
     * A server that is started and listed but not called does without its SQL parser (~750 classes, ~10 MB); the
     * parser is loaded once the first call – here one that runs no SQL of the caller's – has been answered.
     */
    @Test
    void theSqlParserIsLoadedAfterTheFirstCallNotForAListing(@TempDir Path own) throws Exception {
        Path classes = own.resolve("classes.log");
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(own.resolve("data"),
                Map.of("JAVA_OPTS", "-Xmx512m -Xlog:class+load=info:file=" + classes)));
        String parser = "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl ";
        try {
            assertFalse(c.listTools().tools().isEmpty());
            Thread.sleep(2_000); // time enough for a warm-up started by the listing (it was, before)
            assertFalse(java.nio.file.Files.readString(classes).contains(parser), "listed only: no parser loaded");
            McpSchema.CallToolResult health = c.callTool(new McpSchema.CallToolRequest("health_check", Map.of()));
            assertFalse(Boolean.TRUE.equals(health.isError()), String.valueOf(health.content()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!java.nio.file.Files.readString(classes).contains(parser) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(java.nio.file.Files.readString(classes).contains(parser), "loaded after the first call");
        } finally {
            c.closeGracefully();
        }
    }

    private static void rawSession(Path own) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString())
                .redirectError(own.resolve("stderr.txt").toFile());
        pb.environment().putAll(Dist.env(own, Map.of()));
        Process p = pb.start();
        List<String> lines = List.of(INITIALIZE, INITIALIZED, "this is not json", TOOLS_LIST, "[1,2",
                "{\"id\":7,\"no\":\"jsonrpc\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\","
                        + "\"arguments\":{\"sql\":\"SELECT name FROM customers WHERE customer_id = 2\"}}}");
        try (OutputStream in = p.getOutputStream()) {
            for (String l : lines) {
                in.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
            in.flush();
            ObjectMapper m = new ObjectMapper();
            List<JsonNode> replies = new ArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            while (replies.size() < 6) {
                String line = out.readLine();
                assertNotNull(line, "stdout ended early after " + replies);
                JsonNode n = m.readTree(line);
                assertEquals("2.0", n.path("jsonrpc").asText(), "every stdout line is JSON-RPC: " + line);
                replies.add(n);
            }
            long parseErrors = replies.stream().filter(n -> n.path("error").path("code").asInt() == -32700).count();
            long invalid = replies.stream().filter(n -> n.path("error").path("code").asInt() == -32600).count();
            assertEquals(2, parseErrors, replies.toString());
            assertEquals(1, invalid, replies.toString());
            JsonNode call = replies.stream().filter(n -> n.path("id").asInt() == 3).findFirst().orElseThrow();
            assertFalse(call.path("result").path("isError").asBoolean(), call.toString());
            // initialize is answered once (by the front door, before the host was ready), with what the SDK says.
            assertEquals(1, replies.stream().filter(n -> n.path("id").asInt() == 1).count(), replies.toString());
            assertEquals(1, replies.stream().filter(n -> n.path("id").asInt() == 2).count(), replies.toString());
            assertTrue(replies.stream().noneMatch(n -> n.has("method")), "no notification: " + replies);
            // One more round trip: a second answer to 1 or 2 would arrive before this one.
            in.write("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            JsonNode ping = m.readTree(out.readLine());
            assertEquals(9, ping.path("id").asInt(), ping.toString());
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "server exits when stdin closes");
        String stderr = java.nio.file.Files.readString(own.resolve("stderr.txt"));
        assertFalse(stderr.contains("answered before the server was ready"), stderr);
    }

    /**
     * The usual start of a user's client: no XUGU_MCP_HOME, so the data folder is under HOME. Twice: the second start
     * answers from what the first kept there (and before, a kept list looked for in an unset folder hung the server).
     */
    @Test
    void startsTwiceWithTheDataFolderUnderHome(@TempDir Path own) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Dist.env(own.resolve("unused"), Map.of("HOME", own.toString())));
        env.remove("XUGU_MCP_HOME");
        env.remove("XDG_DATA_HOME");
        for (int start = 1; start <= 2; start++) {
            ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString())
                    .redirectError(own.resolve("stderr" + start + ".txt").toFile());
            pb.environment().remove("XDG_DATA_HOME");
            pb.environment().remove("XUGU_MCP_HOME");
            pb.environment().putAll(env);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                ObjectMapper m = new ObjectMapper();
                for (String l : List.of(INITIALIZE, INITIALIZED, TOOLS_LIST,
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                                + "\"execute_query\",\"arguments\":{\"sql\":\"SELECT COUNT(*) FROM customers\"}}}")) {
                    in.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                }
                in.flush();
                for (int id = 1; id <= 3; id++) {
                    // Bounded: a server that stops answering fails the test instead of hanging it.
                    String line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (java.io.IOException e) {
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
                    assertNotNull(line, "start " + start + ": stdout ended before answer " + id);
                    JsonNode n = m.readTree(line);
                    assertEquals(id, n.path("id").asInt(), "start " + start + ": " + line);
                    assertFalse(n.has("error") || n.at("/result/isError").asBoolean(), line);
                }
            }
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "start " + start + " ends with stdin");
        }
        Path kept = own.resolve(".local/share/xugu-mcp/cache");
        assertTrue(java.nio.file.Files.isRegularFile(kept.resolve("tools-list.json")), "kept under HOME");
        assertTrue(java.nio.file.Files.isRegularFile(kept.resolve("initialize.json")), "kept under HOME");
    }

    /** A start that fails after the client connected answers initialize with the reason, not a silent end. */
    @Test
    void aBadSettingIsTheAnswerToInitialize(@TempDir Path own) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString())
                .redirectError(own.resolve("stderr.txt").toFile());
        pb.environment().putAll(Dist.env(own, Map.of("SECURITY_RESULT_SET_MAX_ROWS", "lots")));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertNotNull(line, "the server ended without answering initialize");
            JsonNode answer = new ObjectMapper().readTree(line);
            assertEquals(1, answer.path("id").asInt(), line);
            String message = answer.path("error").path("message").asText();
            assertTrue(message.contains("could not start: invalid configuration")
                    && message.contains("SECURITY_RESULT_SET_MAX_ROWS") && message.contains("lots"), line);
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), "a bad setting exits with 2, as before");
    }
}
