package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 9: a PostgreSQL URL does not inherit the XuguDB default user SYSDBA; the start-up log names the user
 * the server really logs in as (here the one the URL names), the same one the database reports.
 */
class LoginUserIT {
    static final String USER = System.getProperty("pg.user", "postgres");
    static final String URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test") + "?user=" + USER;

    @TempDir
    Path data;

    @Test
    void theLogNamesTheUrlsUser() throws Exception {
        Path log = data.resolve("server.log");
        // XUGU_DB_USER empty: as if unset, whatever the environment running the tests holds.
        try (Dist.HttpServer server = new Dist.HttpServer(Dist.home(),
                Dist.env(data.resolve("home"), Map.of("XUGU_DB_URL", URL, "XUGU_DB_USER", "")), log)) {
            McpSyncClient c = server.streamable(Map.of());
            try {
                McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", "SELECT current_user"));
                assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
                assertEquals(USER, Dist.rows(r).get(0).get(0));
            } finally {
                c.closeGracefully();
            }
        }
        String out = Files.readString(log);
        assertTrue(out.contains(" as " + USER + " (postgresql dialect)"), "the log names the user used:\n" + out);
        assertFalse(out.contains("SYSDBA"), "no XuguDB default on PostgreSQL:\n" + out);
    }
}
