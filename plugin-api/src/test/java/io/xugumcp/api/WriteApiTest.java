package io.xugumcp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.write.Condition;
import io.xugumcp.api.write.Filter;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteApiTest {

    @Test
    void operatorsParseFromTheirSqlAndNames() {
        assertEquals(Condition.Op.EQ, Condition.Op.parse("="));
        assertEquals(Condition.Op.NE, Condition.Op.parse("!="));
        assertEquals(Condition.Op.IS_NOT_NULL, Condition.Op.parse("is_not_null"));
        assertEquals(Condition.Op.NOT_LIKE, Condition.Op.parse("not like"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Condition.Op.parse("; DROP"));
        assertTrue(e.getMessage().contains("use one of"));
    }

    @Test
    void aBlankWhereIsNoFilter() {
        assertTrue(new Filter(List.of(), "   ", null, false).isEmpty());
        assertTrue(Filter.ALL_ROWS.allRows());
    }

    @Test
    void foldingFollowsTheCapabilities() {
        Dialect lower = new Dialect() {
            public String name() { return "t"; }
            public String quoteIdentifier(String i) { return '"' + i + '"'; }
            public String explain(String sql) { return sql; }
            public List<String> sqlRules() { return List.of(); }
            public DialectCapabilities capabilities() {
                return new DialectCapabilities(DialectCapabilities.UpsertForm.ON_CONFLICT, true, true, true,
                        DialectCapabilities.GeneratedKeys.JDBC, false, DialectCapabilities.IdentifierCase.LOWER, 63,
                        DialectCapabilities.LengthUnit.BYTES, true, true, true, false, true);
            }
        };
        assertEquals("orders", lower.foldIdentifier("Orders"));
        assertEquals("\"s\".\"t\"", lower.qualify("s", "t"));
        assertEquals("ORDERS", new Dialect() {
            public String name() { return "u"; }
            public String quoteIdentifier(String i) { return i; }
            public String explain(String sql) { return sql; }
            public List<String> sqlRules() { return List.of(); }
        }.foldIdentifier("Orders"));
    }
}
