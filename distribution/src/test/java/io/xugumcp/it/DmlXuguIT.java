package io.xugumcp.it;

import static io.xugumcp.it.DmlIT.args;
import static io.xugumcp.it.DmlIT.map;
import static io.xugumcp.it.DmlIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.xugumcp.server.db.xugu.XuguShop;
import io.xugumcp.server.db.xugu.XuguWireDouble;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DML tools on XuguDB through the MCP SDK client: the built distribution talks to the protocol test double
 * ({@link XuguShop}) through the REAL XuguDB driver, and each tool's exact SQL text and bind values are asserted as they
 * reached the wire – the MERGE … USING (SELECT … FROM DUAL) upsert included. Agreement with the driver, not with a
 * server (see {@link XuguWireDouble}).
 */
class DmlXuguIT {
    @TempDir
    static Path data;
    static XuguWireDouble db;
    static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        db = XuguWireDouble.start(XuguShop.script());
        client = Dist.stdio(Dist.home(), Dist.env(data, Map.of("XUGU_DB_URL", db.url("SYSTEM"), "XUGU_DB_USER", "MCP_RW",
                "XUGU_DB_PASSWORD", "secret", "XUGU_MCP_STDIO_ROLE", "developer")), "--read-write");
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.closeGracefully();
        }
        if (db != null) {
            db.close();
        }
    }

    record Sent(String sql, List<Object> values) {
    }

    /** The data statements one tool call sent, with their binds. */
    static List<Sent> sent(Supplier<Map<String, Object>> call, Map<String, Object>[] answer) {
        int from = db.received().size();
        answer[0] = call.get();
        List<Sent> out = new ArrayList<>();
        for (Received r : XuguShop.dataStatements(db, from)) {
            out.add(new Sent(r.sql(), XuguShop.values(r)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object>[] holder() {
        return new Map[1];
    }

    static List<Sent> writes(List<Sent> all) {
        return all.stream().filter(s -> !s.sql().startsWith("SELECT")).toList();
    }

    @Test
    void insertRows() {
        Map<String, Object>[] r = holder();
        List<Sent> s = sent(() -> ok(Dist.call(client, "insert_rows", args("table_name", "customers", "rows",
                List.of(args("name", "王五", "city", "杭州", "vip", true), args("name", "赵六", "city", null, "vip", false)),
                "return_keys", true))), r);
        String insert = "INSERT INTO \"SHOP\".\"CUSTOMERS\" (\"NAME\", \"CITY\", \"VIP\") VALUES (?, ?, ?)";
        List<Object> nullCity = new ArrayList<>();
        nullCity.add("赵六");
        nullCity.add(null);
        nullCity.add(false);
        String lastId = "SELECT * FROM (SELECT LAST_INSERT_ID() FROM DUAL) mcp_q LIMIT 2";
        assertEquals(List.of(new Sent(insert, List.of("王五", "杭州", true)), new Sent(lastId, List.of()),
                new Sent(insert, nullCity), new Sent(lastId, List.of())), s);
        assertEquals(2, ((List<?>) r[0].get("generatedKeys")).size());
        assertEquals(XuguShop.LAST_ID, ((Number) map(((List<?>) r[0].get("generatedKeys")).get(0)).get("ID")).longValue());
    }

    @Test
    void updateRowsWithStructuredAndRawFilters() {
        Map<String, Object>[] r = holder();
        List<Sent> s = sent(() -> ok(Dist.call(client, "update_rows", args("table_name", "Customers", "updates",
                args("city", "深圳", "born", "1990-02-03"), "filter", args("vip", true), "where", "NAME LIKE ?",
                "where_params", List.of("张%")))), r);
        assertEquals(List.of(new Sent("UPDATE \"SHOP\".\"CUSTOMERS\" SET \"CITY\" = ?, \"BORN\" = ? WHERE \"VIP\" = ?"
                + " AND (NAME LIKE ?)", writes(s).get(0).values())), writes(s));
        List<Object> v = writes(s).get(0).values();
        assertEquals("深圳", v.get(0));
        assertEquals(true, v.get(2));
        assertEquals("张%", v.get(3));
        assertEquals(XuguShop.UPDATED, ((Number) r[0].get("affectedRows")).intValue());
        assertEquals(true, r[0].get("exactCount"));
    }

    @Test
    void deleteRows() {
        Map<String, Object>[] r = holder();
        List<Sent> s = sent(() -> ok(Dist.call(client, "delete_rows", args("table_name", "order lines", "filter",
                List.of(args("column", "行号", "op", "between", "value", List.of(1, 5)), args("column", "select",
                        "op", "is null"))))), r);
        assertEquals(List.of(new Sent("DELETE FROM \"SHOP\".\"Order Lines\" WHERE \"行号\" BETWEEN ? AND ? AND"
                + " \"select\" IS NULL", List.of(1L, 5L))), writes(s));
    }

    @Test
    void upsertRowsIsMergeUsingDual() {
        Map<String, Object>[] r = holder();
        List<Sent> s = sent(() -> ok(Dist.call(client, "upsert_rows", args("table_name", "Order Lines", "rows",
                List.of(args("行号", 1, "select", "a", "MixedCase", "2.50"), args("行号", 2, "select", "b", "MixedCase", 3))))), r);
        String merge = "MERGE INTO \"SHOP\".\"Order Lines\" t USING (SELECT ? AS \"行号\", ? AS \"select\", ? AS"
                + " \"MixedCase\" FROM DUAL) s ON (t.\"行号\" = s.\"行号\") WHEN MATCHED THEN UPDATE SET t.\"select\" ="
                + " s.\"select\", t.\"MixedCase\" = s.\"MixedCase\" WHEN NOT MATCHED THEN INSERT (\"行号\", \"select\","
                + " \"MixedCase\") VALUES (s.\"行号\", s.\"select\", s.\"MixedCase\")";
        assertEquals(List.of(merge, merge), writes(s).stream().map(Sent::sql).toList());
        assertEquals(List.of(1L, "a"), writes(s).get(0).values().subList(0, 2));
        assertEquals(List.of(2L, "b"), writes(s).get(1).values().subList(0, 2));
        assertEquals(2, ((Number) r[0].get("affectedRows")).intValue());
    }

    @Test
    void truncateTableNeedsTheToken() {
        Map<String, Object>[] r = holder();
        List<Sent> first = sent(() -> ok(Dist.call(client, "truncate_table", args("table_name", "imports"))), r);
        assertEquals("confirmation_required", r[0].get("status"));
        assertEquals(List.of(), writes(first), "counted, nothing removed");
        assertEquals("SELECT * FROM (SELECT COUNT(*) FROM \"SHOP\".\"IMPORTS\") mcp_q LIMIT 2", first.get(0).sql());
        String token = (String) map(r[0].get("confirmation")).get("confirm_token");
        List<Sent> second = sent(() -> ok(Dist.call(client, "truncate_table", args("table_name", "imports",
                "confirm_token", token))), r);
        assertEquals(List.of(new Sent("TRUNCATE TABLE \"SHOP\".\"IMPORTS\"", List.of())), writes(second));
        assertEquals("applied", r[0].get("status"));
    }

    @Test
    void bulkImportFromJsonAndCsvAndAFailedRowNamedByRetry() {
        Map<String, Object>[] r = holder();
        List<Sent> json = sent(() -> ok(Dist.call(client, "bulk_import", args("table_name", "imports", "data",
                List.of(args("id", 1, "v", "a"), args("id", 2, "v", "b")), "batch_size", 2))), r);
        String insert = "INSERT INTO \"SHOP\".\"IMPORTS\" (\"ID\", \"V\") VALUES (?, ?)";
        assertEquals(List.of(new Sent(insert, List.of(1L, "a")), new Sent(insert, List.of(2L, "b"))), writes(json));
        assertEquals("complete", r[0].get("status"));

        List<Sent> csv = sent(() -> ok(Dist.call(client, "bulk_import", args("table_name", "imports", "data",
                "ID;V\n10;x\n11;\n12;z\n", "delimiter", ";", "mode", "per_batch", "batch_size", 2))), r);
        assertEquals("failed", r[0].get("status"));
        assertEquals(0, ((Number) r[0].get("rowsCommitted")).intValue(), "the first batch [10, 11] failed");
        assertEquals(1, ((Number) map(r[0].get("failure")).get("row")).intValue(), "row 1 (11; empty V) named");
        assertEquals(true, map(r[0].get("failure")).get("located"));
        List<Object> ids = writes(csv).stream().map(x -> x.values().get(0)).toList();
        // The batch [10, 11] fails at 11 and is rolled back, then run again row by row to name the row: 10, 11.
        assertEquals(List.of(10L, 11L, 10L, 11L), ids);
        assertEquals(0, ((Number) r[0].get("nextStartRow")).intValue(), "resume from the failed batch");
        assertTrue(String.valueOf(map(r[0].get("failure")).get("message")).contains("NULL"), r[0].toString());
    }
}
