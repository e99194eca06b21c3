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
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table rule denying SELECT holds whatever way the data is read: through a view (nested too) resolved through the
 * catalog, and through the statistics views that show column values – on the real PostgreSQL (a schema of this test's
 * own, connected as its superuser so only the host stands in the way) and on the H2 demo database.
 */
class DenyLeaksIT {
    static final String URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("pg.user", "postgres");

    private static Path config(Path dir, String pattern) throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, """
                xugu-mcp.security {
                  stdio-role = analyst
                  roles.analyst { inherits = data_analyst, tables = [ { pattern = "%s", deny = [SELECT] } ] }
                }
                """.formatted(pattern));
        return config;
    }

    private static void assertDenied(McpSyncClient c, String sql, String mentions) {
        McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", sql));
        assertEquals(Boolean.TRUE, r.isError(), sql + " → " + Dist.text(r));
        assertTrue(Dist.text(r).contains("Denied") && Dist.text(r).toLowerCase().contains(mentions.toLowerCase()),
                Dist.text(r));
    }

    @Test
    void postgresViewsAndStatisticsDoNotLeakADeniedTable(@TempDir Path dir) throws Exception {
        String schema = "xmcp_leak_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path = " + schema);
            s.execute("CREATE TABLE secrets (id int, ssn text)");
            s.execute("INSERT INTO secrets SELECT i, 'SSN-' || (i % 5) FROM generate_series(1, 200) i");
            s.execute("CREATE TABLE open_data (id int)");
            s.execute("CREATE VIEW v_secrets AS SELECT id, ssn FROM secrets");
            s.execute("CREATE VIEW v_nested AS SELECT ssn FROM v_secrets WHERE id > 0");
            s.execute("ANALYZE secrets");
        }
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("data"),
                Map.of("XUGU_DB_URL", URL + "?currentSchema=" + schema, "XUGU_DB_USER", USER)),
                "--config", config(dir, schema + ".secrets").toString());
        try {
            assertDenied(c, "SELECT ssn FROM secrets", "secrets");
            assertDenied(c, "SELECT ssn FROM v_secrets", "secrets");
            assertDenied(c, "SELECT ssn FROM v_nested", "secrets");
            assertDenied(c, "SELECT ssn FROM " + schema + ".v_nested", "secrets");
            assertDenied(c, "SELECT most_common_vals::text FROM pg_stats WHERE tablename = 'secrets'", "pg_stats");
            assertDenied(c, "SELECT * FROM pg_catalog.pg_statistic", "pg_statistic");
            McpSchema.CallToolResult stats = Dist.call(c, "get_table_stats", Map.of("table_name", "secrets"));
            assertEquals(Boolean.TRUE, stats.isError(), Dist.text(stats));
            assertFalse(Dist.text(stats).contains("SSN-"), Dist.text(stats));

            McpSchema.CallToolResult open = Dist.call(c, "execute_query", Map.of("sql", "SELECT * FROM open_data"));
            assertFalse(Boolean.TRUE.equals(open.isError()), Dist.text(open));
            McpSchema.CallToolResult openStats = Dist.call(c, "get_table_stats", Map.of("table_name", "open_data"));
            assertFalse(Boolean.TRUE.equals(openStats.isError()), Dist.text(openStats));
        } finally {
            c.closeGracefully();
            try (Connection x = DriverManager.getConnection(URL, USER, ""); Statement s = x.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void h2ViewsAndSessionTextsDoNotLeakADeniedTable(@TempDir Path dir) throws Exception {
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("data"), Map.of()),
                "--config", config(dir, "orders").toString());
        try {
            assertDenied(c, "SELECT * FROM orders", "orders");
            assertDenied(c, "SELECT * FROM v_order_summary", "orders");
            assertDenied(c, "SELECT * FROM INFORMATION_SCHEMA.SESSIONS", "sessions");
            McpSchema.CallToolResult other = Dist.call(c, "execute_query", Map.of("sql", "SELECT * FROM customers"));
            assertFalse(Boolean.TRUE.equals(other.isError()), Dist.text(other));
        } finally {
            c.closeGracefully();
        }
    }
}
