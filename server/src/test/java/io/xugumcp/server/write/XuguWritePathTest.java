package io.xugumcp.server.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.Condition;
import io.xugumcp.api.write.Filter;
import io.xugumcp.api.write.ImportOptions;
import io.xugumcp.api.write.ImportResult;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.WriteOptions;
import io.xugumcp.api.write.WriteResult;
import io.xugumcp.server.audit.LogAudit;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.db.xugu.XuguShop;
import io.xugumcp.server.db.xugu.XuguWireDouble;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.sql.SqlGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write path on XuguDB, in-process, through the REAL driver against the protocol test double ({@link XuguShop}):
 * the exact SQL text and the bind values that reach the wire for each kind of change, the MERGE … USING (SELECT … FROM
 * DUAL) upsert, keys by LAST_INSERT_ID(), and an import whose failed batch is retried row by row (XuguDB batches say
 * nothing per row). Proves agreement with the driver, not with a server (see the double's Javadoc).
 */
class XuguWritePathTest {
    private static final Caller EDITOR = new Caller("alice", "data_editor", "stdio");
    private static XuguWireDouble db;
    private static ConnectionPool pool;
    private static WriteService service;

    @BeforeAll
    static void start() throws Exception {
        db = XuguWireDouble.start(XuguShop.script());
        pool = ConnectionPool.open(new ServerConfig.Database(db.url("SYSTEM") + "?char_set=UTF8", "", 5138, "SYSTEM",
                "SYSDBA", "SYSDBA", "UTF8", Duration.ofSeconds(5), 1, 2, Duration.ofSeconds(10)), null, Duration.ofSeconds(10));
        CatalogService catalog = new CatalogService(pool::connection, pool.dialect(), Duration.ofSeconds(5),
                Duration.ofMinutes(10));
        ServerConfig.Security limits = new ServerConfig.Security(true, "data_editor", 1000, 1 << 20,
                Duration.ofSeconds(10), 100_000, 100);
        DatabaseService database = new DatabaseService(pool, new SqlGuard("xugu"), AccessPolicy.globalMode(true), limits,
                new LogAudit(new com.fasterxml.jackson.databind.ObjectMapper()), catalog::invalidate);
        service = new WriteService(database, catalog, WriteSettings.DEFAULTS, new LogAudit(
                new com.fasterxml.jackson.databind.ObjectMapper()), true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static io.xugumcp.api.write.Writes writes(String tool, Map<String, Object> args) {
        return service.forCall(new WriteCall(EDITOR, tool, "c1", args, new WriteFixture.Channel(null), () -> false));
    }

    private record Sent(String sql, List<Object> values) {
    }

    /** Runs {@code work} and returns the data statements it sent, with their bind values. */
    private static List<Sent> sent(Runnable work) {
        int from = db.received().size();
        work.run();
        List<Sent> out = new ArrayList<>();
        for (Received r : XuguShop.dataStatements(db, from)) {
            out.add(new Sent(r.sql(), XuguShop.values(r)));
        }
        return out;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final String SAMPLE = "SELECT * FROM (SELECT \"ID\", \"NAME\", \"CITY\", \"BORN\", \"VIP\" FROM"
            + " \"SHOP\".\"CUSTOMERS\"";

    @Test
    void insertSendsQuotedNamesAndTypedBindsAndReadsKeysWithLastInsertId() {
        WriteResult[] r = new WriteResult[1];
        List<Sent> s = sent(() -> r[0] = writes("insert_rows", Map.of()).apply(new Change.Insert(TableRef.of("customers"),
                List.of(row("name", "王五", "city", "杭州", "born", "2024-05-01", "vip", true)), true), WriteOptions.DEFAULTS));
        assertEquals(List.of(
                new Sent("INSERT INTO \"SHOP\".\"CUSTOMERS\" (\"NAME\", \"CITY\", \"BORN\", \"VIP\") VALUES (?, ?, ?, ?)",
                        s.get(0).values()),
                new Sent("SELECT * FROM (SELECT LAST_INSERT_ID() FROM DUAL) mcp_q LIMIT 2", List.of())), s);
        assertEquals("王五", s.get(0).values().get(0));
        assertEquals("杭州", s.get(0).values().get(1));
        assertEquals(true, s.get(0).values().get(3));
        assertEquals(List.of(Map.of("ID", XuguShop.LAST_ID)), r[0].generatedKeys().stream()
                .map(m -> Map.of("ID", ((Number) m.get("ID")).longValue())).toList());
        assertTrue(s.stream().noneMatch(x -> x.sql().toLowerCase().contains("all_columns c")),
                "never the driver's own key lookup, which splices names into SQL");
    }

    @Test
    void oddIdentifiersAreQuotedExactly() {
        List<Sent> s = sent(() -> writes("insert_rows", Map.of()).apply(new Change.Insert(new TableRef("shop",
                "order lines"), List.of(row("行号", 5, "SELECT", "x'); DROP TABLE t; --", "mixedcase", "12.5")), false),
                WriteOptions.DEFAULTS));
        assertEquals("INSERT INTO \"SHOP\".\"Order Lines\" (\"行号\", \"select\", \"MixedCase\") VALUES (?, ?, ?)",
                s.get(0).sql());
        assertEquals(List.of(5L, "x'); DROP TABLE t; --", "12.5"), s.get(0).values());
    }

    @Test
    void updateAndDeleteSendTheirFilterAsBinds() {
        List<Sent> u = sent(() -> writes("update_rows", Map.of()).apply(new Change.Update(TableRef.of("CUSTOMERS"),
                row("city", "深圳"), new Filter(List.of(Condition.eq("id", 1)), null, null, false)), WriteOptions.DEFAULTS));
        assertEquals(SAMPLE + " WHERE \"ID\" = ? ORDER BY \"ID\") mcp_q LIMIT 6", u.get(0).sql(), "sample before");
        assertEquals(new Sent("UPDATE \"SHOP\".\"CUSTOMERS\" SET \"CITY\" = ? WHERE \"ID\" = ?", List.of("深圳", 1L)),
                u.get(1));
        assertEquals(SAMPLE + " WHERE (\"ID\" = ?) OR (\"ID\" = ?) ORDER BY \"ID\") mcp_q LIMIT 6", u.get(2).sql(),
                "the sampled rows again, by primary key");
        assertEquals(List.of(1L, 2L), u.get(2).values());

        List<Sent> d = sent(() -> writes("delete_rows", Map.of()).apply(new Change.Delete(TableRef.of("customers"),
                new Filter(List.of(new Condition("city", Condition.Op.IN, List.of("北京", "上海"))), "NAME LIKE ?",
                        List.of("张%"), false)), WriteOptions.DEFAULTS));
        assertEquals(new Sent("DELETE FROM \"SHOP\".\"CUSTOMERS\" WHERE \"CITY\" IN (?, ?) AND (NAME LIKE ?)",
                List.of("北京", "上海", "张%")), d.get(1));
        assertTrue(d.stream().noneMatch(x -> x.sql().startsWith("savepoint")), "no savepoints: XuguDB cannot release them");
    }

    @Test
    void upsertIsMergeUsingDual() {
        WriteResult[] r = new WriteResult[1];
        List<Sent> s = sent(() -> r[0] = writes("upsert_rows", Map.of()).apply(new Change.Upsert(TableRef.of("customers"),
                List.of(row("id", 1, "name", "甲"), row("id", 9, "name", "乙")), List.of(), null), WriteOptions.DEFAULTS));
        String merge = "MERGE INTO \"SHOP\".\"CUSTOMERS\" t USING (SELECT ? AS \"ID\", ? AS \"NAME\" FROM DUAL) s"
                + " ON (t.\"ID\" = s.\"ID\") WHEN MATCHED THEN UPDATE SET t.\"NAME\" = s.\"NAME\" WHEN NOT MATCHED THEN"
                + " INSERT (\"ID\", \"NAME\") VALUES (s.\"ID\", s.\"NAME\")";
        List<Sent> merges = s.stream().filter(x -> x.sql().startsWith("MERGE")).toList();
        assertEquals(List.of(new Sent(merge, List.of(1L, "甲")), new Sent(merge, List.of(9L, "乙"))), merges);
        assertEquals("SELECT * FROM (SELECT COUNT(*) FROM \"SHOP\".\"CUSTOMERS\" WHERE \"ID\" IN (?, ?)) mcp_q LIMIT 2",
                s.get(0).sql(), "existing keys counted first");
        assertEquals(2, r[0].affectedRows());
        assertEquals(0, r[0].inserted(), "the double's canned COUNT (7) is more than the 2 keys: both exist");
        assertEquals(2, r[0].updated());
    }

    @Test
    void truncateCountsThenNeedsTheTokenThenRuns() {
        Map<String, Object> a = Map.of("table_name", "customers");
        WriteResult[] held = new WriteResult[1];
        List<Sent> first = sent(() -> held[0] = writes("truncate_table", a).apply(new Change.Truncate(TableRef.of("customers")),
                WriteOptions.DEFAULTS));
        assertEquals(WriteResult.Status.CONFIRMATION_REQUIRED, held[0].status());
        assertEquals(XuguShop.COUNT, held[0].affectedRows());
        assertTrue(first.stream().noneMatch(x -> x.sql().startsWith("TRUNCATE")), first.toString());
        List<Sent> second = sent(() -> writes("truncate_table", a).apply(new Change.Truncate(TableRef.of("customers")),
                new WriteOptions(false, held[0].confirmation().token(), null, 0, 0)));
        assertEquals("TRUNCATE TABLE \"SHOP\".\"CUSTOMERS\"", second.get(second.size() - 1).sql());
    }

    @Test
    void aFailedImportBatchIsRetriedRowByRowToNameTheRow() {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            data.add(row("id", i, "v", i == 7 ? null : "v" + i));
        }
        ImportResult[] r = new ImportResult[1];
        List<Sent> s = sent(() -> r[0] = writes("bulk_import", Map.of()).importRows(TableRef.of("imports"),
                data.iterator(), new ImportOptions(5, ImportOptions.Mode.ATOMIC, 0, null)));
        assertFalse(r[0].complete());
        assertEquals(0, r[0].rowsCommitted());
        assertEquals(7, r[0].failure().row());
        assertTrue(r[0].failure().located());
        String insert = "INSERT INTO \"SHOP\".\"IMPORTS\" (\"ID\", \"V\") VALUES (?, ?)";
        List<Object> ids = s.stream().filter(x -> x.sql().equals(insert)).map(x -> x.values().get(0)).toList();
        // batch 0-4, batch 5-7 (fails at 7), then 5, 6, 7 again alone in a transaction of their own
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 5L, 6L, 7L), ids);
        assertTrue(db.executedSql().contains("rollback"), "the atomic transaction was rolled back");
    }
}
