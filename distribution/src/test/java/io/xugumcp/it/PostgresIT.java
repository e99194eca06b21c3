package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real PostgreSQL server on 127.0.0.1:5432 (database {@code test}, started by .ci/run): queries, typed
 * values, timeout, and the all-or-nothing batch, through the stdio SDK client.
 */
class PostgresIT {
    static final String ADMIN_URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("pg.user", "postgres");
    static final String SCHEMA = "xmcp_it";
    @TempDir
    static Path data;
    static McpSyncClient readOnly;
    static McpSyncClient readWrite;

    @BeforeAll
    static void setUp() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA);
            s.execute("CREATE TABLE account (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2),"
                    + " big bigint, opened date, touched timestamp, active boolean, photo bytea, tags text[], doc jsonb,"
                    + " stamped timestamptz)");
            s.execute("INSERT INTO account SELECT g, '用户' || g, g * 10.5, 9007199254740993 + g, DATE '2024-01-01' + g,"
                    + " TIMESTAMP '2024-01-01 08:00:00' + g * INTERVAL '1 hour', g % 2 = 0, '\\x0102ff'::bytea,"
                    + " ARRAY['a','b'], '{\"k\": 1}'::jsonb,"
                    + " TIMESTAMPTZ '2024-05-01 12:00:00+08' FROM generate_series(1, 2500) g");
            s.execute("CREATE TABLE ledger (id int PRIMARY KEY, account_id int REFERENCES account(id), amount numeric(12,2))");
            // A function with a side effect: the SQL guard cannot see inside it (its documented known miss).
            s.execute("CREATE FUNCTION wipe_accounts() RETURNS int LANGUAGE sql AS 'DELETE FROM account RETURNING 1'");
        }
        Map<String, String> db = Map.of("XUGU_DB_URL", ADMIN_URL + "?currentSchema=" + SCHEMA, "XUGU_DB_USER", USER,
                "SECURITY_MAX_QUERY_EXECUTION_TIME", "2");
        readOnly = Dist.stdio(Dist.home(), Dist.env(data.resolve("ro"), db));
        readWrite = Dist.stdio(Dist.home(), Dist.env(data.resolve("rw"), db), "--read-write");
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (McpSyncClient c : new McpSyncClient[] {readOnly, readWrite}) {
            if (c != null) {
                c.closeGracefully();
            }
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void returnsJsonSafeValuesForEveryType() {
        McpSchema.CallToolResult r = Dist.call(readOnly, "execute_query",
                Map.of("sql", "SELECT * FROM account WHERE id = ?", "params", List.of(2)));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        List<Object> row = Dist.rows(r).get(0);
        assertEquals(2, ((Number) row.get(0)).intValue());
        assertEquals("用户2", row.get(1));
        assertEquals(21.0, ((Number) row.get(2)).doubleValue(), 1e-9);
        assertEquals("9007199254740995", row.get(3), "a bigint beyond 2^53 travels as a string");
        assertEquals("2024-01-03", row.get(4));
        assertEquals("2024-01-01T10:00:00", row.get(5));
        assertEquals(true, row.get(6));
        assertEquals("AQL/", row.get(7), "bytea as base64");
        assertEquals(List.of("a", "b"), row.get(8));
        assertTrue(String.valueOf(row.get(9)).contains("\"k\""), "jsonb as its text");
        assertTrue(String.valueOf(row.get(10)).matches("2024-05-01T\\d{2}:00:00(Z|[+-]\\d{2}:\\d{2})"),
                "timestamptz keeps an offset: " + row.get(10));
    }

    @Test
    void capsRowsAndSaysSo() {
        McpSchema.CallToolResult r = Dist.call(readOnly, "execute_query", Map.of("sql", "SELECT id FROM account ORDER BY id"));
        Map<String, Object> s = Dist.structured(r);
        assertEquals(1000, ((Number) s.get("rowCount")).intValue(), "the server's default cap");
        assertEquals(true, s.get("truncated"));
        McpSchema.CallToolResult exact = Dist.call(readOnly, "execute_query",
                Map.of("sql", "SELECT id FROM account WHERE id <= 7", "limit", 7));
        assertEquals(false, Dist.structured(exact).get("truncated"), "exactly the limit is not truncation");
    }

    @Test
    void stopsAQueryAtTheTimeoutAndStaysUsable() {
        long t0 = System.nanoTime();
        McpSchema.CallToolResult r = Dist.call(readOnly, "execute_query",
                Map.of("sql", "SELECT count(*) FROM generate_series(1, 30000) a, generate_series(1, 30000) b"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Boolean.TRUE, r.isError());
        assertTrue(Dist.text(r).contains("limit"), Dist.text(r));
        assertTrue(ms < 8000, "answered after " + ms + " ms: the 2 s limit stopped a query of many seconds");
        McpSchema.CallToolResult after = Dist.call(readOnly, "execute_query", Map.of("sql", "SELECT 1 AS one"));
        assertFalse(Boolean.TRUE.equals(after.isError()), Dist.text(after));
    }

    @Test
    void readOnlyModeRefusesWritesAndNothingChanges() throws Exception {
        for (String sql : List.of("INSERT INTO ledger VALUES (1, 1, 5)", "UPDATE account SET balance = 0",
                "DELETE FROM account", "TRUNCATE account", "COMMIT", "SET ROLE postgres",
                "COPY account TO '/tmp/x'", "SELECT 1; DROP TABLE account")) {
            McpSchema.CallToolResult r = Dist.call(readOnly, "execute_query", Map.of("sql", sql));
            assertEquals(Boolean.TRUE, r.isError(), sql);
            McpSchema.CallToolResult b = Dist.call(readOnly, "execute_batch", Map.of("queries", List.of(sql)));
            assertEquals(Boolean.TRUE, b.isError(), "batch " + sql);
        }
        assertEquals(2500, scalar("SELECT count(*) FROM account"));
        assertEquals(0, scalar("SELECT count(*) FROM ledger"));
    }

    @Test
    void aReadThatHidesAWriteInAFunctionIsStoppedByTheDatabase() throws Exception {
        for (McpSyncClient c : new McpSyncClient[] {readOnly, readWrite}) {
            McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", "SELECT wipe_accounts()"));
            assertEquals(Boolean.TRUE, r.isError(), Dist.text(r));
            assertTrue(Dist.text(r).contains("read-only"), "PostgreSQL itself refused: " + Dist.text(r));
        }
        assertEquals(2500, scalar("SELECT count(*) FROM account"));
    }

    @Test
    void batchIsAllOrNothingWhenStatementThreeOfFourFails() throws Exception {
        McpSchema.CallToolResult r = Dist.call(readWrite, "execute_batch", Map.of("queries", List.of(
                "INSERT INTO ledger VALUES (100, 1, 10)",
                "UPDATE account SET balance = balance - 10 WHERE id = 1",
                "INSERT INTO ledger VALUES (100, 2, 20)",
                "INSERT INTO ledger VALUES (101, 3, 30)")));
        assertEquals(Boolean.TRUE, r.isError());
        assertTrue(Dist.text(r).contains("Statement 3 of 4"), Dist.text(r));
        assertTrue(Dist.text(r).contains("rolled back"), Dist.text(r));
        assertEquals(0, scalar("SELECT count(*) FROM ledger"));
        assertEquals(1050, scalar("SELECT balance * 100 FROM account WHERE id = 1"));

        McpSchema.CallToolResult ok = Dist.call(readWrite, "execute_batch", Map.of("queries", List.of(
                "INSERT INTO ledger VALUES (200, 1, 10)", "SELECT count(*) AS n FROM ledger")));
        assertFalse(Boolean.TRUE.equals(ok.isError()), Dist.text(ok));
        assertEquals(1, scalar("SELECT count(*) FROM ledger"));
        Dist.call(readWrite, "execute_batch", Map.of("queries", List.of("DELETE FROM ledger")));
    }

    private static long scalar(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
