package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamable HTTP and legacy SSE on one server process, with a bearer token, through the SDK clients. */
class HttpIT {
    private static final String TOKEN = "it-secret-token-42";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);
    @TempDir
    static Path data;
    static Dist.HttpServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new Dist.HttpServer(Dist.home(), Dist.env(data, Map.of("HTTP_SERVER_AUTH_TOKEN", TOKEN)),
                data.resolve("server.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void streamableHttpListsAndQueries() {
        McpSyncClient c = server.streamable(AUTH);
        try {
            assertEquals(26, c.listTools().tools().size(), "the tools of every plugin a read-only data_analyst may call");
            McpSchema.CallToolResult r = Dist.call(c, "execute_query",
                    Map.of("sql", "SELECT product_id, name, unit_price FROM products ORDER BY product_id", "limit", 10));
            assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
            assertEquals(10, Dist.rows(r).size());
            assertEquals(true, Dist.structured(r).get("truncated"));
            McpSchema.CallToolResult w = Dist.call(c, "execute_query", Map.of("sql", "DELETE FROM products"));
            assertEquals(Boolean.TRUE, w.isError());
        } finally {
            c.closeGracefully();
        }
    }

    @Test
    void legacySseListsAndQueries() {
        McpSyncClient c = server.sse(AUTH);
        try {
            assertEquals(26, c.listTools().tools().size(), "the tools of every plugin a read-only data_analyst may call");
            McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", "SELECT COUNT(*) AS n FROM order_items"));
            assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
            assertTrue(((Number) Dist.rows(r).get(0).get(0)).intValue() > 0);
        } finally {
            c.closeGracefully();
        }
    }

    @Test
    void aMissingOrWrongTokenGets401AndTheLogShowsNoToken() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}";
        for (String auth : new String[] {null, "Bearer wrong", "Basic " + TOKEN}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(init));
            if (auth != null) {
                b.header("Authorization", auth);
            }
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, res.statusCode(), String.valueOf(auth));
            assertTrue(res.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
        assertThrows(RuntimeException.class, () -> server.streamable(Map.of("Authorization", "Bearer nope")));
        assertFalse(Files.readString(server.log).contains(TOKEN), "the token never appears in the log");
    }

    @Test
    void foreignOriginsAreRefusedAndErrorsCarryNoStackTrace() throws Exception {
        HttpRequest evil = HttpRequest.newBuilder(URI.create(server.base() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + TOKEN).header("Origin", "http://evil.example.com")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build();
        HttpResponse<String> res = http.send(evil, HttpResponse.BodyHandlers.ofString());
        assertEquals(403, res.statusCode());

        HttpRequest garbage = HttpRequest.newBuilder(URI.create(server.base() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build();
        HttpResponse<String> bad = http.send(garbage, HttpResponse.BodyHandlers.ofString());
        assertTrue(bad.statusCode() >= 400, "status " + bad.statusCode());
        for (String leak : List.of("stackTrace", "at io.", "at java.", "Exception")) {
            assertFalse(bad.body().contains(leak), "error body leaks '" + leak + "': " + bad.body());
        }
    }

    @Test
    void aPlainHttpClientGetsAToolAnswerAsJson() throws Exception {
        // What curl or a script sees: a request whose only message is its answer comes back as one JSON body with a
        // length, not as a stream of server-sent events (the SDK clients above read both).
        HttpResponse<String> init = post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}");
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertEquals(202, post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());
        HttpResponse<String> call = post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"q-1\",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"execute_query\",\"arguments\":{\"sql\":\"SELECT COUNT(*) AS n FROM products\"}}}");
        assertEquals(200, call.statusCode());
        assertTrue(call.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), call.headers().toString());
        assertTrue(call.headers().firstValue("Content-Length").isPresent(), call.headers().toString());
        java.util.Map<?, ?> answer = new com.fasterxml.jackson.databind.ObjectMapper().readValue(call.body(), java.util.Map.class);
        assertEquals("q-1", answer.get("id"), call.body());
        assertEquals(false, ((java.util.Map<?, ?>) answer.get("result")).get("isError"), call.body());
    }

    private HttpResponse<String> post(String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthSaysTheDatabaseIsUp() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("\"database\":\"up\""), res.body());
    }

    @Test
    void oauthDiscoveryGetsThe401HintInsteadOfA405() throws Exception {
        // What Claude Code asks after a 401: without answers it reported "Dynamic Client Registration rejected (HTTP 405)".
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-authorization-server", "/register")) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path));
            if (path.equals("/register")) {
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
            }
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, res.statusCode(), path + ": " + res.body());
            assertTrue(res.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), path);
            assertTrue(res.body().contains("HTTP_SERVER_AUTH_TOKEN") && res.body().contains("Authorization: Bearer"),
                    path + ": " + res.body());
        }
    }
}
