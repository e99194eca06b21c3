package io.xugumcp.server.write;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.db.HostTransaction;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the few rows a write's answer shows, inside the write's transaction (so "after" shows the uncommitted
 * change). A sample is a courtesy: when it cannot be read – the role may not SELECT the table, or the database refuses
 * – the write goes on without it, and on databases where a failed statement spoils the transaction (PostgreSQL) the
 * read runs behind a savepoint.
 */
final class Samples {
    /** The most bytes of sample rows in one answer. */
    static final long MAX_BYTES = 64 * 1024;

    private final HostTransaction tx;
    private final TargetTable table;
    private final List<String> notes;

    Samples(HostTransaction tx, TargetTable table, List<String> notes) {
        this.tx = tx;
        this.table = table;
        this.notes = notes;
    }

    /** Every column of the table, in order, for the rows {@code where} selects (ordered by the primary key). */
    QueryResult select(String where, List<Object> params, int max) {
        if (max <= 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder("SELECT ");
        List<Catalog.Column> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(table.quote(cols.get(i).name()));
        }
        sb.append(" FROM ").append(table.qualified());
        if (where != null) {
            sb.append(" WHERE ").append(where);
        }
        List<String> pk = table.primaryKey();
        if (!pk.isEmpty()) {
            sb.append(" ORDER BY ");
            for (int i = 0; i < pk.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(table.quote(pk.get(i)));
            }
        }
        boolean guarded = tx.dialect().capabilities().savepointRelease();
        Savepoint sp = null;
        try {
            sp = guarded ? tx.savepoint() : null;
            QueryResult r = tx.query(sb.toString(), params, new QueryOptions(max, MAX_BYTES, 0));
            if (sp != null) {
                tx.release(sp);
            }
            return r;
        } catch (ToolException e) {
            if (sp != null) {
                tx.rollbackTo(sp);
            }
            if (notes.stream().noneMatch(n -> n.startsWith("No sample"))) {
                notes.add("No sample of the rows: " + e.getMessage());
            }
            return null;
        }
    }

    /**
     * The rows with the primary-key values of {@code rows} (as read by {@link #select}), to show them again after an
     * update; {@code null} when the table has no primary key.
     */
    QueryResult sameRows(QueryResult rows, int max) {
        List<String> pk = table.primaryKey();
        if (rows == null || pk.isEmpty() || rows.rows().isEmpty()) {
            return null;
        }
        List<Integer> index = new ArrayList<>();
        List<Catalog.Column> keyCols = new ArrayList<>();
        for (String k : pk) {
            for (int i = 0; i < table.columns().size(); i++) {
                if (table.columns().get(i).name().equals(k)) {
                    index.add(i);
                    keyCols.add(table.columns().get(i));
                }
            }
        }
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (List<Object> row : rows.rows()) {
            where.append(where.length() > 0 ? " OR (" : "(");
            for (int j = 0; j < index.size(); j++) {
                Catalog.Column c = keyCols.get(j);
                where.append(j > 0 ? " AND " : "").append(table.quote(c.name())).append(" = ?");
                params.add(ColumnValues.coerce(row.get(index.get(j)), ColumnValues.kindOf(c.type()), () -> c.name()));
            }
            where.append(')');
        }
        return select(where.toString(), params, max);
    }
}
