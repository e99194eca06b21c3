package io.xugumcp.server.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.H2Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Linking on the real demo shop schema (H2, Chinese comments), through the host catalog as the tools use it. */
class SchemaLinkingTest {
    private static final AtomicInteger DB = new AtomicInteger();
    @TempDir
    Path dir;
    private Connection keepAlive;
    private String url;
    private Path synonymFile;
    private CatalogService catalog;

    @BeforeEach
    void setUp() throws Exception {
        url = "jdbc:h2:mem:linking" + DB.incrementAndGet();
        keepAlive = DriverManager.getConnection(url, "sa", "");
        try (Statement s = keepAlive.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/demo/shop-schema.sql' CHARSET 'UTF-8'");
        }
        synonymFile = dir.resolve("synonyms.txt");
        catalog = new CatalogService(() -> DriverManager.getConnection(url, "sa", ""), new H2Dialect(),
                Duration.ofSeconds(5), Duration.ofMinutes(10), new SchemaLinking(new Synonyms(synonymFile)),
                (caller, table) -> !(caller.role().equals("no_customers") && table.equalsIgnoreCase("PUBLIC.CUSTOMERS")));
    }

    @AfterEach
    void tearDown() throws Exception {
        keepAlive.close();
    }

    private List<String> ranked(String text) {
        return catalog.search(text, Catalog.SearchOptions.ranked(0)).hits().stream().map(h -> h.table().name()).toList();
    }

    /** Linking as if the schema were too large to send whole: a budget below the demo schema's size. */
    private Catalog.SearchResult linked(Catalog cat, String question, int budget) {
        return cat.search(question, new Catalog.SearchOptions(null, 0, budget, true));
    }

    private static List<String> names(Catalog.SearchResult r) {
        return r.hits().stream().map(h -> h.table().name()).toList();
    }

    private static Catalog.SearchHit hit(Catalog.SearchResult r, String table) {
        return r.hits().stream().filter(h -> h.table().name().equals(table)).findFirst().orElseThrow(
                () -> new AssertionError(table + " not linked: " + names(r)));
    }

    @Test
    void chineseQuestionsFindTablesByTheirComments() {
        List<String> hits = ranked("哪些表存放订单信息？");
        assertEquals("ORDERS", hits.get(0), hits.toString());
        assertTrue(hits.containsAll(List.of("ORDER_ITEMS", "V_ORDER_SUMMARY", "PAYMENTS")), hits.toString());
        assertFalse(hits.contains("SUPPLIERS"), hits.toString());
        assertEquals("PAYMENTS", ranked("支付方式").get(0));
        assertEquals("comment", catalog.search("订单", Catalog.SearchOptions.ranked(1)).hits().get(0).matchedBy().get(0));
        assertTrue(ranked("城市").containsAll(List.of("CUSTOMERS", "SUPPLIERS", "ORDERS")), "column comments count");
    }

    @Test
    void englishWordsMatchNamesWithPluralsPiecesAndWildcards() {
        List<String> hits = ranked("order");
        assertEquals("ORDERS", hits.get(0), hits.toString());
        assertTrue(hits.containsAll(List.of("ORDER_ITEMS", "V_ORDER_SUMMARY")), hits.toString());
        assertEquals("CUSTOMERS", ranked("which table holds the customers?").get(0));
        assertEquals("PRODUCTS", ranked("product price").get(0));
        assertEquals("SUPPLIERS", ranked("supplier").get(0));
        assertEquals(List.of(), ranked("zebra crossing"));
        assertEquals("ORDERS", ranked("ＯＲＤＥＲＳ").get(0), "full-width letters are folded");
        assertEquals(List.of("ORDERS", "ORDER_ITEMS"), ranked("ORDER%"));
        assertEquals(List.of("V_ORDER_SUMMARY", "V_PRODUCT_SALES"), ranked("V_%"));
        assertEquals(List.of("ORDERS"), ranked("orde?s%"));
    }

    @Test
    void theDemoQuestionsLinkTheRightTablesAndColumns() {
        Catalog.SearchResult cityTotals = linked(catalog, "每个城市的订单总额", 300);
        assertEquals("ORDERS", cityTotals.hits().get(0).table().name(), names(cityTotals).toString());
        assertFalse(cityTotals.wholeSchema());
        assertTrue(hit(cityTotals, "ORDERS").columns().containsAll(List.of("SHIPPING_CITY", "TOTAL_AMOUNT", "ORDER_ID")),
                hit(cityTotals, "ORDERS").toString());

        Catalog.SearchResult phones = linked(catalog, "手机号以138开头的客户", 300);
        assertEquals("CUSTOMERS", phones.hits().get(0).table().name(), names(phones).toString());
        assertTrue(hit(phones, "CUSTOMERS").columns().contains("PHONE"));

        Catalog.SearchResult english = linked(catalog, "total order amount per shipping city", 300);
        assertEquals("ORDERS", english.hits().get(0).table().name(), names(english).toString());
    }

    @Test
    void foreignKeyPathsBringTheJoinTables() {
        // Customers and products meet only through orders and order items (three hops).
        Catalog.SearchResult r = catalog.search("客户买过哪些商品", new Catalog.SearchOptions(null, 2, 2_000, true));
        assertFalse(r.wholeSchema(), "a limit below the table count means linking");
        assertTrue(names(r).containsAll(List.of("CUSTOMERS", "PRODUCTS", "ORDERS", "ORDER_ITEMS")), names(r).toString());
        assertEquals(List.of("foreign key"), hit(r, "ORDER_ITEMS").matchedBy());
        assertEquals(0.0, hit(r, "ORDER_ITEMS").score());
    }

    @Test
    void theWholeSchemaGoesWhenItFitsAndATightBudgetCutsColumnsFirst() {
        Catalog.SearchResult whole = linked(catalog, "每个城市的订单总额", 5_000);
        assertTrue(whole.wholeSchema());
        assertEquals(catalog.tables(null).size(), whole.hits().size());
        assertEquals("ORDERS", whole.hits().get(0).table().name(), "ranked first even when everything goes");
        assertTrue(whole.estimatedTokens() > 300 && whole.estimatedTokens() <= 5_000, whole.toString());

        Catalog.SearchResult tight = linked(catalog, "每个城市的订单总额", 120);
        assertTrue(tight.estimatedTokens() <= 120, tight.toString());
        Catalog.SearchHit orders = hit(tight, "ORDERS");
        assertTrue(orders.columns().containsAll(List.of("ORDER_ID", "SHIPPING_CITY", "TOTAL_AMOUNT")), orders.toString());
        assertFalse(orders.columns().contains("REMARK"), "an unnamed, non-key column is cut first");
    }

    @Test
    void aCallersDeniedTableIsNeverLinkedNorCrossed() {
        Catalog denied = catalog.forCaller(null, new Caller("c", "no_customers", "stdio"));
        Catalog.SearchResult whole = linked(denied, "手机号以138开头的客户", 5_000);
        assertFalse(names(whole).contains("CUSTOMERS"), names(whole).toString());
        assertFalse(names(linked(denied, "手机号以138开头的客户", 300)).contains("CUSTOMERS"));
        assertFalse(denied.search("customers", Catalog.SearchOptions.ranked(0)).hits().stream()
                .anyMatch(h -> h.table().name().equals("CUSTOMERS")));
        assertTrue(names(linked(catalog.forCaller(null, new Caller("c", "admin", "stdio")), "手机号以138开头的客户", 300))
                .contains("CUSTOMERS"), "other roles still see it");
    }

    @Test
    void operatorSynonymsLinkBusinessWordsAndAreReReadWhenTheFileChanges() throws Exception {
        assertFalse(ranked("GMV").contains("ORDERS"));
        Files.writeString(synonymFile, "# business words\nGMV = orders.total_amount\n销售额 = PUBLIC.ORDERS.TOTAL_AMOUNT\n"
                + "broken line\n会员 = customers\n", StandardCharsets.UTF_8);
        Catalog.SearchResult gmv = catalog.search("GMV by city", Catalog.SearchOptions.ranked(0));
        assertEquals("ORDERS", gmv.hits().get(0).table().name());
        assertTrue(gmv.hits().get(0).matchedBy().contains("synonym"));
        assertTrue(gmv.hits().get(0).columns().contains("TOTAL_AMOUNT"));
        assertEquals("ORDERS", ranked("上个月的销售额").get(0));
        assertEquals("CUSTOMERS", ranked("会员").get(0));

        Files.writeString(synonymFile, "GMV = payments.amount\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(synonymFile, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals("PAYMENTS", ranked("GMV").get(0), "edited file is re-read");
    }

    @Test
    void chineseNamedSchemasLinkByTheirNamesCharactersAndPairs() {
        io.xugumcp.server.catalog.SchemaSnapshot.Builder b = new io.xugumcp.server.catalog.SchemaSnapshot.Builder("业务");
        String[][] tables = {{"客户信息表", "客户编号", "姓名", "手机号", "所在地区"}, {"订单表", "订单号", "客户编号", "金额", "下单日期"},
                {"订单明细表", "订单号", "商品编号", "数量"}, {"商品表", "商品编号", "品名", "单价"}, {"员工表", "工号", "姓名", "部门"},
                {"部门表", "部门编号", "部门名称"}};
        for (String[] t : tables) {
            b.table(new Catalog.Table("业务", t[0], "TABLE", null, null));
            for (int i = 1; i < t.length; i++) {
                b.column(t[0], new Catalog.Column(t[i], i, "VARCHAR(20)", true, null, null, false));
            }
            b.primaryKey(t[0], new Catalog.Key(null, List.of(t[1])));
        }
        b.foreignKey(new Catalog.ForeignKey("f1", "业务", "订单表", List.of("客户编号"), "业务", "客户信息表", List.of("客户编号"), null, null));
        b.foreignKey(new Catalog.ForeignKey("f2", "业务", "订单明细表", List.of("订单号"), "业务", "订单表", List.of("订单号"), null, null));
        b.foreignKey(new Catalog.ForeignKey("f3", "业务", "订单明细表", List.of("商品编号"), "业务", "商品表", List.of("商品编号"), null, null));
        io.xugumcp.server.catalog.SchemaSnapshot snap = b.build();
        SchemaLinking linking = new SchemaLinking(Synonyms.none(), Glossary.builtIn(), new Linker.Settings(false));
        Catalog.SearchResult r = linking.search(snap, "每个地区客户的订单金额", new Catalog.SearchOptions(null, 2, 1500, true), null);
        assertEquals(List.of("订单表", "客户信息表"), names(r).subList(0, 2), names(r).toString());
        Catalog.SearchResult goods = linking.search(snap, "哪些客户买过单价超过100的商品", new Catalog.SearchOptions(null, 2, 1500, true), null);
        assertTrue(names(goods).containsAll(List.of("商品表", "客户信息表", "订单表", "订单明细表")), "joined over the FK path: "
                + names(goods));
        assertEquals("部门表", names(linking.search(snap, "各部门的名称", Catalog.SearchOptions.ranked(1), null)).get(0));
    }

    @Test
    void badTextIsAClearError() {
        ToolException e = assertThrows(ToolException.class, () -> catalog.search(" ", Catalog.SearchOptions.ranked(0)));
        assertEquals("invalid_argument", e.code());
        e = assertThrows(ToolException.class, () -> catalog.search("x".repeat(3_000), Catalog.SearchOptions.ranked(0)));
        assertTrue(e.getMessage().contains("at most 2000"), e.getMessage());
        e = assertThrows(ToolException.class, () -> catalog.search("订单", new Catalog.SearchOptions("NOPE", 0, 0, false)));
        assertEquals("not_found", e.code());
        assertEquals("PUBLIC", catalog.schema("public").name());
    }

    @Test
    void questionsAreCutIntoWordsPiecesAndTranslations() {
        Query q = Query.parse("哪些表存放订单信息", Glossary.builtIn());
        List<String> origins = q.groups.stream().map(Query.Group::origin).toList();
        assertTrue(origins.containsAll(List.of("订单", "存放", "信息")), origins.toString());
        assertFalse(origins.contains("哪些"), "function characters split pieces");
        Query.Group order = q.groups.stream().filter(g -> g.origin().equals("订单")
                && g.alternatives().get(0).keys().equals(List.of("order"))).findFirst().orElseThrow();
        assertEquals(Query.TRANSLATED, order.alternatives().get(0).weight());
        List<String> english = Query.parse("Customer orders ordered by date in 2024", Glossary.builtIn()).groups.stream()
                .filter(g -> g.alternatives().get(0).weight() == Query.WORD).map(Query.Group::origin).toList();
        assertEquals(List.of("customer", "orders", "date"), english);
        assertEquals(List.of("order", "item"), Text.words("orderItem"));
        assertEquals(List.of("http", "server", "2"), Text.words("HTTPServer2"));
        assertEquals("category", Text.stem("categories"));
        assertEquals(Text.stem("hire"), Text.stem("hiring"));
        assertEquals("address", Text.stem("address"));
    }
}
