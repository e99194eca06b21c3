package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or careless HTTP client on loopback must not be able to do to the others (issue 8 items 2 and 14).
 * No token: on loopback none is needed, which is what makes these reachable for any local process.
 */
class HttpHardeningIT {
    static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"slow\",\"version\":\"1\"}}}";
    @TempDir
    static Path dir;
    static Dist.HttpServer server;

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

    /** Sends raw bytes and reads the whole answer (the server closes or the read times out). */
    static String raw(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readAnswer(s.getInputStream());
        }
    }

    /** Reads until the answer's declared length (or the connection's end). */
    static String readAnswer(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            int headEnd = b.indexOf("\r\n\r\n");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(b);
            if (headEnd > 0 && m.find() && b.length() >= headEnd + 4 + Integer.parseInt(m.group(1))) {
                break;
            }
        }
        return b.toString();
    }

    @Test
    void slowRequestBodiesDoNotStarveOtherClients() throws Exception {
        // 80 connections each promise a body and send it one byte a second: more than the server's request threads.
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 80; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port + "\r\nContent-Type: application/json\r\n"
                        + "Accept: application/json, text/event-stream\r\nContent-Length: " + INIT.length() + "\r\n\r\n{")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                slow.add(s);
            }
            trickle.scheduleAtFixedRate(() -> {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                        s.getOutputStream().flush();
                    } catch (IOException closed) {
                        // the server may end a slow connection: that is allowed
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);

            // Bounded by the client's own timeouts (30 s to initialize, 60 s per call): on a starved server they expire.
            McpSyncClient c = server.streamable(Map.of());
            try {
                McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", "SELECT 1"));
                assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
            } finally {
                c.closeGracefully();
            }
        } finally {
            trickle.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void anOversizedChunkedBodyGets413() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[1024 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            String answer;
            try {
                for (int i = 0; i < 17; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered and closed before the rest arrived: read what it said
            }
            answer = readAnswer(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("16 MiB"), "the answer names the limit: " + answer);
        }
    }

    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    static java.net.http.HttpResponse<String> send(java.net.http.HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void traceIsRefusedAndNeverEchoesAuthorization() throws Exception {
        for (String method : List.of("TRACE", "TRACK")) {
            String a = raw(method + " /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port
                    + "\r\nAuthorization: Bearer secret-xyz\r\nConnection: close\r\n\r\n");
            assertTrue(a.startsWith("HTTP/1.1 405"), a);
            assertFalse(a.contains("secret-xyz"), a);
        }
    }

    @Test
    void noAnswerNamesTheServerSoftware() throws Exception {
        List<java.net.http.HttpResponse<String>> answers = List.of(
                send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/nope"))),
                send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/health"))),
                send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/mcp"))
                        .method("PUT", java.net.http.HttpRequest.BodyPublishers.ofString("{}"))));
        for (java.net.http.HttpResponse<String> r : answers) {
            assertTrue(r.headers().firstValue("Server").isEmpty(), r.headers().map().toString());
            assertFalse(r.body().toLowerCase().contains("jetty"), r.body());
            assertFalse(r.body().contains("<html"), r.body());
        }
        assertEquals(404, answers.get(0).statusCode());
        assertTrue(answers.get(0).body().startsWith("{\"jsonrpc\""), answers.get(0).body());
    }

    @Test
    void aRequestBeforeInitializeIsAnsweredWithItsId() throws Exception {
        java.net.http.HttpResponse<String> r = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}")));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"id\":5") && r.body().contains("send initialize first"), r.body());

        // Legacy SSE: open the stream, then ask before initializing; the SDK alone never answered this.
        java.net.http.HttpResponse<java.io.InputStream> stream = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.base() + "/sse")).header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.BufferedReader events = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
                StandardCharsets.UTF_8))) {
            String endpoint = null;
            String line;
            while (endpoint == null && (line = events.readLine()) != null) {
                if (line.startsWith("data:") && line.contains("sessionId=")) {
                    endpoint = line.substring(5).trim();
                }
            }
            java.net.http.HttpResponse<String> sse = send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.base() + endpoint)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}")));
            assertEquals(400, sse.statusCode(), sse.body());
            assertTrue(sse.body().contains("\"id\":6") && sse.body().contains("send initialize first"), sse.body());
        }
        McpSyncClient c = server.sse(Map.of());
        try {
            assertFalse(c.listTools().tools().isEmpty(), "an initialized SSE session is served as before");
        } finally {
            c.closeGracefully();
        }
        // Issue 8 item 15: a legacy-SSE client's protocol version (2024-11-05) is no WARN.
        String log = java.nio.file.Files.readString(server.log);
        assertFalse(log.contains("unsupported protocol version"), log);
    }

    @Test
    void aBusyPortIsReportedBeforeAnythingStartsAndNamesTheSetting() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp-http").toString(), "--port",
                    String.valueOf(taken.getLocalPort())).redirectErrorStream(true);
            pb.environment().putAll(Dist.env(dir.resolve("busy"), Map.of()));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
            assertEquals(2, p.exitValue(), out);
            assertTrue(out.contains("already in use") && out.contains("HTTP_SERVER_PORT") && out.contains("--port"), out);
            for (String started : List.of("Audit trail:", "Plugins from", "Database:", "demo database")) {
                assertFalse(out.contains(started), "nothing starts before the port is bound: " + out);
            }
        }
    }
}
