package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unbounded {@code SELECT *} on a wide table answers within a model's context (Claude Code cuts a tool answer at
 * 25k tokens ≈ 100 KB): rows up to the answer budget, clearly truncated with the way to get more, and a text that is a
 * short preview rather than a second copy of the rows. The budget is configurable.
 */
class AnswerSizeIT {
    @TempDir
    Path dir;

    static final String URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("pg.user", "postgres");

    /** A wide table of 20,000 rows in a schema of this test's own (other helpers share the database). */
    @Test
    void anUnboundedSelectStarIsAClearlyTruncatedAnswerWellUnderTwentyFiveThousandTokens() throws Exception {
        String schema = "xmcp_answers_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".wide AS SELECT g AS id, repeat('a', 40) AS c1, repeat('b', 40) AS c2,"
                    + " repeat('c', 40) AS c3, repeat('d', 40) AS c4, repeat('e', 40) AS c5, repeat('f', 40) AS c6,"
                    + " g * 2 AS n1, g * 3.5 AS n2, DATE '2026-01-01' + (g % 365) AS d1, now() AS t1,"
                    + " repeat('g', 80) AS c7, repeat('h', 80) AS c8 FROM generate_series(1, 20000) g");
        }
        try {
            Map<String, String> db = Map.of("XUGU_DB_URL", URL + "?currentSchema=" + schema, "XUGU_DB_USER", USER,
                    "SECURITY_RESULT_SET_MAX_ROWS", "100000");
            McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("a"), db));
            int rows;
            try {
                McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", "SELECT * FROM wide"));
                assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
                int total = bytes(r);
                String text = Dist.text(r);
                Map<String, Object> st = Dist.structured(r);
                rows = ((Number) st.get("rowCount")).intValue();
                System.out.printf("SELECT * FROM wide (20000 rows x 13 columns): answer %d bytes, %d rows, text %d chars%n",
                        total, rows, text.length());
                assertTrue(total < 64 * 1024, "answer of " + total + " bytes; budget 48 KiB of rows + a short text");
                assertEquals(true, st.get("truncated"));
                assertEquals("bytes", st.get("truncatedReason"));
                assertTrue(rows > 50 && rows < 20_000, "a useful page of rows: " + rows);
                assertTrue(text.contains("LIMIT/OFFSET") && text.contains("fewer/narrower columns"), text);
                assertTrue(text.length() < 6 * 1024, "the text is a preview, not a copy of the rows: " + text.length());
                assertTrue(text.lines().count() < 30, "at most a preview's rows in text");

                McpSchema.CallToolResult narrow = Dist.call(c, "execute_query", Map.of("sql", "SELECT id FROM wide"));
                assertTrue(((Number) Dist.structured(narrow).get("rowCount")).intValue() > rows,
                        "fewer columns, more rows in the same budget");
            } finally {
                c.closeGracefully();
            }

            Map<String, String> bigger = new java.util.HashMap<>(db);
            bigger.put("XUGU_MCP_ANSWER_MAX_BYTES", "256KiB");
            McpSyncClient b = Dist.stdio(Dist.home(), Dist.env(dir.resolve("b"), bigger));
            try {
                McpSchema.CallToolResult r = Dist.call(b, "execute_query", Map.of("sql", "SELECT * FROM wide"));
                assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
                int total = bytes(r);
                System.out.printf("with answers.max-bytes = 256KiB: answer %d bytes%n", total);
                assertTrue(total > 128 * 1024 && total < 320 * 1024, "a configured budget of 256 KiB: " + total);
                assertTrue(((Number) Dist.structured(r).get("rowCount")).intValue() > rows * 3);
            } finally {
                b.closeGracefully();
            }
        } finally {
            try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static int bytes(McpSchema.CallToolResult r) throws Exception {
        return Dist.JSON.writeValueAsString(r).getBytes(StandardCharsets.UTF_8).length;
    }
}
