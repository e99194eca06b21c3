package io.xugumcp.api;

import java.util.List;

/**
 * Rows of one query. Values are JSON-safe: strings, booleans, numbers that fit a double exactly (larger ones as
 * strings), ISO-8601 date/time strings, base64 for binary, {@code null}.
 *
 * @param truncated       more rows existed than were returned (row cap or byte cap)
 * @param truncatedReason {@code null}, {@code "rows"} or {@code "bytes"}
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, int rowCount, boolean truncated,
                          String truncatedReason, long elapsedMs) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = java.util.Collections.unmodifiableList(rows);
    }

    /** A result column: its label and the database's type name. */
    public record Column(String name, String type) {
    }
}
