package io.xugumcp.server.db;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.security.AccessPolicy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several statements of one tool call on one connection in one transaction. Every statement passes the same guard,
 * permission check, timeout and audit record as a statement of {@link io.xugumcp.api.Database}; what this adds is the
 * transaction (committed only when {@link #commit()} is called, rolled back otherwise), batches of bound rows and
 * generated keys. Transaction control inside is refused whatever the role: the host owns the transaction.
 *
 * <p>The connection and the place among the statements in flight are taken at the first statement and held until
 * {@link #close()}. Not thread-safe: one tool call uses it from one thread. An auto-commit instance (for statements
 * that cannot run inside a transaction, such as PostgreSQL's CREATE DATABASE) commits each statement at once; its
 * {@link #commit()} and {@link #rollback()} do nothing.
 */
public final class HostTransaction implements AutoCloseable {
    private final DatabaseService service;
    private final DatabaseService.Scope scope;
    private final List<GuardVerdict> ran = new ArrayList<>();
    private final boolean autoCommit;
    private Connection connection;
    private AccessPolicy.Slot slot;
    private boolean finished;

    HostTransaction(DatabaseService service, DatabaseService.Scope scope, boolean autoCommit) {
        this.service = service;
        this.autoCommit = autoCommit;
        this.scope = scope.tags() == null
                ? new DatabaseService.Scope(scope.caller(), scope.tool(), scope.callId(), new java.util.LinkedHashMap<>())
                : scope;
    }

    /** Sets (or with {@code null} removes) a field of the audit record of the statements run from now on. */
    public void tag(String key, Object value) {
        Map<String, Object> tags = scope.tags();
        if (value == null) {
            tags.remove(key);
        } else {
            tags.put(key, value);
        }
    }

    /** The dialect of the connection. */
    public SqlDialect dialect() {
        return service.dialect();
    }

    /**
     * Guard and permission check without running: the verdict when the statement may run; otherwise the refusal is
     * audited and thrown, exactly as it would be when run.
     */
    public GuardVerdict check(String sql) {
        GuardVerdict v = service.admit(scope, sql);
        refuseTransactionControl(v, sql);
        return v;
    }

    private void refuseTransactionControl(GuardVerdict v, String sql) {
        if (v.kind() == StatementKind.TCL) {
            String why = "Denied: " + v.verb() + " is transaction control; the server runs this work in one"
                    + " transaction and commits or rolls it back itself.";
            service.record(scope, v, sql, "denied", "denied", why, -1, -1);
            throw new ToolException(ErrorCode.DENIED, why);
        }
    }

    private Connection open(GuardVerdict v, String sql) throws SQLException {
        if (finished) {
            throw new IllegalStateException("the transaction is already finished");
        }
        if (connection == null) {
            slot = service.enter(scope, v, sql);
            try {
                Connection c = service.pool().writableConnection();
                try {
                    c.setAutoCommit(autoCommit);
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                connection = c;
            } catch (SQLException | RuntimeException e) {
                slot.close();
                slot = null;
                throw e;
            }
        }
        return connection;
    }

    /** A read inside the transaction: it sees the transaction's own changes. */
    public QueryResult query(String sql, List<?> params, QueryOptions options) {
        GuardVerdict v = service.admit(scope, sql);
        if (v.kind() != StatementKind.READ && v.kind() != StatementKind.METADATA) {
            String why = v.verb() + " is a " + v.kind() + " statement; only reads run here.";
            service.record(scope, v, sql, "denied", "not_a_read", why, -1, -1);
            throw new ToolException(ErrorCode.NOT_A_READ, why);
        }
        QueryOptions o = options == null ? QueryOptions.DEFAULTS : options;
        long start = System.nanoTime();
        try {
            QueryResult r = service.runQuery(open(v, sql), sql, params, o);
            service.record(scope, v, sql, "ok", null, null, r.rowCount(), DatabaseService.elapsedMs(start));
            return r;
        } catch (SQLException e) {
            throw failed(v, sql, e, start, -1);
        }
    }

    /** One write statement with bound values; returns the affected-row count. */
    public long execute(String sql, List<?> params) {
        GuardVerdict v = check(sql);
        ran.add(v);
        long start = System.nanoTime();
        try {
            Connection c = open(v, sql);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                long timeoutMs = timeoutMs();
                service.applyTimeout(c, ps, timeoutMs);
                Binds.bind(ps, params, service.dialect());
                long n = service.timed(c, timeoutMs, () -> (long) ps.executeUpdate());
                service.record(scope, v, sql, "ok", null, null, n, DatabaseService.elapsedMs(start));
                return n;
            }
        } catch (SQLException e) {
            throw failed(v, sql, e, start, -1);
        }
    }

    /**
     * One write statement once per row of bound values, as one JDBC batch, audited as one statement record with the
     * number of rows. Returns the driver's count per row ({@code -2}: done, count unknown).
     *
     * @throws BatchFailed when the database refused the batch; it carries the driver's counts (which may locate the
     *                     failing row) and the database's reason
     */
    public long[] executeBatch(String sql, List<? extends List<?>> rows) {
        return batch(sql, rows, null).counts();
    }

    /**
     * Like {@link #executeBatch}, reading back the values the database generated for {@code keyColumns} (one row of
     * the result per inserted row, where the driver gives them).
     */
    public BatchOutcome executeBatchReturning(String sql, List<? extends List<?>> rows, String[] keyColumns) {
        return batch(sql, rows, keyColumns);
    }

    /** Counts per row, and generated keys when they were asked for (else {@code null}). */
    public record BatchOutcome(long[] counts, QueryResult keys) {
    }

    private BatchOutcome batch(String sql, List<? extends List<?>> rows, String[] keyColumns) {
        if (rows.isEmpty()) {
            return new BatchOutcome(new long[0], null);
        }
        GuardVerdict v = check(sql);
        ran.add(v);
        long start = System.nanoTime();
        try {
            Connection c = open(v, sql);
            try (PreparedStatement ps = keyColumns == null ? c.prepareStatement(sql) : c.prepareStatement(sql, keyColumns)) {
                long timeoutMs = timeoutMs();
                service.applyTimeout(c, ps, timeoutMs);
                for (List<?> row : rows) {
                    Binds.bind(ps, row, service.dialect());
                    ps.addBatch();
                }
                int[] raw = service.timed(c, timeoutMs, ps::executeBatch);
                long[] counts = new long[raw.length];
                long total = 0;
                for (int i = 0; i < raw.length; i++) {
                    counts[i] = raw[i];
                    total += raw[i] >= 0 ? raw[i] : 1;
                }
                QueryResult keys = null;
                if (keyColumns != null) {
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        keys = rs == null ? null : new RowReader().read(rs, rows.size(), "rows", Long.MAX_VALUE, start);
                    }
                }
                service.record(scope, v, sql, "ok", null, null, total, DatabaseService.elapsedMs(start));
                return new BatchOutcome(counts, keys);
            }
        } catch (BatchUpdateException e) {
            int[] raw = e.getUpdateCounts();
            long[] counts = new long[raw == null ? 0 : raw.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = raw[i];
            }
            // The batch exception's own text may quote the statement with its values (pgjdbc); the next one is the reason.
            SQLException reason = e.getNextException() != null ? e.getNextException() : e;
            DatabaseException de = failed(v, sql, reason, start, rows.size());
            throw new BatchFailed(de, counts);
        } catch (SQLException e) {
            throw failed(v, sql, e, start, rows.size());
        }
    }

    /** A refused batch: the database's reason and the driver's per-row counts ({@code -3} marks a failed row). */
    public static final class BatchFailed extends DatabaseException {
        private static final long serialVersionUID = 1L;
        private final transient long[] counts;

        BatchFailed(DatabaseException reason, long[] counts) {
            super(reason.category(), reason.getMessage(), reason.vendorCode(), reason.sqlState(), reason.getCause());
            this.counts = counts.clone();
        }

        public long[] counts() {
            return counts.clone();
        }
    }

    private DatabaseException failed(GuardVerdict v, String sql, SQLException e, long start, long rows) {
        DatabaseException de = service.translate(e, QueryOptions.DEFAULTS);
        service.record(scope, v, sql, DatabaseService.outcome(de), de.code(), null, rows, DatabaseService.elapsedMs(start));
        return de;
    }

    private long timeoutMs() {
        return service.effectiveTimeoutMs(QueryOptions.DEFAULTS);
    }

    /** A savepoint (opens the transaction's connection if needed). */
    public Savepoint savepoint() {
        try {
            return open(null, null).setSavepoint();
        } catch (SQLException e) {
            throw service.translate(e, QueryOptions.DEFAULTS);
        }
    }

    /** Undoes everything after {@code savepoint}; the transaction goes on. */
    public void rollbackTo(Savepoint savepoint) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw service.translate(e, QueryOptions.DEFAULTS);
        }
    }

    /** Forgets a savepoint (where the database has RELEASE SAVEPOINT). */
    public void release(Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw service.translate(e, QueryOptions.DEFAULTS);
        }
    }

    /** Commits everything run so far; the transaction is finished. */
    public void commit() {
        if (finished) {
            throw new IllegalStateException("the transaction is already finished");
        }
        finished = true;
        if (connection != null && !autoCommit) {
            try {
                connection.commit();
            } catch (SQLException e) {
                DatabaseService.rollbackQuietly(connection);
                throw service.translate(e, QueryOptions.DEFAULTS);
            }
        }
    }

    /** Undoes everything run so far; the transaction is finished. Never throws. */
    public void rollback() {
        if (!finished) {
            finished = true;
            if (connection != null && !autoCommit) {
                DatabaseService.rollbackQuietly(connection);
            }
        }
    }

    /** Rolls back unless committed, and gives the connection back. */
    @Override
    public void close() {
        rollback();
        try {
            if (connection != null) {
                DatabaseService.restoreAutoCommit(connection);
                connection.close();
            }
        } catch (SQLException ignored) {
            // A broken connection: the pool discards it.
        } finally {
            connection = null;
            if (slot != null) {
                slot.close();
                slot = null;
            }
            service.afterWrite(ran);
        }
    }
}
