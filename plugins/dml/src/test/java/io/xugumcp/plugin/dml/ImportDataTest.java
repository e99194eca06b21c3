package io.xugumcp.plugin.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Condition;
import io.xugumcp.api.write.Filter;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Import sources (CSV per RFC 4180, streamed JSON) and the tools' argument shapes. */
class ImportDataTest {

    private static List<Map<String, Object>> all(Iterator<Map<String, Object>> it) {
        List<Map<String, Object>> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void csvWithQuotesLineBreaksNullsAndAByteOrderMark() {
        String text = "\uFEFFid,name,note\r\n1,\"Smith, J\",\"said \"\"hi\"\"\"\n2,,\"\"\n\n3,\"two\nlines\",x\n";
        List<Map<String, Object>> rows = all(ImportData.csv(new StringReader(text), ','));
        assertEquals(3, rows.size());
        assertEquals(List.of("id", "name", "note"), List.copyOf(rows.get(0).keySet()));
        assertEquals("Smith, J", rows.get(0).get("name"));
        assertEquals("said \"hi\"", rows.get(0).get("note"));
        assertNull(rows.get(1).get("name"), "empty unquoted field is NULL");
        assertEquals("", rows.get(1).get("note"), "\"\" is an empty string");
        assertEquals("two\nlines", rows.get(2).get("name"));
        List<Map<String, Object>> semi = all(ImportData.csv(new StringReader("a;b\n1;2\n"), ';'));
        assertEquals(Map.of("a", "1", "b", "2"), semi.get(0));
    }

    @Test
    void aMalformedCsvRowFailsWhenItsTurnComesNotBefore() {
        Iterator<Map<String, Object>> it = ImportData.csv(new StringReader("a,b\n1,2\n3\n4,\"open\n"), ',');
        assertEquals("1", it.next().get("a"));
        ToolException fields = assertThrows(ToolException.class, it::next);
        assertTrue(fields.getMessage().contains("Row 1 has 1 fields; the CSV header has 2"), fields.getMessage());
        assertTrue(it.hasNext());
        ToolException open = assertThrows(ToolException.class, it::next);
        assertTrue(open.getMessage().contains("not closed"), open.getMessage());
        assertFalse(it.hasNext());
    }

    @Test
    void jsonRowsAreStreamedAndABadRowIsNamed() {
        List<Map<String, Object>> rows = all(ImportData.json(new StringReader("[{\"id\":1,\"v\":\"a\"},{\"id\":2}]")));
        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).get("id"));
        Iterator<Map<String, Object>> bad = ImportData.json(new StringReader("[{\"id\":1}, 5, {\"id\":3}]"));
        bad.next();
        ToolException e = assertThrows(ToolException.class, bad::next);
        assertTrue(e.getMessage().contains("Row 1 is not an object"), e.getMessage());
        assertEquals(3, bad.next().get("id"));
        assertThrows(ToolException.class, () -> ImportData.json(new StringReader("{\"id\":1}")));
    }

    @Test
    void filtersInBothShapesAndTheSeedsWhere() {
        Filter byMap = Requests.filter(new Arguments(Map.of("filter", Map.of("status", "x"))));
        assertEquals(List.of(Condition.eq("status", "x")), byMap.conditions());
        Filter byList = Requests.filter(new Arguments(Map.of("filter", List.of(Map.of("column", "qty", "op", ">=",
                "value", 5), Map.of("column", "id", "op", "in", "value", List.of(1, 2)))))); 
        assertEquals(Condition.Op.GE, byList.conditions().get(0).op());
        assertEquals(Condition.Op.IN, byList.conditions().get(1).op());
        Filter seed = Requests.filter(new Arguments(Map.of("where", "a = ?", "where_params", List.of(1))));
        assertEquals("a = ?", seed.where());
        assertTrue(Requests.filter(new Arguments(Map.of())).isEmpty());
        assertThrows(ToolException.class, () -> Requests.filter(new Arguments(Map.of("where_params", List.of(1)))));
        assertThrows(ToolException.class, () -> Requests.filter(new Arguments(Map.of("filter", List.of(Map.of(
                "column", "a", "op", "~~"))))));
        assertThrows(ToolException.class, () -> Requests.rows(new Arguments(Map.of("rows", List.of(1))), "rows"));
        assertEquals(1, Requests.rows(new Arguments(Map.of("rows", Map.of("a", 1))), "rows").size());
    }
}
