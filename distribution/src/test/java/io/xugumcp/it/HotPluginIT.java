package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xugu-mcp.plugins.watch = true}: a plugin JAR dropped into the running server's plugin folder serves its
 * tools (the client is told the list changed); a bad JAR is reported and changes nothing; a removed JAR's tools go at
 * once and the log says the rest takes effect at the next restart.
 */
class HotPluginIT {

    @Test
    void aJarDroppedInWhileRunningServesItsTools(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Path auditJar = null;
        try (Stream<Path> jars = Files.list(Dist.home().resolve("plugins"))) {
            for (Path jar : jars.toList()) {
                if (jar.getFileName().toString().startsWith("audit-")) {
                    auditJar = jar;
                } else {
                    Files.copy(jar, plugins.resolve(jar.getFileName()));
                }
            }
        }
        assertNotNull(auditJar);
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "xugu-mcp.plugins.watch-interval = 300ms\n");
        Map<String, String> env = Dist.env(dir.resolve("data"), Map.of("XUGU_MCP_PLUGINS_DIR", plugins.toString(),
                "XUGU_MCP_PLUGINS_WATCH", "true", "XUGU_MCP_STDIO_ROLE", "admin"));
        List<String> log = new CopyOnWriteArrayList<>();
        BlockingQueue<List<McpSchema.Tool>> changes = new LinkedBlockingQueue<>();
        ServerParameters params = ServerParameters.builder(Dist.home().resolve("bin/xugu-mcp").toString())
                .args("--config", conf.toString()).env(env).build();
        StdioClientTransport transport = new StdioClientTransport(params, Dist.JSON);
        transport.setStdErrorHandler(log::add);
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).toolsChangeConsumer(changes::add).build();
        try {
            client.initialize();
            assertFalse(names(client).contains("get_security_status"));

            // A bad JAR first: reported, nothing half-loaded, the server keeps serving.
            Files.write(plugins.resolve("broken-1.0.jar"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
            await(() -> log.stream().anyMatch(l -> l.contains("broken-1.0.jar not loaded")), "the bad JAR is reported");
            assertFalse(Boolean.TRUE.equals(Dist.call(client, "execute_query", Map.of("sql", "SELECT 1")).isError()));
            Map<String, Object> info = Dist.structured(Dist.call(client, "get_server_info", Map.of()));
            assertTrue(info.get("plugins").toString().contains("broken-1.0.jar"), info.toString());

            // Copied under another name, then renamed: the watcher never sees half a file.
            Path partial = plugins.resolve("audit.jar.part");
            Files.copy(auditJar, partial);
            Files.move(partial, plugins.resolve(auditJar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            List<McpSchema.Tool> after = changes.poll(30, TimeUnit.SECONDS);
            assertNotNull(after, "notifications/tools/list_changed arrived");
            await(() -> names(client).contains("get_security_status"), "the new plugin's tools are listed");
            McpSchema.CallToolResult status = Dist.call(client, "get_security_status", Map.of());
            assertFalse(Boolean.TRUE.equals(status.isError()), Dist.text(status));
            assertEquals("admin", ((Map<?, ?>) Dist.structured(status).get("caller")).get("role"));

            changes.clear();
            Files.delete(plugins.resolve(auditJar.getFileName()));
            assertNotNull(changes.poll(30, TimeUnit.SECONDS), "removing it is announced too");
            await(() -> !names(client).contains("get_security_status"), "its tools are gone at once");
            await(() -> log.stream().anyMatch(l -> l.contains("was removed") && l.contains("next restart")),
                    "the log says the rest waits for a restart");
        } finally {
            client.closeGracefully();
        }
    }

    private static List<String> names(McpSyncClient c) {
        return c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
