package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema plugin through the MCP SDK client over stdio against the built distribution: on the embedded H2 demo
 * database, and on PostgreSQL with a schema of its own (composite and foreign keys, a view, Chinese comments, an index
 * on two columns) plus a 5,000-table schema for paging. Every tool and resource must return what the schema holds.
 */
class SchemaIT {
    static final String PG_URL = PostgresIT.ADMIN_URL;
    static final String PG_USER = PostgresIT.USER;
    static final String SCHEMA = "xmcp_schema_it";
    static final String BIG = "xmcp_schema_big";
    static final String FRESH = "xmcp_schema_fresh";
    static final int BIG_TABLES = 5000;
    static final List<String> SCHEMA_TOOLS = List.of("describe_table", "get_database_info", "get_foreign_keys",
            "get_table_stats", "list_columns", "list_indexes", "list_tables", "list_views", "search_tables");
    static final List<String> RESOURCES = List.of("meta://database/info", "meta://database/stats",
            "schema://database/indexes", "schema://database/info", "schema://database/relationships",
            "schema://database/tables", "schema://database/views");
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path data;
    static McpSyncClient demo;
    static McpSyncClient pg;

    @BeforeAll
    static void setUp() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            dropBig(s);
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + FRESH + " CASCADE");
            s.execute("CREATE SCHEMA " + FRESH);
            s.execute("CREATE TABLE " + FRESH + ".first_table (id int)");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA);
            s.execute("CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL, city text, email text UNIQUE)");
            s.execute("CREATE TABLE orders (region char(2), order_no int, customer_id int NOT NULL REFERENCES customer(id),"
                    + " status text NOT NULL DEFAULT '待付款', total numeric(12,2) DEFAULT 0, PRIMARY KEY (region, order_no))");
            s.execute("CREATE TABLE order_line (region char(2), order_no int, line int, qty int NOT NULL,"
                    + " PRIMARY KEY (region, order_no, line), CONSTRAINT fk_line_order FOREIGN KEY (region, order_no)"
                    + " REFERENCES orders (region, order_no) ON DELETE CASCADE)");
            s.execute("CREATE TABLE \"Order Archive\" (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text)");
            s.execute("CREATE INDEX orders_customer_total ON orders (customer_id, total)");
            s.execute("CREATE VIEW big_orders AS SELECT region, order_no, total FROM orders WHERE total > 100");
            s.execute("COMMENT ON TABLE customer IS '客户'");
            s.execute("COMMENT ON TABLE orders IS '订单'");
            s.execute("COMMENT ON COLUMN orders.total IS '订单金额（元）'");
            s.execute("COMMENT ON TABLE order_line IS '订单明细'");
            s.execute("COMMENT ON VIEW big_orders IS '大额订单'");
            s.execute("INSERT INTO customer SELECT g, '客户' || g, CASE WHEN g % 2 = 0 THEN '上海' ELSE '北京' END,"
                    + " 'c' || g || '@example.com' FROM generate_series(1, 50) g");
            s.execute("INSERT INTO orders SELECT 'CN', g, 1 + g % 50, '已付款', g * 3.5 FROM generate_series(1, 400) g");
            s.execute("INSERT INTO order_line SELECT 'CN', g, 1, 2 FROM generate_series(1, 300) g");
            s.execute("INSERT INTO \"Order Archive\" (payload) SELECT 'x' FROM generate_series(1, 7)");
            s.execute("ANALYZE customer");
            s.execute("ANALYZE orders");
            s.execute("ANALYZE order_line");
            createBig(s);
        }
        demo = Dist.stdio(Dist.home(), Dist.env(data.resolve("demo"), Map.of()));
        pg = Dist.stdio(Dist.home(), Dist.env(data.resolve("pg"), Map.of(
                "XUGU_DB_URL", PG_URL + "?currentSchema=" + SCHEMA, "XUGU_DB_USER", PG_USER)));
    }

    /**
     * 5,000 tables with a primary key each, in batches of 250 per transaction: one transaction creating them all would
     * need more locks than PostgreSQL's default lock table holds. Every 1,000th table gets a Chinese comment.
     */
    private static void createBig(Statement s) throws Exception {
        s.execute("CREATE SCHEMA " + BIG);
        for (int from = 1; from <= BIG_TABLES; from += 250) {
            s.execute("DO $$ BEGIN FOR i IN " + from + ".." + (from + 249) + " LOOP"
                    + " EXECUTE format('CREATE TABLE " + BIG + ".t_%s (id int PRIMARY KEY, amount int)', lpad(i::text, 4, '0'));"
                    + " IF i % 1000 = 0 THEN EXECUTE format('COMMENT ON TABLE " + BIG + ".t_%s IS %L', lpad(i::text, 4, '0'),"
                    + " '归档订单 ' || i); END IF; END LOOP; END $$");
        }
    }

    /** Drops the big schema in batches, for the same lock reason. */
    private static void dropBig(Statement s) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '" + BIG + "' AND c.relkind = 'r'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    break;
                }
            }
            s.execute("DO $$ DECLARE r record; BEGIN FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = '" + BIG + "' AND c.relkind = 'r' LIMIT 250 LOOP"
                    + " EXECUTE format('DROP TABLE " + BIG + ".%I CASCADE', r.relname); END LOOP; END $$");
        }
        s.execute("DROP SCHEMA IF EXISTS " + BIG + " CASCADE");
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (McpSyncClient c : new McpSyncClient[] {demo, pg}) {
            if (c != null) {
                c.closeGracefully();
            }
        }
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + FRESH + " CASCADE");
            dropBig(s);
        }
    }

    // ---- helpers ----

    static Map<String, Object> ok(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = Dist.call(c, tool, args);
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + " " + args + ": " + Dist.text(r));
        assertNotNull(r.structuredContent(), tool + " returns structured content");
        return Dist.structured(r);
    }

    static String error(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = Dist.call(c, tool, args);
        assertEquals(Boolean.TRUE, r.isError(), tool + " " + args + " should fail: " + Dist.text(r));
        return Dist.text(r);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o) {
        return (List<String>) o;
    }

    static List<String> names(List<Map<String, Object>> items) {
        return items.stream().map(m -> (String) m.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(McpSyncClient c, String uri) throws Exception {
        McpSchema.ReadResourceResult r = c.readResource(new McpSchema.ReadResourceRequest(uri));
        McpSchema.TextResourceContents t = (McpSchema.TextResourceContents) r.contents().get(0);
        assertEquals("application/json", t.mimeType());
        return MAPPER.readValue(t.text(), Map.class);
    }

    // ---- the demo database (H2) ----

    @Test
    void everySchemaToolIsReadOnly() {
        Map<String, McpSchema.Tool> tools = demo.listTools().tools().stream()
                .collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
        for (String name : SCHEMA_TOOLS) {
            McpSchema.Tool t = tools.get(name);
            assertNotNull(t, name);
            assertEquals(Boolean.TRUE, t.annotations().readOnlyHint(), name);
            assertFalse(Boolean.TRUE.equals(t.annotations().destructiveHint()), name);
        }
        assertTrue(properties(tools.get("list_tables")).containsAll(List.of("schema", "include_system")));
        assertTrue(properties(tools.get("describe_table")).containsAll(List.of("table_name", "schema")));
        assertTrue(properties(tools.get("list_columns")).containsAll(List.of("table_name", "schema")));
        assertTrue(properties(tools.get("list_indexes")).containsAll(List.of("table_name", "schema")));
        assertTrue(properties(tools.get("get_foreign_keys")).containsAll(List.of("table_name", "schema")));
        assertTrue(properties(tools.get("search_tables")).containsAll(List.of("pattern", "schema")));
        assertTrue(properties(tools.get("list_views")).contains("schema"));
        assertTrue(properties(tools.get("get_table_stats")).contains("table_name"));
    }

    private static Set<String> properties(McpSchema.Tool t) {
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) t.inputSchema().get("properties");
        return props.keySet();
    }

    @Test
    void demoListTablesAtEveryDetailLevel() {
        Map<String, Object> summary = ok(demo, "list_tables", Map.of());
        assertEquals("PUBLIC", summary.get("schema"));
        assertEquals(9, summary.get("total"));
        assertNull(summary.get("nextCursor"));
        List<Map<String, Object>> tables = maps(summary.get("tables"));
        assertEquals(List.of("CATEGORIES", "CUSTOMERS", "ORDERS", "ORDER_ITEMS", "PAYMENTS", "PRODUCTS", "SUPPLIERS",
                "V_ORDER_SUMMARY", "V_PRODUCT_SALES"), names(tables));
        Map<String, Object> orders = tables.get(2);
        assertEquals("订单", orders.get("comment"));
        assertEquals("TABLE", orders.get("type"));
        assertEquals(8, orders.get("columnCount"));
        assertTrue(((Number) orders.get("rows")).longValue() > 0, "H2 keeps a row estimate: " + orders);
        assertEquals("VIEW", tables.get(7).get("type"));

        Map<String, Object> names = ok(demo, "list_tables", Map.of("detail", "names", "include_views", false));
        assertEquals(7, names.get("total"));
        assertEquals("CATEGORIES", strings(names.get("tables")).get(0));

        Map<String, Object> full = ok(demo, "list_tables", Map.of("detail", "full", "limit", 3));
        assertEquals(9, full.get("total"));
        assertNotNull(full.get("nextCursor"));
        Map<String, Object> customers = maps(full.get("tables")).get(1);
        assertEquals(List.of("CUSTOMER_ID"), customers.get("primaryKey"));
        assertEquals(9, maps(customers.get("columns")).size());

        Map<String, Object> page2 = ok(demo, "list_tables", Map.of("detail", "full", "limit", 3, "cursor", full.get("nextCursor")));
        assertEquals(3, page2.get("offset"));
        assertEquals("ORDER_ITEMS", maps(page2.get("tables")).get(0).get("name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fk = maps(maps(page2.get("tables")).get(0).get("foreignKeys")).get(0);
        assertEquals(List.of("ORDER_ID"), fk.get("columns"));
    }

    @Test
    void demoDescribeTableHasKeysBothWaysIndexesAndChineseComments() {
        McpSchema.CallToolResult r = Dist.call(demo, "describe_table", Map.of("table_name", "order_items"));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        assertTrue(Dist.text(r).contains("PRIMARY KEY (ORDER_ID, LINE_NO)"), Dist.text(r));
        Map<String, Object> items = Dist.structured(r);
        assertEquals("订单明细", items.get("comment"));
        @SuppressWarnings("unchecked")
        Map<String, Object> pk = (Map<String, Object>) items.get("primaryKey");
        assertEquals(List.of("ORDER_ID", "LINE_NO"), pk.get("columns"), "composite primary key");
        List<Map<String, Object>> fks = maps(items.get("foreignKeys"));
        assertEquals(Set.of("FK_ORDER_ITEMS_ORDER", "FK_ORDER_ITEMS_PRODUCT"), new HashSet<>(names(fks)));
        Map<String, Object> toOrders = fks.stream().filter(f -> f.get("name").equals("FK_ORDER_ITEMS_ORDER")).findFirst().orElseThrow();
        assertEquals("CASCADE", toOrders.get("onDelete"));
        Map<String, Object> discount = maps(items.get("columns")).get(5);
        assertEquals("DISCOUNT_RATE", discount.get("name"));
        assertEquals("DECIMAL(3,2)", discount.get("type"));
        assertEquals("1.00", discount.get("default"));
        assertEquals("折扣率，1.00 表示不打折", discount.get("comment"));

        Map<String, Object> orders = ok(demo, "describe_table", Map.of("table_name", "ORDERS", "schema", "public"));
        assertEquals(Set.of("ORDER_ITEMS", "PAYMENTS"),
                maps(orders.get("referencedBy")).stream().map(m -> (String) m.get("table")).collect(Collectors.toSet()));
        Map<String, Object> twoColumns = maps(orders.get("indexes")).stream()
                .filter(i -> i.get("name").equals("IDX_ORDERS_CUSTOMER_TIME")).findFirst().orElseThrow();
        assertEquals(List.of("CUSTOMER_ID", "ORDERED_AT"), twoColumns.get("columns"));
        assertEquals(Boolean.TRUE, maps(orders.get("columns")).get(0).get("identity"));

        Map<String, Object> view = ok(demo, "describe_table", Map.of("table_name", "v_order_summary"));
        assertEquals("VIEW", view.get("type"));
        assertTrue(((String) view.get("definition")).toUpperCase().contains("JOIN"), view.toString());
    }

    @Test
    void demoColumnsStatsIndexesAndForeignKeys() {
        Map<String, Object> cols = ok(demo, "list_columns", Map.of("table_name", "customers", "detail", "names"));
        assertEquals(List.of("CUSTOMER_ID", "NAME", "GENDER", "EMAIL", "PHONE", "CITY", "BIRTH_DATE", "IS_VIP",
                "REGISTERED_AT"), cols.get("columns"));
        Map<String, Object> summary = ok(demo, "list_columns", Map.of("table_name", "customers"));
        assertEquals("客户姓名", maps(summary.get("columns")).get(1).get("comment"));

        long counted = ((Number) Dist.rows(Dist.call(demo, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM orders")))
                .get(0).get(0)).longValue();
        Map<String, Object> stats = ok(demo, "get_table_stats", Map.of("table_name", "orders", "exact_count", true));
        assertEquals(counted, ((Number) stats.get("exactRowCount")).longValue());
        assertEquals(counted, ((Number) stats.get("rowEstimate")).longValue(), "H2's estimate is its row count");
        // H2 measures a table after 2,000 row changes (the seed's updates may or may not have reached that): what it
        // reports is a measured selectivity per column, or nothing and a note saying so.
        List<Map<String, Object>> columnStats = maps(stats.get("columns"));
        if (columnStats.isEmpty()) {
            assertTrue(((String) stats.get("note")).contains("ANALYZE"), stats.toString());
        } else {
            assertTrue(columnStats.size() <= 8, stats.toString());
            assertTrue(columnStats.stream().allMatch(c -> ((Map<?, ?>) c.get("other")).containsKey("selectivity")), stats.toString());
        }
        Map<String, Object> cheap = ok(demo, "get_table_stats", Map.of("table_name", "orders"));
        assertNull(cheap.get("exactRowCount"), "no COUNT(*) unless asked");

        Map<String, Object> idx = ok(demo, "list_indexes", Map.of("table_name", "orders"));
        assertTrue(maps(idx.get("indexes")).stream().anyMatch(i -> i.get("columns").equals(List.of("CUSTOMER_ID", "ORDERED_AT"))));
        Map<String, Object> allIdx = ok(demo, "list_indexes", Map.of());
        assertTrue(((Number) allIdx.get("total")).intValue() >= 15, allIdx.toString());

        Map<String, Object> fk = ok(demo, "get_foreign_keys", Map.of("table_name", "orders"));
        assertEquals(List.of("CUSTOMERS"), maps(fk.get("outgoing")).stream()
                .map(m -> (String) ((Map<?, ?>) m.get("references")).get("table")).toList());
        assertEquals(Set.of("ORDER_ITEMS", "PAYMENTS"), maps(fk.get("incoming")).stream()
                .map(m -> (String) m.get("table")).collect(Collectors.toSet()));
        Map<String, Object> incomingOnly = ok(demo, "get_foreign_keys", Map.of("table_name", "orders", "direction", "incoming"));
        assertTrue(maps(incomingOnly.get("outgoing")).isEmpty());
        Map<String, Object> allFk = ok(demo, "get_foreign_keys", Map.of());
        assertEquals(7, allFk.get("total"), "the demo's seven foreign keys");
    }

    @Test
    void demoSearchFindsChineseCommentsRanked() {
        Map<String, Object> r = ok(demo, "search_tables", Map.of("pattern", "哪些表存放订单信息？"));
        List<Map<String, Object>> results = maps(r.get("results"));
        assertEquals("ORDERS", results.get(0).get("name"), results.toString());
        assertTrue(names(results).containsAll(List.of("ORDER_ITEMS", "V_ORDER_SUMMARY", "PAYMENTS")), results.toString());
        assertTrue(strings(results.get(0).get("matches")).get(0).contains("订单"));
        assertTrue(((Number) results.get(0).get("score")).doubleValue() > ((Number) results.get(results.size() - 1).get("score")).doubleValue());

        assertEquals("PAYMENTS", maps(ok(demo, "search_tables", Map.of("pattern", "支付方式")).get("results")).get(0).get("name"));
        assertEquals("SUPPLIERS", maps(ok(demo, "search_tables", Map.of("pattern", "supplier")).get("results")).get(0).get("name"));
        assertEquals(List.of("V_ORDER_SUMMARY", "V_PRODUCT_SALES"),
                names(maps(ok(demo, "search_tables", Map.of("pattern", "V_%")).get("results"))));
        assertEquals(0, ok(demo, "search_tables", Map.of("pattern", "zebra crossing")).get("total"));
    }

    @Test
    void demoViewsAndDatabaseInfo() {
        Map<String, Object> views = ok(demo, "list_views", Map.of("detail", "full"));
        assertEquals(2, views.get("total"));
        Map<String, Object> sales = maps(views.get("views")).get(1);
        assertEquals("V_PRODUCT_SALES", sales.get("name"));
        assertEquals("商品销量视图（不含已取消订单）", sales.get("comment"));
        assertTrue(((String) sales.get("definition")).contains("'已取消'"), "H2's U&'\\5df2…' literal decoded: " + sales);

        Map<String, Object> info = ok(demo, "get_database_info", Map.of());
        assertEquals("H2", info.get("product"));
        assertEquals("h2", info.get("dialect"));
        assertEquals("PUBLIC", info.get("schema"));
        assertEquals("MCP_APP", info.get("user"));
        assertFalse(strings(info.get("sqlRules")).isEmpty());
        assertEquals(List.of("PUBLIC"), names(maps(info.get("schemas"))), "system schemas left out by default");
        assertEquals(9, maps(info.get("schemas")).get(0).get("tables"));
        Map<String, Object> withSystem = ok(demo, "get_database_info", Map.of("include_system", true));
        assertTrue(names(maps(withSystem.get("schemas"))).contains("INFORMATION_SCHEMA"));
    }

    @Test
    void demoResourcesAndTableTemplateWithCompletion() throws Exception {
        List<String> listed = demo.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
        Set<String> uris = Set.copyOf(listed);
        assertTrue(uris.containsAll(RESOURCES), uris.toString());
        assertEquals(listed.stream().sorted().toList(), listed, "resources/list is in a stable order (by URI)");
        assertTrue(demo.listResourceTemplates().resourceTemplates().stream()
                .anyMatch(t -> t.uriTemplate().equals("schema://database/table/{name}")));

        Map<String, Object> tables = resource(demo, "schema://database/tables");
        assertEquals(9, tables.get("total"));
        assertEquals("商品类别", maps(tables.get("tables")).get(0).get("comment"));
        Map<String, Object> rel = resource(demo, "schema://database/relationships");
        assertEquals(7, rel.get("total"));
        assertTrue(maps(rel.get("relationships")).stream().anyMatch(e -> e.get("from").equals("PUBLIC.ORDER_ITEMS(ORDER_ID)")
                && e.get("to").equals("PUBLIC.ORDERS(ORDER_ID)")), rel.toString());
        Map<String, Object> idx = resource(demo, "schema://database/indexes");
        assertTrue(maps(idx.get("indexes")).stream().anyMatch(i -> i.get("name").equals("IDX_ORDERS_CUSTOMER_TIME")));
        Map<String, Object> views = resource(demo, "schema://database/views");
        assertEquals(List.of("V_ORDER_SUMMARY", "V_PRODUCT_SALES"), names(maps(views.get("views"))));
        assertNotNull(maps(views.get("views")).get(0).get("definition"));
        Map<String, Object> schemaInfo = resource(demo, "schema://database/info");
        assertEquals("PUBLIC", schemaInfo.get("schema"));
        Map<String, Object> meta = resource(demo, "meta://database/info");
        assertEquals("h2", meta.get("dialect"));
        assertFalse(strings(meta.get("sqlRules")).isEmpty());
        Map<String, Object> stats = resource(demo, "meta://database/stats");
        assertEquals(7, stats.get("tables"));
        assertEquals(2, stats.get("views"));
        assertEquals(7, stats.get("foreignKeys"));
        assertFalse(maps(stats.get("largestTables")).isEmpty());

        Map<String, Object> table = resource(demo, "schema://database/table/orders");
        assertEquals("ORDERS", table.get("name"));
        assertEquals("订单", table.get("comment"));
        Map<String, Object> qualified = resource(demo, "schema://database/table/PUBLIC.PAYMENTS");
        assertEquals("PAYMENTS", qualified.get("name"));

        McpSchema.CompleteResult done = demo.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.ResourceReference("schema://database/table/{name}"),
                new McpSchema.CompleteRequest.CompleteArgument("name", "ord")));
        assertEquals(List.of("ORDERS", "ORDER_ITEMS", "V_ORDER_SUMMARY"), done.completion().values());

        Exception unknown = assertThrows(Exception.class, () -> resource(demo, "schema://database/table/ordrs"));
        assertTrue(String.valueOf(unknown.getMessage()).contains("No such table"), unknown.toString());
    }

    @Test
    void badInputIsAClearErrorAndTheDataStays() {
        String unknown = error(demo, "describe_table", Map.of("table_name", "ordrs"));
        assertTrue(unknown.contains("No such table 'ordrs'"), unknown);
        assertTrue(unknown.contains("ORDERS"), "close matches: " + unknown);

        for (String evil : List.of("orders; DROP TABLE customers", "customers\" CASCADE; --", "orders' OR '1'='1",
                "x".repeat(400), "orders\n")) {
            String e = error(demo, "get_table_stats", Map.of("table_name", evil, "exact_count", true));
            assertTrue(e.contains("No such table") || e.contains("not a valid") || e.contains("characters"), e);
            error(demo, "describe_table", Map.of("table_name", evil));
        }
        assertEquals(9, ok(demo, "list_tables", Map.of("refresh", true)).get("total"), "nothing was dropped");

        assertErrorSays(error(demo, "describe_table", Map.of()), "table_name");
        assertErrorSays(error(demo, "list_tables", Map.of("detail", "everything")), "detail");
        assertErrorSays(error(demo, "list_tables", Map.of("cursor", "not-a-cursor")), "cursor");
        assertErrorSays(error(demo, "list_tables", Map.of("schema", "PUBLC")), "PUBLIC");
        assertErrorSays(error(demo, "list_tables", Map.of("schema", "INFORMATION_SCHEMA")), "include_system=true");
        assertErrorSays(error(demo, "get_foreign_keys", Map.of("direction", "sideways")), "direction");
        assertErrorSays(error(demo, "search_tables", Map.of("pattern", "")), "pattern");
    }

    private static void assertErrorSays(String message, String what) {
        assertTrue(message.contains(what), "the error names " + what + ": " + message);
    }

    // ---- PostgreSQL ----

    @Test
    void postgresToolsReturnWhatTheSchemaHolds() {
        Map<String, Object> list = ok(pg, "list_tables", Map.of());
        assertEquals(SCHEMA, list.get("schema"));
        List<Map<String, Object>> tables = maps(list.get("tables"));
        assertEquals(List.of("Order Archive", "big_orders", "customer", "order_line", "orders"), names(tables));
        Map<String, Object> orders = tables.get(4);
        assertEquals("订单", orders.get("comment"));
        assertEquals(400, ((Number) orders.get("rows")).intValue(), "reltuples after ANALYZE");

        Map<String, Object> d = ok(pg, "describe_table", Map.of("table_name", "ORDERS"));
        @SuppressWarnings("unchecked")
        Map<String, Object> pk = (Map<String, Object>) d.get("primaryKey");
        assertEquals(List.of("region", "order_no"), pk.get("columns"));
        Map<String, Object> total = maps(d.get("columns")).get(4);
        assertEquals("numeric(12,2)", total.get("type"));
        assertEquals("订单金额（元）", total.get("comment"));
        assertEquals("'待付款'::text", maps(d.get("columns")).get(3).get("default"));
        Map<String, Object> incoming = maps(d.get("referencedBy")).get(0);
        assertEquals("order_line", incoming.get("table"));
        assertEquals(List.of("region", "order_no"), incoming.get("columns"));
        assertEquals("CASCADE", incoming.get("onDelete"));
        assertTrue(maps(d.get("indexes")).stream().anyMatch(i -> i.get("name").equals("orders_customer_total")
                && i.get("columns").equals(List.of("customer_id", "total"))));

        Map<String, Object> customer = ok(pg, "describe_table", Map.of("table_name", "customer"));
        assertEquals("email", ((List<?>) ((Map<?, ?>) maps(customer.get("uniqueKeys")).get(0)).get("columns")).get(0));

        Map<String, Object> archive = ok(pg, "describe_table", Map.of("table_name", "order archive"));
        assertEquals(Boolean.TRUE, maps(archive.get("columns")).get(0).get("identity"));

        Map<String, Object> stats = ok(pg, "get_table_stats", Map.of("table_name", "customer"));
        Map<String, Object> city = maps(stats.get("columns")).stream().filter(c -> c.get("column").equals("city")).findFirst().orElseThrow();
        assertEquals(2.0, ((Number) city.get("distinctValues")).doubleValue(), "pg_stats n_distinct: " + city);
        assertEquals(0.0, ((Number) city.get("nullFraction")).doubleValue());
        Map<String, Object> ids = maps(stats.get("columns")).get(0);
        assertEquals("1", ids.get("min"), ids.toString());
        assertEquals("50", ids.get("max"), ids.toString());

        Map<String, Object> exact = ok(pg, "get_table_stats", Map.of("table_name", "Order Archive", "exact_count", true));
        assertEquals(7, ((Number) exact.get("exactRowCount")).intValue(), "a name that needs quoting, quoted by the dialect");
        assertNotNull(exact.get("note"), "never analysed: the answer says so");

        Map<String, Object> fks = ok(pg, "get_foreign_keys", Map.of());
        assertEquals(2, fks.get("total"));
        Map<String, Object> views = ok(pg, "list_views", Map.of("detail", "full"));
        assertEquals("big_orders", maps(views.get("views")).get(0).get("name"));
        assertTrue(((String) maps(views.get("views")).get(0).get("definition")).contains("total > "));
        Map<String, Object> cols = ok(pg, "list_columns", Map.of("table_name", "order_line", "detail", "full"));
        assertEquals(4, maps(cols.get("columns")).size());
        Map<String, Object> idx = ok(pg, "list_indexes", Map.of("table_name", "orders"));
        assertEquals(2, idx.get("total"));

        List<Map<String, Object>> found = maps(ok(pg, "search_tables", Map.of("pattern", "哪些表存放订单？")).get("results"));
        assertEquals("orders", found.get(0).get("name"), found.toString());
        assertTrue(names(found).containsAll(List.of("order_line", "big_orders")));

        Map<String, Object> info = ok(pg, "get_database_info", Map.of());
        assertEquals("PostgreSQL", info.get("product"));
        assertEquals("postgresql", info.get("dialect"));
        assertEquals(SCHEMA, info.get("schema"));
        assertEquals("test", info.get("database"));
        assertTrue(names(maps(info.get("schemas"))).containsAll(List.of(SCHEMA, BIG)));
        assertFalse(names(maps(info.get("schemas"))).contains("pg_catalog"));
    }

    @Test
    void postgresResources() throws Exception {
        Map<String, Object> tables = resource(pg, "schema://database/tables");
        assertEquals(5, tables.get("total"));
        Map<String, Object> rel = resource(pg, "schema://database/relationships");
        assertEquals(2, rel.get("total"));
        assertTrue(maps(rel.get("relationships")).stream().anyMatch(e ->
                e.get("from").equals(SCHEMA + ".order_line(region, order_no)") && e.get("to").equals(SCHEMA + ".orders(region, order_no)")));
        assertEquals(1, resource(pg, "schema://database/views").get("total"));
        assertTrue(((Number) resource(pg, "schema://database/indexes").get("total")).intValue() >= 6);
        assertEquals("postgresql", resource(pg, "meta://database/info").get("dialect"));
        Map<String, Object> stats = resource(pg, "meta://database/stats");
        assertEquals(4, stats.get("tables"));
        assertEquals("orders", maps(stats.get("largestTables")).get(0).get("name"));
        assertEquals(SCHEMA, resource(pg, "schema://database/info").get("schema"));
        assertEquals("Order Archive", resource(pg, "schema://database/table/Order%20Archive").get("name"));
    }

    @Test
    void aFiveThousandTableCatalogIsPagedWithTheRightTotal() throws Exception {
        Map<String, Object> first = ok(pg, "list_tables", Map.of("schema", BIG));
        assertEquals(BIG_TABLES, first.get("total"));
        assertEquals(100, maps(first.get("tables")).size(), "one page, not 5,000 tables");
        assertEquals("t_0001", maps(first.get("tables")).get(0).get("name"));

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> args = new HashMap<>(Map.of("schema", BIG, "detail", "names", "limit", 1000));
            if (cursor != null) {
                args.put("cursor", cursor);
            }
            Map<String, Object> page = ok(pg, "list_tables", args);
            assertEquals(BIG_TABLES, page.get("total"));
            seen.addAll(strings(page.get("tables")));
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(5, pages);
        assertEquals(BIG_TABLES, seen.size(), "every table exactly once over the pages");

        Map<String, Object> search = ok(pg, "search_tables", Map.of("schema", BIG, "pattern", "归档订单"));
        assertEquals(5, search.get("total"), "the five commented tables");
        Map<String, Object> wildcard = ok(pg, "search_tables", Map.of("schema", BIG, "pattern", "t_00%", "limit", 5));
        assertEquals(99, wildcard.get("total"));
        assertEquals(5, maps(wildcard.get("results")).size());
        assertNotNull(wildcard.get("nextCursor"));

        Map<String, Object> big = resource(pg, "schema://database/tables");
        assertEquals(SCHEMA, big.get("schema"), "resources describe the current schema");
        Map<String, Object> fks = ok(pg, "list_indexes", Map.of("schema", BIG, "limit", 10));
        assertEquals(BIG_TABLES, fks.get("total"), "one primary-key index per table");
        assertEquals(10, maps(fks.get("indexes")).size());
    }

    @Test
    void aLargeCurrentSchemaIsSummarisedInResourcesAndCompletions() throws Exception {
        McpSyncClient big = Dist.stdio(Dist.home(), Dist.env(data.resolve("big"), Map.of(
                "XUGU_DB_URL", PG_URL + "?currentSchema=" + BIG, "XUGU_DB_USER", PG_USER)));
        try {
            Map<String, Object> tables = resource(big, "schema://database/tables");
            assertEquals(BIG_TABLES, tables.get("total"));
            assertEquals(200, maps(tables.get("tables")).size(), "summarised, not dumped");
            assertTrue(((String) tables.get("note")).contains("list_tables"), tables.toString());
            Map<String, Object> indexes = resource(big, "schema://database/indexes");
            assertEquals(BIG_TABLES, indexes.get("total"));
            assertEquals(500, maps(indexes.get("indexes")).size());
            assertNotNull(indexes.get("note"));
            Map<String, Object> stats = resource(big, "meta://database/stats");
            assertEquals(BIG_TABLES, stats.get("tables"));
            assertEquals(0, stats.get("foreignKeys"));

            McpSchema.CompleteResult done = big.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.ResourceReference("schema://database/table/{name}"),
                    new McpSchema.CompleteRequest.CompleteArgument("name", "t_0")));
            assertEquals(100, done.completion().values().size(), "at most 100 suggestions");
            assertEquals(999, done.completion().total());
            assertEquals(Boolean.TRUE, done.completion().hasMore());
            assertEquals("t_0001", done.completion().values().get(0));
            System.out.println("SCHEMA-PLUGIN-MEASUREMENTS {\"tablesResourceBytes5000\":"
                    + bytes(big.readResource(new McpSchema.ReadResourceRequest("schema://database/tables"))) + "}");
        } finally {
            big.closeGracefully();
        }
    }

    @Test
    void changesMadeElsewhereShowOnRefreshOrOnAMiss() throws Exception {
        assertEquals(1, ok(pg, "list_tables", Map.of("schema", FRESH)).get("total"));
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + FRESH + ".second_table (id int)");
        }
        assertEquals(1, ok(pg, "list_tables", Map.of("schema", FRESH)).get("total"), "cached: made outside this server");
        assertEquals(2, ok(pg, "list_tables", Map.of("schema", FRESH, "refresh", true)).get("total"));

        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + FRESH + ".third_table (id int PRIMARY KEY)");
        }
        Thread.sleep(2100); // a miss re-reads a cache entry older than two seconds
        Map<String, Object> third = ok(pg, "describe_table", Map.of("schema", FRESH, "table_name", "third_table"));
        assertEquals("third_table", third.get("name"));
    }

    /**
     * Prints what the issue asks to report: the bytes of tools/list for this plugin's tools, of list_tables (summary)
     * on the demo and on the 5,000-table schema, and the warm latency of search_tables there. No timing is asserted.
     */
    @Test
    void reportsSizesAndSearchLatency() throws Exception {
        List<McpSchema.Tool> mine = demo.listTools().tools().stream().filter(t -> SCHEMA_TOOLS.contains(t.name())).toList();
        assertEquals(SCHEMA_TOOLS.size(), mine.size());
        int toolsBytes = bytes(Map.of("tools", mine));
        int demoBytes = bytes(Dist.call(demo, "list_tables", Map.of("detail", "summary")));
        McpSchema.CallToolResult bigPage = Dist.call(pg, "list_tables", Map.of("schema", BIG, "detail", "summary"));
        assertFalse(Boolean.TRUE.equals(bigPage.isError()));
        int bigBytes = bytes(bigPage);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            long t0 = System.nanoTime();
            McpSchema.CallToolResult r = Dist.call(pg, "search_tables", Map.of("schema", BIG, "pattern", "archived orders 归档订单"));
            micros.add((System.nanoTime() - t0) / 1000);
            assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        }
        List<Long> warm = micros.subList(5, micros.size()).stream().sorted().toList();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("toolsListBytesSchemaPlugin", toolsBytes);
        report.put("listTablesSummaryBytesDemo", demoBytes);
        report.put("listTablesSummaryBytes5000", bigBytes);
        report.put("searchTablesWarmMedianMs5000", warm.get(warm.size() / 2) / 1000.0);
        report.put("searchTablesWarmMaxMs5000", warm.get(warm.size() - 1) / 1000.0);
        System.out.println("SCHEMA-PLUGIN-MEASUREMENTS " + MAPPER.writeValueAsString(report));
        assertTrue(bigBytes < 64 * 1024, "a page of a 5,000-table catalog stays small: " + bigBytes);
    }

    private static int bytes(Object o) throws Exception {
        return MAPPER.writeValueAsString(o).getBytes(StandardCharsets.UTF_8).length;
    }
}
