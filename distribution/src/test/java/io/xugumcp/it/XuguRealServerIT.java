package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: the scenarios of {@link XuguDoubleIT} that a real XuguDB can play without fault injection, against a real
 * server, through the built distribution and the MCP client. The double proves agreement with the driver; this proves
 * agreement with a server. Needs hardware we do not have, so it is skipped unless configured:
 * <pre>
 * XUGU_TEST_URL=jdbc:xugu://HOST:5138/SYSTEM XUGU_TEST_USER=... XUGU_TEST_PASSWORD=... mvn -B verify -Dit.test=XuguRealServerIT
 * </pre>
 * The user should be allowed to read SYS_ALL_SESSIONS and run DBMS_DBA for the kill check; with a least-privilege
 * user that check accepts the "may still be running" answer instead.
 */
class XuguRealServerIT {
    static final String HOW = "set XUGU_TEST_URL=jdbc:xugu://HOST:5138/DATABASE (and XUGU_TEST_USER, XUGU_TEST_PASSWORD)"
            + " to run the XuguDB scenarios against a real server";
    static final int QUERY_TIMEOUT_S = 2;

    @TempDir
    static Path data;
    static McpSyncClient client;

    static Map<String, String> env(String password) {
        Map<String, String> env = new HashMap<>();
        env.put("XUGU_DB_URL", System.getenv("XUGU_TEST_URL"));
        env.put("XUGU_DB_USER", System.getenv().getOrDefault("XUGU_TEST_USER", "SYSDBA"));
        env.put("XUGU_DB_PASSWORD", password);
        env.put("SECURITY_MAX_QUERY_EXECUTION_TIME", String.valueOf(QUERY_TIMEOUT_S));
        env.put("XUGU_DB_CONNECT_TIMEOUT", "5");
        return env;
    }

    static String password() {
        return System.getenv().getOrDefault("XUGU_TEST_PASSWORD", "");
    }

    static boolean configured() {
        String url = System.getenv("XUGU_TEST_URL");
        return url != null && !url.isBlank();
    }

    @BeforeAll
    static void start() {
        if (configured()) {
            client = Dist.stdio(Dist.home(), Dist.env(data, env(password())));
        }
    }

    /** Per test, so that each skipped test carries the message that says how to enable it. */
    @BeforeEach
    void needsAServer() {
        assumeTrue(configured(), HOW);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    static McpSchema.CallToolResult query(String sql) {
        return Dist.call(client, "execute_query", Map.of("sql", sql));
    }

    @Test
    void typedValues() {
        McpSchema.CallToolResult r = query("SELECT CAST(7 AS TINYINT) AS TI, CAST(9007199254740993 AS BIGINT) AS BI,"
                + " CAST(42 AS BIGINT) AS BS, CAST(12345.678 AS NUMERIC(20,3)) AS N, CAST('2024-02-29' AS DATE) AS DT,"
                + " CAST('2024-02-29 13:14:15.123' AS DATETIME) AS TS, '虚谷' AS CH FROM DUAL");
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        List<Object> row = Dist.rows(r).get(0);
        assertEquals(7, ((Number) row.get(0)).intValue());
        assertEquals("9007199254740993", row.get(1));
        assertEquals(42, ((Number) row.get(2)).intValue());
        assertEquals(12345.678, ((Number) row.get(3)).doubleValue(), 1e-9);
        assertEquals("2024-02-29", row.get(4));
        assertEquals("2024-02-29T13:14:15.123", row.get(5));
        assertEquals("虚谷", row.get(6));
    }

    @Test
    void rowCapUsesLimit() {
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", "SELECT * FROM ALL_COLUMNS",
                "limit", 5));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        assertEquals(5, Dist.rows(r).size());
        assertEquals(true, Dist.structured(r).get("truncated"));
    }

    @Test
    void missingTableIsAClearError() {
        McpSchema.CallToolResult r = query("SELECT * FROM XMCP_NO_SUCH_TABLE");
        assertEquals(Boolean.TRUE, r.isError());
        assertTrue(Dist.text(r).contains("code "), Dist.text(r));
        // Confirms (or refutes) the [S]-level code for "table does not exist".
        assertTrue(Dist.text(r).contains("does not exist"), "E5021 expected: " + Dist.text(r));
    }

    @Test
    void slowStatementAnswersWithinTheLimitAndThePoolRefills() {
        long t0 = System.nanoTime();
        McpSchema.CallToolResult r = query("SELECT COUNT(*) FROM ALL_COLUMNS a, ALL_COLUMNS b, ALL_COLUMNS c");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Boolean.TRUE, r.isError(), "expected the cross join to outlast " + QUERY_TIMEOUT_S + " s");
        assertTrue(Dist.text(r).contains("stopped on the server too") || Dist.text(r).contains("may still be running"),
                Dist.text(r));
        assertTrue(ms <= QUERY_TIMEOUT_S * 1100L + 200, ms + " ms");
        McpSchema.CallToolResult after = query("select 1 from dual");
        assertFalse(Boolean.TRUE.equals(after.isError()), Dist.text(after));
    }

    @Test
    void wrongPasswordIsReportedAsALoginFailure(@TempDir Path own) {
        McpSyncClient other = Dist.stdio(Dist.home(), Dist.env(own, env(password() + "x")));
        try {
            McpSchema.CallToolResult r = Dist.call(other, "execute_query", Map.of("sql", "select 1 from dual"));
            assertEquals(Boolean.TRUE, r.isError());
            assertTrue(Dist.text(r).contains("The login was refused"), Dist.text(r));
        } finally {
            other.closeGracefully();
        }
    }
}
