package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table rules against PostgreSQL, connected as its superuser so only the host stands in the way: the built-in
 * {@code developer} may DROP {@code dev_*} tables and not {@code orders}; a deny rule wins over the allow rule; a
 * schema-qualified rule matches unqualified names in the connection's current schema.
 */
class TableRulesIT {
    static final String URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("pg.user", "postgres");
    static final String SCHEMA = "xmcp_rules";

    @Test
    void developerDropsDevTablesOnlyAndDenyWins(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA);
            for (String t : List.of("dev_x", "dev_keep_1", "orders")) {
                s.execute("CREATE TABLE " + t + " (id int)");
            }
        }
        Path config = dir.resolve("application.conf");
        Files.writeString(config, """
                xugu-mcp.security {
                  stdio-role = developer
                  roles.developer.tables = [
                    { pattern = "dev_*", allow = [DROP] },
                    { pattern = "dev_keep_*", deny = [DROP] },
                    { pattern = "xmcp_rules.orders", deny = [SELECT] }
                  ]
                }
                """);
        McpSyncClient dev = Dist.stdio(Dist.home(), Dist.env(dir.resolve("data"),
                Map.of("XUGU_DB_URL", URL + "?currentSchema=" + SCHEMA, "XUGU_DB_USER", USER)),
                "--config", config.toString(), "--read-write");
        try {
            McpSchema.CallToolResult ok = Dist.call(dev, "execute_batch", Map.of("queries", List.of("DROP TABLE dev_x")));
            assertFalse(Boolean.TRUE.equals(ok.isError()), Dist.text(ok));

            McpSchema.CallToolResult orders = Dist.call(dev, "execute_batch", Map.of("queries", List.of("DROP TABLE orders")));
            assertEquals(Boolean.TRUE, orders.isError());
            assertTrue(Dist.text(orders).contains("DROP permission on ORDERS") && Dist.text(orders).contains("dev_*"),
                    Dist.text(orders));
            McpSchema.CallToolResult qualified = Dist.call(dev, "execute_batch",
                    Map.of("queries", List.of("DROP TABLE " + SCHEMA + ".orders")));
            assertEquals(Boolean.TRUE, qualified.isError(), Dist.text(qualified));

            McpSchema.CallToolResult keep = Dist.call(dev, "execute_batch", Map.of("queries", List.of("DROP TABLE dev_keep_1")));
            assertEquals(Boolean.TRUE, keep.isError());
            assertTrue(Dist.text(keep).contains("deny wins"), Dist.text(keep));

            // A schema-qualified rule applies to an unqualified name in the connection's current schema.
            McpSchema.CallToolResult read = Dist.call(dev, "execute_query", Map.of("sql", "SELECT * FROM orders"));
            assertEquals(Boolean.TRUE, read.isError(), Dist.text(read));
            assertTrue(Dist.text(read).contains("xmcp_rules.orders"), Dist.text(read));
            McpSchema.CallToolResult other = Dist.call(dev, "execute_query", Map.of("sql", "SELECT * FROM dev_keep_1"));
            assertFalse(Boolean.TRUE.equals(other.isError()), Dist.text(other));
        } finally {
            dev.closeGracefully();
        }
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM"
                     + " information_schema.tables WHERE table_schema = '" + SCHEMA + "'")) {
            rs.next();
            assertEquals("dev_keep_1,orders", rs.getString(1), "dev_x dropped, the others kept");
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}
