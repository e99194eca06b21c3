package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One HTTP client's slow statements leave a pooled connection for another client (issue 8 item 14: another client's
 * SELECT 1 waited 14.8 s). On the shared PostgreSQL with a pool of 3 and a 5 s pool wait: the hog's third
 * {@code pg_sleep} is refused at once, and the other client's {@code SELECT 1} is served instead of waiting for the
 * pool until it gives up.
 */
class ClientShareIT {
    static final String HOG = "hog-" + System.nanoTime();
    static final String OTHER = "other-" + System.nanoTime();

    @TempDir
    Path dir;

    @Test
    void oneClientsSlowStatementsDoNotBlockAnothersSelect1() throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, "xugu-mcp.security.tokens = [\n"
                + "  { client = hog, role = admin, sha256 = \"" + HttpSecurityIT.sha256(HOG) + "\" },\n"
                + "  { client = other, role = read_only, sha256 = \"" + HttpSecurityIT.sha256(OTHER) + "\" }\n]\n");
        Map<String, String> env = Dist.env(dir.resolve("data"), Map.of("XUGU_DB_URL", PostgresIT.ADMIN_URL,
                "XUGU_DB_USER", PostgresIT.USER, "XUGU_DB_POOL_MAX_SIZE", "3", "XUGU_DB_POOL_TIMEOUT", "5s"));
        String marker = "share_" + System.nanoTime();
        try (Dist.HttpServer server = new Dist.HttpServer(Dist.home(), env, dir.resolve("server.log"),
                "--config", config.toString(), "--read-write")) {
            McpSyncClient hog = server.streamable(Map.of("Authorization", "Bearer " + HOG));
            McpSyncClient other = server.streamable(Map.of("Authorization", "Bearer " + OTHER));
            try {
                List<CompletableFuture<McpSchema.CallToolResult>> sleeps = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    sleeps.add(CompletableFuture.supplyAsync(() -> Dist.call(hog, "execute_batch",
                            Map.of("queries", List.of("SELECT pg_sleep(12) /* " + marker + " */")))));
                }
                awaitSleeping(marker, 2);
                McpSchema.CallToolResult select1 = Dist.call(other, "execute_query", Map.of("sql", "SELECT 1"));
                assertFalse(Boolean.TRUE.equals(select1.isError()), "the other client is served: " + Dist.text(select1));
                boolean refused = false;
                for (CompletableFuture<McpSchema.CallToolResult> f : sleeps) {
                    McpSchema.CallToolResult r = f.join();
                    refused |= Boolean.TRUE.equals(r.isError()) && Dist.text(r).contains("the most one client may run at once");
                }
                assertTrue(refused, "the hog's statement over its share is refused with the reason");
            } finally {
                hog.closeGracefully();
                other.closeGracefully();
            }
        }
    }

    /** Waits (bounded) until {@code n} of the hog's sleeps run in PostgreSQL. */
    private static void awaitSleeping(String marker, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresIT.ADMIN_URL, PostgresIT.USER, "");
             Statement s = c.createStatement()) {
            for (int i = 0; i < 200; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep%"
                        + marker + "%' AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) >= n) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the slow statements did not start");
    }
}
