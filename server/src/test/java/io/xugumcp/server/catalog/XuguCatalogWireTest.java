package io.xugumcp.server.catalog;

import static io.xugumcp.server.db.xugu.XuguReply.col;
import static io.xugumcp.server.db.xugu.XuguReply.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Catalog.Column;
import io.xugumcp.api.Catalog.ForeignKey;
import io.xugumcp.api.Catalog.Index;
import io.xugumcp.api.Catalog.Key;
import io.xugumcp.api.Catalog.TableDetail;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.db.xugu.XuguDialect;
import io.xugumcp.server.db.xugu.XuguReply;
import io.xugumcp.server.db.xugu.XuguScript;
import io.xugumcp.server.db.xugu.XuguWire.Param;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received.Kind;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The XuguDB catalog end to end below the service: {@link CatalogService} with {@link XuguDialect} reads through the
 * real driver ({@code com.xugudb:xugu-jdbc}) from {@link XuguWireDouble}. The double answers only the exact texts of
 * {@link XuguCatalogSql}, written out in {@link OnTheWire}, with the expected bind values (anything else gets its "no
 * reply scripted" error, which fails the read). The canned rows use the wire types the server describes: names and
 * key lists as CHAR, numbers as INTEGER, counts and RECORD_NUM as BIGINT (which the driver hands back as BigDecimal),
 * flags as BOOLEAN, statistics as DOUBLE, a view's DEFINE as CLOB. It proves that the SQL we send and the rows the
 * driver decodes agree with {@link XuguCatalog}; it says nothing about what a real server keeps in its dictionary (see
 * the double's Javadoc).
 */
class XuguCatalogWireTest {

    /**
     * The statements as they must reach the wire, written out here rather than taken from {@link XuguCatalogSql}: the
     * double answers only these texts, so changing a constant fails this test until the change is made here too.
     */
    private static final class OnTheWire {
        static final String SCHEMAS = "SELECT s.SCHEMA_NAME, u.USER_NAME, s.COMMENTS FROM ALL_SCHEMAS s"
                + " LEFT JOIN ALL_USERS u ON u.USER_ID = s.USER_ID"
                + " WHERE s.DB_ID = CURRENT_DB_ID ORDER BY s.SCHEMA_NAME";

        static final String TABLE_COUNTS = "SELECT s.SCHEMA_NAME, COUNT(*) FROM ALL_TABLES t"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
                + " WHERE t.DB_ID = CURRENT_DB_ID AND t.IS_SYS = FALSE GROUP BY s.SCHEMA_NAME";

        static final String VIEW_COUNTS = "SELECT s.SCHEMA_NAME, COUNT(*) FROM ALL_VIEWS v"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = v.SCHEMA_ID"
                + " WHERE s.DB_ID = CURRENT_DB_ID GROUP BY s.SCHEMA_NAME";

        static final String INFO = "SELECT VERSION(), CURRENT_DB, CURRENT_SCHEMA, CURRENT_USER FROM DUAL";

        static final String TABLES = "SELECT t.TABLE_NAME, t.TEMP_TYPE, t.RECORD_NUM, t.COMMENTS FROM ALL_TABLES t"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
                + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.IS_SYS = FALSE ORDER BY t.TABLE_NAME";

        static final String VIEWS = "SELECT v.VIEW_NAME, v.\"DEFINE\", v.COMMENTS FROM ALL_VIEWS v"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = v.SCHEMA_ID"
                + " WHERE s.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? ORDER BY v.VIEW_NAME";

        static final String COLUMNS = "SELECT t.TABLE_NAME, c.COL_NO, c.COL_NAME, c.TYPE_NAME, c.SCALE, c.\"VARYING\","
                + " c.NOT_NULL, c.IS_SERIAL, c.DEF_VAL, c.COMMENTS, c.IS_HIDE, c.DELETED FROM ALL_COLUMNS c"
                + " JOIN ALL_TABLES t ON t.TABLE_ID = c.TABLE_ID"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
                + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.IS_SYS = FALSE ORDER BY t.TABLE_NAME, c.COL_NO";

        static final String CONSTRAINTS = "SELECT k.CONS_NAME, k.CONS_TYPE, s.SCHEMA_NAME, t.TABLE_NAME, k.\"DEFINE\","
                + " rs.SCHEMA_NAME, rt.TABLE_NAME, k.UPDATE_ACTION, k.DELETE_ACTION FROM ALL_CONSTRAINTS k"
                + " JOIN ALL_TABLES t ON t.TABLE_ID = k.TABLE_ID AND t.DB_ID = CURRENT_DB_ID"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
                + " LEFT JOIN ALL_TABLES rt ON rt.TABLE_ID = k.REF_TABLE_ID AND rt.DB_ID = t.DB_ID"
                + " LEFT JOIN ALL_SCHEMAS rs ON rs.SCHEMA_ID = rt.SCHEMA_ID AND rs.DB_ID = rt.DB_ID"
                + " WHERE k.CONS_TYPE IN ('P', 'U', 'F') AND (s.SCHEMA_NAME = ? OR rs.SCHEMA_NAME = ?)"
                + " ORDER BY s.SCHEMA_NAME, t.TABLE_NAME, k.CONS_NAME";

        static final String INDEXES = "SELECT t.TABLE_NAME, i.INDEX_NAME, i.INDEX_TYPE, i.IS_UNIQUE, i.IS_PRIMARY,"
                + " i.\"KEYS\", i.\"FILTER\" FROM ALL_INDEXES i"
                + " JOIN ALL_TABLES t ON t.TABLE_ID = i.TABLE_ID"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
                + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? ORDER BY t.TABLE_NAME, i.INDEX_NAME";

        static final String COLUMN_STATS = "SELECT c.COL_NAME, c.MIN_VAL, c.MAX_VAL, c.REPET_RATE, c.DISPERSION,"
                + " c.IS_HIDE, c.DELETED FROM ALL_COLUMNS c"
                + " JOIN ALL_TABLES t ON t.TABLE_ID = c.TABLE_ID"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
                + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.TABLE_NAME = ? ORDER BY c.COL_NO";

        static final String CHECKS = "SELECT k.CONS_NAME, k.\"DEFINE\" FROM ALL_CONSTRAINTS k"
                + " JOIN ALL_TABLES t ON t.TABLE_ID = k.TABLE_ID"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
                + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.TABLE_NAME = ? AND k.CONS_TYPE = 'C'"
                + " ORDER BY k.CONS_NAME";
    }

    /** One catalog statement as it reached the double: the prepared SQL and the values bound to it. */
    private record Call(String sql, List<Object> binds) {
        static Call of(String sql, Object... binds) {
            return new Call(sql, List.of(binds));
        }
    }

    /** A table name a quoted identifier could spell, made to break out of a string or identifier; it exists in SANDBOX. */
    private static final String HOSTILE = "O'Brien\"; DROP TABLE \"SHOP\".\"ORDERS\"; --";

    private static final String VIEW_SQL = "SELECT O.ID, SUM(L.QTY) AS QTY FROM SHOP.ORDERS O"
            + " JOIN SHOP.ORDER_LINES L ON L.ID = O.ID GROUP BY O.ID";

    // ---- the canned dictionary ---------------------------------------------------------------------------------

    private static XuguReply.Rows tables() {
        return rows(col("TABLE_NAME", Type.CHAR), col("TEMP_TYPE", Type.INTEGER), col("RECORD_NUM", Type.BIGINT),
                col("COMMENTS", Type.CHAR));
    }

    private static XuguReply.Rows views() {
        return rows(col("VIEW_NAME", Type.CHAR), col("DEFINE", Type.CLOB), col("COMMENTS", Type.CHAR));
    }

    private static XuguReply.Rows columns() {
        return rows(col("TABLE_NAME", Type.CHAR), col("COL_NO", Type.INTEGER), col("COL_NAME", Type.CHAR),
                col("TYPE_NAME", Type.CHAR), col("SCALE", Type.INTEGER), col("VARYING", Type.BOOLEAN),
                col("NOT_NULL", Type.BOOLEAN), col("IS_SERIAL", Type.BOOLEAN), col("DEF_VAL", Type.CHAR),
                col("COMMENTS", Type.CHAR), col("IS_HIDE", Type.BOOLEAN), col("DELETED", Type.BOOLEAN));
    }

    private static XuguReply.Rows constraints() {
        return rows(col("CONS_NAME", Type.CHAR), col("CONS_TYPE", Type.CHAR), col("SCHEMA_NAME", Type.CHAR),
                col("TABLE_NAME", Type.CHAR), col("DEFINE", Type.CHAR), col("SCHEMA_NAME", Type.CHAR),
                col("TABLE_NAME", Type.CHAR), col("UPDATE_ACTION", Type.CHAR), col("DELETE_ACTION", Type.CHAR));
    }

    private static XuguReply.Rows indexes() {
        return rows(col("TABLE_NAME", Type.CHAR), col("INDEX_NAME", Type.CHAR), col("INDEX_TYPE", Type.INTEGER),
                col("IS_UNIQUE", Type.BOOLEAN), col("IS_PRIMARY", Type.BOOLEAN), col("KEYS", Type.CHAR),
                col("FILTER", Type.CHAR));
    }

    private static XuguReply.Rows columnStats() {
        return rows(col("COL_NAME", Type.CHAR), col("MIN_VAL", Type.CHAR), col("MAX_VAL", Type.CHAR),
                col("REPET_RATE", Type.DOUBLE), col("DISPERSION", Type.DOUBLE), col("IS_HIDE", Type.BOOLEAN),
                col("DELETED", Type.BOOLEAN));
    }

    /** Statements are answered only for their exact text AND exact bind values. */
    private static Predicate<Received> exactly(String sql, Object... binds) {
        return r -> r.sql().equals(sql) && binds(r).equals(List.of(binds));
    }

    private static List<Object> binds(Received r) {
        return r.params().stream().map(Param::value).toList();
    }

    /**
     * A database with schemas REPORTS, SANDBOX, SHOP (current), SYSAUDITOR and SYSDBA. SHOP holds customers, orders,
     * order lines with a composite key, warehouse bins, a temporary table and a view; REPORTS has a foreign key into
     * SHOP; SANDBOX holds one table with {@link #HOSTILE a hostile name}. Replies are built per request ({@code
     * Supplier}) because a reply's row list is a mutable builder.
     */
    private static XuguScript database() {
        XuguScript s = new XuguScript();
        answer(s, exactly(OnTheWire.TABLE_COUNTS), () -> rows(col("SCHEMA_NAME", Type.CHAR), col("EXPR1", Type.BIGINT))
                .row("REPORTS", 1L).row("SANDBOX", 1L).row("SHOP", 5L));
        answer(s, exactly(OnTheWire.VIEW_COUNTS), () -> rows(col("SCHEMA_NAME", Type.CHAR), col("EXPR1", Type.BIGINT))
                .row("SHOP", 1L));
        answer(s, exactly(OnTheWire.SCHEMAS), () -> rows(col("SCHEMA_NAME", Type.CHAR), col("USER_NAME", Type.CHAR),
                col("COMMENTS", Type.CHAR))
                .row("REPORTS", "REPORTER", "报表")
                .row("SANDBOX", "SYSDBA", null)
                .row("SHOP", "SHOP_OWNER", "网上商店")
                .row("SHOP", "OTHER_DB_USER", "网上商店") // the owner join is not db-scoped: a second row per schema
                .row("SYSAUDITOR", "SYSAUDITOR", null)
                .row("SYSDBA", "SYSDBA", "")); // empty text: one 0x00 byte on the wire, not NULL
        answer(s, exactly(OnTheWire.INFO), () -> rows(col("EXPR1", Type.CHAR), col("CURRENT_DB", Type.CHAR),
                col("CURRENT_SCHEMA", Type.CHAR), col("CURRENT_USER", Type.CHAR))
                .row("XuguDB 12.0.0", "SYSTEM", "SHOP", "MCP_RO"));

        answer(s, exactly(OnTheWire.TABLES, "SHOP"), () -> tables()
                .row("BINS", 0, 40L, "库位")
                .row("CUSTOMERS", 0, 120L, "客户表")
                .row("ORDERS", 0, 3400L, "订单")
                .row("ORDER_LINES", 0, -1L, null)
                .row("TMP_IMPORT", 2, 0L, "  "));
        answer(s, exactly(OnTheWire.VIEWS, "SHOP"), () -> views()
                .row("V_ORDER_TOTALS", VIEW_SQL, "订单汇总"));
        answer(s, exactly(OnTheWire.COLUMNS, "SHOP"), () -> columns()
                //   table          no name            type        scale           vary   !null  serial default    comment hide   deleted
                .row("BINS",        1, "WAREHOUSE_ID", "INTEGER",  0,              false, true,  false, null,      "仓库",   false, false)
                .row("BINS",        2, "BIN_NO",       "CHAR",     10,             true,  true,  false, null,      "库位号",  false, false)
                .row("CUSTOMERS",   1, "ID",           "INTEGER",  0,              false, true,  true,  null,      "客户编号", false, false)
                .row("CUSTOMERS",   2, "NAME",         "CHAR",     50,             true,  true,  false, null,      "客户姓名", false, false)
                .row("CUSTOMERS",   3, "CODE",         "CHAR",     8,              false, false, false, "'C000'",  null,   false, false)
                .row("CUSTOMERS",   4, "OLD_PHONE",    "CHAR",     20,             true,  false, false, null,      null,   false, true)
                .row("CUSTOMERS",   5, "CREDIT",       "NUMERIC",  12 * 65536 + 2, false, false, false, "0",       "信用额度", false, false)
                .row("ORDERS",      1, "ID",           "BIGINT",   0,              false, true,  true,  null,      "订单号",  false, false)
                .row("ORDERS",      2, "CUSTOMER_ID",  "INTEGER",  0,              false, true,  false, null,      null,   false, false)
                .row("ORDERS",      3, "CURRENCY",     "CHAR",     3,              false, true,  false, "'CNY'",   "币种",   false, false)
                .row("ORDERS",      4, "AMOUNT",       "NUMERIC",  10 * 65536,     false, false, false, null,      null,   false, false)
                .row("ORDERS",      5, "CREATED_AT",   "DATETIME", 0,              false, true,  false, "SYSDATE", null,   false, false)
                .row("ORDERS",      6, "ROW_VER",      "BIGINT",   0,              false, false, false, null,      null,   true,  false)
                .row("ORDER_LINES", 1, "ID",           "BIGINT",   0,              false, true,  false, null,      "订单号",  false, false)
                .row("ORDER_LINES", 2, "LINE_NO",      "INTEGER",  0,              false, true,  false, null,      "行号",   false, false)
                .row("ORDER_LINES", 3, "WAREHOUSE_ID", "INTEGER",  0,              false, false, false, null,      null,   false, false)
                .row("ORDER_LINES", 4, "BIN_NO",       "CHAR",     10,             true,  false, false, null,      null,   false, false)
                .row("ORDER_LINES", 5, "QTY",          "NUMERIC",  10 * 65536 + 3, false, true,  false, "1",       "数量",   false, false)
                .row("TMP_IMPORT",  1, "PAYLOAD",      "CLOB",     -1,             false, false, false, "",        null,   false, false));
        answer(s, exactly(OnTheWire.CONSTRAINTS, "SHOP", "SHOP"), () -> constraints()
                // Ordered as the SQL orders them: referencing schema, table, constraint name.
                .row("FK_NOTES_CUSTOMER", "F", "REPORTS", "CUSTOMER_NOTES",
                        "(\"CUST_ID\") REFERENCES \"SHOP\".\"CUSTOMERS\"(\"ID\")", "SHOP", "CUSTOMERS", "R", "U")
                .row("UK_BINS", "U", "SHOP", "BINS", "\"WAREHOUSE_ID\", \"BIN_NO\"", null, null, null, null)
                .row("PK_CUSTOMERS", "P", "SHOP", "CUSTOMERS", "\"ID\"", null, null, null, null)
                .row("UK_CUSTOMERS_CODE", "U", "SHOP", "CUSTOMERS", "\"CODE\"", null, null, null, null)
                .row("FK_ORDERS_CURRENCY", "F", "SHOP", "ORDERS",
                        "(\"CURRENCY\") REFERENCES \"REF\".\"CURRENCIES\"(\"CODE\")", "REF", "CURRENCIES", "N", "N")
                .row("FK_ORDERS_CUSTOMER", "F", "SHOP", "ORDERS",
                        "(\"CUSTOMER_ID\") REFERENCES \"SHOP\".\"CUSTOMERS\"(\"ID\")", "SHOP", "CUSTOMERS", "N", "C")
                .row("PK_ORDERS", "P", "SHOP", "ORDERS", "\"ID\"", null, null, null, null)
                .row("FK_LINES_BIN", "F", "SHOP", "ORDER_LINES",
                        "(WAREHOUSE_ID, BIN_NO) REFERENCES SHOP.BINS(WAREHOUSE_ID, BIN_NO)", "SHOP", "BINS", "D", "U")
                .row("FK_LINES_ORDER", "F", "SHOP", "ORDER_LINES",
                        "( \"ID\" ) REFERENCES \"SHOP\".\"ORDERS\" ( \"ID\" )", "SHOP", "ORDERS", "N", "C")
                .row("PK_ORDER_LINES", "P", "SHOP", "ORDER_LINES", "\"ID\",\"LINE_NO\"", null, null, null, null));
        answer(s, exactly(OnTheWire.INDEXES, "SHOP"), () -> indexes()
                .row("BINS", "UK_BINS", 0, true, false, "\"WAREHOUSE_ID\",\"BIN_NO\"", null)
                .row("CUSTOMERS", "IDX_CUSTOMERS_NAME_FT", 2, false, false, "\"NAME\"", "NAME IS NOT NULL")
                .row("CUSTOMERS", "PK_CUSTOMERS", 0, true, true, "\"ID\"", null)
                .row("ORDERS", "IDX_ORDERS_CURRENCY", 3, false, false, "\"CURRENCY\"", null)
                .row("ORDERS", "IDX_ORDERS_CUST_CREATED", 0, false, false, "\"CUSTOMER_ID\",\"CREATED_AT\"", null)
                .row("ORDERS", "PK_ORDERS", 0, true, true, "\"ID\"", null)
                .row("ORDER_LINES", "IDX_LINES_BIN", 0, false, false, "\"WAREHOUSE_ID\",\"BIN_NO\"", null)
                .row("ORDER_LINES", "PK_ORDER_LINES", 0, true, true, "\"ID\",\"LINE_NO\"", null));
        answer(s, exactly(OnTheWire.COLUMN_STATS, "SHOP", "ORDERS"), () -> columnStats()
                .row("ID", "1", "3400", 0.0, 1.0, false, false)
                .row("CUSTOMER_ID", "1", "120", 0.96, 0.04, false, false)
                .row("CURRENCY", "CNY", "USD", null, null, false, false)
                .row("AMOUNT", null, null, null, null, false, false)
                .row("CREATED_AT", "2024-01-01 00:00:00", "2024-06-30 23:59:59", 0.5, 0.5, false, false)
                .row("ROW_VER", "1", "9", 0.0, 1.0, true, false));

        answer(s, exactly(OnTheWire.CHECKS, "SHOP", "ORDERS"), () -> rows(col("CONS_NAME", Type.CHAR),
                col("DEFINE", Type.CHAR))
                .row("CK_ORDERS_AMOUNT", "(\"AMOUNT\" >= 0)")
                .row("CK_ORDERS_CURRENCY", "CURRENCY IN ('CNY', '美元')"));

        answer(s, exactly(OnTheWire.TABLES, "SANDBOX"), () -> tables().row(HOSTILE, 0, 1L, "恶意表名"));
        answer(s, exactly(OnTheWire.VIEWS, "SANDBOX"), XuguCatalogWireTest::views);
        answer(s, exactly(OnTheWire.COLUMNS, "SANDBOX"), () -> columns()
                .row(HOSTILE, 1, "NOTE", "CHAR", 100, true, false, false, null, null, false, false));
        answer(s, exactly(OnTheWire.CONSTRAINTS, "SANDBOX", "SANDBOX"), XuguCatalogWireTest::constraints);
        answer(s, exactly(OnTheWire.INDEXES, "SANDBOX"), XuguCatalogWireTest::indexes);
        answer(s, exactly(OnTheWire.COLUMN_STATS, "SANDBOX", HOSTILE), () -> columnStats()
                .row("NOTE", "a", "z", 0.25, 0.75, false, false));
        return s;
    }

    private static void answer(XuguScript s, Predicate<Received> when, Supplier<XuguReply.Rows> reply) {
        s.on(when, r -> reply.get());
    }

    private static CatalogService catalog(XuguWireDouble db) {
        String url = "jdbc:xugu://127.0.0.1:" + db.port() + "/SYSTEM?char_set=UTF8";
        return new CatalogService(() -> DriverManager.getConnection(url, "SYSDBA", "SYSDBA"), new XuguDialect(),
                Duration.ofSeconds(5), Duration.ofHours(1));
    }

    /** The String constants of a class by field name. */
    private static Map<String, String> texts(Class<?> holder) throws IllegalAccessException {
        Map<String, String> out = new TreeMap<>();
        for (Field f : holder.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                f.setAccessible(true);
                out.put(f.getName(), (String) f.get(null));
            }
        }
        return out;
    }

    /** The catalog statements executed, in order, with their bind values. */
    private static List<Call> calls(XuguWireDouble db) {
        return db.received().stream().filter(r -> r.kind() == Kind.EXECUTE).map(r -> new Call(r.sql(), binds(r)))
                .toList();
    }

    /**
     * Every command that reached the double is part of a prepare / execute / deallocate of a catalog constant: no
     * plain statement, no other text, and every bind value travels as a CHAR parameter.
     */
    private static void assertOnlyPreparedCatalogSql(XuguWireDouble db) throws IllegalAccessException {
        List<String> constants = List.copyOf(texts(OnTheWire.class).values());
        List<Received> log = db.received();
        assertFalse(log.isEmpty());
        for (int i = 0; i < log.size(); i++) {
            Received r = log.get(i);
            assertTrue(constants.contains(r.sql()), "not a catalog constant: " + r.wireText());
            Kind expected = List.of(Kind.PREPARE, Kind.EXECUTE, Kind.DEALLOCATE).get(i % 3);
            assertEquals(expected, r.kind(), "command " + i + ": " + r.wireText());
            if (r.kind() == Kind.PREPARE) {
                assertTrue(r.wireText().matches("Prepare st\\w+ as \\Q" + r.sql() + "\\E"), r.wireText());
            }
            for (Param p : r.params()) {
                assertEquals(Type.CHAR.code, p.wireType(), "bind of " + r.wireText() + ": " + p);
            }
        }
    }

    // ---- tests ---------------------------------------------------------------------------------------------------

    @Test
    void theCatalogSendsExactlyTheCatalogSqlWithNamesOnlyAsBindValues() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(database())) {
            CatalogService catalog = catalog(db);
            catalog.schemas();
            catalog.info();
            // The caller's spelling is resolved against the catalog: only the stored names are bound.
            catalog.tables("shop");
            catalog.describe(catalog.table(null, "orders"));
            catalog.columnStats(catalog.table("SHOP", "\"ORDERS\""));
            catalog.tables("SHOP"); // cached: nothing more is sent

            assertEquals(List.of(
                    Call.of(OnTheWire.TABLE_COUNTS),
                    Call.of(OnTheWire.VIEW_COUNTS),
                    Call.of(OnTheWire.SCHEMAS),
                    Call.of(OnTheWire.INFO),
                    Call.of(OnTheWire.TABLES, "SHOP"),
                    Call.of(OnTheWire.VIEWS, "SHOP"),
                    Call.of(OnTheWire.COLUMNS, "SHOP"),
                    Call.of(OnTheWire.CONSTRAINTS, "SHOP", "SHOP"),
                    Call.of(OnTheWire.INDEXES, "SHOP"),
                    Call.of(OnTheWire.COLUMN_STATS, "SHOP", "ORDERS")), calls(db));
            assertOnlyPreparedCatalogSql(db);
        }
    }

    @Test
    void schemasAndDatabaseInfoDecode() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(database())) {
            CatalogService catalog = catalog(db);
            assertEquals(List.of(
                    new Catalog.Schema("REPORTS", "REPORTER", "报表", 1, false),
                    new Catalog.Schema("SANDBOX", "SYSDBA", null, 1, false),
                    new Catalog.Schema("SHOP", "SHOP_OWNER", "网上商店", 6, false), // 5 tables + 1 view, BIGINT counts
                    new Catalog.Schema("SYSAUDITOR", "SYSAUDITOR", null, 0, true),
                    new Catalog.Schema("SYSDBA", "SYSDBA", null, 0, false)), catalog.schemas());
            assertEquals(new Catalog.DatabaseInfo("XuguDB", "XuguDB 12.0.0", "SYSTEM", "SHOP", "MCP_RO"), catalog.info());
            assertEquals("SHOP", catalog.currentSchema());
        }
    }

    @Test
    void tablesColumnsAndTypesDecode() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(database())) {
            CatalogService catalog = catalog(db);
            assertEquals(List.of(
                    new Catalog.Table("SHOP", "BINS", "TABLE", "库位", 40L),
                    new Catalog.Table("SHOP", "CUSTOMERS", "TABLE", "客户表", 120L),
                    new Catalog.Table("SHOP", "ORDERS", "TABLE", "订单", 3400L),
                    new Catalog.Table("SHOP", "ORDER_LINES", "TABLE", null, null), // RECORD_NUM -1: unknown
                    new Catalog.Table("SHOP", "TMP_IMPORT", "GLOBAL TEMPORARY", null, 0L), // blank comment: none
                    new Catalog.Table("SHOP", "V_ORDER_TOTALS", "VIEW", "订单汇总", null)), catalog.tables("SHOP"));

            // The dropped OLD_PHONE is left out and positions close up; CHAR + VARYING is VARCHAR(n).
            assertEquals(List.of(
                    new Column("ID", 1, "INTEGER", false, null, "客户编号", true),
                    new Column("NAME", 2, "VARCHAR(50)", false, null, "客户姓名", false),
                    new Column("CODE", 3, "CHAR(8)", true, "'C000'", null, false),
                    new Column("CREDIT", 4, "NUMERIC(12,2)", true, "0", "信用额度", false)),
                    describe(catalog, "CUSTOMERS").columns());
            // The hidden ROW_VER is left out; NUMERIC with scale 0 is NUMERIC(p).
            assertEquals(List.of(
                    new Column("ID", 1, "BIGINT", false, null, "订单号", true),
                    new Column("CUSTOMER_ID", 2, "INTEGER", false, null, null, false),
                    new Column("CURRENCY", 3, "CHAR(3)", false, "'CNY'", "币种", false),
                    new Column("AMOUNT", 4, "NUMERIC(10)", true, null, null, false),
                    new Column("CREATED_AT", 5, "DATETIME", false, "SYSDATE", null, false)),
                    describe(catalog, "ORDERS").columns());
            assertEquals(List.of(
                    new Column("ID", 1, "BIGINT", false, null, "订单号", false),
                    new Column("LINE_NO", 2, "INTEGER", false, null, "行号", false),
                    new Column("WAREHOUSE_ID", 3, "INTEGER", true, null, null, false),
                    new Column("BIN_NO", 4, "VARCHAR(10)", true, null, null, false),
                    new Column("QTY", 5, "NUMERIC(10,3)", false, "1", "数量", false)),
                    describe(catalog, "ORDER_LINES").columns());
            assertEquals(List.of(new Column("PAYLOAD", 1, "CLOB", true, null, null, false)),
                    describe(catalog, "TMP_IMPORT").columns(), "an empty default is no default");

            TableDetail view = describe(catalog, "V_ORDER_TOTALS");
            assertTrue(view.table().isView());
            assertEquals(VIEW_SQL, view.definition(), "the CLOB definition is read whole");
            assertNull(describe(catalog, "ORDERS").definition());
        }
    }

    @Test
    void keysForeignKeysInBothDirectionsAndIndexesDecode() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(database())) {
            CatalogService catalog = catalog(db);
            TableDetail customers = describe(catalog, "CUSTOMERS");
            TableDetail orders = describe(catalog, "ORDERS");
            TableDetail lines = describe(catalog, "ORDER_LINES");
            TableDetail bins = describe(catalog, "BINS");

            // Primary and unique keys: DEFINE is "A","B" (with or without a blank after the comma).
            assertEquals(new Key("PK_ORDER_LINES", List.of("ID", "LINE_NO")), lines.primaryKey());
            assertEquals(new Key("PK_CUSTOMERS", List.of("ID")), customers.primaryKey());
            assertEquals(List.of(new Key("UK_CUSTOMERS_CODE", List.of("CODE"))), customers.uniqueKeys());
            assertNull(bins.primaryKey());
            assertEquals(List.of(new Key("UK_BINS", List.of("WAREHOUSE_ID", "BIN_NO"))), bins.uniqueKeys());

            // Foreign keys: the same record on the referencing side ...
            ForeignKey toCustomers = new ForeignKey("FK_ORDERS_CUSTOMER", "SHOP", "ORDERS", List.of("CUSTOMER_ID"),
                    "SHOP", "CUSTOMERS", List.of("ID"), "NO ACTION", "CASCADE");
            ForeignKey toCurrencies = new ForeignKey("FK_ORDERS_CURRENCY", "SHOP", "ORDERS", List.of("CURRENCY"),
                    "REF", "CURRENCIES", List.of("CODE"), "NO ACTION", "NO ACTION");
            ForeignKey toOrders = new ForeignKey("FK_LINES_ORDER", "SHOP", "ORDER_LINES", List.of("ID"),
                    "SHOP", "ORDERS", List.of("ID"), "NO ACTION", "CASCADE"); // DEFINE with blanks inside (...)
            ForeignKey toBins = new ForeignKey("FK_LINES_BIN", "SHOP", "ORDER_LINES", List.of("WAREHOUSE_ID", "BIN_NO"),
                    "SHOP", "BINS", List.of("WAREHOUSE_ID", "BIN_NO"), "SET DEFAULT", "SET NULL"); // unquoted DEFINE
            ForeignKey fromReports = new ForeignKey("FK_NOTES_CUSTOMER", "REPORTS", "CUSTOMER_NOTES", List.of("CUST_ID"),
                    "SHOP", "CUSTOMERS", List.of("ID"), "RESTRICT", "SET NULL");
            assertEquals(List.of(toCurrencies, toCustomers), orders.foreignKeys(), "incl. one into another schema");
            assertEquals(List.of(toBins, toOrders), lines.foreignKeys());
            assertEquals(List.of(), customers.foreignKeys());
            // ... and on the referenced side, including a key from another schema.
            assertEquals(List.of(fromReports, toCustomers), customers.referencedBy());
            assertEquals(List.of(toOrders), orders.referencedBy());
            assertEquals(List.of(toBins), bins.referencedBy());
            assertEquals(List.of(), lines.referencedBy());

            // Indexes: KEYS is "A","B"; INDEX_TYPE 0 btree, 2 fulltext, 3 bitmap.
            assertEquals(List.of(
                    new Index("IDX_ORDERS_CURRENCY", List.of("CURRENCY"), false, false, "BITMAP", null),
                    new Index("IDX_ORDERS_CUST_CREATED", List.of("CUSTOMER_ID", "CREATED_AT"), false, false, "BTREE", null),
                    new Index("PK_ORDERS", List.of("ID"), true, true, "BTREE", null)), orders.indexes());
            assertEquals(List.of(
                    new Index("IDX_LINES_BIN", List.of("WAREHOUSE_ID", "BIN_NO"), false, false, "BTREE", null),
                    new Index("PK_ORDER_LINES", List.of("ID", "LINE_NO"), true, true, "BTREE", null)), lines.indexes());
            assertEquals(List.of(
                    new Index("IDX_CUSTOMERS_NAME_FT", List.of("NAME"), false, false, "FULLTEXT", "NAME IS NOT NULL"),
                    new Index("PK_CUSTOMERS", List.of("ID"), true, true, "BTREE", null)), customers.indexes());
            assertEquals(List.of(new Index("UK_BINS", List.of("WAREHOUSE_ID", "BIN_NO"), true, false, "BTREE", null)),
                    bins.indexes());
        }
    }

    @Test
    void columnStatisticsDecode() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(database())) {
            CatalogService catalog = catalog(db);
            List<Catalog.ColumnStats> stats = catalog.columnStats(catalog.table("SHOP", "ORDERS"));
            assertEquals(List.of(
                    new Catalog.ColumnStats("ID", null, null, "1", "3400", null,
                            Map.of("repet_rate", "0.0", "dispersion", "1.0")),
                    new Catalog.ColumnStats("CUSTOMER_ID", null, null, "1", "120", null,
                            Map.of("repet_rate", "0.96", "dispersion", "0.04")),
                    new Catalog.ColumnStats("CURRENCY", null, null, "CNY", "USD", null, Map.of()),
                    new Catalog.ColumnStats("AMOUNT", null, null, null, null, null, Map.of()),
                    new Catalog.ColumnStats("CREATED_AT", null, null, "2024-01-01 00:00:00", "2024-06-30 23:59:59",
                            null, Map.of("repet_rate", "0.5", "dispersion", "0.5"))),
                    stats, "the hidden ROW_VER is left out");
        }
    }

    @Test
    void aHostileTableNameNeverReachesTheWireAsSqlText() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(database())) {
            CatalogService catalog = catalog(db);

            // A name that is not in the catalog is refused before any statement could carry it ...
            for (String evil : List.of("ORDERS\"; DROP TABLE \"ORDERS\"; --", "ORDERS' OR '1'='1",
                    "SHOP\".\"ORDERS\" UNION SELECT * FROM ALL_USERS --")) {
                ToolException e = assertThrows(ToolException.class,
                        () -> catalog.columnStats(new Catalog.Table("SHOP", evil, "TABLE", null, null)), evil);
                assertEquals("not_found", e.code(), e.getMessage());
                assertTrue(e.getMessage().startsWith("No such table "), e.getMessage());
                ToolException described = assertThrows(ToolException.class, () -> catalog.describe(
                        new Catalog.Table("SHOP", evil, "TABLE", null, null)));
                assertEquals("not_found", described.code());
            }
            ToolException control = assertThrows(ToolException.class, () -> catalog.table("SHOP", "ORDERS\n;DROP"));
            assertEquals("invalid_argument", control.code());
            ToolException schema = assertThrows(ToolException.class, () -> catalog.tables("SHOP' OR '1'='1"));
            assertEquals("not_found", schema.code());
            assertEquals(Set.of("SHOP"), calls(db).stream().flatMap(c -> c.binds().stream()).collect(Collectors.toSet()),
                    "only the stored schema name was ever bound");

            // ... and one that IS in the catalog is sent only as a bind value of the fixed statement.
            Catalog.Table hostile = catalog.table("SANDBOX", HOSTILE);
            assertEquals(HOSTILE, hostile.name());
            assertEquals("恶意表名", hostile.comment());
            assertEquals(List.of(new Column("NOTE", 1, "VARCHAR(100)", true, null, null, false)),
                    catalog.describe(hostile).columns());
            List<Catalog.ColumnStats> stats = catalog.columnStats(hostile);
            assertEquals(List.of("NOTE"), stats.stream().map(Catalog.ColumnStats::column).toList());

            List<Call> calls = calls(db);
            assertEquals(Call.of(OnTheWire.COLUMN_STATS, "SANDBOX", HOSTILE), calls.get(calls.size() - 1));
            assertOnlyPreparedCatalogSql(db);
            for (Received r : db.received()) {
                assertFalse(r.wireText().contains("DROP") || r.wireText().contains("O'Brien")
                        || r.wireText().contains("UNION") || r.wireText().contains("'1'='1"), r.wireText());
            }
        }
    }

    @Test
    void checkConstraintsAreReadWithTheRealDriverAndDecoded() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(database())) {
            CatalogService catalog = catalog(db);
            List<io.xugumcp.api.Catalog.Check> checks = catalog.checks(catalog.table("SHOP", "orders"));
            assertEquals(List.of(new io.xugumcp.api.Catalog.Check("CK_ORDERS_AMOUNT", "\"AMOUNT\" >= 0"),
                    new io.xugumcp.api.Catalog.Check("CK_ORDERS_CURRENCY", "CURRENCY IN ('CNY', '美元')")), checks);
            List<Call> calls = calls(db);
            assertEquals(Call.of(OnTheWire.CHECKS, "SHOP", "ORDERS"), calls.get(calls.size() - 1));
            assertOnlyPreparedCatalogSql(db);
        }
    }

    @Test
    void everyCatalogStatementIsWrittenOutHere() throws Exception {
        // A new or changed constant must be added here, where its wire text is reviewed with the canned rows.
        assertEquals(texts(OnTheWire.class), texts(XuguCatalogSql.class));
    }

    @Test
    void sqlTheDoubleDoesNotKnowFailsTheRead() throws Exception {
        // Guards the guard: with INFO scripted under a slightly different text, the catalog read fails instead of
        // quietly decoding whatever came back.
        XuguScript changed = new XuguScript().on(OnTheWire.INFO.replace("CURRENT_USER", "USER"),
                rows(col("EXPR1", Type.CHAR), col("CURRENT_DB", Type.CHAR), col("CURRENT_SCHEMA", Type.CHAR),
                        col("USER", Type.CHAR)).row("XuguDB 12.0.0", "SYSTEM", "SHOP", "MCP_RO"));
        try (XuguWireDouble db = XuguWireDouble.start(changed)) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> catalog(db).info());
            assertTrue(e.getMessage().contains("XuguWireDouble has no reply scripted for: " + OnTheWire.INFO),
                    e.getMessage());
        }
    }

    private static TableDetail describe(CatalogService catalog, String table) {
        return catalog.describe(catalog.table("SHOP", table));
    }
}
