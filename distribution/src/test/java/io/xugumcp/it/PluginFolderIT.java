package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
