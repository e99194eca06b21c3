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
 * form – a tab-separated table, far smaller than repeating the JSON, for clients that only show text.
 */
final class Results {
    private static final Map<String, Object> COLUMN = JsonSchema.object()
            .property("name", JsonSchema.string("Column label"))
            .property("type", JsonSchema.string("Database type name"))
            .required("name", "type")
            .build();

    static final Map<String, Object> QUERY_SCHEMA = JsonSchema.object()
            .property("columns", JsonSchema.array("Result columns", COLUMN))
            .property("rows", JsonSchema.array("Rows, each an array of values in column order",
                    Map.of("type", "array")))
            .property("rowCount", JsonSchema.integer("Rows returned", 0, Integer.MAX_VALUE))
            .property("truncated", JsonSchema.bool("True when more rows existed than were returned"))
            .property("truncatedReason", JsonSchema.typed(List.of("string", "null"), "rows or bytes when truncated"))
            .property("elapsedMs", JsonSchema.integer("Time in the database, milliseconds", 0, Long.MAX_VALUE))
            .required("columns", "rows", "rowCount", "truncated", "elapsedMs")
            .build();

    static final Map<String, Object> BATCH_SCHEMA = JsonSchema.object()
            .property("committed", JsonSchema.bool("True: every statement ran and the transaction was committed"))
            .property("results", JsonSchema.array("One entry per statement", JsonSchema.object()
                    .property("index", JsonSchema.integer("0-based position", 0, Integer.MAX_VALUE))
                    .property("kind", JsonSchema.string("Statement kind"))
                    .property("affectedRows", JsonSchema.integer("Rows changed (-1 for reads)", -1, Long.MAX_VALUE))
                    .property("result", JsonSchema.typed(List.of("object", "null"), "Rows of a read statement"))
                    .required("index", "kind", "affectedRows")
                    .build()))
            .property("elapsedMs", JsonSchema.integer("Total time, milliseconds", 0, Long.MAX_VALUE))
            .required("committed", "results", "elapsedMs")
            .build();

    /**
     * The text form holds at most this many rows (and {@link #TEXT_BUDGET_CHARS} characters); the rest is only in the
     * structured content. A model reading 10,000 rows of text helps nobody, and the full JSON is already there.
     */
    static final int TEXT_MAX_ROWS = 500;
    static final int TEXT_BUDGET_CHARS = 128 * 1024;

    private Results() {
    }

    static Map<String, Object> query(QueryResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", r.columns());
        out.put("rows", r.rows());
        out.put("rowCount", r.rowCount());
        out.put("truncated", r.truncated());
        out.put("truncatedReason", r.truncatedReason());
        out.put("elapsedMs", r.elapsedMs());
        return out;
    }

    static String queryText(QueryResult r) {
        StringBuilder sb = new StringBuilder(64 + r.rowCount() * 32);
        for (int i = 0; i < r.columns().size(); i++) {
            if (i > 0) {
                sb.append('\t');
            }
            sb.append(r.columns().get(i).name());
        }
        sb.append('\n');
        int shown = 0;
        for (List<Object> row : r.rows()) {
            if (shown >= TEXT_MAX_ROWS || sb.length() > TEXT_BUDGET_CHARS) {
                break;
            }
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                appendCell(sb, row.get(i));
            }
            sb.append('\n');
            shown++;
        }
        if (shown < r.rowCount()) {
            sb.append("… ").append(r.rowCount() - shown).append(" more rows are in the structured content (rows);"
                    + " a client that shows only text can page with LIMIT/OFFSET.\n");
        }
        sb.append('(').append(r.rowCount()).append(r.rowCount() == 1 ? " row" : " rows");
        if (r.truncated()) {
            sb.append("; truncated by the ").append(r.truncatedReason())
                    .append(" cap: more rows exist – narrow the query or page with LIMIT/OFFSET");
        }
        sb.append(", ").append(r.elapsedMs()).append(" ms)");
        return sb.toString();
    }

    private static void appendCell(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("NULL");
            return;
        }
        String s = v.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c);
            }
        }
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

    static Map<String, Object> batch(BatchResult r) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (BatchResult.Item i : r.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i.index());
            m.put("kind", i.kind().name());
            m.put("affectedRows", i.affectedRows());
            m.put("result", i.query() == null ? null : query(i.query()));
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("committed", true);
        out.put("results", items);
        out.put("elapsedMs", r.elapsedMs());
        return out;
    }

    static String batchText(BatchResult r) {
        StringBuilder sb = new StringBuilder("Committed ").append(r.results().size()).append(" statements in ")
                .append(r.elapsedMs()).append(" ms:\n");
        for (BatchResult.Item i : r.results()) {
            sb.append(i.index() + 1).append(". ").append(i.kind());
            if (i.query() != null) {
                sb.append(": ").append(i.query().rowCount()).append(" rows\n").append(queryText(i.query())).append('\n');
            } else {
                sb.append(": ").append(i.affectedRows()).append(" rows affected\n");
            }
        }
        return sb.toString().stripTrailing();
    }
}
