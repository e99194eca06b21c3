package io.xugumcp.server.db;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.Audit;
import io.xugumcp.api.BatchResult;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Database;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.UpdateResult;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.sql.SqlGuard;
import io.xugumcp.server.security.StatementRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.BiFunction;

/**
 * The host's database service. {@link #forCaller(Caller)} hands plugins a {@link Database} bound to one caller; every
 * statement then goes guard → policy → pooled connection with caps and timeout → audit, in that order, and nothing
 * reaches JDBC otherwise.
 */
public final class DatabaseService {
    private final ConnectionPool pool;
    private final ClientShare share;
    private final SqlGuard guard;
    private final AccessPolicy policy;
    /** Caps and timeouts; a configuration reload replaces them (the next statement sees the new ones). */
    private volatile ServerConfig.Security limits;
    private final Audit audit;
    private final RowReader rowReader = new RowReader();
    /** Runs the driver's network-timeout callbacks (XuguDB); daemon so it never holds the JVM. */
    private final Executor networkTimeoutExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xugu-mcp-net-timeout");
        t.setDaemon(true);
        return t;
    });

    /** Told after this server ran a statement that may have changed the schema (the catalog cache drops itself). */
    private final Runnable schemaChanged;
    private final Function<GuardVerdict, List<String>> changeTools;
    private final BiFunction<Caller, GuardVerdict, GuardVerdict> readsThrough;

    public DatabaseService(ConnectionPool pool, SqlGuard guard, AccessPolicy policy, ServerConfig.Security limits, Audit audit) {
        this(pool, guard, policy, limits, audit, () -> { });
    }

    public DatabaseService(ConnectionPool pool, SqlGuard guard, AccessPolicy policy, ServerConfig.Security limits, Audit audit,
                           Runnable schemaChanged) {
        this(pool, guard, policy, limits, audit, schemaChanged, v -> List.of());
    }

    /**
     * @param changeTools the names of the loaded tools that can run a given write, named when a read-only call is
     *                    sent one
     */
    public DatabaseService(ConnectionPool pool, SqlGuard guard, AccessPolicy policy, ServerConfig.Security limits, Audit audit,
                           Runnable schemaChanged, Function<GuardVerdict, List<String>> changeTools) {
        this(pool, guard, policy, limits, audit, schemaChanged, changeTools, (caller, v) -> v);
    }

    /**
     * @param readsThrough adds the tables a statement really reads for a caller (the base tables of the views it
     *                     names, where the caller's role has table rules that could tell them apart) before the
     *                     policy judges it
     */
    public DatabaseService(ConnectionPool pool, SqlGuard guard, AccessPolicy policy, ServerConfig.Security limits, Audit audit,
                           Runnable schemaChanged, Function<GuardVerdict, List<String>> changeTools,
                           BiFunction<Caller, GuardVerdict, GuardVerdict> readsThrough) {
        this.readsThrough = readsThrough;
        this.changeTools = changeTools;
        this.pool = pool;
        this.share = new ClientShare(pool::maxSize);
        this.guard = guard;
        this.policy = policy;
        this.limits = limits;
        this.audit = audit;
        this.schemaChanged = schemaChanged;
    }

    /**
     * DDL changes the schema; procedural and unrecognised statements may run DDL. Checked whether or not the statement
     * succeeded: H2 and XuguDB commit DDL at once, so a batch rolled back later may still have changed the schema.
     */
    void afterWrite(List<GuardVerdict> ran) {
        for (GuardVerdict v : ran) {
            StatementKind k = v.kind();
            if (k == StatementKind.DDL || k == StatementKind.PROCEDURAL || k == StatementKind.UNKNOWN) {
                schemaChanged.run();
                return;
            }
        }
    }

    /** The database as seen by {@code caller}. */
    public Database forCaller(Caller caller) {
        return forCall(caller, null, null);
    }

    /** The database as seen by {@code caller} during one tool call; its statements' audit records name the call. */
    public Database forCall(Caller caller, String tool, String callId) {
        return new CallerDatabase(new Scope(caller, tool, callId));
    }

    /**
     * Who runs statements, and for which tool call (both null outside one); {@code tags} are added to each statement's
     * audit record (the write path's phase and confirmation id), may be null.
     */
    record Scope(Caller caller, String tool, String callId, Map<String, Object> tags) {
        Scope(Caller caller, String tool, String callId) {
            this(caller, tool, callId, null);
        }
    }

    /**
     * Opens a unit of work for one tool call: several statements on one connection in one transaction, each passing
     * the guard, the caller's permissions, the timeout and the audit trail like any other (see {@link HostTransaction}).
     *
     * @param tags added to the audit record of every statement run in it (e.g. the write phase); may be changed later
     */
    public HostTransaction transaction(Caller caller, String tool, String callId, Map<String, Object> tags) {
        return new HostTransaction(this, new Scope(caller, tool, callId, tags == null ? null : new LinkedHashMap<>(tags)),
                false);
    }

    /**
     * Like {@link #transaction}, but each statement commits at once: for statements a database will not run inside a
     * transaction (PostgreSQL's CREATE/DROP DATABASE, CREATE INDEX CONCURRENTLY).
     */
    public HostTransaction autoCommitting(Caller caller, String tool, String callId, Map<String, Object> tags) {
        return new HostTransaction(this, new Scope(caller, tool, callId, tags == null ? null : new LinkedHashMap<>(tags)),
                true);
    }

    /** The caps and timeout this service applies. */
    public ServerConfig.Security limits() {
        return limits;
    }

    /** Takes the caps and timeouts of a reloaded configuration. */
    public void updateLimits(ServerConfig.Security next) {
        this.limits = next;
    }

    public ConnectionPool pool() {
        return pool;
    }

    public SqlDialect dialect() {
        return pool.dialect();
    }

    /** Guard + policy for one statement; returns the verdict when it may run. */
    GuardVerdict admit(Scope scope, String sql) {
        if (sql == null || sql.isBlank()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The SQL text is empty. Send one SQL statement.");
        }
        if (sql.length() > limits.maxSqlLength()) {
            throw new ToolException(ErrorCode.REJECTED, "The SQL text is " + sql.length() + " characters long; the limit is "
                    + limits.maxSqlLength() + ". Send a shorter statement.");
        }
        GuardVerdict verdict = guard.inspect(sql);
        if (!verdict.acceptable()) {
            // Refused whatever the role: audited as denied, with the guard's reason.
            record(scope, verdict, sql, "denied", "rejected", String.join(" ", verdict.problems()), -1, -1);
            throw new ToolException(ErrorCode.REJECTED, "Rejected: " + String.join(" ", verdict.problems()));
        }
        try {
            // Judged on what it really reads: the tables behind the views it names count too.
            verdict = readsThrough.apply(scope.caller(), verdict);
            policy.checkStatement(scope.caller(), verdict);
        } catch (ToolException denied) {
            record(scope, verdict, sql, "denied", denied.code(), denied.getMessage(), -1, -1);
            throw denied;
        }
        return verdict;
    }

    /** A place among the statements in flight (the server-wide cap and the client's share); refusals are audited. */
    AccessPolicy.Slot enter(Scope scope, GuardVerdict v, String sql) {
        try {
            AccessPolicy.Slot server = policy.enterStatement(scope.caller());
            AccessPolicy.Slot client;
            try {
                client = share.enter(scope.caller());
            } catch (RuntimeException refused) {
                server.close();
                throw refused;
            }
            return () -> {
                client.close();
                server.close();
            };
        } catch (ToolException busy) {
            record(scope, v, sql, "denied", busy.code(), busy.getMessage(), -1, -1);
            throw busy;
        }
    }

    /**
     * One audit record per statement: kind, verb, tables, the SQL text (the trail redacts its literals), rows,
     * elapsed time, outcome (ok, denied, error, timeout, rolled_back) with a code, and for denials the reason.
     * Database error messages are not kept: they may quote the data.
     */
    void record(Scope scope, GuardVerdict v, String sql, String outcome, String code, String reason,
                long rows, long elapsedMs) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (scope.tool() != null) {
            d.put("tool", scope.tool());
            d.put("callId", scope.callId());
        }
        if (scope.tags() != null) {
            d.putAll(scope.tags());
        }
        d.put("kind", v == null ? null : v.kind().name());
        d.put("verb", v == null ? null : v.verb());
        d.put("tables", v == null ? List.of() : List.copyOf(v.tables()));
        d.put("sql", sql);
        if (rows >= 0) {
            d.put("rows", rows);
        }
        if (elapsedMs >= 0) {
            d.put("elapsedMs", elapsedMs);
        }
        d.put("outcome", outcome);
        if (code != null) {
            d.put("code", code);
        }
        if (reason != null && "denied".equals(outcome)) {
            d.put("reason", reason);
        }
        audit.record(scope.caller(), "statement", d);
    }

    int effectiveMaxRows(QueryOptions o) {
        return o.maxRows() == 0 ? limits.maxRows() : Math.min(o.maxRows(), limits.maxRows());
    }

    /** "limit" when the caller's own row limit is what stops the rows, "rows" when it is the server's cap. */
    String rowsReason(QueryOptions o) {
        return o.maxRows() != 0 && o.maxRows() <= limits.maxRows() ? "limit" : "rows";
    }

    long effectiveMaxBytes(QueryOptions o) {
        // A tool that asks for nothing gets the answer budget (sized for a model's context); one that asks may have
        // up to the hard cap (say, an export).
        return o.maxBytes() == 0 ? limits.answerMaxBytes() : Math.min(o.maxBytes(), limits.maxBytes());
    }

    long effectiveTimeoutMs(QueryOptions o) {
        long configured = limits.queryTimeout().toMillis();
        return o.timeoutSeconds() == 0 ? configured : Math.min(o.timeoutSeconds() * 1000L, configured);
    }

    /** A JDBC step that may end in the network timeout. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs one statement on {@code c}. Where the driver ignores the query timeout, the network timeout ends the wait
     * (and the connection); that case becomes {@link StatementTimedOut}, after asking the server to stop the
     * statement within a small share of the limit, so the caller hears back within the limit plus 10%.
     */
    <T> T timed(Connection c, long timeoutMs, SqlWork<T> work) throws SQLException {
        ServerSideCancel cancel = pool.serverSideCancel();
        Object session = cancel == null ? null : cancel.sessionOf(c);
        long start = System.nanoTime();
        try {
            return work.run();
        } catch (SQLException e) {
            if (dialect().honoursQueryTimeout() || !dialect().isReadTimeout(e)
                    || elapsedMs(start) < timeoutMs - TIMER_SLACK_MS) {
                throw e; // an error, or a connection that broke before the limit
            }
            ServerSideCancel.Outcome outcome = cancel == null
                    ? new ServerSideCancel.Outcome(false, "this database cannot be asked to stop it")
                    : cancel.cancel(session, killBudgetMs(timeoutMs, elapsedMs(start)));
            throw new StatementTimedOut(e, outcome);
        }
    }

    /** Socket timers fire a few milliseconds either side of the limit. */
    private static final long TIMER_SLACK_MS = 20;

    /**
     * What is left of 107% of the limit for the kill (20 ms to 2 s), so that with scheduling the caller hears back
     * within the limit plus 10%; an unfinished kill goes on in the background.
     */
    static long killBudgetMs(long timeoutMs, long elapsedMs) {
        return Math.max(20, Math.min(2000, timeoutMs * 107 / 100 - elapsedMs));
    }

    /** Applies the statement timeout the way the dialect's driver really honours it. */
    void applyTimeout(Connection c, PreparedStatement ps, long timeoutMs) throws SQLException {
        ps.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
        if (!dialect().honoursQueryTimeout()) {
            // XuguDB ignores setQueryTimeout: bound the wait on the socket instead (this discards the connection).
            c.setNetworkTimeout(networkTimeoutExecutor, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
        }
    }

    QueryResult runQuery(Connection c, String sql, List<?> params, QueryOptions options) throws SQLException {
        return runQuery(c, sql, params, effectiveMaxRows(options), rowsReason(options), effectiveMaxBytes(options),
                effectiveTimeoutMs(options)).result();
    }

    private RowReader.Read runQuery(Connection c, String sql, List<?> params, int maxRows, String rowsReason,
                                    long maxBytes, long timeoutMs) throws SQLException {
        long start = System.nanoTime();
        // Ask for one row more than the cap: its presence is what "truncated" means.
        String capped = dialect().capRows(sql, maxRows + 1);
        try (PreparedStatement ps = c.prepareStatement(capped)) {
            applyTimeout(c, ps, timeoutMs);
            ps.setMaxRows(maxRows + 1);
            ps.setFetchSize(Math.min(maxRows + 1, 1000));
            Binds.bind(ps, params, dialect());
            return timed(c, timeoutMs, () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    return rowReader.readCounted(rs, maxRows, rowsReason, maxBytes, start);
                }
            });
        }
    }

    DatabaseException translate(SQLException e, QueryOptions options) {
        return SqlErrors.translate(e, dialect(), effectiveTimeoutMs(options));
    }

    /** The per-caller view handed to plugins. */
    private final class CallerDatabase implements Database {
        private final Scope caller;

        CallerDatabase(Scope caller) {
            this.caller = caller;
        }

        @Override
        public Dialect dialect() {
            return pool.dialect();
        }

        @Override
        public GuardVerdict inspect(String sql) {
            return guard.inspect(sql);
        }

        @Override
        public QueryResult query(String sql, List<?> params, QueryOptions options) {
            GuardVerdict v = admit(caller, sql);
            if (v.kind() != StatementKind.READ && v.kind() != StatementKind.METADATA) {
                String why = notARead(v);
                record(caller, v, sql, "denied", "not_a_read", why, -1, -1);
                throw new ToolException(ErrorCode.NOT_A_READ, why);
            }
            QueryOptions o = options == null ? QueryOptions.DEFAULTS : options;
            long start = System.nanoTime();
            try (AccessPolicy.Slot slot = enter(caller, v, sql); Connection c = pool.connection()) {
                c.setReadOnly(true);
                QueryResult r = runQuery(c, sql, params, o);
                record(caller, v, sql, "ok", null, null, r.rowCount(), elapsedMs(start));
                return r;
            } catch (SQLException e) {
                DatabaseException de = translate(e, o);
                record(caller, v, sql, outcome(de), de.code(), null, -1, elapsedMs(start));
                throw de;
            }
        }

        @Override
        public UpdateResult execute(String sql, List<?> params) {
            GuardVerdict v = admit(caller, sql);
            try {
                return executeAdmitted(v, sql, params);
            } finally {
                afterWrite(List.of(v));
            }
        }

        private UpdateResult executeAdmitted(GuardVerdict v, String sql, List<?> params) {
            long start = System.nanoTime();
            try (AccessPolicy.Slot slot = enter(caller, v, sql); Connection c = pool.writableConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    long timeoutMs = limits.queryTimeout().toMillis();
                    applyTimeout(c, ps, timeoutMs);
                    Binds.bind(ps, params, pool.dialect());
                    // executeUpdate, not executeLargeUpdate: the XuguDB driver throws "not implemented" for the latter [V].
                    long n = timed(c, timeoutMs, () -> (long) ps.executeUpdate());
                    c.commit();
                    record(caller, v, sql, "ok", null, null, n, elapsedMs(start));
                    return new UpdateResult(v.kind(), n, elapsedMs(start));
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
            } catch (SQLException e) {
                DatabaseException de = translate(e, QueryOptions.DEFAULTS);
                record(caller, v, sql, outcome(de), de.code(), null, -1, elapsedMs(start));
                throw de;
            }
        }

        @Override
        public BatchResult batch(List<String> statements, QueryOptions options) {
            if (statements == null || statements.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The batch is empty. Send at least one statement.");
            }
            if (statements.size() > limits.maxBatchStatements()) {
                throw new ToolException(ErrorCode.REJECTED, "The batch holds " + statements.size() + " statements; the limit is "
                        + limits.maxBatchStatements() + ".");
            }
            // Admit every statement before running any: a denied statement 4 must not leave 1–3 half done.
            List<GuardVerdict> verdicts = new ArrayList<>(statements.size());
            for (int i = 0; i < statements.size(); i++) {
                try {
                    GuardVerdict v = admit(caller, statements.get(i));
                    if (v.kind() == StatementKind.TCL) {
                        // Whatever the role: the batch is one transaction the server commits or rolls back itself.
                        String why = "Denied: " + v.verb() + " is transaction control, which a batch never contains: the"
                                + " server runs the whole batch in one transaction and commits or rolls it back itself.";
                        record(caller, v, statements.get(i), "denied", "denied", why, -1, -1);
                        throw new ToolException(ErrorCode.DENIED, why);
                    }
                    verdicts.add(v);
                } catch (ToolException e) {
                    throw new ToolException(e.code(), "Statement " + (i + 1) + " of " + statements.size() + ": "
                            + e.getMessage() + " Nothing was run.");
                }
            }
            try {
                return batchAdmitted(statements, verdicts, options);
            } finally {
                afterWrite(verdicts);
            }
        }

        /**
         * Runs an admitted batch in one transaction, as one answer: the reads share one row budget and one byte budget
         * (the server's caps, for the whole answer; the caller's limit still applies to each read), and the whole batch
         * one deadline (the statement timeout). A read that finds the budget spent is not run – a read changes nothing,
         * so skipping it changes no outcome – and says so ({@code truncatedReason} "skipped"); writes always run. Past
         * the deadline the batch stops and rolls back, whatever statement it is at.
         */
        private BatchResult batchAdmitted(List<String> statements, List<GuardVerdict> verdicts, QueryOptions options) {
            QueryOptions o = options == null ? QueryOptions.DEFAULTS : options;
            long start = System.nanoTime();
            long limitMs = effectiveTimeoutMs(o);
            long deadline = start + limitMs * 1_000_000L;
            int current = 0;
            long[] rows = new long[statements.size()];
            long[] took = new long[statements.size()];
            boolean[] skipped = new boolean[statements.size()];
            long rowsLeft = limits.maxRows();
            // One answer: the whole batch gets the byte budget one call's answer gets (the answer budget by default).
            long bytesLeft = effectiveMaxBytes(o);
            try (AccessPolicy.Slot slot = enter(caller, verdicts.get(0), statements.get(0));
                 Connection c = pool.writableConnection()) {
                c.setAutoCommit(false);
                try {
                    List<BatchResult.Item> items = new ArrayList<>(statements.size());
                    for (current = 0; current < statements.size(); current++) {
                        GuardVerdict v = verdicts.get(current);
                        String sql = statements.get(current);
                        long t0 = System.nanoTime();
                        long leftMs = (deadline - t0) / 1_000_000L;
                        if (leftMs <= 0) {
                            throw new BatchDeadline(limitMs, current, statements.size());
                        }
                        long timeoutMs = Math.min(limitMs, leftMs);
                        if (v.kind() == StatementKind.READ || v.kind() == StatementKind.METADATA) {
                            if (rowsLeft <= 0 || bytesLeft <= 0) {
                                skipped[current] = true;
                                items.add(new BatchResult.Item(current, v.kind(), -1, new QueryResult(List.of(),
                                        List.of(), 0, true, "skipped", 0)));
                                continue;
                            }
                            int ownRows = effectiveMaxRows(o);
                            int maxRows = (int) Math.min(ownRows, rowsLeft);
                            String rowsReason = maxRows < ownRows ? "rows" : rowsReason(o);
                            long maxBytes = Math.min(effectiveMaxBytes(o), bytesLeft);
                            RowReader.Read read = runQuery(c, sql, List.of(), maxRows, rowsReason, maxBytes, timeoutMs);
                            items.add(new BatchResult.Item(current, v.kind(), -1, read.result()));
                            rows[current] = read.result().rowCount();
                            rowsLeft -= read.result().rowCount();
                            // A read the byte budget stopped has spent it, whatever fraction of a row is left over.
                            bytesLeft = "bytes".equals(read.result().truncatedReason()) ? 0 : bytesLeft - read.bytes();
                        } else {
                            try (PreparedStatement ps = c.prepareStatement(sql)) {
                                applyTimeout(c, ps, timeoutMs);
                                rows[current] = timed(c, timeoutMs, () -> (long) ps.executeUpdate());
                                items.add(new BatchResult.Item(current, v.kind(), rows[current], null));
                            }
                        }
                        took[current] = elapsedMs(t0);
                    }
                    c.commit();
                    for (int i = 0; i < statements.size(); i++) {
                        if (skipped[i]) {
                            record(caller, verdicts.get(i), statements.get(i), "skipped", "answer_budget_spent", null,
                                    -1, -1);
                        } else {
                            record(caller, verdicts.get(i), statements.get(i), "ok", null, null, rows[i], took[i]);
                        }
                    }
                    return new BatchResult(items, elapsedMs(start));
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
            } catch (SQLException e) {
                DatabaseException de = e instanceof BatchDeadline late
                        ? new DatabaseException(DatabaseException.Category.TIMEOUT, late.getMessage(), 0, null, e)
                        : translate(e, o);
                for (int i = 0; i < statements.size(); i++) {
                    // The failed one says why; the others ran (or not) and were undone: an error of the batch too.
                    record(caller, verdicts.get(i), statements.get(i), i == current ? outcome(de) : "error",
                            i == current ? de.code() : i < current ? "rolled_back" : "not_run", null, -1,
                            i < current ? took[i] : -1);
                }
                String limitNote = de.category() == DatabaseException.Category.TIMEOUT
                        ? " The " + (limitMs / 1000.0) + " s limit holds for the whole batch." : "";
                throw new DatabaseException(de.category(), "Statement " + (current + 1) + " of " + statements.size()
                        + " failed: " + de.getMessage() + limitNote + " The whole batch was rolled back; nothing was"
                        + " committed.", de.vendorCode(), de.sqlState(), e);
            }
        }

        @Override
        public QueryResult explain(String sql, QueryOptions options) {
            GuardVerdict v = admit(caller, sql);
            if (v.kind() != StatementKind.READ) {
                String why = "Only read statements are explained here; " + v.verb() + " is "
                        + StatementRules.withArticle(v.kind()) + " statement.";
                record(caller, v, sql, "denied", "not_a_read", why, -1, -1);
                throw new ToolException(ErrorCode.NOT_A_READ, why);
            }
            String explain = pool.dialect().explain(sql);
            QueryOptions o = options == null ? QueryOptions.DEFAULTS : options;
            long start = System.nanoTime();
            try (AccessPolicy.Slot slot = enter(caller, v, sql);
                 Connection c = pool.connection();
                 PreparedStatement ps = c.prepareStatement(explain)) {
                c.setReadOnly(true);
                long timeoutMs = effectiveTimeoutMs(o);
                applyTimeout(c, ps, timeoutMs);
                QueryResult r = timed(c, timeoutMs, () -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        return rowReader.read(rs, effectiveMaxRows(o), rowsReason(o), effectiveMaxBytes(o), start);
                    }
                });
                record(caller, v, sql, "ok", "explain", null, r.rowCount(), elapsedMs(start));
                return r;
            } catch (SQLException e) {
                DatabaseException de = translate(e, o);
                record(caller, v, sql, outcome(de), de.code(), null, -1, elapsedMs(start));
                throw de;
            }
        }
    }

    /** Why a read-only call refuses {@code v}, and which loaded tools would run it. */
    private String notARead(GuardVerdict v) {
        String what = v.kind() == StatementKind.DDL ? "changes the schema"
                : v.kind().isWrite() ? "changes data" : "is not a read";
        String why = v.verb() + " " + what + " (" + StatementRules.withArticle(v.kind()) + " statement); this call runs"
                + " reads only (SELECT, WITH … SELECT, VALUES, SHOW).";
        List<String> tools = changeTools.apply(v);
        return why + (tools.isEmpty()
                ? " No tool for changes is loaded on this server (execute_batch comes with the query plugin)."
                : " Use a tool made for changes: " + String.join(", ", tools) + ".");
    }

    /** The batch's own deadline passed between two statements. */
    private static final class BatchDeadline extends java.sql.SQLTimeoutException {
        private static final long serialVersionUID = 1L;

        BatchDeadline(long limitMs, int index, int count) {
            super("the batch used up its " + (limitMs / 1000.0) + " s time limit before statement " + (index + 1) + " of "
                    + count + " could start; send fewer or faster statements, or ask the operator to raise"
                    + " xugu-mcp.security.query-timeout.", "57014");
        }
    }

    static String outcome(DatabaseException e) {
        return e.category() == DatabaseException.Category.TIMEOUT ? "timeout" : "error";
    }

    /**
     * Back to auto-commit after a transaction. Never masks the statement's own error: after a broken connection this
     * fails too, and the pool resets or discards the connection anyway.
     */
    static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException ignored) {
            // The connection is broken; the pool discards it.
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; Hikari discards it. The transaction is gone with it.
        }
    }

    static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
