package io.xugumcp.plugin.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Change;
import io.xugumcp.server.db.xugu.XuguDialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact XuguDB text of every tool and every alter operation, built with the host's real XuguDB dialect from a
 * canned catalog (no XuguDB server runs here; the distribution test sends the same through the protocol double).
 */
class XuguStatementsTest {

    static FakeCatalog shop() {
        Catalog.Table customers = new Catalog.Table("SHOP", "CUSTOMERS", "TABLE", "客户", 3L);
        Catalog.Table orders = new Catalog.Table("SHOP", "ORDERS", "TABLE", "订单", 10L);
        Catalog.Table view = new Catalog.Table("SHOP", "V_ORDERS", "VIEW", null, null);
        Catalog.ForeignKey fk = new Catalog.ForeignKey("FK_ORDERS_CUSTOMER", "SHOP", "ORDERS", List.of("CUSTOMER_ID"),
                "SHOP", "CUSTOMERS", List.of("ID"), "NO ACTION", "CASCADE");
        return new FakeCatalog("SHOPDB", "SHOP")
                .add(new Catalog.TableDetail(customers, List.of(
                        new Catalog.Column("ID", 1, "INTEGER", false, null, "编号", true),
                        new Catalog.Column("NAME", 2, "VARCHAR(50)", false, null, "姓名", false),
                        new Catalog.Column("EMAIL", 3, "VARCHAR(100)", true, null, null, false)),
                        new Catalog.Key("PK_CUSTOMERS", List.of("ID")),
                        List.of(new Catalog.Key("UK_CUSTOMERS_EMAIL", List.of("EMAIL"))), List.of(), List.of(fk),
                        List.of(new Catalog.Index("PK_CUSTOMERS", List.of("ID"), true, true, "BTREE", null),
                                new Catalog.Index("UK_CUSTOMERS_EMAIL", List.of("EMAIL"), true, false, "BTREE", null),
                                new Catalog.Index("IDX_CUSTOMERS_NAME", List.of("NAME"), false, false, "BTREE", null)),
                        null))
                .add(new Catalog.TableDetail(orders, List.of(
                        new Catalog.Column("ID", 1, "BIGINT", false, null, null, false),
                        new Catalog.Column("CUSTOMER_ID", 2, "INTEGER", false, null, null, false),
                        new Catalog.Column("TOTAL", 3, "NUMERIC(12,2)", false, "0", "金额", false),
                        new Catalog.Column("NOTE", 4, "VARCHAR(200)", true, null, null, false)),
                        new Catalog.Key("PK_ORDERS", List.of("ID")), List.of(), List.of(fk), List.of(),
                        List.of(new Catalog.Index("PK_ORDERS", List.of("ID"), true, true, "BTREE", null),
                                new Catalog.Index("IDX_ORDERS_CUSTOMER", List.of("CUSTOMER_ID"), false, false, "BTREE", null)),
                        null))
                .add(new Catalog.TableDetail(view, List.of(new Catalog.Column("ID", 1, "BIGINT", true, null, null, false)),
                        null, List.of(), List.of(), List.of(), List.of(), "SELECT ID, TOTAL FROM ORDERS"))
                .checks("ORDERS", new Catalog.Check("CK_ORDERS_TOTAL", "TOTAL >= 0"));
    }

    final Harness x = Harness.recording(new XuguDialect(), shop(), new Ctx.Settings(true, 100_000));

    private List<String> alter(Map<String, Object> op) {
        return x.statements("alter_table", Map.of("table_name", "orders", "operations", List.of(op)));
    }

    @Test
    void createTableWithEveryColumnOptionAndConstraint() {
        List<String> sql = x.statements("create_table", Map.of("table_name", "dev_items", "comment", "商品",
                "columns", List.of(
                        Map.of("name", "id", "type", "bigint", "identity", true, "primary_key", true, "comment", "编号"),
                        Map.of("name", "name", "type", "varchar(64)", "nullable", false, "default", "无名", "comment", "名称"),
                        Map.of("name", "price", "type", "numeric(10,2)", "default", "0"),
                        Map.of("name", "created", "type", "datetime", "default", "sysdate"),
                        Map.of("name", "customer_id", "type", "integer", "references",
                                Map.of("table", "customers", "on_delete", "set_null")),
                        Map.of("name", "code", "type", "char(4)", "unique", true)),
                "constraints", List.of(Map.of("type", "check", "name", "ck_price",
                        "expression", "price >= 0 and length(name) > 0"))));
        assertEquals(List.of(
                "CREATE TABLE \"SHOP\".\"DEV_ITEMS\" (\"ID\" BIGINT IDENTITY(1,1) NOT NULL, \"NAME\" VARCHAR(64) NOT NULL"
                        + " DEFAULT '无名', \"PRICE\" NUMERIC(10,2) DEFAULT 0, \"CREATED\" DATETIME DEFAULT SYSDATE,"
                        + " \"CUSTOMER_ID\" INTEGER, \"CODE\" CHAR(4), PRIMARY KEY (\"ID\"), UNIQUE (\"CODE\"),"
                        + " FOREIGN KEY (\"CUSTOMER_ID\") REFERENCES \"SHOP\".\"CUSTOMERS\" (\"ID\") ON DELETE SET NULL,"
                        + " CONSTRAINT \"CK_PRICE\" CHECK (\"PRICE\" >= 0 AND LENGTH(\"NAME\") > 0))",
                "COMMENT ON TABLE \"SHOP\".\"DEV_ITEMS\" IS '商品'",
                "COMMENT ON COLUMN \"SHOP\".\"DEV_ITEMS\".\"ID\" IS '编号'",
                "COMMENT ON COLUMN \"SHOP\".\"DEV_ITEMS\".\"NAME\" IS '名称'"), sql);
        Change.SchemaChange c = x.changes.get(0);
        assertEquals("TABLE", c.objectType());
        assertEquals("DEV_ITEMS", c.objectName());
        assertFalse(c.destructive());
        assertTrue(x.options.get(0).dryRun());
    }

    @Test
    void createTableFromTheSeedsMapWithCompositeKeyAndTableConstraints() {
        Map<String, Object> columns = new java.util.LinkedHashMap<>();
        columns.put("region", "CHAR(2)");
        columns.put("order_no", "INTEGER");
        columns.put("customer_id", "INTEGER");
        assertEquals(List.of("CREATE TABLE \"SHOP\".\"DEV_LINES\" (\"REGION\" CHAR(2) NOT NULL, \"ORDER_NO\" INTEGER NOT"
                        + " NULL, \"CUSTOMER_ID\" INTEGER, PRIMARY KEY (\"REGION\", \"ORDER_NO\"), CONSTRAINT \"FK_LINES\""
                        + " FOREIGN KEY (\"CUSTOMER_ID\") REFERENCES \"SHOP\".\"CUSTOMERS\" (\"ID\") ON DELETE CASCADE ON"
                        + " UPDATE NO ACTION, UNIQUE (\"CUSTOMER_ID\", \"ORDER_NO\"))"),
                x.statements("create_table", Map.of("table_name", "SHOP.dev_lines", "columns", columns,
                        "primary_key", List.of("region", "order_no"), "constraints", List.of(
                                Map.of("type", "FOREIGN KEY", "name", "fk_lines", "columns", List.of("customer_id"),
                                        "references", Map.of("table", "customers"), "on_delete", "cascade",
                                        "on_update", "no action"),
                                Map.of("type", "unique", "columns", List.of("customer_id", "order_no"))))));
    }

    @Test
    void xuguLacksUnsignedEnumYearAndSaysSoBeforeAnythingIsBuilt() {
        for (String type : List.of("int unsigned", "enum('a','b')", "year")) {
            ToolException e = assertThrows(ToolException.class, () -> x.statements("create_table",
                    Map.of("table_name", "dev_t", "columns", Map.of("c", type))));
            assertTrue(e.getMessage().startsWith("XuguDB has no "), e.getMessage());
        }
        assertTrue(x.changes.isEmpty());
    }

    @Test
    void everyAlterOperationInXuguForm() {
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ADD COLUMN \"PAID_AT\" DATETIME",
                        "COMMENT ON COLUMN \"SHOP\".\"ORDERS\".\"PAID_AT\" IS '付款时间'"),
                alter(Map.of("op", "add_column", "name", "paid_at", "type", "datetime", "comment", "付款时间")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" DROP COLUMN \"NOTE\""),
                alter(Map.of("op", "drop_column", "column", "note")));
        assertTrue(x.changes.get(x.changes.size() - 1).destructive(), "dropping a column is destructive");
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"NOTE\" VARCHAR(400)"),
                alter(Map.of("op", "alter_column", "column", "note", "type", "varchar(400)")));
        assertTrue(x.changes.get(x.changes.size() - 1).destructive(), "a type change is destructive");
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" NUMERIC(14,2) NOT NULL"),
                alter(Map.of("op", "alter_column", "column", "total", "type", "numeric(14,2)")),
                "XuguDB restates NOT NULL with the type so it is kept");
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" NUMERIC(14,2)",
                        "ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" DROP NOT NULL"),
                alter(Map.of("op", "alter_column", "column", "total", "type", "numeric(14,2)", "nullable", true)));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"NOTE\" SET DEFAULT '无'",
                        "ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"NOTE\" SET NOT NULL",
                        "COMMENT ON COLUMN \"SHOP\".\"ORDERS\".\"NOTE\" IS '备注'"),
                alter(Map.of("op", "alter_column", "column", "note", "default", "无", "nullable", false, "comment", "备注")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" SET DEFAULT 1.50"),
                alter(Map.of("op", "set_default", "column", "total", "default", "1.50")), "a numeric text for a numeric column is a number");
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" DROP DEFAULT"),
                alter(Map.of("op", "drop_default", "column", "total")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"NOTE\" SET NOT NULL"),
                alter(Map.of("op", "set_not_null", "column", "note")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ALTER COLUMN \"TOTAL\" DROP NOT NULL"),
                alter(Map.of("op", "drop_not_null", "column", "total")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" RENAME TO \"DEV_ORDERS\""),
                alter(Map.of("op", "rename_table", "new_name", "dev_orders")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ADD CONSTRAINT \"CK_NOTE\" CHECK (\"NOTE\" <> '')"),
                alter(Map.of("op", "add_constraint", "type", "check", "name", "ck_note", "expression", "note != ''")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ADD UNIQUE (\"CUSTOMER_ID\", \"NOTE\")"),
                alter(Map.of("op", "add_constraint", "constraint", Map.of("type", "unique",
                        "columns", List.of("customer_id", "note")))));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" DROP CONSTRAINT \"FK_ORDERS_CUSTOMER\""),
                alter(Map.of("op", "drop_constraint", "name", "fk_orders_customer")));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" DROP CONSTRAINT \"CK_ORDERS_TOTAL\""),
                alter(Map.of("op", "drop_constraint", "name", "CK_ORDERS_TOTAL")), "checks come from Catalog.checks");
        assertEquals(List.of("COMMENT ON TABLE \"SHOP\".\"ORDERS\" IS '订单表'"),
                alter(Map.of("op", "set_comment", "comment", "订单表")));
        assertEquals(List.of("COMMENT ON COLUMN \"SHOP\".\"ORDERS\".\"TOTAL\" IS NULL"),
                alter(Map.of("op", "set_comment", "column", "total", "comment", "")));
        // Unproven on XuguDB: refused with the alternative, nothing built.
        int before = x.changes.size();
        ToolException rename = assertThrows(ToolException.class,
                () -> alter(Map.of("op", "rename_column", "column", "note", "new_name", "remark")));
        assertEquals("unsupported", rename.code());
        assertTrue(rename.getMessage().contains("add_column") && rename.getMessage().contains("drop_column"));
        assertEquals(before, x.changes.size());
    }

    @Test
    void operationsApplyInOrderAndTheSeedsActionFormStillWorks() {
        List<String> sql = x.statements("alter_table", Map.of("table_name", "orders", "operations", List.of(
                Map.of("op", "add_column", "column", Map.of("name", "status", "type", "varchar(10)", "default", "new")),
                Map.of("op", "add_constraint", "type", "check", "expression", "status in ('new', 'paid')"),
                Map.of("op", "rename_table", "new_name", "dev_orders"),
                Map.of("op", "set_comment", "column", "status", "comment", "状态"))));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ADD COLUMN \"STATUS\" VARCHAR(10) DEFAULT 'new'",
                "ALTER TABLE \"SHOP\".\"ORDERS\" ADD CHECK (\"STATUS\" IN ('new', 'paid'))",
                "ALTER TABLE \"SHOP\".\"ORDERS\" RENAME TO \"DEV_ORDERS\"",
                "COMMENT ON COLUMN \"SHOP\".\"DEV_ORDERS\".\"STATUS\" IS '状态'"), sql);
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" ADD COLUMN \"A\" INTEGER",
                        "ALTER TABLE \"SHOP\".\"ORDERS\" ADD COLUMN \"B\" VARCHAR(5)"),
                x.statements("alter_table", Map.of("table_name", "orders", "action", "ADD_COLUMN",
                        "alterations", new java.util.LinkedHashMap<>(Map.of("a", "INTEGER")) {{
                            put("b", "VARCHAR(5)");
                        }})));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" DROP COLUMN \"NOTE\""), x.statements("alter_table",
                Map.of("table_name", "orders", "action", "DROP_COLUMN", "alterations", Map.of("column", "NOTE"))));
        assertEquals(List.of("ALTER TABLE \"SHOP\".\"ORDERS\" RENAME TO \"ORDERS_OLD\""), x.statements("alter_table",
                Map.of("table_name", "orders", "action", "RENAME", "alterations", Map.of("new_name", "orders_old"))));
    }

    @Test
    void dropsAreDestructiveWithTheExactNameAndImpact() {
        assertEquals(List.of("DROP TABLE \"SHOP\".\"CUSTOMERS\" CASCADE"),
                x.statements("drop_table", Map.of("table_name", "customers", "cascade", true)));
        Change.SchemaChange c = x.changes.get(0);
        assertTrue(c.destructive());
        assertEquals("CUSTOMERS", c.objectName());
        assertEquals(3L, c.impact().get("rows"), "the estimate, as counting is not possible here");
        assertEquals(false, c.impact().get("rowsExact"));
        assertEquals(1, ((List<?>) c.impact().get("referencedBy")).size());
        assertEquals(List.of("V_ORDERS"), x.statements("drop_table", Map.of("table_name", "orders")).isEmpty()
                ? null : x.changes.get(1).impact().get("viewsMentioningTable"));
        assertEquals(List.of("DROP VIEW \"SHOP\".\"V_ORDERS\""), x.statements("drop_view", Map.of("view_name", "v_orders")));
        assertEquals(List.of("DROP SCHEMA \"ARCHIVE\" CASCADE"), new Object() {
            List<String> run() {
                Harness h = Harness.recording(new XuguDialect(), shop().withSchema("ARCHIVE"), Ctx.Settings.DEFAULTS);
                return h.statements("drop_schema", Map.of("schema_name", "archive", "cascade", true));
            }
        }.run());
    }

    @Test
    void indexesUseTheTableQualifiedDrop() {
        assertEquals(List.of("CREATE UNIQUE INDEX \"IDX_ORDERS_NOTE\" ON \"SHOP\".\"ORDERS\" (\"CUSTOMER_ID\", \"NOTE\" DESC)"),
                x.statements("create_index", Map.of("index_name", "idx_orders_note", "table_name", "orders",
                        "columns", List.of("customer_id", "note desc"), "unique", true)));
        assertEquals(List.of("DROP INDEX \"SHOP\".\"ORDERS\".\"IDX_ORDERS_CUSTOMER\""),
                x.statements("drop_index", Map.of("index_name", "idx_orders_customer", "table_name", "orders")));
        assertEquals(List.of("DROP INDEX \"SHOP\".\"CUSTOMERS\".\"IDX_CUSTOMERS_NAME\""),
                x.statements("drop_index", Map.of("index_name", "IDX_CUSTOMERS_NAME")), "found in the schema");
        ToolException pk = assertThrows(ToolException.class,
                () -> x.statements("drop_index", Map.of("index_name", "PK_ORDERS")));
        assertTrue(pk.getMessage().contains("drop_constraint"), pk.getMessage());
    }

    @Test
    void viewsSchemasAndDatabases() {
        assertEquals(List.of("CREATE VIEW \"SHOP\".\"V_BIG\" (\"ORDER_ID\", \"AMOUNT\") AS SELECT id, total FROM orders"
                        + " WHERE total > 100", "COMMENT ON VIEW \"SHOP\".\"V_BIG\" IS '大额订单'"),
                x.statements("create_view", Map.of("view_name", "v_big", "select_statement",
                        "SELECT id, total FROM orders WHERE total > 100;", "columns", List.of("order_id", "amount"),
                        "comment", "大额订单")));
        assertEquals(List.of("CREATE OR REPLACE VIEW \"SHOP\".\"V_ORDERS\" AS SELECT id FROM orders"),
                x.statements("create_view", Map.of("view_name", "v_orders", "select_statement", "SELECT id FROM orders",
                        "or_replace", true)));
        assertTrue(x.changes.get(x.changes.size() - 1).destructive(), "replacing a definition needs confirmation");
        assertEquals(List.of("CREATE SCHEMA \"DEV_ZONE\"", "COMMENT ON SCHEMA \"DEV_ZONE\" IS '开发区'"),
                x.statements("create_schema", Map.of("schema_name", "dev_zone", "comment", "开发区")));
        assertEquals(List.of("CREATE DATABASE \"SALES\" CHARACTER SET 'UTF8' TIME ZONE 'GMT+08:00'"),
                x.statements("create_database", Map.of("database_name", "sales", "character_set", "utf8",
                        "time_zone", "GMT+08:00")));
        assertEquals(List.of("DROP DATABASE \"SALES\""),
                x.statements("drop_database", Map.of("database_name", "sales", "if_exists", true)));
        assertTrue(x.changes.get(x.changes.size() - 1).destructive());
        ToolException current = assertThrows(ToolException.class,
                () -> x.statements("drop_database", Map.of("database_name", "shopdb")));
        assertEquals("denied", current.code());
    }

    @Test
    void dropDatabaseIsOffUnlessTheOperatorEnablesIt() {
        Harness off = Harness.recording(new XuguDialect(), shop(), Ctx.Settings.DEFAULTS);
        ToolException e = assertThrows(ToolException.class,
                () -> off.statements("drop_database", Map.of("database_name", "sales")));
        assertEquals("denied", e.code());
        assertTrue(e.getMessage().contains("allow-drop-database"), e.getMessage());
        assertTrue(off.changes.isEmpty());
    }

    @Test
    void backupCopiesKeysChecksIndexesAndCommentsAndSaysWhatItCannot() {
        Map<String, Object> out = x.structured("backup_table", Map.of("table_name", "customers", "dry_run", true));
        assertEquals(List.of(
                "CREATE TABLE \"SHOP\".\"CUSTOMERS_BAK_20260304050607\" (\"ID\" INTEGER NOT NULL, \"NAME\" VARCHAR(50)"
                        + " NOT NULL, \"EMAIL\" VARCHAR(100), PRIMARY KEY (\"ID\"), UNIQUE (\"EMAIL\"))",
                "INSERT INTO \"SHOP\".\"CUSTOMERS_BAK_20260304050607\" (\"ID\", \"NAME\", \"EMAIL\") SELECT \"ID\","
                        + " \"NAME\", \"EMAIL\" FROM \"SHOP\".\"CUSTOMERS\"",
                "CREATE INDEX \"CUSTOMERS_BAK_20260304050607_IDX_CUSTOMERS_NAME\" ON \"SHOP\".\"CUSTOMERS_BAK_20260304050607\""
                        + " (\"NAME\")",
                "COMMENT ON TABLE \"SHOP\".\"CUSTOMERS_BAK_20260304050607\" IS '客户'",
                "COMMENT ON COLUMN \"SHOP\".\"CUSTOMERS_BAK_20260304050607\".\"ID\" IS '编号'",
                "COMMENT ON COLUMN \"SHOP\".\"CUSTOMERS_BAK_20260304050607\".\"NAME\" IS '姓名'"), x.last());
        @SuppressWarnings("unchecked")
        Map<String, Object> backup = (Map<String, Object>) out.get("backup");
        assertEquals("CUSTOMERS_BAK_20260304050607", backup.get("backupName"));
        assertTrue(backup.get("notCopied").toString().contains("identity of column ID"), backup.toString());
        List<String> orders = x.statements("backup_table", Map.of("table_name", "orders", "backup_name", "orders_copy"));
        assertEquals("CREATE TABLE \"SHOP\".\"ORDERS_COPY\" (\"ID\" BIGINT NOT NULL, \"CUSTOMER_ID\" INTEGER NOT NULL,"
                + " \"TOTAL\" NUMERIC(12,2) NOT NULL DEFAULT 0, \"NOTE\" VARCHAR(200), PRIMARY KEY (\"ID\"),"
                + " CHECK (TOTAL >= 0))", orders.get(0));
        assertTrue(x.structured("backup_table", Map.of("table_name", "orders", "backup_name", "orders_copy2",
                "dry_run", true)).toString().contains("foreign keys (FK_ORDERS_CUSTOMER)"));
    }

    @Test
    void renamingATableNeedsTheRightToDropIt() {
        // The host's security view as a developer sees it: DROP only on dev_* tables.
        io.xugumcp.api.Security developer = (io.xugumcp.api.Security) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.xugumcp.api.Security.class}, (proxy, m, a) -> {
                    if (!m.getName().equals("check")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    String table = (String) a[2];
                    boolean dev = table.substring(table.indexOf('.') + 1).toLowerCase().startsWith("dev_");
                    return new io.xugumcp.api.Security.Decision(dev, "developer", io.xugumcp.api.Permission.DROP, table,
                            dev ? "ok" : "Denied: role 'developer' does not have the DROP permission on " + table + ".");
                });
        Ctx ctx = new Ctx(shop(), new Object() {
            io.xugumcp.api.Database db() {
                return new io.xugumcp.api.Database() {
                    public io.xugumcp.api.Dialect dialect() {
                        return new XuguDialect();
                    }

                    public io.xugumcp.api.GuardVerdict inspect(String sql) {
                        throw new UnsupportedOperationException();
                    }

                    public io.xugumcp.api.QueryResult query(String sql, List<?> p, io.xugumcp.api.QueryOptions o) {
                        throw new UnsupportedOperationException();
                    }

                    public io.xugumcp.api.UpdateResult execute(String sql, List<?> p) {
                        throw new UnsupportedOperationException();
                    }

                    public io.xugumcp.api.BatchResult batch(List<String> s, io.xugumcp.api.QueryOptions o) {
                        throw new UnsupportedOperationException();
                    }

                    public io.xugumcp.api.QueryResult explain(String sql, io.xugumcp.api.QueryOptions o) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        }.db(), Harness.CLOCK, Ctx.Settings.DEFAULTS, () -> developer, "developer");
        ToolException e = assertThrows(ToolException.class, () -> AlterTable.plan(ctx, new io.xugumcp.api.Arguments(
                Map.of("table_name", "orders", "operations", List.of(Map.of("op", "rename_table", "new_name", "dev_orders"))))));
        assertEquals("denied", e.code());
        assertTrue(e.getMessage().contains("DROP permission") && e.getMessage().contains("SHOP.ORDERS"), e.getMessage());
        // Other alters of the same table need no DROP.
        assertEquals(List.of("COMMENT ON TABLE \"SHOP\".\"ORDERS\" IS 'x'"), AlterTable.plan(ctx,
                new io.xugumcp.api.Arguments(Map.of("table_name", "orders", "operations",
                        List.of(Map.of("op", "set_comment", "comment", "x"))))).statements());
    }
}
