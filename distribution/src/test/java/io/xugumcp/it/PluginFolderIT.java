package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators switch features by adding or removing plugin JARs: removing the plugin JARs removes their tools. */
class PluginFolderIT {

    @Test
    void removingTheQueryJarRemovesItsTools(@TempDir Path dir) throws IOException {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        try (Stream<Path> jars = Files.list(Dist.home().resolve("plugins"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        // An admin in read-write mode: every tool of the three plugins is in the list (data_analyst would not see
        // the ADMIN ones, read-only mode not the writing ones).
        Map<String, String> env = Dist.env(dir, Map.of("XUGU_MCP_PLUGINS_DIR", plugins.toString(),
                "XUGU_MCP_STDIO_ROLE", "admin", "XUGU_MCP_MODE", "read-write"));
        McpSyncClient with = Dist.stdio(Dist.home(), env);
        try {
            assertEquals(3 + 9 + 7 + 9 + 6 + 6 + 12, with.listTools().tools().size(), "the query, schema, audit, admin, chat2sql, dml and ddl plugins");
        } finally {
            with.closeGracefully();
        }

        try (Stream<Path> jars = Files.list(plugins)) {
            for (Path jar : jars.toList()) {
                Files.delete(jar);
            }
        }
        McpSyncClient without = Dist.stdio(Dist.home(), env);
        try {
            assertTrue(without.listTools().tools().isEmpty(), "no plugin, no tools");
        } finally {
            without.closeGracefully();
        }
    }

    /**
     * A cut-off JAR, a library JAR and a second copy of a plugin: one line each saying what to do, no stack trace;
     * {@code xugu-mcp plugins} lists them with the reason, with each loaded plugin's description and tools, and exits 1.
     * The server still starts with the good plugins.
     */
    @Test
    void badJarsGetOneLineEachAndThePluginsCommandListsThem(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Path query = Dist.home().resolve("plugins/query-0.1.0.jar");
        Files.copy(query, plugins.resolve("query-0.1.0.jar"));
        Files.copy(Dist.home().resolve("plugins/schema-0.1.0.jar"), plugins.resolve("schema-0.1.0.jar"));
        byte[] bytes = Files.readAllBytes(Dist.home().resolve("plugins/audit-0.1.0.jar"));
        Files.write(plugins.resolve("audit-0.1.0.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.copy(Dist.home().resolve("lib").resolve(firstLib("h2-")), plugins.resolve("h2.jar"));
        Path copy = plugins.resolve("query-copy.jar");
        Files.copy(query, copy);
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(plugins.resolve("query-0.1.0.jar")).toMillis() + 60_000));

        ConfigFileIT.Run r = ConfigFileIT.run(dir, Map.of("XUGU_MCP_PLUGINS_DIR", plugins.toString()), "plugins");
        String out = r.output();
        assertEquals(1, r.exit(), out);
        assertTrue(out.contains("audit-0.1.0.jar REJECTED – not a readable JAR (damaged or cut off"), out);
        assertTrue(out.contains("h2.jar REJECTED – not a plugin (its manifest has no Plugin-Id; a library JAR?)"), out);
        assertTrue(out.contains("query-copy.jar REJECTED – a second copy of plugin 'query', which is already loaded from"
                + " query-0.1.0.jar. Remove one of the two JARs"), out);
        assertTrue(out.contains("      tools: ") && out.contains("execute_query"), "each plugin's tools:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("      ") && !l.contains("tools:")), "a description:\n" + out);
        assertFalse(out.contains("\tat ") || out.contains("Exception"), "no stack trace:\n" + out);
        assertEquals(3, out.lines().filter(l -> l.contains("not loaded:")).count(), "one log line each:\n" + out);

        McpSyncClient client = Dist.stdio(Dist.home(), Dist.env(dir, Map.of("XUGU_MCP_PLUGINS_DIR", plugins.toString())));
        try {
            assertTrue(client.listTools().tools().stream().anyMatch(t -> t.name().equals("execute_query")));
        } finally {
            client.closeGracefully();
        }
    }

    private static String firstLib(String prefix) throws IOException {
        try (Stream<Path> jars = Files.list(Dist.home().resolve("lib"))) {
            return jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
        }
    }
}
