package io.xugumcp.server.write;

import io.xugumcp.api.DialectCapabilities;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.WriteResult;
import io.xugumcp.server.db.HostTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the statements of a data change inside a transaction the caller owns, and collects what the answer reports:
 * the affected rows (and whether the count is exact), generated keys, inserted versus updated for upserts, and the
 * rows before and after. Commit or rollback is the caller's decision, made on these figures.
 */
final class DmlExecution {
    /** Upserts of more rows than this do not count existing keys first (inserted/updated stay unknown). */
    static final int MAX_ROWS_TO_CLASSIFY = 10_000;
    private static final int KEYS_PER_COUNT = 100;

    /**
     * @param affected rows changed; for batches whose driver gives no count, the rows sent
     * @param exact    false when a driver count was missing
     * @param inserted upserts: rows that were new, else -1
     * @param updated  upserts: rows that existed, else -1
     */
    record Executed(long affected, boolean exact, long inserted, long updated, List<Map<String, Object>> keys,
                    WriteResult.Sample sample, List<String> notes) {
    }

    private DmlExecution() {
    }

    static Executed run(HostTransaction tx, ChangePlan plan, int sampleRows) {
        List<String> notes = new ArrayList<>(plan.notes());
        Samples samples = new Samples(tx, plan.table(), notes);
        Change change = plan.change();
        if (change instanceof Change.Insert insert) {
            return insert(tx, plan, insert.returnKeys(), sampleRows, notes);
        }
        if (change instanceof Change.Upsert) {
            return upsert(tx, plan, samples, sampleRows, notes);
        }
        // Update or delete: one statement, one row of values.
        ChangePlan.Where where = plan.where();
        QueryResult before = samples.select(where == null ? null : where.sql(), where == null ? List.of() : where.params(),
                sampleRows);
        ChangePlan.Bound b = plan.statements().get(0);
        long n = tx.execute(b.sql(), b.rows().get(0));
        QueryResult after = null;
        if (change instanceof Change.Update && before != null && !before.rows().isEmpty()) {
            after = samples.sameRows(before, sampleRows);
            if (after == null) {
                notes.add("The table has no primary key: the rows after are those the filter still selects.");
                after = samples.select(where == null ? null : where.sql(), where == null ? List.of() : where.params(),
                        sampleRows);
            }
        }
        WriteResult.Sample sample = before == null ? null
                : new WriteResult.Sample(names(before), before.rows(), after == null ? List.of() : after.rows());
        return new Executed(n, true, -1, -1, List.of(), sample, notes);
    }

    private static Executed insert(HostTransaction tx, ChangePlan plan, boolean returnKeys, int sampleRows,
                                   List<String> notes) {
        DialectCapabilities.GeneratedKeys how = tx.dialect().capabilities().generatedKeys();
        List<String> keyColumns = plan.table().identityColumns().isEmpty() ? plan.table().primaryKey()
                : plan.table().identityColumns();
        long affected = 0;
        boolean exact = true;
        List<Map<String, Object>> keys = new ArrayList<>();
        if (returnKeys && keyColumns.isEmpty()) {
            notes.add(plan.table().display() + " has no identity or primary key columns: there are no keys to return.");
            returnKeys = false;
        }
        if (returnKeys && how == DialectCapabilities.GeneratedKeys.NONE) {
            notes.add("This database gives no generated keys back.");
            returnKeys = false;
        }
        for (ChangePlan.Bound b : plan.statements()) {
            if (returnKeys && how == DialectCapabilities.GeneratedKeys.JDBC) {
                HostTransaction.BatchOutcome o = tx.executeBatchReturning(b.sql(), b.rows(),
                        keyColumns.toArray(new String[0]));
                Count c = count(o.counts(), b.rows().size());
                affected += c.rows;
                exact &= c.exact;
                keys.addAll(maps(o.keys()));
            } else if (returnKeys) {
                // XuguDB: keys one row at a time. The driver's own way re-selects by a catalog query it splices
                // names into [V bytecode], so the identity value is read with LAST_INSERT_ID() instead [P: EF, HD].
                List<String> identity = plan.table().identityColumns();
                for (List<Object> row : b.rows()) {
                    affected += tx.execute(b.sql(), row);
                    if (identity.size() == 1) {
                        QueryResult r = tx.query("SELECT LAST_INSERT_ID() FROM DUAL", List.of(), QueryOptions.maxRows(1));
                        Map<String, Object> k = new LinkedHashMap<>();
                        k.put(identity.get(0), r.rows().isEmpty() ? null : r.rows().get(0).get(0));
                        keys.add(k);
                    }
                }
                if (identity.size() != 1) {
                    notes.add("Keys come back only for a table with one identity column on " + tx.dialect().name() + ".");
                }
            } else if (b.rows().size() == 1) {
                affected += tx.execute(b.sql(), b.rows().get(0));
            } else {
                Count c = count(tx.executeBatch(b.sql(), b.rows()), b.rows().size());
                affected += c.rows;
                exact &= c.exact;
            }
        }
        if (!exact) {
            notes.add("The driver reports no per-row counts for batches: the count is the rows sent.");
        }
        WriteResult.Sample sample = null;
        if (sampleRows > 0) {
            ChangePlan.Bound first = plan.statements().get(0);
            List<List<Object>> shown = new ArrayList<>();
            for (List<Object> row : first.rows().subList(0, Math.min(sampleRows, first.rows().size()))) {
                List<Object> r = new ArrayList<>(row.size());
                for (Object v : row) {
                    r.add(ColumnValues.shownValue(v));
                }
                shown.add(r);
            }
            sample = new WriteResult.Sample(first.columns(), List.of(), shown);
        }
        return new Executed(affected, exact, -1, -1, keys, sample, notes);
    }

    private static Executed upsert(HostTransaction tx, ChangePlan plan, Samples samples, int sampleRows,
                                   List<String> notes) {
        List<String> key = plan.keyColumns();
        // Which of the rows' keys exist already: that is the split into updated and inserted the database won't give.
        long rows = plan.rowCount();
        Set<List<Object>> distinct = new LinkedHashSet<>();
        List<List<Object>> keyValues = new ArrayList<>();
        for (ChangePlan.Bound b : plan.statements()) {
            int[] idx = key.stream().mapToInt(k -> b.columns().indexOf(k)).toArray();
            for (List<Object> row : b.rows()) {
                List<Object> kv = new ArrayList<>(idx.length);
                List<Object> shown = new ArrayList<>(idx.length);
                for (int i : idx) {
                    kv.add(row.get(i));
                    shown.add(String.valueOf(ColumnValues.shownValue(row.get(i))));
                }
                if (distinct.add(shown)) {
                    keyValues.add(kv);
                }
            }
        }
        long existing = rows <= MAX_ROWS_TO_CLASSIFY ? countExisting(tx, plan.table(), key, keyValues) : -1;
        List<List<Object>> sampleKeys = keyValues.subList(0, Math.min(sampleRows, keyValues.size()));
        Match match = match(plan.table(), key, sampleKeys);
        QueryResult before = sampleRows > 0 ? samples.select(match.where, match.params, sampleRows) : null;
        long affected = 0;
        boolean exact = true;
        for (ChangePlan.Bound b : plan.statements()) {
            if (b.rows().size() == 1) {
                affected += tx.execute(b.sql(), b.rows().get(0));
            } else {
                Count c = count(tx.executeBatch(b.sql(), b.rows()), b.rows().size());
                affected += c.rows;
                exact &= c.exact;
            }
        }
        QueryResult after = sampleRows > 0 ? samples.select(match.where, match.params, sampleRows) : null;
        long inserted = -1;
        long updated = -1;
        if (existing >= 0) {
            // More existing rows than distinct keys cannot be: a count the database does not mean exactly.
            existing = Math.min(existing, keyValues.size());
            inserted = keyValues.size() - existing;
            // A key given twice is written twice: the second time it exists.
            updated = rows - inserted;
        } else {
            notes.add("More than " + MAX_ROWS_TO_CLASSIFY + " rows: inserted and updated are not told apart.");
        }
        if (!exact) {
            notes.add("The driver reports no per-row counts for batches: the count is the rows sent.");
        }
        WriteResult.Sample sample = before == null && after == null ? null : new WriteResult.Sample(
                names(before != null ? before : after), before == null ? List.of() : before.rows(),
                after == null ? List.of() : after.rows());
        return new Executed(affected, exact, inserted, updated, List.of(), sample, notes);
    }

    private record Match(String where, List<Object> params) {
    }

    /** A condition selecting the rows with these key values. */
    private static Match match(TargetTable t, List<String> key, List<List<Object>> values) {
        if (values.isEmpty()) {
            return new Match("1 = 0", List.of());
        }
        StringBuilder sb = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (key.size() == 1) {
            sb.append(t.quote(key.get(0))).append(" IN (");
            for (int i = 0; i < values.size(); i++) {
                sb.append(i > 0 ? ", ?" : "?");
                params.add(values.get(i).get(0));
            }
            sb.append(')');
        } else {
            for (List<Object> kv : values) {
                sb.append(sb.length() > 0 ? " OR (" : "(");
                for (int j = 0; j < key.size(); j++) {
                    sb.append(j > 0 ? " AND " : "").append(t.quote(key.get(j))).append(" = ?");
                    params.add(kv.get(j));
                }
                sb.append(')');
            }
        }
        return new Match(sb.toString(), params);
    }

    private static long countExisting(HostTransaction tx, TargetTable t, List<String> key, List<List<Object>> values) {
        long n = 0;
        for (int from = 0; from < values.size(); from += KEYS_PER_COUNT) {
            Match m = match(t, key, values.subList(from, Math.min(values.size(), from + KEYS_PER_COUNT)));
            QueryResult r = tx.query("SELECT COUNT(*) FROM " + t.qualified() + " WHERE " + m.where, m.params,
                    QueryOptions.maxRows(1));
            Object v = r.rows().isEmpty() ? null : r.rows().get(0).get(0);
            n += v instanceof Number num ? num.longValue() : v == null ? 0 : Long.parseLong(v.toString());
        }
        return n;
    }

    record Count(long rows, boolean exact) {
    }

    /** Rows changed by a batch: the driver's counts, or the rows sent where it gives none ({@code -2}). */
    static Count count(long[] counts, int sent) {
        long n = 0;
        boolean exact = counts.length == sent;
        for (long c : counts) {
            if (c >= 0) {
                n += c;
            } else {
                n += 1;
                exact = false;
            }
        }
        return new Count(exact || counts.length == sent ? n : sent, exact);
    }

    static List<String> names(QueryResult r) {
        return r == null ? List.of() : r.columns().stream().map(QueryResult.Column::name).toList();
    }

    private static List<Map<String, Object>> maps(QueryResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        for (List<Object> row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                m.put(r.columns().get(i).name(), row.get(i));
            }
            out.add(m);
        }
        return out;
    }
}
