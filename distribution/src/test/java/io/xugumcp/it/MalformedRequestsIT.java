package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed requests, sent as raw bytes (no SDK client would send them), to the built distribution: every request
 * gets a JSON-RPC answer with its id, -32602 naming what was wrong, and no answer carries a Java class name or a
 * NullPointerException's text – on Streamable HTTP (which answered HTTP 200 with an empty body), legacy SSE and stdio
 * (which answered -32603 with the exception's text).
 */
class MalformedRequestsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTERNALS = Pattern.compile(
            "java\\.|io\\.modelcontextprotocol|NullPointerException|Cannot invoke|\\$[A-Z]|LinkedHashMap|Exception");
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    /** id → request line, and what the answer's message must mention. */
    private static final Map<Integer, String[]> BAD = new LinkedHashMap<>();

    static {
        BAD.put(11, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\"}", "'params' is missing"});
        BAD.put(12, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{}}",
            "'name' (the tool's name) is missing"});
        BAD.put(13, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"execute_query\",\"arguments\":\"abc\"}}", "'arguments' (the tool's arguments by name) must be an object,"
            + " not a string"});
        BAD.put(14, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"tools/call\",\"params\":[1,2]}",
            "'params' must be an object"});
        BAD.put(15, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"tools/call\",\"params\":{\"name\":42}}",
            "'name' (the tool's name) must be a string, not a number"});
        BAD.put(16, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"resources/read\",\"params\":{}}",
            "'uri' (the resource's URI) is missing"});
        BAD.put(17, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\","
            + "\"arguments\":[]}}", "'arguments' (the prompt's arguments by name) must be an object"});
        BAD.put(18, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"logging/setLevel\",\"params\":{\"level\":"
            + "\"loud\"}}", "'level' must be one of"});
        BAD.put(19, new String[] {"{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"completion/complete\",\"params\":{\"ref\":"
            + "{\"type\":\"ref/prompt\",\"name\":\"x\"}}}", "'argument' is missing"});
    }

    private static final String GOOD = "{\"jsonrpc\":\"2.0\",\"id\":30,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"execute_query\",\"arguments\":{\"sql\":\"SELECT 7\"}}}";

    @TempDir
    static Path dir;
    static Dist.HttpServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        server = new Dist.HttpServer(Dist.home(), Dist.env(dir.resolve("data"), Map.of()), dir.resolve("server.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static void assertAnswered(JsonNode reply, int id, String mentions) {
        assertEquals(id, reply.path("id").asInt(), reply.toString());
        assertEquals(-32602, reply.path("error").path("code").asInt(), reply.toString());
        String message = reply.path("error").path("message").asText();
        assertTrue(message.contains(mentions), "'" + mentions + "' in: " + message);
        assertFalse(INTERNALS.matcher(reply.toString()).find(), "no internals: " + reply);
    }

    private static HttpResponse<String> post(String body, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/mcp"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC message of an answer given as JSON or as one SSE event. */
    private static JsonNode message(HttpResponse<String> r) throws Exception {
        String body = r.body();
        assertFalse(body.isBlank(), "HTTP " + r.statusCode() + " with an empty body");
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            return JSON.readTree(body.lines().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow()
                    .substring(5).strip());
        }
        return JSON.readTree(body);
    }

    @Test
    void streamableHttpAnswersEveryMalformedRequest() throws Exception {
        HttpResponse<String> init = post(INIT, null);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(INITIALIZED, session);
        for (Map.Entry<Integer, String[]> bad : BAD.entrySet()) {
            HttpResponse<String> r = post(bad.getValue()[0], session);
            assertEquals(200, r.statusCode(), r.body());
            assertAnswered(message(r), bad.getKey(), bad.getValue()[1]);
        }
        JsonNode ok = message(post(GOOD, session));
        assertEquals(7, ok.path("result").path("structuredContent").path("rows").path(0).path(0).asInt(), ok.toString());

        // Not JSON-RPC at all: the SDK's own refusal, still without internals.
        HttpResponse<String> odd = post("{\"jsonrpc\":\"2.0\",\"id\":40,\"method\":5,\"params\":{}}", session);
        assertFalse(odd.body().isBlank());
        assertFalse(INTERNALS.matcher(odd.body()).find(), odd.body());
    }

    @Test
    void legacySseAnswersEveryMalformedRequestOnItsStream() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.base() + "/sse"))
                .header("Accept", "text/event-stream").GET().build();
        var stream = HTTP.sendAsync(get, HttpResponse.BodyHandlers.ofLines());
        Stream<String> lines = stream.get(30, TimeUnit.SECONDS).body();
        Thread reader = new Thread(() -> lines.forEach(events::add));
        reader.setDaemon(true);
        reader.start();
        String endpoint = null;
        while (endpoint == null) {
            String line = events.poll(30, TimeUnit.SECONDS);
            assertNotNull(line, "no endpoint event");
            if (line.startsWith("data:") && line.contains("/messages")) {
                endpoint = line.substring(5).strip();
            }
        }
        String url = server.base() + endpoint;
        Map<Integer, JsonNode> replies = new HashMap<>();
        for (String body : Stream.concat(Stream.of(INIT, INITIALIZED), BAD.values().stream().map(b -> b[0])).toList()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (replies.size() < BAD.size() + 1 && System.nanoTime() < deadline) {
            String line = events.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data:")) {
                JsonNode n = JSON.readTree(line.substring(5).strip());
                replies.put(n.path("id").asInt(), n);
            }
        }
        for (Map.Entry<Integer, String[]> bad : BAD.entrySet()) {
            JsonNode reply = replies.get(bad.getKey());
            assertNotNull(reply, "no answer to " + bad.getValue()[0] + " among " + replies.keySet());
            assertAnswered(reply, bad.getKey(), bad.getValue()[1]);
        }
        stream.cancel(true);
    }

    @Test
    void stdioAnswersEveryMalformedRequest(@TempDir Path own) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString())
                .redirectError(own.resolve("stderr.txt").toFile());
        pb.environment().putAll(Dist.env(own.resolve("data"), Map.of()));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            for (String l : Stream.concat(Stream.of(INIT, INITIALIZED), Stream.concat(
                    BAD.values().stream().map(b -> b[0]), Stream.of(GOOD))).toList()) {
                in.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
            in.flush();
            Map<Integer, JsonNode> replies = new HashMap<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            while (replies.size() < BAD.size() + 2) {
                String line = out.readLine();
                assertNotNull(line, "stdout ended early after " + replies.keySet());
                JsonNode n = JSON.readTree(line);
                if (n.has("id")) {
                    replies.put(n.path("id").asInt(), n);
                }
            }
            for (Iterator<Map.Entry<Integer, String[]>> it = BAD.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, String[]> bad = it.next();
                assertAnswered(replies.get(bad.getKey()), bad.getKey(), bad.getValue()[1]);
            }
            assertEquals(7, replies.get(30).path("result").path("structuredContent").path("rows").path(0).path(0)
                    .asInt(), "the session goes on: " + replies.get(30));
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    }
}
