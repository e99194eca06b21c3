package io.xugumcp.server.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.ToolException;
import io.xugumcp.server.sql.Names;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesAndLiteralsTest {

    @Test
    void checksNames() {
        assertEquals("orders", Names.check("table", "  orders "));
        assertEquals("Mixed \"Name", Names.check("table", "\"Mixed \"\"Name\""));
        assertEquals("invalid_argument", assertThrows(ToolException.class, () -> Names.check("table", "")).code());
        assertEquals("invalid_argument", assertThrows(ToolException.class, () -> Names.check("table", null)).code());
        ToolException control = assertThrows(ToolException.class, () -> Names.check("table", "a\nb"));
        assertTrue(control.getMessage().contains("control characters"), control.getMessage());
        assertTrue(control.getMessage().contains("'a?b'"), "shown without the line break: " + control.getMessage());
        ToolException longName = assertThrows(ToolException.class, () -> Names.check("schema", "x".repeat(257)));
        assertTrue(longName.getMessage().contains("257 characters"), longName.getMessage());
    }

    @Test
    void splitsQualifiedNames() {
        assertArrayEquals(new String[] {"s", "t"}, Names.splitQualified("s.t"));
        assertArrayEquals(new String[] {"my.schema", "T"}, Names.splitQualified("\"my.schema\".\"T\""));
        assertNull(Names.splitQualified("a.b.c"));
        assertNull(Names.splitQualified(".t"));
        assertNull(Names.splitQualified("plain"));
    }

    @Test
    void findsCloseNames() {
        List<String> names = List.of("ORDERS", "ORDER_ITEMS", "CUSTOMERS", "PAYMENTS", "V_ORDER_SUMMARY");
        assertEquals("ORDERS", Names.closest("ordrs", names, 3).get(0));
        assertTrue(Names.closest("order", names, 5).containsAll(List.of("ORDERS", "ORDER_ITEMS")));
        assertEquals(List.of("CUSTOMERS"), Names.closest("custmer", names, 5));
        assertEquals(List.of(), Names.closest("zzz", names, 5));
        assertEquals(1, Names.distance("abc", "abd", 5));
        assertEquals(6, Names.distance("a", "abcdefghij", 5), "gives up beyond the cap");
    }

    @Test
    void parsesPostgresArrayLiterals() {
        assertEquals(List.of("1", "5", "9"), ArrayLiteral.parse("{1,5,9}"));
        assertEquals(Arrays.asList("a b", "x\"y", null, "NULL"), ArrayLiteral.parse("{\"a b\",\"x\\\"y\",NULL,\"NULL\"}"));
        assertEquals(List.of("上海", "北京"), ArrayLiteral.parse("{上海,北京}"));
        assertEquals(List.of("{1,2}", "{3,4}"), ArrayLiteral.parse("{{1,2},{3,4}}"));
        assertEquals(List.of(), ArrayLiteral.parse("not an array"));
        assertEquals(List.of(), ArrayLiteral.parse("{\"unterminated}"));
        assertEquals(List.of(), ArrayLiteral.parse(null));
    }
}
