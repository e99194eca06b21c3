package io.xugumcp.plugin.sqltools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters are found only where SQL could hold a value; quoted text and comments stay as written. */
class NamedParametersTest {

    private static NamedParameters.Parsed parse(String sql) {
        return NamedParameters.parse(sql, Map.of("d", "CAST(? AS DATE)"));
    }

    @Test
    void replacesEachUseInOrder() {
        NamedParameters.Parsed p = parse("SELECT * FROM t WHERE a = :a AND (b > :b OR a < :a) AND c >= :d");
        assertEquals("SELECT * FROM t WHERE a = ? AND (b > ? OR a < ?) AND c >= CAST(? AS DATE)", p.sql());
        assertEquals(List.of("a", "b", "a", "d"), p.names());
    }

    @Test
    void leavesQuotedTextCommentsAndCastsAlone() {
        String sql = "SELECT ':x', \":y\", x::text, E'it\\'s :z', $$ :w $$, $tag$ :v $tag$ -- :u\n"
                + "/* :t */ FROM t WHERE a = :a AND s = 'O''Brien :s'";
        NamedParameters.Parsed p = parse(sql);
        assertEquals(List.of("a"), p.names());
        assertEquals(sql.replace("= :a", "= ?"), p.sql());
    }

    @Test
    void refusesBarePlaceholdersAndUnclosedText() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("SELECT * FROM t WHERE a = ?"))
                .getMessage().contains("name each parameter"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("SELECT 'abc FROM t"))
                .getMessage().contains("never closed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("SELECT 1 /* x"))
                .getMessage().contains("never closed"));
        assertEquals("SELECT '?' FROM t", parse("SELECT '?' FROM t").sql());
    }
}
