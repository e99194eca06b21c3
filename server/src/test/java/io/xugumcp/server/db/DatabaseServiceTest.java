package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.BatchResult;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Database;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.sql.SqlGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Database service on a real (in-memory) H2: caps, batches, refusals, parameters, audit. */
class DatabaseServiceTest {
    private static final Caller CALLER = new Caller("test", "data_analyst", "stdio");
    private static ConnectionPool pool;
    private static final List<Map<String, Object>> audit = new ArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        pool = ConnectionPool.open(new ServerConfig.Database("jdbc:h2:mem:dbservice;DB_CLOSE_DELAY=-1", "", 0, "", "sa", "",
                "UTF8", Duration.ofSeconds(5), 1, 4, Duration.ofSeconds(5)), null);
        try (var c = pool.connection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(100), price DECIMAL(10,2))");
            s.execute("INSERT INTO item SELECT x, 'item-' || x || REPEAT('x', 50), x * 1.25 FROM SYSTEM_RANGE(1, 300)");
        }
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    private static Database db(boolean readWrite) {
        ServerConfig.Security limits = new ServerConfig.Security(readWrite, "data_analyst", 100, 64 * 1024,
                Duration.ofSeconds(5), 10_000, 10);
        return new DatabaseService(pool, new SqlGuard("h2"), AccessPolicy.globalMode(readWrite), limits,
                (caller, action, details) -> {
                    synchronized (audit) {
                        audit.add(details);
                    }
                }).forCaller(CALLER);
    }

    private static long count(String where) throws Exception {
        try (var c = pool.connection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM item " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void capsRowsAtTheSmallerOfRequestAndServerCap() {
        QueryResult five = db(false).query("SELECT * FROM item ORDER BY id", List.of(), QueryOptions.maxRows(5));
        assertEquals(5, five.rowCount());
        assertTrue(five.truncated());
        assertEquals("limit", five.truncatedReason(), "the caller's own limit stopped it");
        QueryResult capped = db(false).query("SELECT * FROM item", List.of(), QueryOptions.maxRows(10_000));
        assertEquals(100, capped.rowCount(), "the server cap wins over a larger request");
        assertEquals("rows", capped.truncatedReason(), "the server's row cap stopped it");
        assertEquals("rows", db(false).query("SELECT * FROM item", List.of(), QueryOptions.DEFAULTS).truncatedReason());
        QueryResult exact = db(false).query("SELECT * FROM item WHERE id <= 5", List.of(), QueryOptions.maxRows(5));
        assertFalse(exact.truncated());
    }

    @Test
    void capsBytesAndSaysSo() {
        QueryResult r = db(false).query("SELECT * FROM item", List.of(), new QueryOptions(100, 2_000, 0));
        assertTrue(r.rowCount() > 0 && r.rowCount() < 100, "rows: " + r.rowCount());
        assertEquals("bytes", r.truncatedReason());
    }

    @Test
    void bindsParametersAndRejectsOtherTypes() {
        QueryResult r = db(false).query("SELECT id, price FROM item WHERE id = ? OR label = ?", List.of(7, "nope"), null);
        assertEquals(List.of(7, new java.math.BigDecimal("8.75")), r.rows().get(0));
        ToolException e = assertThrows(ToolException.class,
                () -> db(false).query("SELECT * FROM item WHERE id = ?", List.of(Map.of("x", 1)), null));
        assertTrue(e.getMessage().contains("Parameter 1"), e.getMessage());
    }

    @Test
    void queryRefusesWritesEvenInReadWriteMode() throws Exception {
        ToolException e = assertThrows(ToolException.class, () -> db(true).query("DELETE FROM item", List.of(), null));
        assertEquals("not_a_read", e.code());
        assertEquals(300, count(""));
    }

    @Test
    void aWriteSentToAReadCallNamesTheToolsMadeForChanges() {
        ServerConfig.Security limits = new ServerConfig.Security(true, "data_analyst", 100, 64 * 1024,
                Duration.ofSeconds(5), 10_000, 10);
        io.xugumcp.api.Tool batch = io.xugumcp.api.Tool.builder("execute_batch").description("d")
                .inputSchema(Map.of("type", "object")).annotations(io.xugumcp.api.ToolAnnotations.DESTRUCTIVE)
                .permission(io.xugumcp.api.Permission.SELECT).handler(c -> null).build();
        io.xugumcp.api.Tool insert = io.xugumcp.api.Tool.builder("insert_rows").description("d")
                .inputSchema(Map.of("type", "object")).annotations(io.xugumcp.api.ToolAnnotations.DESTRUCTIVE)
                .permission(io.xugumcp.api.Permission.INSERT).handler(c -> null).build();
        io.xugumcp.api.Tool create = io.xugumcp.api.Tool.builder("create_table").description("d")
                .inputSchema(Map.of("type", "object")).annotations(io.xugumcp.api.ToolAnnotations.DESTRUCTIVE)
                .permission(io.xugumcp.api.Permission.CREATE).handler(c -> null).build();
        Database db = new DatabaseService(pool, new SqlGuard("h2"), AccessPolicy.globalMode(true), limits,
                (caller, action, details) -> { }, () -> { },
                new io.xugumcp.server.mcp.ChangeTools(List.of(batch, insert, create))).forCaller(CALLER);
        ToolException ins = assertThrows(ToolException.class,
                () -> db.query("INSERT INTO item VALUES (999, 'x', 1)", List.of(), null));
        assertEquals("INSERT changes data (an INSERT statement); this call runs reads only (SELECT, WITH … SELECT,"
                + " VALUES, SHOW). Use a tool made for changes: insert_rows, execute_batch.", ins.getMessage());
        ToolException ddl = assertThrows(ToolException.class, () -> db.query("CREATE TABLE t2 (a INT)", List.of(), null));
        assertTrue(ddl.getMessage().contains("CREATE TABLE changes the schema (a DDL statement)")
                && ddl.getMessage().endsWith("Use a tool made for changes: create_table, execute_batch."), ddl.getMessage());
    }

    @Test
    void readOnlyModeDeniesWritesWithAnAuditRecord() throws Exception {
        ToolException e = assertThrows(ToolException.class, () -> db(false).execute("UPDATE item SET price = 0", List.of()));
        assertEquals("denied", e.code());
        assertEquals(0, count("WHERE price = 0"));
        synchronized (audit) {
            assertTrue(audit.stream().anyMatch(d -> "denied".equals(d.get("outcome")) && "UPDATE".equals(d.get("kind"))), audit.toString());
        }
    }

    @Test
    void batchIsAllOrNothing() throws Exception {
        Database rw = db(true);
        DatabaseException e = assertThrows(DatabaseException.class, () -> rw.batch(List.of(
                "INSERT INTO item VALUES (1001, 'a', 1)",
                "UPDATE item SET price = price + 1 WHERE id = 1",
                "INSERT INTO item VALUES (1001, 'duplicate', 1)",
                "INSERT INTO item VALUES (1002, 'b', 1)"), null));
        assertTrue(e.getMessage().contains("Statement 3 of 4"), e.getMessage());
        assertEquals(DatabaseException.Category.CONSTRAINT, e.category());
        assertEquals(0, count("WHERE id > 1000"));
        assertEquals(1, count("WHERE id = 1 AND price = 1.25"));

        BatchResult ok = rw.batch(List.of("INSERT INTO item VALUES (2001, 'c', 1)", "SELECT COUNT(*) FROM item"), null);
        assertEquals(2, ok.results().size());
        assertEquals(301L, ((Number) ok.results().get(1).query().rows().get(0).get(0)).longValue(),
                "a read in the batch sees the batch's own write");
        rw.execute("DELETE FROM item WHERE id = 2001", List.of());
    }

    @Test
    void aBatchIsOneAnswerWithOneRowAndByteBudgetAndSaysWhatItSkipped() {
        // Server caps: 100 rows, 64 KiB. Five reads of 300 rows each used to answer 500 rows.
        List<String> reads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reads.add("SELECT * FROM item ORDER BY id");
        }
        reads.add("UPDATE item SET price = price WHERE id = 1");
        BatchResult r = db(true).batch(reads, null);
        int total = r.results().stream().filter(i -> i.query() != null).mapToInt(i -> i.query().rowCount()).sum();
        assertEquals(100, total, "one row budget for the whole answer");
        assertEquals("rows", r.results().get(0).query().truncatedReason());
        for (int i = 1; i < 5; i++) {
            assertEquals("skipped", r.results().get(i).query().truncatedReason(), "read " + i);
            assertEquals(0, r.results().get(i).query().rowCount());
        }
        assertEquals(1, r.results().get(5).affectedRows(), "writes run whatever the budget");

        // Bytes: each row is about 80 bytes; 64 KiB hold some 800, so with a row cap of 100 per read and a
        // 1,000-row server cap the byte budget binds across reads.
        ServerConfig.Security wide = new ServerConfig.Security(false, "data_analyst", 1_000, 20_000,
                Duration.ofSeconds(5), 10_000, 10);
        Database db = new DatabaseService(pool, new SqlGuard("h2"), AccessPolicy.globalMode(false), wide,
                (caller, action, details) -> { }).forCaller(CALLER);
        BatchResult bytes = db.batch(List.of("SELECT * FROM item", "SELECT * FROM item", "SELECT * FROM item",
                "SELECT * FROM item"), QueryOptions.maxRows(150));
        long json = 0;
        for (BatchResult.Item i : bytes.results()) {
            for (List<Object> row : i.query().rows()) {
                json += row.toString().length();
            }
        }
        assertTrue(json <= 20_000 + 200, "about the byte budget for the whole answer: " + json);
        assertEquals("limit", bytes.results().get(0).query().truncatedReason(), "150 of 300: the caller's limit");
        assertEquals("bytes", bytes.results().get(1).query().truncatedReason());
        assertEquals("skipped", bytes.results().get(3).query().truncatedReason());
    }

    @Test
    void theStatementTimeoutBoundsTheWholeBatch() {
        ServerConfig.Security oneSecond = new ServerConfig.Security(false, "data_analyst", 100, 64 * 1024,
                Duration.ofSeconds(1), 10_000, 100);
        Database db = new DatabaseService(pool, new SqlGuard("h2"), AccessPolicy.globalMode(false), oneSecond,
                (caller, action, details) -> { }).forCaller(CALLER);
        // Each read takes a fraction of the limit; together they take several times the limit.
        // Each read waits 300 ms (a Java function H2 calls): one alone is well within the limit, five are not.
        try (var c = pool.connection(); var st = c.createStatement()) {
            st.execute("CREATE ALIAS IF NOT EXISTS WAIT_MS FOR \"" + H2Wait.class.getName() + ".waitMs\"");
        } catch (java.sql.SQLException ex) {
            throw new AssertionError(ex);
        }
        assertEquals(1, db.query("SELECT WAIT_MS(300)", List.of(), null).rowCount());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add("SELECT WAIT_MS(" + (300 + i) + ")");
        }
        DatabaseException e = assertThrows(DatabaseException.class, () -> db.batch(many, null));
        assertEquals(DatabaseException.Category.TIMEOUT, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains("limit holds for the whole batch")
                && e.getMessage().contains("nothing was committed"), e.getMessage());
    }

    @Test
    void aDeniedStatementAnywhereStopsTheWholeBatchBeforeAnythingRuns() throws Exception {
        ToolException e = assertThrows(ToolException.class, () -> db(true).batch(List.of(
                "INSERT INTO item VALUES (3001, 'a', 1)", "COMMIT", "DELETE FROM item"), null));
        assertTrue(e.getMessage().startsWith("Statement 2 of 3"), e.getMessage());
        assertEquals(0, count("WHERE id = 3001"));
        assertEquals(300, count("WHERE id <= 300"));
    }

    @Test
    void multipleStatementsAndOversizedTextAreRejected() {
        ToolException multi = assertThrows(ToolException.class,
                () -> db(true).query("SELECT 1; DELETE FROM item", List.of(), null));
        assertEquals("rejected", multi.code());
        ToolException big = assertThrows(ToolException.class,
                () -> db(false).query("SELECT '" + "x".repeat(20_000) + "'", List.of(), null));
        assertTrue(big.getMessage().contains("limit is 10000"), big.getMessage());
    }

    @Test
    void sqlErrorsAreClearAndKeepTheCode() {
        DatabaseException e = assertThrows(DatabaseException.class,
                () -> db(false).query("SELECT nope FROM item", List.of(), null));
        assertEquals(DatabaseException.Category.NOT_FOUND, e.category());
        assertTrue(e.getMessage().contains("NOPE") && e.getMessage().contains("SQLState"), e.getMessage());
    }
}
