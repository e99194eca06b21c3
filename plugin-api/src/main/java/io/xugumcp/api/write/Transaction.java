package io.xugumcp.api.write;

import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.UpdateResult;
import java.util.List;

/**
 * Several statements in one transaction on one connection, for the caller of the tool call ({@link Writes#inTransaction}).
 * Every statement still passes the guard, the caller's permissions, the timeout and the audit trail. Transaction
 * control statements are refused: the host commits when the work returns and rolls back when it throws.
 *
 * @since 0.3.0
 */
public interface Transaction {

    /** Runs a read inside the transaction (sees its own uncommitted changes). */
    QueryResult query(String sql, List<?> params, QueryOptions options);

    /** Runs one write statement with bound values. */
    UpdateResult execute(String sql, List<?> params);

    /**
     * Runs one write statement once per row of bound values as a JDBC batch.
     *
     * @return the affected-row count per row as the driver reports it ({@code -2} = succeeded, count unknown)
     */
    long[] executeBatch(String sql, List<? extends List<?>> rows);

    /** Builds and runs a change inside this transaction (no confirmation round: the tool call already has it). */
    WriteResult apply(Change change);
}
