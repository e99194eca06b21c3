package io.xugumcp.plugin.ddl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.ToolException;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.db.PostgresDialect;
import io.xugumcp.server.db.xugu.XuguDialect;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Names, literals, defaults and check conditions, each on its own. */
class PiecesTest {
    final Forms xugu = Forms.of(new XuguDialect());
    final Forms pg = Forms.of(new PostgresDialect());
    final Forms h2 = Forms.of(new H2Dialect());
    final Function<String, String> cols = new TableShape("S", "T", List.of(new TableShape.Col("PRICE", "INT", false),
            new TableShape.Col("Name", "VARCHAR(5)", false), new TableShape.Col("END", "INT", false)))::find;

    @Test
    void newNamesFoldPlainKeepQuotedAndRespectEachLimit() {
        assertEquals("ORDERS", Idents.newName(new XuguDialect(), "table", "orders"));
        assertEquals("orders", Idents.newName(new PostgresDialect(), "table", "ORDERS"));
        assertEquals("Orders", Idents.newName(new H2Dialect(), "table", "\"Orders\""));
        assertEquals("a\"b", Idents.newName(new H2Dialect(), "table", "\"a\"\"b\""));
        assertEquals("订单", Idents.newName(new XuguDialect(), "table", "订单"));
        assertEquals("X".repeat(127), Idents.newName(new XuguDialect(), "table", "x".repeat(127)));
        ToolException bytes = assertThrows(ToolException.class, () -> Idents.newName(new XuguDialect(), "table", "订".repeat(43)));
        assertTrue(bytes.getMessage().contains("129 bytes") && bytes.getMessage().contains("127"), bytes.getMessage());
        assertEquals("订".repeat(21), Idents.newName(new PostgresDialect(), "table", "订".repeat(21)));
        assertThrows(ToolException.class, () -> Idents.newName(new PostgresDialect(), "table", "订".repeat(22)));
        assertEquals("订".repeat(256), Idents.newName(new H2Dialect(), "table", "订".repeat(256)));
        assertArrayEquals(new String[] {"s", "t"}, Idents.split("s.t"));
        assertArrayEquals(new String[] {"\"a.b\"", "t"}, Idents.split("\"a.b\".t"));
        assertNull(Idents.split("订单.明细"));
        assertNull(Idents.split("t"));
        assertEquals("ORDERS_BAK_1", Idents.fit(new XuguDialect(), "ORDERS", "_BAK_1"));
        assertEquals(63, Idents.length(new PostgresDialect(), Idents.fit(new PostgresDialect(), "o".repeat(70), "_bak")));
    }

    @Test
    void literalsEscapeQuotesAndTreatBackslashesPerDatabase() {
        assertEquals("'it''s'", h2.literal("it's", "x"));
        assertEquals("'a\\b'", h2.literal("a\\b", "x"));
        assertEquals("E'a\\\\b''c'", pg.literal("a\\b'c", "x"));
        assertEquals("'中文'", xugu.literal("中文", "x"));
        ToolException e = assertThrows(ToolException.class, () -> xugu.literal("a\\b", "comment"));
        assertTrue(e.getMessage().contains("backslash"));
        assertThrows(ToolException.class, () -> pg.literal("a\u0000", "x"));
    }

    @Test
    void defaultsAreValuesOrClockKeywordsOnly() {
        assertEquals("NULL", Defaults.render(null, "INT", h2, "d"));
        assertEquals("TRUE", Defaults.render(true, "BOOLEAN", h2, "d"));
        assertEquals("12.50", Defaults.render("12.50", "NUMERIC(5,2)", h2, "d"));
        assertEquals("'12.50'", Defaults.render("12.50", "VARCHAR(5)", h2, "d"), "text stays text");
        assertEquals("0.0001", Defaults.render(1e-4, "DOUBLE", h2, "d"));
        assertEquals("CURRENT_TIMESTAMP", Defaults.render("current_timestamp", "TIMESTAMP", h2, "d"));
        assertEquals("SYSDATE", Defaults.render("sysdate", "DATETIME", xugu, "d"));
        assertEquals("'sysdate'", Defaults.render("sysdate", "VARCHAR(9)", h2, "d"), "not an H2 keyword: a literal");
        assertEquals("'now(); DROP TABLE t'", Defaults.render("now(); DROP TABLE t", "VARCHAR(30)", h2, "d"));
        assertThrows(ToolException.class, () -> Defaults.render(Map.of("expression", "now()"), "INT", h2, "d"));
        assertThrows(ToolException.class, () -> Defaults.render(List.of(1), "INT", h2, "d"));
    }

    @Test
    void checkConditionsAreRebuiltFromAllowedTokens() {
        assertEquals("\"PRICE\" > 0 AND LENGTH(\"Name\") BETWEEN 1 AND 5",
                CheckExpressions.render("price>0 and length(name) between 1 and 5", cols, h2, "c"));
        assertEquals("\"PRICE\" <> 3 OR \"Name\" IN ('a', 'b''c') OR \"Name\" IS NULL",
                CheckExpressions.render("price != 3 or \"Name\" in ('a','b''c') or name is null", cols, h2, "c"));
        assertEquals("CASE WHEN \"PRICE\" > 1 THEN 1 ELSE 0 END = 1",
                CheckExpressions.render("case when price > 1 then 1 else 0 end = 1", cols, h2, "c"));
        assertEquals("\"END\" > 0", CheckExpressions.render("\"END\" > 0", cols, h2, "c"), "a column spelt like a keyword, quoted");
        assertEquals("\"PRICE\" >= - 1.5E3", CheckExpressions.render("price >= -1.5E3", cols, h2, "c"));
        assertEquals("\"PRICE\" - - 1 > 0", CheckExpressions.render("price--1 > 0".replace("--", "- -"), cols, h2, "c"),
                "tokens are spaced, so two minus signs never become a comment");
        for (String bad : List.of("price > 0; DROP TABLE t", "price > 0 -- x", "price /* x */ > 0", "(price > 0",
                "price > 0)", "pg_sleep(10) IS NULL", "price > (SELECT 1)", "other > 0", "\"price\" > 0",
                "price > 'unterminated", "price > 0 \u0000", "price::text = '1'", "price > 1.2.3", "@price > 0",
                "\"Nope\" > 0", "")) {
            ToolException e = assertThrows(ToolException.class, () -> CheckExpressions.render(bad, cols, h2, "c"), bad);
            assertEquals("invalid_argument", e.code(), bad);
        }
    }
}
