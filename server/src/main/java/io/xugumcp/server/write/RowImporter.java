package io.xugumcp.server.write;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.DialectCapabilities;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.ImportOptions;
import io.xugumcp.api.write.ImportResult;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.server.db.HostTransaction;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports rows in JDBC batches of bound values. {@code ATOMIC}: one transaction, so a failure or a cancellation leaves
 * nothing behind. {@code PER_BATCH}: one transaction per batch, so a failure keeps the committed batches and says
 * where to resume ({@code nextStartRow}). Progress goes to the client after every batch, and cancellation is looked
 * at between batches. A refused batch is located to its row: from the driver's counts where they are exact, else by
 * running the batch's rows one at a time (XuguDB's batches answer nothing per row).
 */
final class RowImporter {
    private final CallWrites writes;
    private final StatementPlanner planner;

    RowImporter(CallWrites writes, StatementPlanner planner) {
        this.writes = writes;
        this.planner = planner;
    }

    /** The rows of the source converted for the columns, one batch at a time. */
    private final class Source {
        private final Iterator<Map<String, Object>> rows;
        private final List<String> keys;
        private final Set<String> keySet;
        private final List<Catalog.Column> columns;
        private final ColumnValues.Kind[] kinds;
        private Map<String, Object> pending;
        long next;

        Source(Iterator<Map<String, Object>> rows, Map<String, Object> first, long firstIndex, TargetTable t) {
            this.rows = rows;
            this.keys = new ArrayList<>(first.keySet());
            this.keySet = new HashSet<>(keys);
            this.columns = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String k : keys) {
                Catalog.Column c = t.column(k, "the data's columns");
                if (!seen.add(c.name())) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The data names column " + c.name()
                            + " twice; give each column once.");
                }
                columns.add(c);
            }
            this.kinds = columns.stream().map(c -> ColumnValues.kindOf(c.type())).toArray(ColumnValues.Kind[]::new);
            this.pending = first;
            this.next = firstIndex;
        }

        List<String> columnNames() {
            return columns.stream().map(Catalog.Column::name).toList();
        }

        boolean hasNext() {
            return pending != null || rows.hasNext();
        }

        /** The next row's values; a row that cannot be converted throws {@link RowRefused}. */
        List<Object> next() {
            long index = next++;
            Map<String, Object> row;
            try {
                row = pending != null ? pending : rows.next();
            } catch (ToolException e) {
                // The source could not read this row (malformed CSV or JSON): a failure of this row.
                throw new RowRefused(index, e.getMessage());
            }
            pending = null;
            if (row == null) {
                throw new RowRefused(index, "Row " + index + " is empty.");
            }
            for (String k : row.keySet()) {
                if (!keySet.contains(k)) {
                    throw new RowRefused(index, "Row " + index + " has the column '" + k + "', which the first row of"
                            + " the import does not have; every row needs the columns of the first row " + keys + ".");
                }
            }
            List<Object> values = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                try {
                    values.add(ColumnValues.convert(row.get(keys.get(i)), kinds[i]));
                } catch (ColumnValues.Mismatch m) {
                    Catalog.Column c = columns.get(i);
                    throw new RowRefused(index, "row[" + index + "]." + c.name() + " (" + c.type() + "): " + m.getMessage());
                }
            }
            return values;
        }
    }

    /** A row of the source that cannot be imported as written. */
    private static final class RowRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long row;

        RowRefused(long row, String message) {
            super(message, null, false, false);
            this.row = row;
        }
    }

    ImportResult run(TableRef ref, Iterator<Map<String, Object>> rows, ImportOptions options) {
        long start = System.nanoTime();
        WriteSettings s = writes.service().settings();
        int batchSize = options.batchSize() == 0 ? s.batchSize() : options.batchSize();
        if (batchSize > s.maxBatchSize()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "batch_size " + batchSize + " is above the server's"
                    + " limit of " + s.maxBatchSize() + " rows per batch (xugu-mcp.writes.max-batch-size).");
        }
        TargetTable t = planner.target(ref);
        long index = 0;
        while (index < options.startRow() && rows.hasNext()) {
            rows.next();
            index++;
        }
        if (index < options.startRow()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "start_row is " + options.startRow() + " but the data"
                    + " has only " + index + " rows (rows count from 0).");
        }
        if (!rows.hasNext()) {
            return new ImportResult(0, 0, 0, true, false, index, null, elapsed(start));
        }
        Map<String, Object> first = rows.next();
        if (first == null || first.isEmpty()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Row " + index + " has no columns; the first row of an"
                    + " import names the columns every row gives.");
        }
        Source source = new Source(rows, first, index, t);
        String sql = planner.insertSql(t, source.columnNames());
        String id = writes.service().tokens().newId();
        ImportResult r = options.mode() == ImportOptions.Mode.ATOMIC
                ? atomic(t, source, sql, batchSize, options.startRow(), id, start)
                : perBatch(t, source, sql, batchSize, options.startRow(), id, start);
        writes.audit().phase("commit").change("IMPORT", t.display()).confirmation(id)
                .put("mode", options.mode().name().toLowerCase(java.util.Locale.ROOT)).put("startRow", options.startRow())
                .put("rows", r.rowsCommitted()).put("batches", r.batchesCommitted())
                .put("failedRow", r.failure() == null ? null : r.failure().row())
                .outcome(r.cancelled() ? "cancelled" : r.failure() != null ? "failed" : "committed");
        return r;
    }

    private ImportResult atomic(TargetTable t, Source source, String sql, int batchSize, long startRow, String id,
                                long start) {
        WriteSettings s = writes.service().settings();
        DialectCapabilities caps = t.dialect().capabilities();
        long done = 0;
        int batches = 0;
        boolean cancelled = false;
        ImportResult.Failure failure = null;
        Runnable afterRollback = null;
        ImportResult.Failure[] located = new ImportResult.Failure[1];
        try (HostTransaction tx = writes.transaction("commit", id)) {
            while (source.hasNext()) {
                long batchStart = source.next;
                List<List<Object>> batch = new ArrayList<>(batchSize);
                try {
                    while (batch.size() < batchSize && source.hasNext()) {
                        batch.add(source.next());
                    }
                } catch (RowRefused r) {
                    failure = new ImportResult.Failure(r.row, true, r.getMessage());
                    break;
                }
                if (done + batch.size() > s.atomicImportLimit()) {
                    tx.rollback();
                    throw new ToolException(ErrorCode.LIMIT_EXCEEDED, "An atomic import holds at most "
                            + CallWrites.number(s.atomicImportLimit()) + " rows (xugu-mcp.writes.atomic-import-limit);"
                            + " this one has more. Nothing was imported. Use mode per_batch, which commits each batch"
                            + " and tells where to resume.");
                }
                // Savepoints let a refused batch be retried row by row inside the transaction where the database can
                // release them; elsewhere (XuguDB: no RELEASE SAVEPOINT) they would pile up.
                Savepoint sp = caps.savepointRelease() ? tx.savepoint() : null;
                try {
                    tx.executeBatch(sql, batch);
                } catch (HostTransaction.BatchFailed bf) {
                    int at = fromCounts(bf.counts(), batch.size(), caps);
                    if (at >= 0) {
                        failure = new ImportResult.Failure(batchStart + at, true, sanitize(bf.getMessage()));
                    } else if (sp != null) {
                        failure = locateBehind(tx, sp, sql, batch, batchStart, bf);
                    } else {
                        // No savepoint: the transaction must be gone (and its locks with it) before the batch is
                        // retried alone, or the retry would wait for the rows this transaction holds.
                        failure = new ImportResult.Failure(batchStart, false, sanitize(bf.getMessage()));
                        afterRollback = () -> located[0] = locateAlone(sql, batch, batchStart, bf, caps, id);
                    }
                    break;
                } catch (DatabaseException de) {
                    failure = new ImportResult.Failure(batchStart, false, sanitize(de.getMessage()));
                    break;
                }
                if (sp != null) {
                    tx.release(sp);
                }
                done += batch.size();
                batches++;
                writes.call().client().progress(done, null, "batch " + batches + ": " + CallWrites.rows(done)
                        + " sent (an atomic import commits at the end)");
                if (writes.call().cancelled().getAsBoolean()) {
                    cancelled = source.hasNext();
                    if (cancelled) {
                        break;
                    }
                }
            }
            if (failure == null && !cancelled) {
                tx.commit();
            }
        }
        if (failure != null || cancelled) {
            if (afterRollback != null) {
                afterRollback.run();
                failure = located[0];
            }
            return new ImportResult(source.next - startRow, 0, 0, false, cancelled, startRow, failure, elapsed(start));
        }
        return new ImportResult(source.next - startRow, done, batches, true, false, startRow + done, null, elapsed(start));
    }

    private ImportResult perBatch(TargetTable t, Source source, String sql, int batchSize, long startRow, String id,
                                  long start) {
        DialectCapabilities caps = t.dialect().capabilities();
        long committed = 0;
        int batches = 0;
        boolean cancelled = false;
        ImportResult.Failure failure = null;
        long nextStart = startRow;
        while (source.hasNext()) {
            long batchStart = source.next;
            List<List<Object>> batch = new ArrayList<>(batchSize);
            try {
                while (batch.size() < batchSize && source.hasNext()) {
                    batch.add(source.next());
                }
            } catch (RowRefused r) {
                failure = new ImportResult.Failure(r.row, true, r.getMessage());
                break;
            }
            try (HostTransaction tx = writes.transaction("commit", id)) {
                tx.tag("batch", batches + 1);
                tx.executeBatch(sql, batch);
                tx.commit();
            } catch (HostTransaction.BatchFailed bf) {
                failure = locateAlone(sql, batch, batchStart, bf, caps, id);
                break;
            } catch (DatabaseException de) {
                failure = new ImportResult.Failure(batchStart, false, sanitize(de.getMessage()));
                break;
            }
            committed += batch.size();
            batches++;
            nextStart = batchStart + batch.size();
            writes.call().client().progress(committed, null, "batch " + batches + " committed: "
                    + CallWrites.rows(committed) + " so far");
            if (writes.call().cancelled().getAsBoolean() && source.hasNext()) {
                cancelled = true;
                break;
            }
        }
        boolean complete = failure == null && !cancelled;
        return new ImportResult(source.next - startRow, committed, batches, complete, cancelled, nextStart, failure,
                elapsed(start));
    }

    /** A refused batch inside the atomic transaction, retried row by row behind its savepoint. */
    private ImportResult.Failure locateBehind(HostTransaction tx, Savepoint sp, String sql, List<List<Object>> batch,
                                              long batchStart, HostTransaction.BatchFailed bf) {
        tx.rollbackTo(sp);
        tx.tag("locating", true);
        try {
            for (int j = 0; j < batch.size(); j++) {
                try {
                    tx.execute(sql, batch.get(j));
                } catch (DatabaseException e) {
                    return new ImportResult.Failure(batchStart + j, true, sanitize(e.getMessage()));
                }
            }
        } finally {
            tx.tag("locating", null);
        }
        return new ImportResult.Failure(batchStart, false, "The batch of rows " + batchStart + "–"
                + (batchStart + batch.size() - 1) + " failed, but no single row of it fails alone: "
                + sanitize(bf.getMessage()));
    }

    /**
     * A refused batch retried row by row in a transaction of its own, which is rolled back: the first row that fails
     * is named. In per-batch mode the committed batches are still there, so a clash with them shows again.
     */
    private ImportResult.Failure locateAlone(String sql, List<List<Object>> batch, long batchStart,
                                             HostTransaction.BatchFailed bf, DialectCapabilities caps, String id) {
        int at = fromCounts(bf.counts(), batch.size(), caps);
        if (at >= 0) {
            return new ImportResult.Failure(batchStart + at, true, sanitize(bf.getMessage()));
        }
        try (HostTransaction tx = writes.transaction("commit", id)) {
            tx.tag("locating", true);
            for (int j = 0; j < batch.size(); j++) {
                try {
                    tx.execute(sql, batch.get(j));
                } catch (DatabaseException e) {
                    return new ImportResult.Failure(batchStart + j, true, sanitize(e.getMessage()));
                }
            }
            tx.rollback();
        }
        return new ImportResult.Failure(batchStart, false, "The batch of rows " + batchStart + "–"
                + (batchStart + batch.size() - 1) + " failed, but no single row of it fails alone (it may clash with"
                + " rows of an earlier batch of the same import): " + sanitize(bf.getMessage()));
    }

    /**
     * The failing row from exact driver counts: the first {@code -3} after successes only. A batch whose every entry is
     * {@code -3} names nothing (PostgreSQL marks the whole batch).
     */
    static int fromCounts(long[] counts, int sent, DialectCapabilities caps) {
        if (!caps.batchCountsExact() || counts.length != sent) {
            return -1;
        }
        boolean anySuccess = false;
        for (long c : counts) {
            anySuccess |= c >= 0 || c == -2;
        }
        if (!anySuccess) {
            return -1;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == java.sql.Statement.EXECUTE_FAILED) {
                return i;
            }
            if (counts[i] < 0 && counts[i] != java.sql.Statement.SUCCESS_NO_INFO) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The database's reason without the row's values: H2 and PostgreSQL quote the offending key or the statement with
     * its values, which an import answer (and a model's context) should not carry; the row number is given instead.
     */
    static String sanitize(String message) {
        if (message == null) {
            return "(no reason given)";
        }
        String m = message.replaceAll("(?s)VALUES\\s*\\(.*?\\)\\)?\"?", "VALUES (…)")
                .replaceAll("(?i)(Key \\([^)]*\\))=\\([^)]*\\)", "$1=(…)")
                .replaceAll("/\\*[^*]*\\*/\\s*'?[^,)'\"]*'?", "…");
        return m.length() > 600 ? m.substring(0, 600) + "…" : m;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
