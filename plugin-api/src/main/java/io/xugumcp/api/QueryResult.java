package io.xugumcp.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of one query. Values are JSON-safe: strings, booleans, numbers that fit a double exactly (larger ones as
 * strings), ISO-8601 date/time strings, base64 for binary, {@code null}.
 *
 * @param truncated       more rows existed than were returned (the caller's limit, the row cap or the byte cap)
 * @param truncatedReason {@code null}; {@code "limit"} (the caller's own row limit, {@link QueryOptions#maxRows()},
 *                        stopped it: since 0.3.0), {@code "rows"} (the server's row cap),
 *                        {@code "bytes"} (the byte cap), or in a batch {@code "skipped"} (not run: the answer's row
 *                        or byte budget across all statements was spent; since 0.3.0)
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, int rowCount, boolean truncated,
                          String truncatedReason, long elapsedMs) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = java.util.Collections.unmodifiableList(rows);
    }

    /**
     * {@link #toText()} shows at most this many rows and about {@link #TEXT_BUDGET_CHARS} characters; the rest is only
     * in {@link #toStructured()}. The text travels next to the structured rows in the same answer, and a model reads
     * both: a second full copy would double what the answer costs in context, so the text is a preview and a summary.
     *
     * @since 0.3.0
     */
    public static final int TEXT_MAX_ROWS = 20;

    /**
     * The text form's character budget (see {@link #TEXT_MAX_ROWS}).
     *
     * @since 0.3.0
     */
    public static final int TEXT_BUDGET_CHARS = 4 * 1024;

    /**
     * The JSON schema of {@link #toStructured()}, for a tool that answers with rows to declare as its output schema.
     *
     * @since 0.3.0
     */
    public static Map<String, Object> outputSchema() {
        Map<String, Object> column = JsonSchema.object()
                .property("name", JsonSchema.string("Column label"))
                .property("type", JsonSchema.string("Database type name"))
                .required("name", "type")
                .build();
        return JsonSchema.object()
                .property("columns", JsonSchema.array("Result columns", column))
                .property("rows", JsonSchema.array("Rows, each an array of values in column order",
                        Map.of("type", "array")))
                .property("rowCount", JsonSchema.integer("Rows returned", 0, Integer.MAX_VALUE))
                .property("truncated", JsonSchema.bool("True when more rows existed than were returned"))
                .property("truncatedReason", JsonSchema.typed(List.of("string", "null"), "Why rows are missing:"
                        + " limit (the caller's own limit), rows (the server's row cap) or bytes (the byte cap); null when"
                        + " complete"))
                .property("elapsedMs", JsonSchema.integer("Time in the database, milliseconds", 0, Long.MAX_VALUE))
                .required("columns", "rows", "rowCount", "truncated", "elapsedMs")
                .build();
    }

    /**
     * This result as a tool's structured content, in the shape of {@link #outputSchema()}: the same answer shape
     * every row-returning tool of this server gives.
     *
     * @since 0.3.0
     */
    public Map<String, Object> toStructured() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", columns);
        out.put("rows", rows);
        out.put("rowCount", rowCount);
        out.put("truncated", truncated);
        out.put("truncatedReason", truncatedReason);
        out.put("elapsedMs", elapsedMs);
        return out;
    }

    /**
     * The compact text form of this result: a tab-separated table (far smaller than the JSON, for clients that only
     * show text) of at most {@link #TEXT_MAX_ROWS} rows, then the row count, whether and why it was truncated and
     * what to do about it, and the time taken.
     *
     * @since 0.3.0
     */
    public String toText() {
        return toText(TEXT_BUDGET_CHARS);
    }

    /**
     * {@link #toText()} within {@code budgetChars} characters (about): an answer holding several results (a batch)
     * shares one budget among them.
     *
     * @since 0.3.0
     */
    public String toText(int budgetChars) {
        StringBuilder sb = new StringBuilder(64 + Math.min(rowCount, TEXT_MAX_ROWS) * 32);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append('\t');
            }
            sb.append(columns.get(i).name());
        }
        sb.append('\n');
        int shown = 0;
        for (List<Object> row : rows) {
            if (shown >= TEXT_MAX_ROWS || sb.length() > budgetChars) {
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
        if (shown < rowCount) {
            sb.append("… ").append(rowCount - shown).append(" more rows are in the structured content (rows);"
                    + " a client that shows only text can page with LIMIT/OFFSET.\n");
        }
        sb.append('(').append(rowCount).append(rowCount == 1 ? " row" : " rows");
        if (truncated) {
            if ("limit".equals(truncatedReason)) {
                sb.append("; stopped at your limit of ").append(rowCount)
                        .append(": more rows exist – raise 'limit' or page with LIMIT/OFFSET");
            } else {
                sb.append("; truncated by the server's ").append(truncatedReason)
                        .append(" cap: more rows exist – narrow the query or page with LIMIT/OFFSET");
                if ("bytes".equals(truncatedReason)) {
                    sb.append(", or select fewer/narrower columns");
                }
            }
        }
        sb.append(", ").append(elapsedMs).append(" ms)");
        return sb.toString();
    }

    private static void appendCell(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("NULL");
            return;
        }
        // A decimal as the database wrote it (scale kept), never in E notation.
        String s = v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
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

    /** A result column: its label and the database's type name. */
    public record Column(String name, String type) {
    }
}
