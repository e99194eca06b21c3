package io.xugumcp.plugin.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statements the tools build, run on a real database and checked through the host's catalog (never by reading
 * our own SQL back): every column option, Chinese comments, a composite key and foreign keys; alter sequences;
 * indexes; views; backups; the identifier injection corpus. H2 and PostgreSQL run the same scenarios.
 */
abstract class RealDatabaseScenarios {
    Harness h;

    abstract Harness open() throws Exception;

    /** How the database stores a plain name written by the caller. */
    String n(String plain) {
        return h.dialect.foldIdentifier(plain);
    }

    @BeforeEach
    void start() throws Exception {
        h = open();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    void createShop() {
        h.call("create_table", Map.of("table_name", "customers", "comment", "客户",
                "columns", List.of(
                        Map.of("name", "id", "type", "integer", "identity", true, "primary_key", true, "comment", "客户编号"),
                        Map.of("name", "name", "type", "varchar(50)", "nullable", false, "comment", "姓名"),
                        Map.of("name", "email", "type", "varchar(100)", "unique", true),
                        Map.of("name", "created", "type", "timestamp", "default", "current_timestamp"))));
        h.call("create_table", Map.of("table_name", "orders", "comment", "订单",
                "columns", List.of(
                        Map.of("name", "region", "type", "char(2)"),
                        Map.of("name", "order_no", "type", "integer"),
                        Map.of("name", "customer_id", "type", "integer", "nullable", false,
                                "references", Map.of("table", "customers", "on_delete", "cascade")),
                        Map.of("name", "total", "type", "numeric(12,2)", "nullable", false, "default", 0,
                                "comment", "订单金额（元）"),
                        Map.of("name", "status", "type", "varchar(10)", "default", "new", "comment", "状态")),
                "primary_key", List.of("region", "order_no"),
                "constraints", List.of(
                        Map.of("type", "check", "name", "ck_orders_total", "expression", "total >= 0"),
                        Map.of("type", "check", "expression", "status in ('new', 'paid', '已取消')"),
                        Map.of("type", "unique", "name", "uk_orders_customer", "columns", List.of("customer_id", "order_no")))));
    }

    @Test
    void aTableWithEveryOptionIsDescribedCompletely() throws Exception {
        createShop();
        Catalog.TableDetail c = h.describe("customers");
        assertEquals("客户", c.table().comment());
        Catalog.Column id = c.columns().get(0);
        assertEquals(n("id"), id.name());
        assertTrue(id.identity(), "identity");
        assertFalse(id.nullable());
        assertEquals("客户编号", id.comment());
        assertFalse(c.columns().get(1).nullable());
        assertEquals("姓名", c.columns().get(1).comment());
        assertNotNull(c.columns().get(3).defaultValue(), "CURRENT_TIMESTAMP default");
        assertEquals(List.of(n("id")), c.primaryKey().columns());
        assertEquals(List.of(List.of(n("email"))), c.uniqueKeys().stream().map(Catalog.Key::columns).toList());

        Catalog.TableDetail o = h.describe("orders");
        assertEquals("订单", o.table().comment());
        assertEquals(List.of(n("region"), n("order_no")), o.primaryKey().columns(), "composite key");
        assertFalse(o.columns().get(0).nullable(), "key columns are NOT NULL");
        assertEquals(1, o.foreignKeys().size());
        Catalog.ForeignKey fk = o.foreignKeys().get(0);
        assertEquals(n("customers"), fk.referencedTable());
        assertEquals(List.of(n("id")), fk.referencedColumns());
        assertEquals("CASCADE", fk.onDelete());
        assertEquals("订单金额（元）", o.columns().get(3).comment());
        assertTrue(o.columns().get(3).defaultValue().contains("0"), o.columns().get(3).defaultValue());
        assertTrue(o.uniqueKeys().stream().anyMatch(k -> k.name().equalsIgnoreCase("uk_orders_customer")
                && k.columns().equals(List.of(n("customer_id"), n("order_no")))));
        List<Catalog.Check> checks = h.catalog.checks(o.table());
        assertEquals(2, checks.size(), checks.toString());
        assertTrue(checks.stream().anyMatch(k -> k.name().equalsIgnoreCase("ck_orders_total")));
        assertTrue(checks.stream().anyMatch(k -> k.expression().contains("已取消")), checks.toString());
        assertEquals(1, h.describe("customers").referencedBy().size(), "seen from the referenced side");

        // The definitions work as declared: defaults fill in, checks and the key refuse.
        h.sql("INSERT INTO " + q("customers") + " (" + q("name") + ") VALUES ('张三')",
                "INSERT INTO " + q("orders") + " (" + q("region") + ", " + q("order_no") + ", " + q("customer_id")
                        + ") VALUES ('BJ', 1, 1)");
        assertEquals(List.of(List.of("new")), h.rows("SELECT " + q("status") + " FROM " + q("orders")));
        assertThrows(Exception.class, () -> h.sql("INSERT INTO " + q("orders") + " (" + q("region") + ", "
                + q("order_no") + ", " + q("customer_id") + ", " + q("total") + ") VALUES ('BJ', 2, 1, -5)"));
        assertThrows(Exception.class, () -> h.sql("INSERT INTO " + q("orders") + " (" + q("region") + ", "
                + q("order_no") + ", " + q("customer_id") + ") VALUES ('BJ', 1, 1)"));
    }

    String q(String plain) {
        return h.dialect.qualify(h.schema, n(plain)).substring(h.dialect.quoteIdentifier(h.schema).length() + 1)
                .equals(h.dialect.quoteIdentifier(n(plain))) && !plain.contains(".") ? h.dialect.quoteIdentifier(n(plain))
                : plain;
    }

    @Test
    void alterSequenceEveryOperationAsTheCatalogSeesIt() throws Exception {
        createShop();
        Map<String, Object> r = h.structured("alter_table", Map.of("table_name", "orders", "operations", List.of(
                Map.of("op", "add_column", "name", "note", "type", "varchar(20)", "default", "无", "comment", "备注"),
                Map.of("op", "alter_column", "column", "note", "type", "varchar(80)"),
                Map.of("op", "set_not_null", "column", "note"),
                Map.of("op", "set_default", "column", "status", "default", "paid"),
                Map.of("op", "drop_default", "column", "note"),
                Map.of("op", "drop_not_null", "column", "total"),
                Map.of("op", "rename_column", "column", "note", "new_name", "remark"),
                Map.of("op", "add_constraint", "type", "check", "name", "ck_remark", "expression", "length(remark) > 0"),
                Map.of("op", "drop_constraint", "name", "ck_orders_total"),
                Map.of("op", "set_comment", "comment", "订单表"),
                Map.of("op", "set_comment", "column", "status", "comment", "订单状态"),
                Map.of("op", "drop_column", "column", "total"),
                Map.of("op", "rename_table", "new_name", "orders_2024"))));
        assertEquals("applied", r.get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) r.get("object");
        assertEquals(n("orders_2024"), object.get("name"), "the answer describes the table after the change");
        Catalog.TableDetail d = h.describe("orders_2024");
        assertEquals("订单表", d.table().comment());
        List<String> names = d.columns().stream().map(Catalog.Column::name).toList();
        assertEquals(List.of(n("region"), n("order_no"), n("customer_id"), n("status"), n("remark")), names);
        Catalog.Column remark = d.columns().get(4);
        assertTrue(remark.type().contains("80"), remark.type());
        assertFalse(remark.nullable());
        assertEquals(null, remark.defaultValue());
        assertEquals("备注", remark.comment());
        assertTrue(d.columns().get(3).defaultValue().contains("paid"));
        assertEquals("订单状态", d.columns().get(3).comment());
        List<String> checks = h.catalog.checks(d.table()).stream().map(c -> c.name().toLowerCase()).toList();
        assertTrue(checks.contains("ck_remark") && !checks.contains("ck_orders_total"), checks.toString());
        assertThrows(Exception.class, () -> h.catalog.table(h.schema, "\"" + n("orders") + "\""));
    }

    @Test
    void indexesAreCreatedAndDropped() {
        createShop();
        h.call("create_index", Map.of("index_name", "idx_orders_status", "table_name", "orders",
                "columns", List.of("status", "order_no desc")));
        Catalog.Index i = h.describe("orders").indexes().stream()
                .filter(x -> x.name().equals(n("idx_orders_status"))).findFirst().orElseThrow();
        assertEquals(n("status"), i.columns().get(0));
        assertTrue(i.columns().get(1).toUpperCase().contains("DESC"), i.columns().toString());
        h.call("drop_index", Map.of("index_name", "idx_orders_status", "table_name", "orders"));
        assertTrue(h.describe("orders").indexes().stream().noneMatch(x -> x.name().equals(n("idx_orders_status"))));
        Map<String, Object> again = h.structured("drop_index", Map.of("index_name", "idx_orders_status", "if_exists", true));
        assertEquals("unchanged", again.get("status"));
    }

    @Test
    void viewsAreCreatedAndDroppedAndOnlyReadsDefineThem() throws Exception {
        createShop();
        h.call("create_view", Map.of("view_name", "v_paid", "select_statement",
                "SELECT region, order_no FROM orders WHERE status = 'paid'", "comment", "已付订单"));
        Catalog.Table v = h.catalog.table(h.schema, n("v_paid"));
        assertTrue(v.isView());
        assertEquals("已付订单", v.comment());
        int before = h.changes.size();
        for (String bad : List.of("DELETE FROM orders", "SELECT 1; DROP TABLE orders", "UPDATE orders SET total = 0",
                "SELECT * FROM orders; SELECT 1", "INSERT INTO orders SELECT * FROM orders")) {
            ToolException e = assertThrows(ToolException.class,
                    () -> h.call("create_view", Map.of("view_name", "v_bad", "select_statement", bad)), bad);
            assertTrue(Set.of("rejected", "not_a_read").contains(e.code()), bad + " → " + e.code() + " " + e.getMessage());
        }
        assertEquals(before, h.changes.size(), "nothing was handed to the write path");
        assertThrows(ToolException.class, () -> h.catalog.table(h.schema, "v_bad"));
        h.call("drop_view", Map.of("view_name", "v_paid"));
        assertThrows(ToolException.class, () -> h.catalog.table(h.schema, "\"" + n("v_paid") + "\""));
    }

    @Test
    void backupKeepsKeysChecksIndexesCommentsAndData() throws Exception {
        createShop();
        h.call("create_index", Map.of("index_name", "idx_orders_status", "table_name", "orders",
                "columns", List.of("status", "total desc")));
        h.sql("INSERT INTO " + q("customers") + " (" + q("name") + ") VALUES ('李四')",
                "INSERT INTO " + q("orders") + " (" + q("region") + ", " + q("order_no") + ", " + q("customer_id")
                        + ", " + q("total") + ") VALUES ('SH', 7, 1, 12.5)");
        Map<String, Object> r = h.structured("backup_table", Map.of("table_name", "orders", "backup_name", "orders_bak"));
        Catalog.TableDetail b = h.describe("orders_bak");
        assertEquals("订单", b.table().comment());
        assertEquals(List.of(n("region"), n("order_no")), b.primaryKey().columns());
        assertTrue(b.uniqueKeys().stream().anyMatch(k -> k.columns().equals(List.of(n("customer_id"), n("order_no")))));
        assertEquals("订单金额（元）", b.columns().get(3).comment());
        assertTrue(b.columns().get(4).defaultValue().contains("new"), "defaults are kept");
        assertTrue(b.indexes().stream().anyMatch(i -> !i.primary() && i.columns().size() == 2
                && i.columns().get(0).equals(n("status")) && i.columns().get(1).toUpperCase().contains("DESC")),
                b.indexes().toString());
        assertEquals(2, h.catalog.checks(b.table()).size());
        assertTrue(b.foreignKeys().isEmpty(), "foreign keys are not copied, by design");
        assertEquals(List.of(List.of(7)), h.rows("SELECT " + q("order_no") + " FROM " + q("orders_bak")).stream()
                .map(row -> List.<Object>of(((Number) row.get(0)).intValue())).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> backup = (Map<String, Object>) r.get("backup");
        assertTrue(backup.get("notCopied").toString().contains("foreign keys"), backup.toString());
        assertThrows(Exception.class, () -> h.sql("INSERT INTO " + q("orders_bak") + " (" + q("region") + ", "
                + q("order_no") + ", " + q("customer_id") + ", " + q("total") + ") VALUES ('SH', 8, 1, -1)"),
                "the check came along");
        // The default name.
        Map<String, Object> auto = h.structured("backup_table", Map.of("table_name", "customers"));
        String name = (String) ((Map<?, ?>) auto.get("backup")).get("backupName");
        assertEquals(n("customers") + n("_bak_20260304050607"), name);
        assertEquals(1, h.rows("SELECT COUNT(*) FROM " + h.dialect.quoteIdentifier(name)).size());
    }

    /** Names with quotes, ';', comments, reserved words and odd lengths: refused, or created exactly as named. */
    @Test
    void identifierInjectionCorpus() throws Exception {
        h.call("create_table", Map.of("table_name", "victim", "columns", Map.of("id", "integer")));
        Set<String> before = names();
        List<String> accepted = List.of("a\"b", "x; DROP TABLE victim; --", "t/*c*/", "select", "\"Mixed Case\"",
                "订单 明细", "it's", "a" + "b".repeat(40));
        List<String> created = new ArrayList<>();
        for (String name : accepted) {
            Map<String, Object> r = h.structured("create_table", Map.of("table_name", name,
                    "columns", Map.of(name, "integer")));
            assertEquals("applied", r.get("status"), name);
            created.add((String) r.get("objectName"));
        }
        Set<String> after = names();
        after.removeAll(before);
        assertEquals(new HashSet<>(created), after, "exactly the named tables, nothing else");
        assertTrue(names().contains(n("victim")), "the victim survived");
        assertTrue(created.contains("a\"b") && created.contains("x; DROP TABLE victim; --") && created.contains("Mixed Case"));
        assertTrue(created.contains(n("select")));
        List<String> refused = List.of("", "  ", "a\nb", "bad\u0000", "zero\u200bwidth", " lead", "x".repeat(300),
                "表".repeat(300), "\"\"");
        for (String name : refused) {
            ToolException e = assertThrows(ToolException.class, () -> h.call("create_table",
                    Map.of("table_name", name, "columns", Map.of("id", "integer"))), name);
            assertEquals("invalid_argument", e.code(), name);
            assertFalse(e.getMessage().contains("\u0000") || e.getMessage().contains("\n"), e.getMessage());
        }
        // A column, an index and a view with hostile names are quoted the same way.
        h.call("create_index", Map.of("index_name", "i\"; DROP TABLE victim; --", "table_name", "victim",
                "columns", List.of("id")));
        h.call("create_view", Map.of("view_name", "v\"--", "select_statement", "SELECT 1 AS one"));
        assertTrue(names().contains(n("victim")));
        assertTrue(names().contains("v\"--"));
        assertEquals(Set.copyOf(names()).size(), names().size());
        ToolException e = assertThrows(ToolException.class, () -> h.call("create_table", Map.of("table_name", "t2",
                "columns", Map.of("id", "integer"), "constraints", List.of(Map.of("type", "check",
                        "expression", "id > 0); DROP TABLE victim; --")))));
        assertEquals("invalid_argument", e.code());
        assertThrows(ToolException.class, () -> h.call("create_table", Map.of("table_name", "t3",
                "columns", List.of(Map.of("name", "c", "type", "integer default 1; drop table victim")))));
    }

    Set<String> names() {
        h.catalog.refresh();
        Set<String> out = new HashSet<>();
        for (Catalog.Table t : h.catalog.tables(h.schema)) {
            out.add(t.name());
        }
        return out;
    }

    @Test
    void dropsCarryTheirImpactAndExactName() throws Exception {
        createShop();
        h.call("create_view", Map.of("view_name", "v_orders", "select_statement", "SELECT * FROM orders"));
        Map<String, Object> drop = h.structured("drop_table", Map.of("table_name", "customers", "dry_run", true));
        assertEquals("previewed", drop.get("status"));
        assertEquals(n("customers"), drop.get("objectName"));
        @SuppressWarnings("unchecked")
        Map<String, Object> impact = (Map<String, Object>) drop.get("impact");
        assertEquals(0L, ((Number) impact.get("rows")).longValue());
        assertEquals(true, impact.get("rowsExact"));
        assertEquals(1, ((List<?>) impact.get("referencedBy")).size());
        assertTrue(h.changes.get(h.changes.size() - 1).destructive());
        Map<String, Object> orders = h.structured("drop_table", Map.of("table_name", "orders", "dry_run", true));
        assertEquals(List.of(n("v_orders")), ((Map<?, ?>) orders.get("impact")).get("viewsMentioningTable"));
        h.call("drop_view", Map.of("view_name", "v_orders"));
        h.call("drop_table", Map.of("table_name", "orders"));
        assertFalse(names().contains(n("orders")));
        Map<String, Object> none = h.structured("drop_table", Map.of("table_name", "orders", "if_exists", true));
        assertEquals("unchanged", none.get("status"));
    }

    @Test
    void schemasAreCreatedWithCommentsAndDropped() {
        String s = "ddl_s" + (System.nanoTime() % 100000);
        h.call("create_schema", Map.of("schema_name", s, "comment", "测试模式"));
        h.catalog.refresh();
        Catalog.Schema made = h.catalog.schema(n(s));
        assertEquals("测试模式", made.comment());
        h.call("create_table", Map.of("schema", s, "table_name", "t", "columns", Map.of("id", "integer")));
        Map<String, Object> preview = h.structured("drop_schema", Map.of("schema_name", s, "cascade", true,
                "dry_run", true));
        assertEquals(1L, ((Number) ((Map<?, ?>) preview.get("impact")).get("tables")).longValue());
        h.call("drop_schema", Map.of("schema_name", s, "cascade", true));
        h.catalog.refresh();
        assertThrows(ToolException.class, () -> h.catalog.schema(n(s)));
        ToolException current = assertThrows(ToolException.class,
                () -> h.call("drop_schema", Map.of("schema_name", h.schema)));
        assertEquals("denied", current.code());
    }
}
