package io.xugumcp.plugin.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ranking over names and comments, in Chinese and English, on a shop catalog shaped like the demo database. */
class SearchTest {
    private final Map<String, Catalog.TableDetail> details = new HashMap<>();
    private final List<Catalog.Table> tables = new ArrayList<>();

    SearchTest() {
        add("CATEGORIES", "商品类别", col("CATEGORY_ID", "类别编号"), col("NAME", "类别名称"));
        add("CUSTOMERS", "客户", col("CUSTOMER_ID", "客户编号"), col("NAME", "客户姓名"), col("CITY", "所在城市"));
        add("ORDERS", "订单", col("ORDER_ID", "订单编号"), col("CUSTOMER_ID", "下单客户"), col("STATUS", "订单状态"),
                col("TOTAL_AMOUNT", "订单金额（元）"));
        add("ORDER_ITEMS", "订单明细", col("ORDER_ID", "订单编号"), col("PRODUCT_ID", "商品编号"), col("QUANTITY", "数量"));
        add("PAYMENTS", "支付记录", col("PAYMENT_ID", "支付编号"), col("ORDER_ID", "订单编号"), col("AMOUNT", "支付金额（元）"));
        add("PRODUCTS", "商品", col("PRODUCT_ID", "商品编号"), col("NAME", "商品名称"), col("UNIT_PRICE", "单价（元）"));
        add("SUPPLIERS", "供应商", col("SUPPLIER_ID", null), col("CITY", "所在城市"));
        add("V_ORDER_SUMMARY", "订单汇总视图", col("ORDER_ID", null), col("CUSTOMER_NAME", null));
    }

    private static Catalog.Column col(String name, String comment) {
        return new Catalog.Column(name, 1, "INTEGER", true, null, comment, false);
    }

    private void add(String name, String comment, Catalog.Column... cols) {
        Catalog.Table t = new Catalog.Table("PUBLIC", name, name.startsWith("V_") ? "VIEW" : "TABLE", comment, 10L);
        tables.add(t);
        details.put(name, new Catalog.TableDetail(t, List.of(cols), null, List.of(), List.of(), List.of(), List.of(), null));
    }

    private List<String> names(String query) {
        return Search.search(query, tables, t -> details.get(t.name())).stream().map(h -> h.table().name()).toList();
    }

    @Test
    void aChineseQuestionFindsTheOrderTablesByTheirComments() {
        List<String> hits = names("哪些表存放订单信息？");
        assertEquals("ORDERS", hits.get(0), hits.toString());
        assertTrue(hits.containsAll(List.of("ORDER_ITEMS", "V_ORDER_SUMMARY", "PAYMENTS")), hits.toString());
        assertFalse(hits.contains("SUPPLIERS"), hits.toString());
        assertEquals("ORDERS", names("订单").get(0));
        assertEquals("PAYMENTS", names("支付").get(0));
        assertEquals(List.of("CUSTOMERS", "SUPPLIERS"), names("城市").stream().sorted().toList(), "column comments count");
    }

    @Test
    void englishWordsMatchNamesWithPluralsAndPieces() {
        List<String> hits = names("order");
        assertEquals("ORDERS", hits.get(0), hits.toString());
        assertTrue(hits.containsAll(List.of("ORDER_ITEMS", "V_ORDER_SUMMARY", "PAYMENTS")));
        assertEquals("CUSTOMERS", names("which table holds the customers?").get(0));
        assertEquals("PRODUCTS", names("product price").get(0));
        assertEquals(List.of(), names("zebra"));
        assertEquals("ORDERS", names("ＯＲＤＥＲＳ").get(0), "full-width letters are folded");
    }

    @Test
    void reasonsSayWhereItMatched() {
        Search.Hit first = Search.search("订单", tables, t -> details.get(t.name())).get(0);
        assertEquals("comment: 订单", first.matches().get(0));
        Search.Hit payments = Search.search("订单", tables, t -> details.get(t.name())).stream()
                .filter(h -> h.table().name().equals("PAYMENTS")).findFirst().orElseThrow();
        assertEquals("column ORDER_ID: 订单编号", payments.matches().get(0));
    }

    @Test
    void wildcardPatternsMatchNames() {
        assertEquals(List.of("ORDERS", "ORDER_ITEMS"), names("ORDER%"));
        assertEquals(List.of("ORDERS", "ORDER_ITEMS", "V_ORDER_SUMMARY"), names("*order*"));
        assertEquals(List.of("ORDERS"), names("orde?s%"));
        assertEquals(List.of(), names("x%"));
        assertTrue(Search.isWildcard("a%"));
        assertFalse(Search.isWildcard("order_items"), "an underscore is part of names, not a wildcard");
        assertFalse(Search.isWildcard("where are the orders?"), "a question mark ends questions");
    }

    @Test
    void splitsQuestionsIntoTerms() {
        assertEquals(List.of("存放", "放订", "订单", "单信", "信息"), Search.terms("哪些表存放订单信息"));
        assertEquals(List.of("customer", "orders", "2024"), Search.terms("Customer orders in 2024"));
        assertEquals(List.of("table"), Search.terms("table"), "only stop words: search them anyway");
        assertEquals(List.of("order", "item"), Search.words("orderItem"));
        assertEquals(List.of("order", "items"), Search.words("ORDER_ITEMS"));
        assertEquals("category", Search.stem("categories"));
        assertEquals("address", Search.stem("address"));
    }
}
