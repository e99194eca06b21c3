package io.xugumcp.plugin.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagingAndShapesTest {

    private static Arguments args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new Arguments(m);
    }

    @Test
    void pagesWithTotalsAndCursorsThatBelongToOneQuestion() {
        List<Integer> all = IntStream.range(0, 5000).boxed().toList();
        Paging.Page<Integer> first = Paging.page(all, args("limit", 100), "q", 50);
        assertEquals(100, first.items().size());
        assertEquals(5000, first.total());
        List<Integer> seen = new ArrayList<>(first.items());
        String cursor = first.nextCursor();
        while (cursor != null) {
            Paging.Page<Integer> p = Paging.page(all, args("limit", 1000, "cursor", cursor), "q", 50);
            seen.addAll(p.items());
            cursor = p.nextCursor();
        }
        assertEquals(all, seen, "every item exactly once, in order");
        assertEquals(50, Paging.page(all, args(), "q", 50).items().size(), "the default page size");

        ToolException other = assertThrows(ToolException.class,
                () -> Paging.page(all, args("cursor", first.nextCursor()), "another question", 50));
        assertTrue(other.getMessage().contains("cursor"), other.getMessage());
        assertThrows(ToolException.class, () -> Paging.page(all, args("cursor", "garbage!"), "q", 50));
        assertThrows(ToolException.class, () -> Paging.page(all, args("limit", 0), "q", 50));
        assertThrows(ToolException.class, () -> Paging.page(all, args("limit", 100_000), "q", 50));
        Paging.Page<Integer> beyond = Paging.page(List.of(1, 2), args("cursor", Paging.encode(10, "q")), "q", 50);
        assertTrue(beyond.items().isEmpty());
        assertNull(beyond.nextCursor());
    }

    @Test
    void detailLevelsParseOrExplain() {
        assertEquals(Detail.SUMMARY, Detail.of(args(), Detail.SUMMARY));
        assertEquals(Detail.NAMES, Detail.of(args("detail", "Names"), Detail.SUMMARY));
        ToolException e = assertThrows(ToolException.class, () -> Detail.of(args("detail", "everything"), Detail.SUMMARY));
        assertTrue(e.getMessage().contains("names, summary or full"));
    }

    @Test
    void shapesLeaveOutWhatIsNotThere() {
        Catalog.Table t = new Catalog.Table("S", "ORDERS", "TABLE", "订单", null);
        Catalog.TableDetail d = new Catalog.TableDetail(t, List.of(
                new Catalog.Column("ID", 1, "INTEGER", false, null, "编号", true),
                new Catalog.Column("NOTE", 2, "VARCHAR(20)", true, "'x'", null, false)),
                new Catalog.Key("PK", List.of("ID")), List.of(),
                List.of(new Catalog.ForeignKey("FK", "S", "ORDERS", List.of("ID"), "S", "OTHER", List.of("OID"),
                        "NO ACTION", "CASCADE")), List.of(), List.of(), null);
        Map<String, Object> summary = Shapes.tableSummary(t, d);
        assertFalse(summary.containsKey("rows"), "no estimate, no key");
        assertEquals(2, summary.get("columnCount"));
        Map<String, Object> full = Shapes.tableDescription(d);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cols = (List<Map<String, Object>>) full.get("columns");
        assertEquals(Map.of("name", "ID", "type", "INTEGER", "nullable", false, "primaryKey", true, "identity", true,
                "comment", "编号"), cols.get(0));
        assertEquals("'x'", cols.get(1).get("default"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fk = ((List<Map<String, Object>>) full.get("foreignKeys")).get(0);
        assertEquals("CASCADE", fk.get("onDelete"));
        assertFalse(fk.containsKey("onUpdate"), "NO ACTION is the default and left out");
        String text = Shapes.describeText(d);
        assertTrue(text.contains("ID INTEGER NOT NULL IDENTITY PRIMARY KEY  -- 编号"), text);
        assertTrue(text.contains("FOREIGN KEY (ID) REFERENCES S.OTHER (OID) ON DELETE CASCADE"), text);
    }

    @Test
    void decodesTemplateVariables() {
        assertEquals("订单 items", SchemaResources.percentDecode("%E8%AE%A2%E5%8D%95%20items"));
        assertEquals("100%", SchemaResources.percentDecode("100%"));
        assertEquals("a.b", SchemaResources.percentDecode("a.b"));
    }
}
