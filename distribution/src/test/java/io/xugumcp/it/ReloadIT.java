package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration reloaded while clients stay connected (HTTP, two tokens): a role that loses a table takes effect on
 * its client's next call; a broken file keeps the configuration in force and says what is wrong; SIGHUP reloads too;
 * disabling a plugin removes its tools and connected clients are told ({@code notifications/tools/list_changed}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadIT {
    static final String ADMIN = "admin-" + System.nanoTime();
    static final String ANALYST = "analyst-" + System.nanoTime();
    @TempDir
    static Path dir;
    static Path config;
    static Dist.HttpServer server;
    static McpSyncClient admin;
    static McpSyncClient analyst;
    static final BlockingQueue<List<McpSchema.Tool>> changes = new LinkedBlockingQueue<>();
    static final BlockingQueue<List<McpSchema.Tool>> sseChanges = new LinkedBlockingQueue<>();
    static McpSyncClient sseAnalyst;

    static void writeConfig(String analystRole, String extra) throws Exception {
        Files.writeString(config, "xugu-mcp {\n"
                + "  security {\n"
                + "    tokens = [\n"
                + "      { client = ops, role = admin, sha256 = \"" + HttpSecurityIT.sha256(ADMIN) + "\" },\n"
                + "      { client = analyst, role = analyst, sha256 = \"" + HttpSecurityIT.sha256(ANALYST) + "\" }\n"
                + "    ]\n"
                + "    roles.analyst { " + analystRole + " }\n"
                + "  }\n"
                + extra + "\n"
                + "}\n");
    }

    static McpSyncClient watching(String token, BlockingQueue<List<McpSchema.Tool>> into) {
        HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(server.base()).endpoint("/mcp")
                .jsonMapper(Dist.JSON).openConnectionOnStartup(true)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(30)).toolsChangeConsumer(into::add).build();
        c.initialize();
        return c;
    }

    @BeforeAll
    static void start() throws Exception {
        config = dir.resolve("application.conf");
        writeConfig("permissions = [SELECT]", "");
        server = new Dist.HttpServer(Dist.home(), Dist.env(dir.resolve("data"), Map.of()), dir.resolve("server.log"),
                "--config", config.toString());
        admin = server.streamable(Map.of("Authorization", "Bearer " + ADMIN));
        analyst = watching(ANALYST, changes);
        HttpClientSseClientTransport sse = HttpClientSseClientTransport.builder(server.base()).sseEndpoint("/sse")
                .jsonMapper(Dist.JSON).requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + ANALYST))
                .build();
        sseAnalyst = McpClient.sync(sse).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(30))
                .toolsChangeConsumer(sseChanges::add).build();
        sseAnalyst.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        for (McpSyncClient c : new McpSyncClient[] {admin, analyst, sseAnalyst}) {
            if (c != null) {
                c.closeGracefully();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    static McpSchema.CallToolResult query(McpSyncClient c, String sql) {
        return Dist.call(c, "execute_query", Map.of("sql", sql));
    }

    static boolean denied(McpSchema.CallToolResult r) {
        return Boolean.TRUE.equals(r.isError());
    }

    static Map<String, Object> reload() {
        McpSchema.CallToolResult r = Dist.call(admin, "reload_config", Map.of());
        return Dist.structured(r);
    }

    @Test
    @Order(1)
    void aRoleThatLosesATableIsRefusedOnItsNextCallWithoutReconnecting() throws Exception {
        assertFalse(denied(query(analyst, "SELECT COUNT(*) FROM products")));
        writeConfig("permissions = [SELECT], tables = [ { pattern = \"products\", deny = [SELECT] } ]", "");
        Map<String, Object> r = reload();
        assertEquals(true, r.get("applied"), r.toString());
        assertTrue(((List<?>) r.get("changed")).contains("roles"), r.toString());

        McpSchema.CallToolResult refused = query(analyst, "SELECT COUNT(*) FROM products");
        assertTrue(denied(refused), "the same session, the next call: " + Dist.text(refused));
        assertTrue(Dist.text(refused).contains("PRODUCTS"), Dist.text(refused));
        assertFalse(denied(query(analyst, "SELECT COUNT(*) FROM customers")), "other tables still readable");
    }

    @Test
    @Order(2)
    void aBrokenReloadKeepsTheConfigurationInForceAndSaysWhatIsWrong() throws Exception {
        String good = Files.readString(config);
        writeConfig("permissions = [SELECT, FLY]", "");
        McpSchema.CallToolResult r = Dist.call(admin, "reload_config", Map.of());
        assertEquals(Boolean.TRUE, r.isError(), Dist.text(r));
        Map<String, Object> report = Dist.structured(r);
        assertEquals(false, report.get("applied"));
        assertTrue(String.valueOf(report.get("errors")).contains("FLY"), report.toString());
        assertTrue(Dist.text(r).contains("NOT reloaded"), Dist.text(r));
        assertTrue(denied(query(analyst, "SELECT COUNT(*) FROM products")), "the deny rule still holds");
        assertFalse(denied(query(analyst, "SELECT COUNT(*) FROM customers")));

        Files.writeString(config, "xugu-mcp { security { roles { analyst { permissions = [SELECT] ");
        assertEquals(false, reload().get("applied"), "a syntax error is refused too");
        assertTrue(denied(query(analyst, "SELECT COUNT(*) FROM products")));
        Files.writeString(config, good);

        Map<String, Object> log = Dist.structured(Dist.call(admin, "get_audit_log",
                Map.of("operation_type", "config.reload", "limit", 10)));
        String entries = String.valueOf(log.get("entries"));
        assertTrue(entries.contains("invalid_config") && entries.contains("outcome=ok"), entries);
    }

    @Test
    @Order(3)
    void sighupReloadsTheConfiguration() throws Exception {
        writeConfig("permissions = [SELECT]", "");
        new ProcessBuilder("kill", "-HUP", Long.toString(server.process.pid())).inheritIO().start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean allowed = false;
        while (!allowed && System.nanoTime() < deadline) {
            allowed = !denied(query(analyst, "SELECT COUNT(*) FROM products"));
            if (!allowed) {
                Thread.sleep(200);
            }
        }
        assertTrue(allowed, "after SIGHUP the deny rule is gone");
        assertTrue(server.process.isAlive(), "SIGHUP does not stop the server");
        String entries = String.valueOf(Dist.structured(Dist.call(admin, "get_audit_log",
                Map.of("operation_type", "config.reload", "client", "operator", "limit", 5))).get("entries"));
        assertTrue(entries.contains("transport=signal"), entries);
    }

    @Test
    @Order(4)
    void disablingAPluginRemovesItsToolsAndTellsConnectedClients() throws Exception {
        changes.clear();
        sseChanges.clear();
        assertTrue(names(analyst.listTools().tools()).contains("get_security_status"));
        writeConfig("permissions = [SELECT]", "  disabled-plugins = [audit]");
        Map<String, Object> r = reload();
        assertEquals(true, r.get("toolsChanged"), r.toString());
        List<McpSchema.Tool> seen = changes.poll(30, TimeUnit.SECONDS);
        assertTrue(seen != null, "the Streamable HTTP client was told the tool list changed");
        List<McpSchema.Tool> seenSse = sseChanges.poll(30, TimeUnit.SECONDS);
        assertTrue(seenSse != null, "the SSE client was told too");
        List<String> now = names(analyst.listTools().tools());
        assertFalse(now.contains("get_security_status"), now.toString());
        assertTrue(now.contains("execute_query"));
        io.modelcontextprotocol.spec.McpError gone = org.junit.jupiter.api.Assertions.assertThrows(
                io.modelcontextprotocol.spec.McpError.class, () -> Dist.call(analyst, "get_security_status", Map.of()));
        assertTrue(gone.getMessage().contains("Unknown tool"), gone.getMessage());

        writeConfig("permissions = [SELECT]", "");
        reload();
        assertTrue(names(analyst.listTools().tools()).contains("get_security_status"), "enabled again");
        assertFalse(Boolean.TRUE.equals(Dist.call(analyst, "get_security_status", Map.of()).isError()));
    }

    @Test
    @Order(5)
    void metricsNeedAnAdminTokenWhenTokensAreConfigured() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/metrics"));
        assertEquals(401, http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(server.base() + "/metrics"))
                .header("Authorization", "Bearer " + ANALYST).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/metrics"))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(io.xugumcp.server.metrics.PrometheusParser.parse(ok.body())
                .value("xugu_mcp_config_reloads_total", "outcome", "refused") >= 2, ok.body());
    }

    static List<String> names(List<McpSchema.Tool> tools) {
        return tools.stream().map(McpSchema.Tool::name).toList();
    }
}
