package io.xugumcp.plugin.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.QueryResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {

    private static QueryResult result(int n, boolean truncated) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.asList(i, "a\tb\nc", null));
        }
        return new QueryResult(List.of(new QueryResult.Column("ID", "INTEGER"), new QueryResult.Column("T", "VARCHAR"),
                new QueryResult.Column("N", "VARCHAR")), rows, n, truncated, truncated ? "rows" : null, 3);
    }

    @Test
    void textIsATabSeparatedTableWithEscapesAndAFooter() {
        String text = Results.queryText(result(2, true));
        assertEquals("ID\tT\tN\n0\ta\\tb\\nc\tNULL\n1\ta\\tb\\nc\tNULL\n(2 rows; truncated by the server's rows cap: more rows exist"
                + " – narrow the query or page with LIMIT/OFFSET, 3 ms)", text);
    }

    @Test
    void theCallersOwnLimitIsNotCalledACapAndDecimalsKeepTheirScale() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList(new java.math.BigDecimal("1009780.00"), new java.math.BigDecimal("0.00000010")));
        QueryResult r = new QueryResult(List.of(new QueryResult.Column("A", "DECIMAL"),
                new QueryResult.Column("B", "DECIMAL")), rows, 1, true, "limit", 2);
        assertEquals("A\tB\n1009780.00\t0.00000010\n(1 row; stopped at your limit of 1: more rows exist – raise"
                + " 'limit' or page with LIMIT/OFFSET, 2 ms)", Results.queryText(r));
    }

    @Test
    void longAnswersKeepOnlyAPreviewInTextAndEveryRowInStructuredContent() {
        QueryResult r = result(10_000, false);
        String text = Results.queryText(r);
        assertEquals(Results.TEXT_MAX_ROWS + 1, text.lines().filter(l -> l.matches("\\d+\\t.*")).count() + 1);
        assertTrue(text.contains("9980 more rows are in the structured content"), text.substring(text.length() - 300));
        assertEquals(10_000, ((List<?>) Results.query(r).get("rows")).size());
    }
}
