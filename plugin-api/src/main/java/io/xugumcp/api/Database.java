package io.xugumcp.api;

import java.util.List;

/**
 * The host's database service, bound to one caller. Every statement passes the SQL guard (one statement per call,
 * kind and tables known, unknown = treated as a write) and the caller's permissions before it reaches JDBC, runs
 * on a pooled connection with a timeout, and is audited. Failures throw {@link ToolException}
 * ({@link DatabaseException} for errors reported by the database).
 */
public interface Database {

    /** The dialect of the database. */
    Dialect dialect();

    /** Classifies a statement without running it (guard only; no permission check, no database access). */
    GuardVerdict inspect(String sql);

    /**
     * Runs one read statement (SELECT, WITH … SELECT, VALUES, SHOW, EXPLAIN …) and returns at most
     * {@code options.maxRows()} rows, streamed from the driver; {@code truncated} says when more existed.
     *
     * @param params bind values for {@code ?} placeholders (JSON shapes: String, Number, Boolean, null)
     */
    QueryResult query(String sql, List<?> params, QueryOptions options);

    /** Runs one write or DDL statement in its own transaction and returns the affected-row count. */
    UpdateResult execute(String sql, List<?> params);

    /**
     * Runs several statements in one transaction: all succeed and are committed, or the first failure rolls
     * everything back. Every statement is guarded and permission-checked before any of them runs. The batch is one
     * answer: its reads share the server's row and byte caps (a read past them is not run; its result says
     * {@code truncatedReason = "skipped"}), and the statement timeout bounds the whole batch (since 0.3.0).
     */
    BatchResult batch(List<String> statements, QueryOptions options);

    /** The dialect's EXPLAIN of a read statement (never executes it: no EXPLAIN ANALYZE). */
    QueryResult explain(String sql, QueryOptions options);
}
