package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP callers told apart by their bearer tokens (stored hashed in the config): each token's role decides what its
 * client may do; an unknown token gets 401 and an audit record; one client over its rate limit is refused with a
 * retry-after while another is served; the audit plugin's tools answer an admin and refuse others.
 */
class HttpSecurityIT {
    static final String READER = "reader-" + System.nanoTime();
    static final String EDITOR = "editor-" + System.nanoTime();
    static final String ADMIN = "admin-" + System.nanoTime();
    static final String LIMITED = "limited-" + System.nanoTime();
    static final String WRONG = "wrong-token-" + System.nanoTime();
    @TempDir
    static Path dir;
    static Dist.HttpServer server;

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@link #sha256} for lambdas and assertions. */
    static String sha256Quiet(String s) {
        try {
            return sha256(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, "xugu-mcp.security {\n"
                + "  tokens = [\n"
                + "    { client = reader, role = read_only, sha256 = \"" + sha256(READER) + "\" },\n"
                + "    { client = editor, role = data_editor, sha256 = \"" + sha256(EDITOR) + "\" },\n"
                + "    { client = boss, role = admin, sha256 = \"" + sha256(ADMIN) + "\" },\n"
                + "    { client = limited, role = limited, sha256 = \"" + sha256(LIMITED) + "\" }\n"
                + "  ]\n"
                + "  roles.limited { inherits = read_only, rate-limit { per-minute = 6, burst = 3 } }\n"
                + "}\n");
        server = new Dist.HttpServer(Dist.home(), Dist.env(dir.resolve("data"), Map.of()), dir.resolve("server.log"),
                "--config", config.toString(), "--read-write");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static McpSyncClient client(String token) {
        return server.streamable(Map.of("Authorization", "Bearer " + token));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void twoTokensWithDifferentRolesSeeDifferentPermissions() {
        McpSyncClient reader = client(READER);
        McpSyncClient editor = client(EDITOR);
        try {
            Map<String, Object> who = map(Dist.structured(Dist.call(reader, "get_security_status", Map.of())).get("caller"));
            assertEquals("reader", who.get("client"));
            assertEquals("read_only", who.get("role"));
            assertEquals("http", who.get("transport"));
            assertEquals("data_editor",
                    map(Dist.structured(Dist.call(editor, "get_security_status", Map.of())).get("caller")).get("role"));

            List<String> update = List.of("UPDATE products SET unit_price = unit_price WHERE product_id = 1");
            McpSchema.CallToolResult denied = Dist.call(reader, "execute_batch", Map.of("queries", update));
            assertEquals(Boolean.TRUE, denied.isError());
            assertTrue(Dist.text(denied).contains("UPDATE permission") && Dist.text(denied).contains("read_only"),
                    Dist.text(denied));
            McpSchema.CallToolResult ok = Dist.call(editor, "execute_batch", Map.of("queries", update));
            assertFalse(Boolean.TRUE.equals(ok.isError()), Dist.text(ok));

            Map<String, Object> check = Map.of("operation", "UPDATE", "table_name", "products");
            assertEquals(false, Dist.structured(Dist.call(reader, "check_permission", check)).get("allowed"));
            assertEquals(true, Dist.structured(Dist.call(editor, "check_permission", check)).get("allowed"));

            McpSchema.CallToolResult log = Dist.call(reader, "get_audit_log", Map.of());
            assertEquals(Boolean.TRUE, log.isError());
            assertTrue(Dist.text(log).contains("ADMIN permission"), Dist.text(log));
            McpSchema.CallToolResult other = Dist.call(editor, "get_role_details", Map.of("role_name", "admin"));
            assertEquals(Boolean.TRUE, other.isError(), "another role's details need ADMIN, enforced by the host");
            assertEquals("data_editor", Dist.structured(Dist.call(editor, "get_role_details", Map.of())).get("name"));
        } finally {
            reader.closeGracefully();
            editor.closeGracefully();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWrongTokenGets401AndAnAuditRecordWithoutTheToken() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + WRONG)
                .POST(HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());

        McpSyncClient admin = client(ADMIN);
        try {
            Map<String, Object> log = Dist.structured(Dist.call(admin, "get_audit_log",
                    Map.of("operation_type", "auth", "outcome", "denied", "since", "10m")));
            List<Map<String, Object>> entries = (List<Map<String, Object>>) log.get("entries");
            assertFalse(entries.isEmpty(), log.toString());
            Map<String, Object> e = entries.get(0);
            assertEquals("anonymous", e.get("client"));
            assertEquals("an unknown bearer token", e.get("reason"));
            assertEquals("/mcp", e.get("path"));
            Map<String, Object> stats = Dist.structured(Dist.call(admin, "get_audit_statistics", Map.of("hours", 1)));
            assertTrue(((Number) stats.get("deniedAuthentications")).longValue() >= 1, stats.toString());
        } finally {
            admin.closeGracefully();
        }
        Path audit = Audits.file(dir.resolve("data"));
        String trail = Files.readString(audit, StandardCharsets.UTF_8);
        for (String secret : List.of(WRONG, READER, EDITOR, ADMIN, LIMITED, sha256(READER), sha256(ADMIN))) {
            assertFalse(trail.contains(secret), "no token or token hash in the trail");
            assertFalse(Files.readString(server.log).contains(secret), "no token or token hash in the log");
        }
    }

    @Test
    void aClientOverItsRateLimitIsRefusedWithRetryAfterWhileAnotherIsServed() {
        McpSyncClient limited = client(LIMITED);
        McpSyncClient reader = client(READER);
        try {
            Map<String, Object> q = Map.of("sql", "SELECT COUNT(*) FROM products");
            for (int i = 0; i < 3; i++) {
                McpSchema.CallToolResult ok = Dist.call(limited, "execute_query", q);
                assertFalse(Boolean.TRUE.equals(ok.isError()), "call " + i + ": " + Dist.text(ok));
            }
            McpSchema.CallToolResult refused = Dist.call(limited, "execute_query", q);
            assertEquals(Boolean.TRUE, refused.isError());
            assertTrue(Dist.text(refused).contains("Retry after"), Dist.text(refused));
            assertEquals("rate_limited", refused.meta().get("code"));
            assertTrue(((Number) refused.meta().get("retryAfterSeconds")).longValue() >= 1, refused.meta().toString());

            McpSchema.CallToolResult served = Dist.call(reader, "execute_query", q);
            assertFalse(Boolean.TRUE.equals(served.isError()), "another client is served: " + Dist.text(served));
        } finally {
            limited.closeGracefully();
            reader.closeGracefully();
        }
        McpSyncClient admin = client(ADMIN);
        try {
            Map<String, Object> stats = Dist.structured(Dist.call(admin, "get_rate_limit_stats", Map.of()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> clients = (List<Map<String, Object>>) stats.get("clients");
            Map<String, Object> l = clients.stream().filter(c -> "limited".equals(c.get("client"))).findFirst().orElseThrow();
            assertEquals(3, ((Number) l.get("allowed")).intValue());
            assertEquals(1, ((Number) l.get("refused")).intValue());
            assertEquals(6, ((Number) map(l.get("limit")).get("perMinute")).intValue());
        } finally {
            admin.closeGracefully();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAuditToolsAnswerAnAdminNewestFirst() {
        McpSyncClient admin = client(ADMIN);
        try {
            for (int i = 1; i <= 3; i++) {
                Dist.call(admin, "execute_query", Map.of("sql", "SELECT name FROM products WHERE product_id = ?",
                        "params", List.of(i)));
            }
            Map<String, Object> log = Dist.structured(Dist.call(admin, "get_audit_log",
                    Map.of("limit", 5, "client", "boss")));
            List<Map<String, Object>> entries = (List<Map<String, Object>>) log.get("entries");
            assertEquals(5, entries.size());
            for (int i = 1; i < entries.size(); i++) {
                assertTrue(((Number) entries.get(i - 1).get("seq")).longValue() > ((Number) entries.get(i).get("seq")).longValue(),
                        "newest first");
            }
            List<Map<String, Object>> statements = (List<Map<String, Object>>) Dist.structured(Dist.call(admin,
                    "get_audit_log", Map.of("operation_type", "statement", "tool", "execute_query", "client", "boss")))
                    .get("entries");
            Map<String, Object> st = statements.get(0);
            assertEquals("SELECT name FROM products WHERE product_id = ?", st.get("sql"));
            assertEquals("READ", st.get("kind"));
            assertEquals(List.of("PRODUCTS"), st.get("tables"));
            assertEquals(1, ((Number) st.get("rows")).intValue());
            assertEquals("ok", st.get("outcome"));
            assertTrue(((String) st.get("time")).matches(".*T.*(Z|[+-]\\d\\d:\\d\\d)"), "time with zone: " + st.get("time"));

            List<Map<String, Object>> roles = (List<Map<String, Object>>) Dist.structured(
                    Dist.call(admin, "list_roles", Map.of())).get("roles");
            assertEquals(List.of("read_only", "data_analyst", "data_editor", "developer", "admin", "limited"),
                    roles.stream().map(r -> r.get("name")).toList());
            Map<String, Object> dev = Dist.structured(Dist.call(admin, "get_role_details", Map.of("role_name", "developer")));
            assertEquals("dev_*", map(((List<Object>) dev.get("tableRules")).get(0)).get("pattern"));
            Map<String, Object> check = Dist.structured(Dist.call(admin, "check_permission",
                    Map.of("role_name", "developer", "sql", "DROP TABLE orders")));
            assertEquals(false, check.get("allowed"));
            assertTrue(((String) check.get("reason")).contains("DROP"), check.toString());
            Map<String, Object> status = Dist.structured(Dist.call(admin, "get_security_status", Map.of()));
            assertEquals("read-write", status.get("mode"));
            assertEquals(true, map(status.get("audit")).get("healthy"));
            assertEquals(4, ((Number) map(status.get("http")).get("tokens")).intValue());
        } finally {
            admin.closeGracefully();
        }
    }
}
