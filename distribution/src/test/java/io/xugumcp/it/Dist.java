package io.xugumcp.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built distribution under target/, started as a real process the way users start it (bin/xugu-mcp), and real
 * MCP SDK clients talking to it.
 */
final class Dist {
    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    private static final Pattern LISTENING = Pattern.compile("Listening on http://[^:]+:(\\d+)");

    private Dist() {
    }

    static Path home() {
        Path p = Path.of(System.getProperty("dist.dir", "target/xugu-mcp-0.1.0/xugu-mcp-0.1.0"));
        if (!Files.isDirectory(p.resolve("bin"))) {
            throw new IllegalStateException("distribution not built at " + p.toAbsolutePath());
        }
        return p.toAbsolutePath();
    }

    static Path testPlugins() {
        return Path.of(System.getProperty("test.plugins.dir", "target/test-plugins")).toAbsolutePath();
    }

    /** Environment for a server: its own data dir (demo database), no class-data archive, plus extras. */
    static Map<String, String> env(Path dataDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("XUGU_MCP_HOME", dataDir.toString());
        env.put("XUGU_MCP_CDS", "off");
        env.put("JAVA_OPTS", "-Xmx512m");
        if (System.getenv("JAVA_HOME") != null) {
            env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        env.putAll(extra);
        return env;
    }

    /** A stdio client on a freshly spawned {@code bin/xugu-mcp}. */
    static McpSyncClient stdio(Path home, Map<String, String> env, String... args) {
        return stdio(JSON, home, env, spec -> spec, args);
    }

    /** A stdio client reading answers with {@code json} (e.g. one that keeps decimals as BigDecimal). */
    static McpSyncClient stdio(McpJsonMapper json, Path home, Map<String, String> env, String... args) {
        return stdio(json, home, env, spec -> spec, args);
    }

    /** A stdio client whose specification the test adjusts (capabilities, elicitation answers, progress). */
    static McpSyncClient stdio(Path home, Map<String, String> env,
                               java.util.function.UnaryOperator<McpClient.SyncSpec> customize, String... args) {
        return stdio(JSON, home, env, customize, args);
    }

    static McpSyncClient stdio(McpJsonMapper json, Path home, Map<String, String> env,
                               java.util.function.UnaryOperator<McpClient.SyncSpec> customize, String... args) {
        ServerParameters params = ServerParameters.builder(home.resolve("bin/xugu-mcp").toString())
                .args(args).env(env).build();
        StdioClientTransport transport = new StdioClientTransport(params, json);
        transport.setStdErrorHandler(line -> { });
        McpSyncClient client = customize.apply(McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)))
                .build();
        client.initialize();
        return client;
    }

    /** A running {@code bin/xugu-mcp-http} on an ephemeral port. */
    static final class HttpServer implements AutoCloseable {
        final Process process;
        final int port;
        final Path log;

        HttpServer(Path home, Map<String, String> env, Path log, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            cmd.add(home.resolve("bin/xugu-mcp-http").toString());
            cmd.add("--port");
            cmd.add("0");
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            this.log = log;
            this.process = pb.start();
            this.port = awaitPort();
        }

        private int awaitPort() throws IOException, InterruptedException {
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> drain(r));
                    drain.setDaemon(true);
                    drain.start();
                    Files.writeString(log, seen.toString());
                    return Integer.parseInt(m.group(1));
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("server did not start; output:\n" + seen);
        }

        private void drain(BufferedReader r) {
            try {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        McpSyncClient streamable(Map<String, String> headers) {
            HttpClientStreamableHttpTransport.Builder b = HttpClientStreamableHttpTransport.builder(base()).endpoint("/mcp")
                    .jsonMapper(JSON);
            b.requestBuilder(withHeaders(headers));
            return connect(McpClient.sync(b.build()));
        }

        private static java.net.http.HttpRequest.Builder withHeaders(Map<String, String> headers) {
            java.net.http.HttpRequest.Builder rb = java.net.http.HttpRequest.newBuilder();
            headers.forEach(rb::header);
            return rb;
        }

        McpSyncClient sse(Map<String, String> headers) {
            HttpClientSseClientTransport.Builder b = HttpClientSseClientTransport.builder(base()).sseEndpoint("/sse")
                    .jsonMapper(JSON);
            b.requestBuilder(withHeaders(headers));
            return connect(McpClient.sync(b.build()));
        }

        private static McpSyncClient connect(McpClient.SyncSpec spec) {
            McpSyncClient c = spec.requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(30)).build();
            c.initialize();
            return c;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Calls a tool. */
    static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    /** The text of a result's first content block. */
    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }

    @SuppressWarnings("unchecked")
    static List<List<Object>> rows(McpSchema.CallToolResult r) {
        return (List<List<Object>>) structured(r).get("rows");
    }
}
