package io.xugumcp.server.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.xugumcp.api.Catalog;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.db.PostgresDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Check constraints read from each dialect's catalog: real H2, real PostgreSQL (own schema), XuguDB's exact SQL. */
class CheckConstraintsTest {
    static final String PG_URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");

    @Test
    void h2GivesConditionsWithChineseLiteralsAsWritten() throws Exception {
        String url = "jdbc:h2:mem:checks" + System.nanoTime();
        try (Connection keep = DriverManager.getConnection(url); Statement s = keep.createStatement()) {
            s.execute("CREATE TABLE t (a INT NOT NULL, b VARCHAR(10), CONSTRAINT ck_a CHECK (a > 0),"
                    + " CONSTRAINT ck_b CHECK (b IN ('是', 'no')))");
            CatalogService c = new CatalogService(() -> DriverManager.getConnection(url), new H2Dialect(),
                    Duration.ofSeconds(5), Duration.ofMinutes(1));
            List<Catalog.Check> checks = c.checks(c.table("PUBLIC", "t"));
            assertEquals(List.of("CK_A", "CK_B"), checks.stream().map(Catalog.Check::name).toList(), "NOT NULL is no check");
            assertEquals("\"A\" > 0", checks.get(0).expression());
            assertEquals("\"B\" IN('是', 'no')", checks.get(1).expression());
        }
    }

    @Test
    void h2DefaultsWithChineseTextReadAsWritten() throws Exception {
        String url = "jdbc:h2:mem:defaults" + System.nanoTime();
        try (Connection keep = DriverManager.getConnection(url); Statement s = keep.createStatement()) {
            s.execute("CREATE TABLE t (a VARCHAR(10) DEFAULT '顺丰', b VARCHAR(10) DEFAULT 'x''y')");
            CatalogService c = new CatalogService(() -> DriverManager.getConnection(url), new H2Dialect(),
                    Duration.ofSeconds(5), Duration.ofMinutes(1));
            Catalog.TableDetail d = c.describe(c.table("PUBLIC", "t"));
            assertEquals("'顺丰'", d.columns().get(0).defaultValue());
            assertEquals("'x''y'", d.columns().get(1).defaultValue());
        }
    }

    @Test
    void postgresGivesConditionsWithoutTheCheckWord() throws Exception {
        String schema = "xmcp_checks_" + System.nanoTime();
        try (Connection keep = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = keep.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            try {
                s.execute("CREATE TABLE " + schema + ".t (a int NOT NULL CONSTRAINT ck_a CHECK (a > 0), b text,"
                        + " CONSTRAINT ck_b CHECK (length(b) < 5))");
                CatalogService c = new CatalogService(() -> DriverManager.getConnection(PG_URL, "postgres", ""),
                        new PostgresDialect(), Duration.ofSeconds(5), Duration.ofMinutes(1));
                List<Catalog.Check> checks = c.checks(c.table(schema, "t"));
                assertEquals(List.of(new Catalog.Check("ck_a", "a > 0"), new Catalog.Check("ck_b", "length(b) < 5")), checks);
            } finally {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void xuguSendsItsExactSqlAndStripsCheckAndOuterParentheses() throws Exception {
        XuguCatalogTest.CannedSql sql = new XuguCatalogTest.CannedSql()
                .on(XuguCatalogSql.CHECKS, new Object[] {"CK_A", "(\"A\" > 0)"}, new Object[] {"CK_B", "CHECK ((B) IN ('x'))"},
                        new Object[] {"CK_C", "(A > 0) AND (B < 1)"}, new Object[] {"CK_D", " "});
        List<Catalog.Check> checks = new XuguCatalog().checks(sql, new Catalog.Table("SHOP", "T", "TABLE", null, null));
        assertEquals(List.of(new Catalog.Check("CK_A", "\"A\" > 0"), new Catalog.Check("CK_B", "(B) IN ('x')"),
                new Catalog.Check("CK_C", "(A > 0) AND (B < 1)")), checks);
        assertEquals("SELECT k.CONS_NAME, k.\"DEFINE\" FROM ALL_CONSTRAINTS k JOIN ALL_TABLES t ON t.TABLE_ID = k.TABLE_ID"
                + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID WHERE t.DB_ID = CURRENT_DB_ID"
                + " AND s.SCHEMA_NAME = ? AND t.TABLE_NAME = ? AND k.CONS_TYPE = 'C' ORDER BY k.CONS_NAME", sql.sent.get(0));
        assertArrayEquals(new Object[] {"SHOP", "T"}, sql.params.get(XuguCatalogSql.CHECKS));
        assertNull(XuguCatalog.checkCondition("()"));
    }
}
