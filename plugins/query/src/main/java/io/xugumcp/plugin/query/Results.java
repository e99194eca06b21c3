package io.xugumcp.plugin.query;

import io.xugumcp.api.BatchResult;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the query tools' answers: structured content (what the output schema promises) and a compact text
 * form. Row answers come from the API ({@link QueryResult#toStructured()}, {@link QueryResult#toText()}).
 */
final class Results {
    /** Row answers have the API's one shape (shared with every plugin that answers with rows). */
    static final Map<String, Object> QUERY_SCHEMA = QueryResult.outputSchema();

    static final Map<String, Object> BATCH_SCHEMA = JsonSchema.object()
            .property("committed", JsonSchema.bool("True: every statement ran and the transaction was committed"))
            .property("results", JsonSchema.array("One entry per statement", JsonSchema.object()
                    .property("index", JsonSchema.integer("0-based position", 0, Integer.MAX_VALUE))
                    .property("kind", JsonSchema.string("Statement kind"))
                    .property("affectedRows", JsonSchema.integer("Rows changed (-1 for reads)", -1, Long.MAX_VALUE))
                    .property("result", JsonSchema.typed(List.of("object", "null"), "Rows of a read statement"))
                    .property("skipped", JsonSchema.bool("True when this read was not run: the answer's row or byte"
                            + " budget was spent by the reads before it"))
                    .required("index", "kind", "affectedRows")
                    .build()))
            .property("truncated", JsonSchema.bool("True when some read lost rows to a limit or cap, or was skipped"))
            .property("skipped", JsonSchema.array("0-based positions of reads not run because the answer's budget"
                    + " (rows and bytes across all statements) was spent", Map.of("type", "integer")))
            .property("elapsedMs", JsonSchema.integer("Total time, milliseconds", 0, Long.MAX_VALUE))
            .required("committed", "results", "elapsedMs")
            .build();

    static final int TEXT_MAX_ROWS = QueryResult.TEXT_MAX_ROWS;
    static final int TEXT_BUDGET_CHARS = QueryResult.TEXT_BUDGET_CHARS;

    private Results() {
    }

    static Map<String, Object> query(QueryResult r) {
        return r.toStructured();
    }

    static String queryText(QueryResult r) {
        return r.toText();
    }

    /** The text form within {@code budgetChars} (rows beyond it are only in the structured content). */
    static String queryText(QueryResult r, int budgetChars) {
        return r.toText(budgetChars);
    }

    static List<String> planLines(QueryResult r) {
        List<String> lines = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            StringBuilder sb = new StringBuilder();
            for (Object v : row) {
                if (v != null) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(v);
                }
            }
            // XuguDB joins plan lines with CRLF inside one value; H2 returns the whole plan as one value.
            for (String line : sb.toString().split("\\r?\\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static boolean skipped(BatchResult.Item i) {
        return i.query() != null && "skipped".equals(i.query().truncatedReason());
    }

    static Map<String, Object> batch(BatchResult r) {
        List<Map<String, Object>> items = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        boolean truncated = false;
        for (BatchResult.Item i : r.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i.index());
            m.put("kind", i.kind().name());
            m.put("affectedRows", i.affectedRows());
            if (skipped(i)) {
                m.put("result", null);
                m.put("skipped", true);
                skipped.add(i.index());
            } else {
                m.put("result", i.query() == null ? null : query(i.query()));
            }
            truncated |= i.query() != null && i.query().truncated();
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("committed", true);
        out.put("results", items);
        out.put("truncated", truncated);
        if (!skipped.isEmpty()) {
            out.put("skipped", skipped);
        }
        out.put("elapsedMs", r.elapsedMs());
        return out;
    }

    /**
     * The batch in text: one text budget for the whole answer, as the structured content has one row and byte
     * budget; statements past it show their counts only. Skipped and truncated reads are named at the end.
     */
    static String batchText(BatchResult r) {
        StringBuilder sb = new StringBuilder("Committed ").append(r.results().size()).append(" statements in ")
                .append(r.elapsedMs()).append(" ms:\n");
        List<Integer> skipped = new ArrayList<>();
        List<Integer> cut = new ArrayList<>();
        for (BatchResult.Item i : r.results()) {
            sb.append(i.index() + 1).append(". ").append(i.kind());
            if (skipped(i)) {
                skipped.add(i.index() + 1);
                sb.append(": not run – the answer's row and byte budget was spent\n");
            } else if (i.query() != null) {
                if (i.query().truncated()) {
                    cut.add(i.index() + 1);
                }
                int left = TEXT_BUDGET_CHARS - sb.length();
                sb.append(": ").append(i.query().rowCount()).append(" rows\n");
                if (left > 0) {
                    sb.append(queryText(i.query(), left)).append('\n');
                } else {
                    sb.append("(rows in the structured content only)\n");
                }
            } else {
                sb.append(": ").append(i.affectedRows()).append(" rows affected\n");
            }
        }
        if (!cut.isEmpty()) {
            sb.append("Truncated reads: ").append(join(cut)).append(" (the answer's budget or your limit).\n");
        }
        if (!skipped.isEmpty()) {
            sb.append("Not run: ").append(join(skipped)).append(" – one answer holds at most the server's row and byte"
                    + " caps across all its statements; send these reads in another call.\n");
        }
        return sb.toString().stripTrailing();
    }

    private static String join(List<Integer> numbers) {
        return String.join(", ", numbers.stream().map(String::valueOf).toList());
    }
}
