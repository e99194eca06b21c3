package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Dialect;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.db.xugu.XuguDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strict column-type reader of the three dialects: what it accepts comes back normalised, what a database lacks is
 * refused with the nearest type, and nothing but a name, numeric arguments and a known modifier ever comes back. Every
 * accepted name is proven on a real H2 and a real PostgreSQL by creating a column of that type.
 */
class ColumnTypesTest {
    static final String PG_URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");

    final Dialect xugu = new XuguDialect();
    final Dialect h2 = new H2Dialect();
    final Dialect pg = new PostgresDialect();

    private static String refusal(Dialect d, String type) {
        ToolException e = assertThrows(ToolException.class, () -> d.checkType(type), type);
        assertEquals("invalid_argument", e.code(), type);
        return e.getMessage();
    }

    @Test
    void normalisesWhatTheDatabaseHas() {
        assertEquals("VARCHAR(50)", xugu.checkType("varchar(50)"));
        assertEquals("VARCHAR(50)", xugu.checkType("  VarChar ( 50 ) "));
        assertEquals("NUMERIC(12,2)", xugu.checkType("numeric(12, 2)"));
        assertEquals("NUMERIC", xugu.checkType("NUMERIC"));
        assertEquals("TIMESTAMP(3) WITH TIME ZONE", xugu.checkType("timestamp(3)  with   time zone"));
        assertEquals("DATETIME WITH TIME ZONE", xugu.checkType("datetime with time zone"));
        assertEquals("INTERVAL DAY TO SECOND", xugu.checkType("interval day to second"));
        assertEquals("INTERVAL YEAR", xugu.checkType("INTERVAL YEAR"));
        assertEquals("GUID", xugu.checkType("guid"));
        assertEquals("DOUBLE PRECISION", h2.checkType("double precision"));
        assertEquals("CHARACTER VARYING(10)", h2.checkType("character varying(10)"));
        assertEquals("TEXT[]", pg.checkType("text[]"));
        assertEquals("INTEGER[][]", pg.checkType("integer [ ] [ ]"));
        assertEquals("TIMESTAMPTZ(6)", pg.checkType("timestamptz(6)"));
    }

    @Test
    void xuguLacksUnsignedEnumAndYearAndSaysWhatToUse() {
        String unsigned = refusal(xugu, "int unsigned");
        assertTrue(unsigned.contains("XuguDB has no UNSIGNED") && unsigned.contains("BIGINT for INT UNSIGNED"), unsigned);
        assertTrue(refusal(xugu, "INT(10) UNSIGNED").contains("BIGINT for INT UNSIGNED"));
        String enumType = refusal(xugu, "enum('a','b')");
        assertTrue(enumType.contains("XuguDB has no ENUM") && enumType.contains("VARCHAR(n) with a check constraint"), enumType);
        String year = refusal(xugu, "YEAR");
        assertTrue(year.contains("XuguDB has no YEAR") && year.contains("SMALLINT"), year);
        assertTrue(refusal(xugu, "text").contains("CLOB"));
        assertTrue(refusal(xugu, "uuid").contains("GUID"));
        assertTrue(refusal(xugu, "double precision").contains("Write DOUBLE"));
        assertTrue(refusal(xugu, "serial").contains("identity: true"));
        // The same interval words that are missing as a type are fine as a qualifier.
        assertEquals("INTERVAL YEAR TO MONTH", xugu.checkType("interval year to month"));
        assertTrue(refusal(pg, "tinyint").contains("SMALLINT"));
        assertTrue(refusal(pg, "datetime").contains("TIMESTAMP"));
        assertTrue(refusal(h2, "bigint unsigned").contains("NUMERIC(20)"));
        assertTrue(refusal(h2, "enum('x')").contains("check constraint"));
    }

    @Test
    void argumentsAreCheckedAgainstTheType() {
        assertTrue(refusal(xugu, "VARCHAR").contains("needs exactly one length"));
        assertTrue(refusal(xugu, "INT(11)").contains("takes no arguments"));
        assertTrue(refusal(xugu, "NUMERIC(2,5)").contains("larger than the precision"));
        assertTrue(refusal(xugu, "NUMERIC(1,2,3)").contains("precision and a scale at most"));
        assertTrue(refusal(xugu, "VARCHAR(0)").contains("0 is not a length"));
        assertTrue(refusal(xugu, "VARCHAR(99999999999999999999)").contains("larger than"));
        assertTrue(refusal(xugu, "VARCHAR(a)").contains("whole numbers"));
        assertTrue(refusal(xugu, "VARCHAR(10").contains("whole numbers") || refusal(xugu, "VARCHAR(10").contains("unbalanced"));
        assertTrue(refusal(xugu, "VARCHAR(10 20)").contains("unbalanced"));
        assertTrue(refusal(xugu, "TIMESTAMP WITH LOCAL TIME ZONE").contains("Allowed after TIMESTAMP: WITH TIME ZONE"));
        assertTrue(refusal(h2, "INTEGER[]").contains("where it should end"), "no arrays on H2");
    }

    @Test
    void unknownNamesGetTheClosestOnes() {
        String m = refusal(xugu, "VARCHR(10)");
        assertTrue(m.contains("XuguDB has no column type 'VARCHR(10)'") && m.contains("Did you mean VARCHAR"), m);
        assertTrue(m.contains("Types it accepts: BOOLEAN"), m);
    }

    /** Nothing but the rebuilt type comes back: every attempt to carry SQL is refused. */
    @Test
    void injectionCorpusIsRefusedInEveryDialect() {
        List<String> corpus = List.of(
                "INT; DROP TABLE t", "INT --", "INT /* x */", "VARCHAR(10)); DROP TABLE t; --", "INT DEFAULT 1",
                "INT NOT NULL", "INT PRIMARY KEY", "INT REFERENCES t(id)", "INT CHECK (1=1)", "VARCHAR(10) COLLATE \"C\"",
                "INT\nNOT NULL", "INT\u0000", "\"INTEGER\"", "INT'", "VARCHAR(10) CHARACTER SET utf8", "INT GENERATED ALWAYS AS (1)",
                "VARCHAR(-1)", "VARCHAR(1.5)", "", "   ", "x".repeat(500), "INTEGER[1]", "INTEGER AS 1");
        for (Dialect d : List.of(xugu, h2, pg)) {
            for (String t : corpus) {
                refusal(d, t);
            }
        }
        String ctrl = refusal(pg, "INT\u0007");
        assertTrue(ctrl.contains("control character") && !ctrl.contains("\u0007"), ctrl);
    }

    @Test
    void typeNamesAreUpperCaseWithoutArguments() {
        for (Dialect d : List.of(xugu, h2, pg)) {
            assertFalse(d.typeNames().isEmpty());
            for (String n : d.typeNames()) {
                assertEquals(n.toUpperCase(java.util.Locale.ROOT), n);
                assertFalse(n.contains("("), n);
            }
        }
        assertTrue(xugu.typeNames().containsAll(List.of("VARCHAR", "NUMERIC", "GUID", "DATETIME", "CLOB")));
        assertFalse(xugu.typeNames().contains("TEXT"));
    }

    /** Each name in the form the checker accepts, plus argument and modifier variants. */
    private static List<String> samples(Dialect d) {
        List<String> out = new ArrayList<>();
        for (String n : d.typeNames()) {
            String base;
            try {
                base = d.checkType(n);
            } catch (ToolException e) {
                base = d.checkType(n.equals("INTERVAL") ? "INTERVAL DAY" : n + "(20)");
            }
            out.add(base);
        }
        out.addAll(List.of(d.checkType("NUMERIC(12,2)"), d.checkType("DECIMAL(5)"), d.checkType("TIMESTAMP(3)"),
                d.checkType("TIME WITH TIME ZONE"), d.checkType("TIMESTAMP WITH TIME ZONE"),
                d.checkType("INTERVAL YEAR TO MONTH"), d.checkType("INTERVAL DAY TO SECOND"), d.checkType("CHAR(3)")));
        return out;
    }

    private static void createEach(Connection c, Dialect d, String schema) throws SQLException {
        int i = 0;
        for (String type : samples(d)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + schema + ".t" + i + " (c " + type + ")");
                s.execute("DROP TABLE " + schema + ".t" + i);
            } catch (SQLException e) {
                throw new AssertionError(d.name() + " refused the accepted type " + type + ": " + e.getMessage(), e);
            }
            i++;
        }
    }

    @Test
    void everyAcceptedTypeCreatesAColumnOnH2() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:types_" + System.nanoTime())) {
            createEach(c, h2, "PUBLIC");
        }
    }

    @Test
    void everyAcceptedTypeCreatesAColumnOnPostgres() throws Exception {
        String schema = "xmcp_types_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            try {
                createEach(c, pg, schema);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + schema + ".arr (c " + pg.checkType("varchar(5)[]") + ")");
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }
}
