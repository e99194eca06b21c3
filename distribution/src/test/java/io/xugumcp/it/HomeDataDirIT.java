package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 7: without XUGU_MCP_HOME the data directory (demo database, audit trail) follows XDG_DATA_HOME, else
 * $HOME, as the README says, not the home of the account's passwd entry (which the JVM's user.home reports).
 */
class HomeDataDirIT {
    @TempDir
    Path tmp;

    @Test
    void followsTheHomeVariable() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path dataDir = home.resolve(".local/share/xugu-mcp");
        serveOneQuery(Map.of("HOME", home.toString(), "XDG_DATA_HOME", ""));
        assertLandedIn(dataDir);
    }

    @Test
    void followsXdgDataHomeBeforeHome() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path xdg = Files.createDirectories(tmp.resolve("xdg"));
        serveOneQuery(Map.of("HOME", home.toString(), "XDG_DATA_HOME", xdg.toString()));
        assertLandedIn(xdg.resolve("xugu-mcp"));
        assertFalse(Files.exists(home.resolve(".local")), "nothing under $HOME when XDG_DATA_HOME is set");
    }

    /** A stdio server on the demo database with no XUGU_MCP_HOME (empty = unset for the server), one query, closed. */
    private static void serveOneQuery(Map<String, String> vars) {
        Map<String, String> env = new HashMap<>(Dist.env(Path.of("unused"), vars));
        env.put("XUGU_MCP_HOME", "");
        McpSyncClient client = Dist.stdio(Dist.home(), env);
        try {
            McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM customers"));
            assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        } finally {
            client.closeGracefully();
        }
    }

    private static void assertLandedIn(Path dataDir) throws Exception {
        assertTrue(Files.isRegularFile(dataDir.resolve("demo/shop.mv.db")), "demo database in " + dataDir);
        Path audit = Audits.file(dataDir);
        Audits.awaitCleanEnd(audit);
        List<Map<String, Object>> queries = Audits.where(Audits.records(audit),
                r -> String.valueOf(r.get("sql")).contains("COUNT(*) FROM customers"));
        assertFalse(queries.isEmpty(), "the query is in the audit trail at " + audit);
    }
}
