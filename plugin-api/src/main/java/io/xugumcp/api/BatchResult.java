package io.xugumcp.api;

import java.util.List;

/** The outcome of a batch: one entry per statement, all committed together. */
public record BatchResult(List<Item> results, long elapsedMs) {

    public BatchResult {
        results = List.copyOf(results);
    }

    /**
     * One statement's outcome: a read carries its rows, a write its affected-row count ({@code -1} for a read).
     *
     * @param query {@code null} for writes
     */
    public record Item(int index, StatementKind kind, long affectedRows, QueryResult query) {
    }
}
