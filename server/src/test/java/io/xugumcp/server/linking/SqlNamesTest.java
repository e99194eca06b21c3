package io.xugumcp.server.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.sql.SqlGuard;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every table and column of a statement resolved against the demo shop catalog, with suggestions and findings. */
class SqlNamesTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private Connection keepAlive;
    private CatalogService catalog;

    @BeforeEach
    void setUp() throws Exception {
        String url = "jdbc:h2:mem:names" + DB.incrementAndGet();
        keepAlive = DriverManager.getConnection(url, "sa", "");
        try (Statement s = keepAlive.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/demo/shop-schema.sql' CHARSET 'UTF-8'");
        }
        catalog = new CatalogService(() -> DriverManager.getConnection(url, "sa", ""), new H2Dialect(),
                Duration.ofSeconds(5), Duration.ofMinutes(10), new SchemaLinking(Synonyms.none(), new SqlGuard("h2")),
                (caller, table) -> !(caller.role().equals("no_customers") && table.equalsIgnoreCase("PUBLIC.CUSTOMERS")));
    }

    @AfterEach
    void tearDown() throws Exception {
        keepAlive.close();
    }

    private static Catalog.UnknownName unknown(Catalog.Resolution r, String name) {
        return r.unknown().stream().filter(u -> u.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not reported: " + r.unknown()));
    }

    private static List<String> codes(Catalog.Resolution r) {
        return r.findings().stream().map(Catalog.Finding::code).toList();
    }

    @Test
    void unknownColumnsComeWithTheRightNamesBySpellingAndByChineseComment() {
        Catalog.Resolution r = catalog.resolve("SELECT customer_name, mobile, city FROM customers WHERE is_vip LIMIT 10");
        assertTrue(r.parsed());
        assertEquals(2, r.unknown().size(), r.unknown().toString());
        Catalog.UnknownName name = unknown(r, "customer_name");
        assertEquals("column", name.kind());
        assertTrue(name.byMeaning().contains("CUSTOMERS.NAME"), "客户姓名: " + name);
        assertTrue(name.message().startsWith("No column customer_name in CUSTOMERS."), name.message());
        Catalog.UnknownName mobile = unknown(r, "mobile");
        assertEquals(List.of("CUSTOMERS.PHONE"), mobile.byMeaning(), "手机号码: " + mobile);
        assertTrue(mobile.message().contains("CUSTOMERS.PHONE"), mobile.message());
        assertEquals(List.of("CUSTOMERS.CITY", "CUSTOMERS.IS_VIP"), r.columns());
        assertEquals("CUSTOMERS", r.tables().get(0).name());

        Catalog.UnknownName total = unknown(catalog.resolve("SELECT o.total FROM orders o LIMIT 5"), "total");
        assertEquals("o", total.scope(), "the alias as written");
        assertTrue(total.bySpelling().contains("ORDERS.TOTAL_AMOUNT") || total.byMeaning().contains("ORDERS.TOTAL_AMOUNT"),
                total.toString());
    }

    @Test
    void unknownTablesComeWithCloseAndSynonymousTables() {
        Catalog.UnknownName typo = unknown(catalog.resolve("SELECT * FROM custmers"), "custmers");
        assertEquals("table", typo.kind());
        assertEquals(List.of("CUSTOMERS"), typo.bySpelling());
        Catalog.UnknownName client = unknown(catalog.resolve("SELECT * FROM clients"), "clients");
        assertTrue(client.byMeaning().contains("CUSTOMERS"), "client → 客户: " + client);
        Catalog.UnknownName schema = unknown(catalog.resolve("SELECT * FROM shop.orders"), "shop");
        assertEquals("schema", schema.kind());
    }

    @Test
    void scopesAliasesCtesSubqueriesAndOrderByAliasesResolve() {
        Catalog.Resolution r = catalog.resolve("WITH t AS (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id)"
                + " SELECT c.name AS who, t.n FROM customers c JOIN t ON t.customer_id = c.customer_id"
                + " WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id IN"
                + " (SELECT order_id FROM orders o2 WHERE o2.customer_id = c.customer_id))"
                + " ORDER BY who, n DESC LIMIT 5");
        assertTrue(r.parsed());
        assertEquals(List.of(), r.unknown());
        assertEquals(List.of(), r.findings());
        assertTrue(r.columns().containsAll(List.of("CUSTOMERS.NAME", "PAYMENTS.ORDER_ID", "ORDERS.CUSTOMER_ID")));

        assertEquals(List.of(), catalog.resolve("SELECT x.total FROM (SELECT total_amount AS total FROM orders) x"
                + " WHERE x.total > 100 LIMIT 3").unknown());
        assertEquals("TOTAL_AMOUNT", unknown(catalog.resolve("SELECT x.total_amount FROM (SELECT total_amount AS total"
                + " FROM orders) x LIMIT 3"), "total_amount").name().toUpperCase());
        assertEquals(List.of(), catalog.resolve("SELECT SYSDATE FROM DUAL").unknown());
        assertEquals(List.of(), catalog.resolve("SELECT a.city FROM customers a JOIN suppliers b USING (city) LIMIT 1").unknown());
    }

    @Test
    void ambiguousAndWrongQualifiersAreReported() {
        Catalog.UnknownName name = unknown(catalog.resolve(
                "SELECT name FROM customers JOIN suppliers ON customers.city = suppliers.city LIMIT 5"), "name");
        assertEquals("ambiguous", name.kind());
        assertEquals(List.of("CUSTOMERS.NAME", "SUPPLIERS.NAME"), name.bySpelling());
        Catalog.UnknownName q = unknown(catalog.resolve("SELECT x.name FROM customers c LIMIT 1"), "x");
        assertEquals("qualifier", q.kind());
        assertTrue(q.message().contains("in FROM: c"), q.message());
        Catalog.UnknownName quoted = unknown(catalog.resolve("SELECT \"name\" FROM customers LIMIT 1"), "name");
        assertEquals(List.of("CUSTOMERS.NAME"), quoted.bySpelling(), "quoted names keep their case");
    }

    @Test
    void theShapeIsReviewed() {
        Catalog.Resolution cross = catalog.resolve("SELECT c.name, o.order_id FROM customers c, orders o");
        assertEquals(List.of("missing_join_condition", "no_limit"), codes(cross));
        Catalog.Finding join = cross.findings().get(0);
        assertTrue(join.fix().contains("o.CUSTOMER_ID = c.CUSTOMER_ID"), join.fix());
        assertEquals(List.of(), codes(catalog.resolve("SELECT c.name, o.order_id FROM customers c, orders o"
                + " WHERE o.customer_id = c.customer_id LIMIT 10")));

        Catalog.Resolution star = catalog.resolve("SELECT * FROM products");
        assertEquals(List.of("select_star", "no_limit"), codes(star));
        assertTrue(star.findings().get(0).message().contains("all 11 columns"), star.findings().get(0).message());
        assertEquals(List.of(), codes(catalog.resolve("SELECT COUNT(*) FROM products")), "one row: no limit needed");
        assertEquals(List.of("no_limit"), codes(catalog.resolve("SELECT city, COUNT(*) FROM customers GROUP BY city")));

        Catalog.Resolution slow = catalog.resolve("SELECT order_id FROM orders WHERE YEAR(ordered_at) = 2024"
                + " AND remark LIKE '%急%' AND SUBSTR(shipping_city, 1, 2) = '上海' LIMIT 10");
        assertEquals(List.of("non_sargable", "non_sargable", "non_sargable"), codes(slow));
        assertTrue(slow.findings().get(0).fix().contains("ORDERED_AT >= ") || slow.findings().get(0).fix().contains("ordered_at >= "),
                slow.findings().get(0).fix());
        assertTrue(slow.findings().get(2).fix().contains("LIKE 'prefix%'"));
        assertEquals("ORDERS", slow.findings().get(1).table().name());
    }

    @Test
    void writesAreResolvedTooAndUnparsableTextFallsBackToTableNames() {
        Catalog.Resolution update = catalog.resolve("UPDATE customers SET mobile = '1' WHERE id = 3");
        assertEquals(List.of("mobile", "id"), update.unknown().stream().map(Catalog.UnknownName::name).toList());
        Catalog.Resolution insert = catalog.resolve("INSERT INTO orders (order_id, total) VALUES (1, 2)");
        assertEquals(List.of("total"), insert.unknown().stream().map(Catalog.UnknownName::name).toList());

        Catalog.Resolution broken = catalog.resolve("SELECT FROM custmers WHERE = = 1");
        assertFalse(broken.parsed());
        assertEquals(List.of("CUSTOMERS"), unknown(broken, "CUSTMERS").bySpelling());
    }

    @Test
    void aTableTheCallerMayNotReadIsDeniedNeverDescribed() {
        Catalog denied = catalog.forCaller(null, new Caller("c", "no_customers", "stdio"));
        Catalog.Resolution r = denied.resolve("SELECT nme FROM customers LIMIT 1");
        Catalog.UnknownName d = unknown(r, "customers");
        assertEquals("denied", d.kind());
        assertEquals(1, r.unknown().size(), "its columns are not checked (nor suggested)");
        assertNotNull(unknown(catalog.resolve("SELECT nme FROM customers LIMIT 1"), "nme"));
        Catalog.UnknownName elsewhere = unknown(catalog.resolve("SELECT shipping_city FROM customers LIMIT 1"), "shipping_city");
        assertTrue(elsewhere.message().contains("ORDERS"), elsewhere.message());
    }
}
