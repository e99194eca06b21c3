package io.xugumcp.it;

import static io.xugumcp.server.db.xugu.XuguReply.col;
import static io.xugumcp.server.db.xugu.XuguReply.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.catalog.XuguCatalogSql;
import io.xugumcp.server.db.xugu.XuguReply;
import io.xugumcp.server.db.xugu.XuguScript;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL tools on XuguDB: the built distribution, the REAL XuguDB driver inside it, and the protocol-level test
 * double answering a scripted dictionary (schema SHOP: CUSTOMERS, ORDERS with a foreign key, a unique key, indexes, a
 * check and a view; schema ARCHIVE). Every tool and every alter operation is called through the MCP SDK client, and the
 * exact statement text that reaches the wire is asserted – including XuguDB's own forms (IDENTITY(1,1), the full
 * column definition in ALTER COLUMN, the table-qualified DROP INDEX, CREATE DATABASE … CHARACTER SET). Proves what we
 * send and that the driver carries it, not how a real server answers.
 */
class XuguDdlIT {
    @TempDir
    static Path data;
    static XuguWireDouble db;
    static McpSyncClient admin;

    @BeforeAll
    static void start() throws Exception {
        db = XuguWireDouble.start(script());
        admin = Dist.stdio(Dist.home(), Dist.env(data, Map.of("XUGU_DB_URL", db.url("SYSTEM"), "XUGU_DB_USER", "SYSDBA",
                "XUGU_DB_PASSWORD", "SYSDBA", "XUGU_MCP_STDIO_ROLE", "admin", "XUGU_MCP_DDL_ALLOW_DROP_DATABASE", "true")),
                "--read-write");
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.closeGracefully();
        }
        if (db != null) {
            db.close();
        }
    }

    private static String bind(Received r, int i) {
        return r.params().size() > i ? String.valueOf(r.params().get(i).value()) : null;
    }

    private static void answer(XuguScript s, String sql, java.util.function.Function<Received, XuguReply> reply) {
        s.on(r -> r.sql().equals(sql), reply);
    }

    static XuguScript script() {
        XuguScript s = new XuguScript()
                .on("select 1 from dual", rows(col("EXPR1", Type.INTEGER)).row(1))
                .on(r -> r.sql().startsWith("SELECT SYS_CONTEXT('USERENV','SESSIONID')"),
                        r -> rows(col("EXPR1", Type.CHAR)).row(String.valueOf(100 + r.session())));
        answer(s, XuguCatalogSql.INFO, r -> rows(col("EXPR1", Type.CHAR), col("CURRENT_DB", Type.CHAR),
                col("CURRENT_SCHEMA", Type.CHAR), col("CURRENT_USER", Type.CHAR)).row("XuguDB 12.0.0", "SYSTEM", "SHOP", "SYSDBA"));
        answer(s, XuguCatalogSql.SCHEMAS, r -> rows(col("SCHEMA_NAME", Type.CHAR), col("USER_NAME", Type.CHAR),
                col("COMMENTS", Type.CHAR)).row("ARCHIVE", "SYSDBA", "归档").row("SHOP", "SYSDBA", "商店"));
        answer(s, XuguCatalogSql.TABLE_COUNTS, r -> rows(col("SCHEMA_NAME", Type.CHAR), col("EXPR1", Type.BIGINT))
                .row("SHOP", 2L));
        answer(s, XuguCatalogSql.VIEW_COUNTS, r -> rows(col("SCHEMA_NAME", Type.CHAR), col("EXPR1", Type.BIGINT))
                .row("SHOP", 1L));
        Supplier<XuguReply.Rows> tables = () -> rows(col("TABLE_NAME", Type.CHAR), col("TEMP_TYPE", Type.INTEGER),
                col("RECORD_NUM", Type.BIGINT), col("COMMENTS", Type.CHAR));
        answer(s, XuguCatalogSql.TABLES, r -> "SHOP".equals(bind(r, 0))
                ? tables.get().row("CUSTOMERS", 0, 3L, "客户").row("ORDERS", 0, 10L, "订单") : tables.get());
        Supplier<XuguReply.Rows> views = () -> rows(col("VIEW_NAME", Type.CHAR), col("DEFINE", Type.CLOB),
                col("COMMENTS", Type.CHAR));
        answer(s, XuguCatalogSql.VIEWS, r -> "SHOP".equals(bind(r, 0))
                ? views.get().row("V_ORDERS", "SELECT ID, TOTAL FROM ORDERS", null) : views.get());
        Supplier<XuguReply.Rows> columns = () -> rows(col("TABLE_NAME", Type.CHAR), col("COL_NO", Type.INTEGER),
                col("COL_NAME", Type.CHAR), col("TYPE_NAME", Type.CHAR), col("SCALE", Type.INTEGER),
                col("VARYING", Type.BOOLEAN), col("NOT_NULL", Type.BOOLEAN), col("IS_SERIAL", Type.BOOLEAN),
                col("DEF_VAL", Type.CHAR), col("COMMENTS", Type.CHAR), col("IS_HIDE", Type.BOOLEAN),
                col("DELETED", Type.BOOLEAN));
        answer(s, XuguCatalogSql.COLUMNS, r -> "SHOP".equals(bind(r, 0)) ? columns.get()
                .row("CUSTOMERS", 1, "ID", "INTEGER", 0, false, true, true, null, "编号", false, false)
                .row("CUSTOMERS", 2, "NAME", "CHAR", 50, true, true, false, null, "姓名", false, false)
                .row("CUSTOMERS", 3, "EMAIL", "CHAR", 100, true, false, false, null, null, false, false)
                .row("ORDERS", 1, "ID", "BIGINT", 0, false, true, false, null, null, false, false)
                .row("ORDERS", 2, "CUSTOMER_ID", "INTEGER", 0, false, true, false, null, null, false, false)
                .row("ORDERS", 3, "TOTAL", "NUMERIC", 12 * 65536 + 2, false, true, false, "0", "金额", false, false)
                .row("ORDERS", 4, "NOTE", "CHAR", 200, true, false, false, null, null, false, false) : columns.get());
        Supplier<XuguReply.Rows> constraints = () -> rows(col("CONS_NAME", Type.CHAR), col("CONS_TYPE", Type.CHAR),
                col("SCHEMA_NAME", Type.CHAR), col("TABLE_NAME", Type.CHAR), col("DEFINE", Type.CHAR),
                col("SCHEMA_NAME", Type.CHAR), col("TABLE_NAME", Type.CHAR), col("UPDATE_ACTION", Type.CHAR),
                col("DELETE_ACTION", Type.CHAR));
        answer(s, XuguCatalogSql.CONSTRAINTS, r -> "SHOP".equals(bind(r, 0)) ? constraints.get()
                .row("PK_CUSTOMERS", "P", "SHOP", "CUSTOMERS", "\"ID\"", null, null, null, null)
                .row("UK_CUSTOMERS_EMAIL", "U", "SHOP", "CUSTOMERS", "\"EMAIL\"", null, null, null, null)
                .row("FK_ORDERS_CUSTOMER", "F", "SHOP", "ORDERS", "(\"CUSTOMER_ID\") REFERENCES \"SHOP\".\"CUSTOMERS\"(\"ID\")",
                        "SHOP", "CUSTOMERS", "N", "C")
                .row("PK_ORDERS", "P", "SHOP", "ORDERS", "\"ID\"", null, null, null, null) : constraints.get());
        Supplier<XuguReply.Rows> indexes = () -> rows(col("TABLE_NAME", Type.CHAR), col("INDEX_NAME", Type.CHAR),
                col("INDEX_TYPE", Type.INTEGER), col("IS_UNIQUE", Type.BOOLEAN), col("IS_PRIMARY", Type.BOOLEAN),
                col("KEYS", Type.CHAR), col("FILTER", Type.CHAR));
        answer(s, XuguCatalogSql.INDEXES, r -> "SHOP".equals(bind(r, 0)) ? indexes.get()
                .row("CUSTOMERS", "IDX_CUSTOMERS_NAME", 0, false, false, "\"NAME\"", null)
                .row("CUSTOMERS", "PK_CUSTOMERS", 0, true, true, "\"ID\"", null)
                .row("CUSTOMERS", "UK_CUSTOMERS_EMAIL", 0, true, false, "\"EMAIL\"", null)
                .row("ORDERS", "IDX_ORDERS_CUSTOMER", 0, false, false, "\"CUSTOMER_ID\"", null)
                .row("ORDERS", "PK_ORDERS", 0, true, true, "\"ID\"", null) : indexes.get());
        Supplier<XuguReply.Rows> checks = () -> rows(col("CONS_NAME", Type.CHAR), col("DEFINE", Type.CHAR));
        answer(s, XuguCatalogSql.CHECKS, r -> "ORDERS".equals(bind(r, 1))
                ? checks.get().row("CK_ORDERS_TOTAL", "(\"TOTAL\" >= 0)") : checks.get());
        // Reads the tools run as the caller: counts for previews, EXPLAIN for a view's SELECT.
        s.on(Pattern.compile("(?s)SELECT \\* FROM \\(SELECT COUNT\\(\\*\\) FROM .*\\) mcp_q LIMIT \\d+"),
                rows(col("EXPR1", Type.BIGINT)).row(7L));
        s.on(r -> r.sql().startsWith("EXPLAIN "), r -> rows(col("PLAN", Type.CHAR)).row("1 TableScan[(1 1) cost=1]"));
        // What the tools write.
        s.on(r -> r.sql().startsWith("INSERT INTO "), r -> XuguReply.updated(3));
        s.on(r -> r.sql().matches("(?s)(CREATE|ALTER|DROP|COMMENT) .*"), r -> XuguReply.ok());
        return s;
    }

    static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** The schema statements (and the backup's INSERT) the call sent to the database, in order. */
    static List<String> sent(Runnable call) {
        int from = db.received().size();
        call.run();
        List<Received> all = db.received();
        return all.subList(from, all.size()).stream()
                .filter(r -> r.kind() == Received.Kind.EXECUTE || r.kind() == Received.Kind.DIRECT)
                .map(Received::sql)
                .filter(q -> q.matches("(?s)(CREATE|ALTER|DROP|COMMENT|INSERT) .*"))
                .toList();
    }

    static Map<String, Object> ok(String tool, Map<String, Object> a) {
        McpSchema.CallToolResult r = Dist.call(admin, tool, a);
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> Dist.text(r));
        return Dist.structured(r);
    }

    /** Runs a tool; destructive ones through the token round trip with confirm_name. */
    static List<String> run(String tool, Map<String, Object> a) {
        return sent(() -> {
            Map<String, Object> first = ok(tool, a);
            if ("confirmation_required".equals(first.get("status"))) {
                Map<String, Object> again = new LinkedHashMap<>(a);
                again.put("confirm_token", map(first.get("confirmation")).get("confirm_token"));
                again.put("confirm_name", map(first.get("confirmation")).get("confirm_name"));
                assertEquals("applied", ok(tool, again).get("status"));
            } else {
                assertEquals("applied", first.get("status"), first::toString);
            }
        });
    }

    static List<String> alter(Map<String, Object> op) {
        return run("alter_table", args("table_name", "orders", "operations", List.of(op)));
    }

    @Test
    void createTableSendsXuguDbsFormsThroughTheDriver() {
        assertEquals(List.of(
                "CREATE TABLE \"SHOP\".\"DEV_ITEMS\" (\"ID\" BIGINT IDENTITY(1,1) NOT NULL, \"NAME\" VARCHAR(64) NOT NULL"
                        + " DEFAULT '无名', \"PRICE\" NUMERIC(10,2) DEFAULT 0, \"CREATED\" DATETIME DEFAULT SYSDATE,"
                        + " \"CUSTOMER_ID\" INTEGER, PRIMARY KEY (\"ID\"), FOREIGN KEY (\"CUSTOMER_ID\") REFERENCES"
                        + " \"SHOP\".\"CUSTOMERS\" (\"ID\") ON DELETE SET NULL, CONSTRAINT \"CK_PRICE\" CHECK (\"PRICE\" >= 0))",
                "COMMENT ON TABLE \"SHOP\".\"DEV_ITEMS\" IS '商品'",
                "COMMENT ON COLUMN \"SHOP\".\"DEV_ITEMS\".\"NAME\" IS '名称'"),
                run("create_table", args("table_name", "dev_items", "comment", "商品", "columns", List.of(
                        args("name", "id", "type", "bigint", "identity", true, "primary_key", true),
                        args("name", "name", "type", "varchar(64)", "nullable", false, "default", "无名", "comment", "名称"),
                        args("name", "price", "type", "numeric(10,2)", "default", "0"),
                        args("name", "created", "type", "datetime", "default", "sysdate"),
                        args("name", "customer_id", "type", "integer", "references",
                                args("table", "customers", "on_delete", "set_null"))),
                        "constraints", List.of(args("type", "check", "name", "ck_price", "expression", "price >= 0")))));
        McpSchema.CallToolResult unsigned = Dist.call(admin, "create_table", args("table_name", "dev_u",
                "columns", Map.of("n", "int unsigned")));
        assertEquals(Boolean.TRUE, unsigned.isError());
        assertTrue(Dist.text(unsigned).contains("XuguDB has no UNSIGNED"), Dist.text(unsigned));
    }

    @Test
    void everyAlterOperationReachesTheWireAsWritten() {
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ADD COLUMN \"PAID_AT\" DATETIME",
                        "COMMENT ON COLUMN \"SHOP\".\"ORDERS\".\"PAID_AT\" IS '付款时间'"),
                alter(args("op", "add_column", "name", "paid_at", "type", "datetime", "comment", "付款时间")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" DROP COLUMN \"NOTE\""),
                alter(args("op", "drop_column", "column", "note")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" NUMERIC(14,2) NOT NULL"),
                alter(args("op", "alter_column", "column", "total", "type", "numeric(14,2)")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"NOTE\" SET DEFAULT '无'",
                        "ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"NOTE\" SET NOT NULL"),
                alter(args("op", "alter_column", "column", "note", "default", "无", "nullable", false)));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" SET DEFAULT 1"),
                alter(args("op", "set_default", "column", "total", "default", 1)));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" DROP DEFAULT"),
                alter(args("op", "drop_default", "column", "total")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"NOTE\" SET NOT NULL"),
                alter(args("op", "set_not_null", "column", "note")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" DROP NOT NULL"),
                alter(args("op", "drop_not_null", "column", "total")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" RENAME TO \"DEV_ORDERS\""),
                alter(args("op", "rename_table", "new_name", "dev_orders")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ADD CONSTRAINT \"CK_NOTE\" CHECK (\"NOTE\" <> '')"),
                alter(args("op", "add_constraint", "type", "check", "name", "ck_note", "expression", "note != ''")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" DROP CONSTRAINT \"CK_ORDERS_TOTAL\""),
                alter(args("op", "drop_constraint", "name", "ck_orders_total")));
        assertEquals(List.of("COMMENT ON TABLE \"SHOP\".\"ORDERS\" IS '订单表'"),
                alter(args("op", "set_comment", "comment", "订单表")));
        McpSchema.CallToolResult rename = Dist.call(admin, "alter_table", args("table_name", "orders", "operations",
                List.of(args("op", "rename_column", "column", "note", "new_name", "remark"))));
        assertEquals(Boolean.TRUE, rename.isError());
        assertTrue(Dist.text(rename).contains("add_column") && Dist.text(rename).contains("drop_column"));
    }

    @Test
    void indexesViewsSchemasDatabasesAndBackups() {
        assertEquals(List.of("CREATE INDEX \"IDX_ORDERS_NOTE\" ON \"SHOP\".\"ORDERS\" (\"NOTE\" DESC)"),
                run("create_index", args("index_name", "idx_orders_note", "table_name", "orders",
                        "columns", List.of("note desc"))));
        assertEquals(List.of("DROP INDEX \"SHOP\".\"CUSTOMERS\".\"IDX_CUSTOMERS_NAME\""),
                run("drop_index", args("index_name", "idx_customers_name")), "the table-qualified form");
        assertEquals(List.of("CREATE VIEW \"SHOP\".\"V_BIG\" AS SELECT id, total FROM orders WHERE total > 100",
                        "COMMENT ON VIEW \"SHOP\".\"V_BIG\" IS '大额'"),
                run("create_view", args("view_name", "v_big", "select_statement",
                        "SELECT id, total FROM orders WHERE total > 100", "comment", "大额")));
        assertEquals(List.of("DROP VIEW \"SHOP\".\"V_ORDERS\""), run("drop_view", args("view_name", "v_orders")));
        assertEquals(List.of("DROP TABLE \"SHOP\".\"ORDERS\""), run("drop_table", args("table_name", "orders")));
        assertEquals(List.of("CREATE SCHEMA \"DEV_ZONE\"", "COMMENT ON SCHEMA \"DEV_ZONE\" IS '开发'"),
                run("create_schema", args("schema_name", "dev_zone", "comment", "开发")));
        assertEquals(List.of("DROP SCHEMA \"ARCHIVE\" CASCADE"),
                run("drop_schema", args("schema_name", "archive", "cascade", true)));
        assertEquals(List.of("CREATE DATABASE \"SALES\" CHARACTER SET 'UTF8'"),
                run("create_database", args("database_name", "sales", "character_set", "UTF8")));
        assertEquals(List.of("DROP DATABASE \"SALES\""), run("drop_database", args("database_name", "sales")));
        List<String> backup = run("backup_table", args("table_name", "orders", "backup_name", "orders_copy"));
        assertEquals(List.of(
                "CREATE TABLE \"SHOP\".\"ORDERS_COPY\" (\"ID\" BIGINT NOT NULL, \"CUSTOMER_ID\" INTEGER NOT NULL,"
                        + " \"TOTAL\" NUMERIC(12,2) NOT NULL DEFAULT 0, \"NOTE\" VARCHAR(200), PRIMARY KEY (\"ID\"),"
                        + " CHECK (\"TOTAL\" >= 0))",
                "INSERT INTO \"SHOP\".\"ORDERS_COPY\" (\"ID\", \"CUSTOMER_ID\", \"TOTAL\", \"NOTE\") SELECT \"ID\","
                        + " \"CUSTOMER_ID\", \"TOTAL\", \"NOTE\" FROM \"SHOP\".\"ORDERS\"",
                "CREATE INDEX \"ORDERS_COPY_IDX_ORDERS_CUSTOMER\" ON \"SHOP\".\"ORDERS_COPY\" (\"CUSTOMER_ID\")",
                "COMMENT ON TABLE \"SHOP\".\"ORDERS_COPY\" IS '订单'",
                "COMMENT ON COLUMN \"SHOP\".\"ORDERS_COPY\".\"TOTAL\" IS '金额'"), backup);
    }

    @Test
    void aDryRunSendsNoSchemaStatement() {
        assertEquals(List.of(), sent(() -> assertEquals("previewed", ok("drop_table",
                args("table_name", "customers", "dry_run", true)).get("status"))));
    }
}
