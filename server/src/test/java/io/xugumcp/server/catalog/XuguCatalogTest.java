package io.xugumcp.server.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xugumcp.api.Catalog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XuguDB catalog decoding with canned dictionary rows (no server can run here). The rows are shaped as the real
 * driver hands them back: BIGINT as BigDecimal, booleans as Boolean, key lists as text. The exact SQL texts are the
 * constants of {@link XuguCatalogSql}; this test only checks that each is sent with the right bind values.
 */
class XuguCatalogTest {

    /** Answers each catalog constant with canned rows and records the bind values it was given. */
    static final class CannedSql implements Sql {
        final Map<String, List<Object[]>> answers = new HashMap<>();
        final List<String> sent = new ArrayList<>();
        final Map<String, Object[]> params = new HashMap<>();

        CannedSql on(String sql, Object[]... rows) {
            answers.put(sql, List.of(rows));
            return this;
        }

        @Override
        public List<Object[]> rows(String sql, Object... p) {
            List<Object[]> rows = answers.get(sql);
            if (rows == null) {
                fail("unexpected SQL: " + sql);
            }
            sent.add(sql);
            params.put(sql, p);
            return rows;
        }
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static BigDecimal n(long v) {
        return BigDecimal.valueOf(v);
    }

    @Test
    void splitsKeyListsQuotedUnquotedAndWithSpecialCharacters() {
        assertEquals(List.of("A", "B"), XuguCatalog.keyList("\"A\",\"B\""));
        assertEquals(List.of("ORDER_ID"), XuguCatalog.keyList("\"ORDER_ID\""));
        assertEquals(List.of("A", "B"), XuguCatalog.keyList(" A , B "));
        assertEquals(List.of("A", "B"), XuguCatalog.keyList("(\"A\", \"B\")"));
        assertEquals(List.of("Mixed Case", "with,comma", "q\"uote"), XuguCatalog.keyList("\"Mixed Case\",\"with,comma\",\"q\"\"uote\""));
        assertEquals(List.of("订单号"), XuguCatalog.keyList("\"订单号\""));
        assertEquals(List.of(), XuguCatalog.keyList(null));
        assertEquals(List.of(), XuguCatalog.keyList(""));
    }

    @Test
    void decodesForeignKeyDefines() {
        XuguCatalog.ForeignKeyDefine d = XuguCatalog.foreignKeyDefine("(\"CUSTOMER_ID\") REFERENCES \"SHOP\".\"CUSTOMERS\"(\"ID\")");
        assertEquals(List.of("CUSTOMER_ID"), d.columns());
        assertEquals(List.of("ID"), d.referencedColumns());

        XuguCatalog.ForeignKeyDefine composite = XuguCatalog.foreignKeyDefine(
                "(\"REGION\",\"ORDER_NO\") REFERENCES \"SHOP\".\"ORDERS\"(\"REGION\",\"ORDER_NO\")");
        assertEquals(List.of("REGION", "ORDER_NO"), composite.columns());
        assertEquals(List.of("REGION", "ORDER_NO"), composite.referencedColumns());

        XuguCatalog.ForeignKeyDefine tricky = XuguCatalog.foreignKeyDefine(
                "(\"a(b)\", \"c\") REFERENCES \"S\".\"T (x)\" (\"d)\", \"e\")");
        assertEquals(List.of("a(b)", "c"), tricky.columns(), "parentheses inside quotes do not count");
        assertEquals(List.of("d)", "e"), tricky.referencedColumns());

        XuguCatalog.ForeignKeyDefine unquoted = XuguCatalog.foreignKeyDefine("(DEPT_ID) REFERENCES DEPT(ID)");
        assertEquals(List.of("DEPT_ID"), unquoted.columns());
        assertEquals(List.of("ID"), unquoted.referencedColumns());

        assertEquals(List.of(), XuguCatalog.foreignKeyDefine(null).columns());
    }

    @Test
    void decodesTypesAndActions() {
        assertEquals("VARCHAR(50)", XuguCatalog.typeName("CHAR", 50L, true));
        assertEquals("CHAR(2)", XuguCatalog.typeName("CHAR", 2L, false));
        assertEquals("VARCHAR", XuguCatalog.typeName("CHAR", -1L, true));
        assertEquals("NUMERIC(12,2)", XuguCatalog.typeName("NUMERIC", 12L * 65536 + 2, false));
        assertEquals("NUMERIC(10)", XuguCatalog.typeName("NUMERIC", 10L * 65536, false));
        assertEquals("INTEGER", XuguCatalog.typeName("INTEGER", 0L, false));
        assertEquals("DATETIME", XuguCatalog.typeName("datetime", null, false));
        assertEquals("NO ACTION", XuguCatalog.action("N"));
        assertEquals("CASCADE", XuguCatalog.action("C"));
        assertEquals("SET NULL", XuguCatalog.action("U"));
        assertEquals("SET DEFAULT", XuguCatalog.action("D"));
        assertEquals("RESTRICT", XuguCatalog.action("r"));
        assertNull(XuguCatalog.action(null));
    }

    @Test
    void decodesCannedDictionaryRowsIntoASchemaModel() throws Exception {
        CannedSql sql = new CannedSql()
                .on(XuguCatalogSql.TABLES,
                        row("CUSTOMERS", n(0), n(120), "客户"),
                        row("ORDERS", n(0), n(3400), "订单"),
                        row("ORDER_ITEMS", n(0), n(-1), "  "),
                        row("TMP_IMPORT", n(2), n(0), null))
                .on(XuguCatalogSql.VIEWS,
                        row("V_ORDER_TOTALS", "SELECT ORDER_ID, SUM(AMOUNT) FROM ORDER_ITEMS GROUP BY ORDER_ID", "订单汇总"))
                .on(XuguCatalogSql.COLUMNS,
                        row("CUSTOMERS", n(0), "ID", "INTEGER", n(0), false, true, true, null, "客户编号", false, false),
                        row("CUSTOMERS", n(1), "NAME", "CHAR", n(50), true, true, false, null, "客户姓名", false, false),
                        row("CUSTOMERS", n(2), "OLD_COL", "INTEGER", n(0), false, false, false, null, null, false, true),
                        row("ORDERS", n(0), "ORDER_ID", "BIGINT", n(0), false, true, true, null, "订单编号", false, false),
                        row("ORDERS", n(1), "CUSTOMER_ID", "INTEGER", n(0), false, true, false, null, null, false, false),
                        row("ORDERS", n(2), "AMOUNT", "NUMERIC", n(12L * 65536 + 2), false, false, false, "0", "订单金额", false, false),
                        row("ORDERS", n(3), "HIDDEN_ROWID", "BIGINT", n(0), false, false, false, null, null, true, false),
                        row("ORDER_ITEMS", n(0), "ORDER_ID", "BIGINT", n(0), false, true, false, null, null, false, false),
                        row("ORDER_ITEMS", n(1), "LINE_NO", "INTEGER", n(0), false, true, false, null, null, false, false))
                .on(XuguCatalogSql.CONSTRAINTS,
                        row("PK_CUSTOMERS", "P", "SHOP", "CUSTOMERS", "\"ID\"", null, null, null, null),
                        row("UK_CUSTOMERS_NAME", "U", "SHOP", "CUSTOMERS", "\"NAME\"", null, null, null, null),
                        row("PK_ORDERS", "P", "SHOP", "ORDERS", "\"ORDER_ID\"", null, null, null, null),
                        row("FK_ORDERS_CUSTOMER", "F", "SHOP", "ORDERS",
                                "(\"CUSTOMER_ID\") REFERENCES \"SHOP\".\"CUSTOMERS\"(\"ID\")", "SHOP", "CUSTOMERS", "N", "C"),
                        row("PK_ORDER_ITEMS", "P", "SHOP", "ORDER_ITEMS", "\"ORDER_ID\",\"LINE_NO\"", null, null, null, null),
                        row("FK_ITEMS_ORDER", "F", "SHOP", "ORDER_ITEMS",
                                "(\"ORDER_ID\") REFERENCES \"SHOP\".\"ORDERS\"(\"ORDER_ID\")", "SHOP", "ORDERS", "N", "C"),
                        row("FK_REPORT_CUSTOMER", "F", "REPORTS", "CUSTOMER_REPORT",
                                "(\"CUST\") REFERENCES \"SHOP\".\"CUSTOMERS\"(\"ID\")", "SHOP", "CUSTOMERS", "R", "U"))
                .on(XuguCatalogSql.INDEXES,
                        row("ORDERS", "IDX_ORDERS_CUSTOMER_AMOUNT", n(0), false, false, "\"CUSTOMER_ID\",\"AMOUNT\"", null),
                        row("ORDERS", "PK_ORDERS", n(0), true, true, "\"ORDER_ID\"", null),
                        row("CUSTOMERS", "IDX_NAME_FT", n(2), false, false, "\"NAME\"", "NAME IS NOT NULL"));

        SchemaSnapshot s = new XuguCatalog().load(sql, "SHOP");
        assertEquals(List.of(XuguCatalogSql.TABLES, XuguCatalogSql.VIEWS, XuguCatalogSql.COLUMNS,
                XuguCatalogSql.CONSTRAINTS, XuguCatalogSql.INDEXES), sql.sent);
        assertArrayEquals(new Object[] {"SHOP"}, sql.params.get(XuguCatalogSql.TABLES));
        assertArrayEquals(new Object[] {"SHOP", "SHOP"}, sql.params.get(XuguCatalogSql.CONSTRAINTS), "both directions");

        assertEquals(List.of("CUSTOMERS", "ORDERS", "ORDER_ITEMS", "TMP_IMPORT", "V_ORDER_TOTALS"),
                s.tables().stream().map(Catalog.Table::name).toList());
        Catalog.TableDetail orders = s.detail("ORDERS");
        assertEquals("订单", orders.table().comment());
        assertEquals(3400L, orders.table().rowEstimate());
        assertNull(s.detail("ORDER_ITEMS").table().comment(), "a blank comment is no comment");
        assertNull(s.detail("ORDER_ITEMS").table().rowEstimate(), "a negative estimate is unknown");
        assertEquals("GLOBAL TEMPORARY", s.detail("TMP_IMPORT").table().type());

        assertEquals(List.of("ORDER_ID", "CUSTOMER_ID", "AMOUNT"), orders.columns().stream().map(Catalog.Column::name).toList(),
                "hidden columns are left out");
        Catalog.Column amount = orders.columns().get(2);
        assertEquals("NUMERIC(12,2)", amount.type());
        assertTrue(amount.nullable());
        assertEquals("0", amount.defaultValue());
        assertEquals(3, amount.position());
        assertTrue(orders.columns().get(0).identity());
        assertFalse(orders.columns().get(0).nullable());

        Catalog.TableDetail customers = s.detail("CUSTOMERS");
        assertEquals(List.of("ID", "NAME"), customers.columns().stream().map(Catalog.Column::name).toList(), "dropped columns too");
        assertEquals("VARCHAR(50)", customers.columns().get(1).type());
        assertEquals(new Catalog.Key("PK_CUSTOMERS", List.of("ID")), customers.primaryKey());
        assertEquals(List.of(new Catalog.Key("UK_CUSTOMERS_NAME", List.of("NAME"))), customers.uniqueKeys());
        assertEquals(List.of("FK_REPORT_CUSTOMER", "FK_ORDERS_CUSTOMER"),
                customers.referencedBy().stream().map(Catalog.ForeignKey::name).toList(), "ordered by referencing table");
        Catalog.ForeignKey fromReports = customers.referencedBy().get(0);
        assertEquals("REPORTS", fromReports.schema());
        assertEquals(List.of("CUST"), fromReports.columns());
        assertEquals("RESTRICT", fromReports.onUpdate());
        assertEquals("SET NULL", fromReports.onDelete());
        Catalog.Index ft = customers.indexes().get(0);
        assertEquals("FULLTEXT", ft.type());
        assertEquals("NAME IS NOT NULL", ft.filter());

        assertEquals(new Catalog.Key("PK_ORDER_ITEMS", List.of("ORDER_ID", "LINE_NO")), s.detail("ORDER_ITEMS").primaryKey());
        Catalog.ForeignKey out = orders.foreignKeys().get(0);
        assertEquals(List.of("CUSTOMER_ID"), out.columns());
        assertEquals("CUSTOMERS", out.referencedTable());
        assertEquals(List.of("ID"), out.referencedColumns());
        assertEquals("NO ACTION", out.onUpdate());
        assertEquals("CASCADE", out.onDelete());
        assertEquals(List.of("FK_ITEMS_ORDER"), orders.referencedBy().stream().map(Catalog.ForeignKey::name).toList());

        Catalog.Index two = orders.indexes().stream().filter(i -> i.name().equals("IDX_ORDERS_CUSTOMER_AMOUNT")).findFirst().orElseThrow();
        assertEquals(List.of("CUSTOMER_ID", "AMOUNT"), two.columns());
        assertEquals("BTREE", two.type());
        assertTrue(orders.indexes().stream().anyMatch(i -> i.primary() && i.unique()));

        Catalog.TableDetail view = s.detail("V_ORDER_TOTALS");
        assertTrue(view.table().isView());
        assertEquals("订单汇总", view.table().comment());
        assertTrue(view.definition().startsWith("SELECT ORDER_ID"));
    }

    @Test
    void decodesSchemasInfoAndColumnStatistics() throws Exception {
        CannedSql sql = new CannedSql()
                .on(XuguCatalogSql.TABLE_COUNTS, row("SHOP", n(4)), row("SYSDBA", n(1)))
                .on(XuguCatalogSql.VIEW_COUNTS, row("SHOP", n(1)))
                .on(XuguCatalogSql.SCHEMAS,
                        row("SHOP", "SHOP_OWNER", "网店"),
                        row("SHOP", "OTHER_DB_USER", "网店"),
                        row("SYSAUDITOR", "SYSAUDITOR", null),
                        row("SYSDBA", "SYSDBA", null))
                .on(XuguCatalogSql.INFO, row("XuguDB 12.0.0", "SHOPDB", "SHOP", "MCP_RO"))
                .on(XuguCatalogSql.COLUMN_STATS,
                        row("ID", "1", "120", n(0), n(1), false, false),
                        row("GONE", null, null, null, null, false, true),
                        row("NAME", "艾", "赵", "0.03", "0.97", false, false));
        XuguCatalog x = new XuguCatalog();
        List<Catalog.Schema> schemas = x.schemas(sql);
        assertEquals(List.of("SHOP", "SYSAUDITOR", "SYSDBA"), schemas.stream().map(Catalog.Schema::name).toList(),
                "one row per schema even if the owner join repeats it");
        assertEquals(5, schemas.get(0).tableCount());
        assertEquals("SHOP_OWNER", schemas.get(0).owner());
        assertEquals("网店", schemas.get(0).comment());
        assertTrue(schemas.get(1).system());
        assertFalse(schemas.get(2).system(), "SYSDBA's own schema holds user tables");

        Catalog.DatabaseInfo info = x.info(sql);
        assertEquals(new Catalog.DatabaseInfo("XuguDB", "XuguDB 12.0.0", "SHOPDB", "SHOP", "MCP_RO"), info);

        List<Catalog.ColumnStats> stats = x.columnStats(sql, new Catalog.Table("SHOP", "CUSTOMERS", "TABLE", null, 120L));
        assertArrayEquals(new Object[] {"SHOP", "CUSTOMERS"}, sql.params.get(XuguCatalogSql.COLUMN_STATS));
        assertEquals(List.of("ID", "NAME"), stats.stream().map(Catalog.ColumnStats::column).toList());
        assertEquals("1", stats.get(0).min());
        assertEquals("120", stats.get(0).max());
        assertEquals("0.03", stats.get(1).other().get("repet_rate"));
        assertEquals("0.97", stats.get(1).other().get("dispersion"));
    }

    @Test
    void everyXuguCatalogQueryIsScopedToTheCurrentDatabaseAndUsesBindParameters() throws Exception {
        for (java.lang.reflect.Field f : XuguCatalogSql.class.getDeclaredFields()) {
            if (f.getType() != String.class) {
                continue;
            }
            String text = (String) f.get(null);
            if (f.getName().equals("INFO")) {
                continue;
            }
            assertTrue(text.contains("DB_ID = CURRENT_DB_ID"), f.getName() + " filters the current database");
            assertFalse(text.contains("'\" +"), f.getName());
        }
    }
}
