package io.xugumcp.server.write;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.DialectCapabilities;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.Condition;
import io.xugumcp.api.write.Filter;
import io.xugumcp.server.db.Binds;
import io.xugumcp.server.db.SqlDialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the SQL of a change with the dialect: every identifier is a catalog spelling, quoted (schema-qualified table
 * names too); every value is a bind parameter, converted for its column ({@link ColumnValues}); the upsert takes the
 * form the dialect's capabilities name. A raw {@code where} text is admitted only after {@link WhereFragment} and the
 * SQL guard's reading of the whole statement agree that it is one condition of one statement of the expected kind.
 */
final class StatementPlanner {
    /** The most values in one IN list. */
    static final int MAX_IN_VALUES = 1000;

    private final TableResolver tables;
    private final SqlDialect dialect;
    private final Function<String, GuardVerdict> guard;

    /** @param guard the SQL guard's reading of a statement text (no permission check) */
    StatementPlanner(TableResolver tables, SqlDialect dialect, Function<String, GuardVerdict> guard) {
        this.tables = tables;
        this.dialect = dialect;
        this.guard = guard;
    }

    ChangePlan plan(Change change) {
        if (change instanceof Change.Insert i) {
            return insert(i);
        } else if (change instanceof Change.Update u) {
            return update(u);
        } else if (change instanceof Change.Delete d) {
            return delete(d);
        } else if (change instanceof Change.Upsert u) {
            return upsert(u);
        } else if (change instanceof Change.Truncate t) {
            return truncate(t);
        }
        throw new IllegalArgumentException("schema changes are planned elsewhere");
    }

    TargetTable target(io.xugumcp.api.write.TableRef ref) {
        return tables.resolve(ref);
    }

    // ------------------------------------------------------------------------------------------------ insert

    private ChangePlan insert(Change.Insert change) {
        TargetTable t = tables.resolve(change.table());
        if (change.rows().isEmpty()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "There are no rows to insert; send at least one row.");
        }
        List<ChangePlan.Bound> statements = new ArrayList<>();
        for (Group g : group(t, change.rows(), "rows")) {
            statements.add(new ChangePlan.Bound(insertSql(t, g.columns()), StatementKind.INSERT, g.columns(), g.rows()));
        }
        List<String> notes = new ArrayList<>();
        if (statements.size() > 1) {
            notes.add("The rows name " + statements.size() + " different column sets; one INSERT runs per set.");
        }
        return new ChangePlan(change, t, statements, null, t.primaryKey(), notes);
    }

    String insertSql(TargetTable t, List<String> columns) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(t.qualified()).append(" (");
        appendColumns(sb, t, columns, "");
        sb.append(") VALUES (");
        placeholders(sb, columns.size());
        return sb.append(')').toString();
    }

    /** Rows sharing a column set, with their values converted for the columns. */
    record Group(List<String> columns, List<List<Object>> rows) {
    }

    /** Groups rows by the columns they name (resolved against the catalog) and converts every value. */
    List<Group> group(TargetTable t, List<Map<String, Object>> rows, String what) {
        Map<List<String>, List<Catalog.Column>> resolved = new HashMap<>();
        Map<List<String>, Group> groups = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Object> row = rows.get(r);
            if (row.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, what + "[" + r + "] has no columns; give each row"
                        + " at least one column and its value.");
            }
            List<String> keys = new ArrayList<>(row.keySet());
            final int rowIndex = r;
            List<Catalog.Column> cols = resolved.computeIfAbsent(keys, k -> resolveColumns(t, k, what + "[" + rowIndex + "]"));
            List<String> names = cols.stream().map(Catalog.Column::name).toList();
            Group g = groups.computeIfAbsent(names, n -> new Group(n, new ArrayList<>()));
            List<Object> values = new ArrayList<>(cols.size());
            for (int i = 0; i < cols.size(); i++) {
                values.add(convert(row.get(keys.get(i)), cols.get(i), what, r));
            }
            g.rows().add(values);
        }
        return List.copyOf(groups.values());
    }

    private static List<Catalog.Column> resolveColumns(TargetTable t, List<String> keys, String where) {
        List<Catalog.Column> cols = new ArrayList<>(keys.size());
        Set<String> seen = new LinkedHashSet<>();
        for (String k : keys) {
            Catalog.Column c = t.column(k, where);
            if (!seen.add(c.name())) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, where + " names column " + c.name()
                        + " twice (as '" + k + "' too); give each column once.");
            }
            cols.add(c);
        }
        return cols;
    }

    static Object convert(Object value, Catalog.Column column, String what, long row) {
        return ColumnValues.coerce(value, ColumnValues.kindOf(column.type()),
                () -> what + "[" + row + "]." + column.name() + " (" + column.type() + ")");
    }

    // ------------------------------------------------------------------------------------------------ update / delete

    private ChangePlan update(Change.Update change) {
        TargetTable t = tables.resolve(change.table());
        if (change.values().isEmpty()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "There is nothing to set; give the columns to change and"
                    + " their new values.");
        }
        List<String> keys = new ArrayList<>(change.values().keySet());
        List<Catalog.Column> cols = resolveColumns(t, keys, "the values to set");
        StringBuilder sb = new StringBuilder("UPDATE ").append(t.qualified()).append(" SET ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            Catalog.Column c = cols.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(t.quote(c.name())).append(" = ?");
            Object v = change.values().get(keys.get(i));
            params.add(ColumnValues.coerce(v, ColumnValues.kindOf(c.type()),
                    () -> "the new value of " + c.name() + " (" + c.type() + ")"));
        }
        ChangePlan.Where where = where(t, change.filter());
        if (where != null) {
            sb.append(" WHERE ").append(where.sql());
            params.addAll(where.params());
        }
        String sql = sb.toString();
        admitWhere(change.filter(), t, where, sql, StatementKind.UPDATE);
        return new ChangePlan(change, t, List.of(new ChangePlan.Bound(sql, StatementKind.UPDATE,
                cols.stream().map(Catalog.Column::name).toList(), List.of(params))), where, t.primaryKey(), List.of());
    }

    private ChangePlan delete(Change.Delete change) {
        TargetTable t = tables.resolve(change.table());
        ChangePlan.Where where = where(t, change.filter());
        String sql = "DELETE FROM " + t.qualified() + (where == null ? "" : " WHERE " + where.sql());
        admitWhere(change.filter(), t, where, sql, StatementKind.DELETE);
        return new ChangePlan(change, t, List.of(new ChangePlan.Bound(sql, StatementKind.DELETE, List.of(),
                List.of(where == null ? List.of() : where.params()))), where, t.primaryKey(), List.of());
    }

    /**
     * The second check of a raw where text: the guard reads the whole statement; it must be exactly one statement of
     * the kind the host built. A second statement or anything the guard reads otherwise fails. The condition alone, in
     * {@code SELECT 1 FROM t WHERE …}, must read as a plain read: that is where the guard sees a call with side effects
     * (a sequence advanced, a sleep, a file or network call), a lock or a SELECT … INTO in a subquery.
     */
    private void admitWhere(Filter filter, TargetTable t, ChangePlan.Where where, String sql, StatementKind expected) {
        if (filter.where() == null) {
            return;
        }
        GuardVerdict v = guard.apply(sql);
        GuardVerdict read = guard.apply("SELECT 1 FROM " + t.qualified() + " WHERE " + where.sql());
        String why = null;
        if (!v.acceptable()) {
            why = String.join(" ", v.problems());
        } else if (v.statementCount() != 1) {
            why = "it holds " + v.statementCount() + " statements";
        } else if (v.kind() != expected) {
            why = "the SQL guard reads the statement as " + v.kind() + " (" + v.verb() + "), not " + expected;
        } else if (!read.acceptable() || read.statementCount() != 1 || read.kind() != StatementKind.READ) {
            why = "the condition does more than read (the SQL guard reads it as " + read.kind() + ")";
        }
        if (why != null) {
            throw new ToolException(ErrorCode.REJECTED, "The where condition is refused: " + why
                    + ". Give one condition that only reads; nothing was changed.");
        }
    }

    /** The WHERE condition of a filter, or {@code null} for every row (only with {@code allRows}). */
    ChangePlan.Where where(TargetTable t, Filter filter) {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Condition c : filter.conditions()) {
            Catalog.Column col = t.column(c.column(), "filter");
            ColumnValues.Kind kind = ColumnValues.kindOf(col.type());
            String q = t.quote(col.name());
            Condition.Op op = c.op();
            Object value = c.value();
            if (value == null && op == Condition.Op.EQ) {
                op = Condition.Op.IS_NULL;
            } else if (value == null && op == Condition.Op.NE) {
                op = Condition.Op.IS_NOT_NULL;
            }
            String where = "filter " + col.name() + " " + op.sql().toLowerCase(Locale.ROOT);
            switch (op) {
                case IS_NULL, IS_NOT_NULL -> parts.add(q + " " + op.sql());
                case IN, NOT_IN -> {
                    if (!(value instanceof List<?> list) || list.isEmpty()) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The " + where + " condition needs a non-empty"
                                + " array of values.");
                    }
                    if (list.size() > MAX_IN_VALUES) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The " + where + " condition has " + list.size()
                                + " values; the limit is " + MAX_IN_VALUES + ".");
                    }
                    StringBuilder sb = new StringBuilder(q).append(' ').append(op.sql()).append(" (");
                    placeholders(sb, list.size());
                    parts.add(sb.append(')').toString());
                    for (Object v : list) {
                        params.add(ColumnValues.coerce(v, kind, () -> "a value of the " + where + " condition ("
                                + col.type() + ")"));
                    }
                }
                case BETWEEN -> {
                    if (!(value instanceof List<?> list) || list.size() != 2) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The " + where + " condition needs an array"
                                + " of exactly two values: [low, high].");
                    }
                    parts.add(q + " BETWEEN ? AND ?");
                    for (Object v : list) {
                        params.add(ColumnValues.coerce(v, kind, () -> "a bound of the " + where + " condition ("
                                + col.type() + ")"));
                    }
                }
                case LIKE, NOT_LIKE -> {
                    if (!(value instanceof String s)) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The " + where + " condition needs a text"
                                + " pattern (% and _ are wildcards).");
                    }
                    parts.add(q + " " + op.sql() + " ?");
                    params.add(s);
                }
                default -> {
                    if (value instanceof List<?> || value instanceof Map<?, ?>) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The " + where + " condition needs one value;"
                                + " use op 'in' for a list.");
                    }
                    parts.add(q + " " + op.sql() + " ?");
                    params.add(ColumnValues.coerce(value, kind, () -> "the value of the " + where + " condition ("
                            + col.type() + ")"));
                }
            }
        }
        if (filter.where() != null) {
            String w = WhereFragment.check(filter.where(), filter.whereParams().size());
            parts.add("(" + w + ")");
            for (int i = 0; i < filter.whereParams().size(); i++) {
                Object p = filter.whereParams().get(i);
                if (p instanceof List<?> || p instanceof Map<?, ?>) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "where_params[" + i + "] must be a string,"
                            + " number, boolean or null.");
                }
                // Strings untyped: the database reads them as whatever the condition compares them with.
                params.add(p instanceof String s ? new Binds.Untyped(s) : p);
            }
        }
        if (parts.isEmpty()) {
            if (!filter.allRows()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "No filter: this would change every row of "
                        + t.display() + ". Give a filter (or a where condition) that selects the rows, or set"
                        + " all_rows: true if every row is meant (that always needs confirmation). Nothing was changed.");
            }
            return null;
        }
        return new ChangePlan.Where(String.join(" AND ", parts), params);
    }

    // ------------------------------------------------------------------------------------------------ upsert

    private ChangePlan upsert(Change.Upsert change) {
        TargetTable t = tables.resolve(change.table());
        DialectCapabilities.UpsertForm form = dialect.capabilities().upsertForm();
        if (form == DialectCapabilities.UpsertForm.NONE) {
            throw new ToolException(ErrorCode.UNSUPPORTED, "This database (" + dialect.name() + ") has no single-statement"
                    + " upsert. Insert the new rows and update the existing ones instead.");
        }
        if (change.rows().isEmpty()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "There are no rows to upsert; send at least one row.");
        }
        List<String> key = upsertKey(t, change);
        List<ChangePlan.Bound> statements = new ArrayList<>();
        List<Group> groups = group(t, change.rows(), "rows");
        for (Group g : groups) {
            for (String k : key) {
                if (!g.columns().contains(k)) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Every row must give the key column " + k
                            + " (the key is " + key + "); some rows lack it.");
                }
                int idx = g.columns().indexOf(k);
                for (List<Object> row : g.rows()) {
                    if (row.get(idx) instanceof Binds.Null) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The key column " + k + " is null in a row;"
                                + " an upsert finds rows by their key, so every key value is needed.");
                    }
                }
            }
            statements.add(new ChangePlan.Bound(upsertSql(t, form, g.columns(), key), StatementKind.MERGE, g.columns(),
                    g.rows()));
        }
        List<String> notes = new ArrayList<>();
        notes.add("Key: " + key + " (" + form + ").");
        return new ChangePlan(change, t, statements, null, key, notes);
    }

    /** The key columns: as given, else the named constraint's, else the primary key; must be a primary or unique key. */
    private static List<String> upsertKey(TargetTable t, Change.Upsert change) {
        List<String> key;
        if (!change.keyColumns().isEmpty()) {
            key = resolveColumns(t, change.keyColumns(), "key_columns").stream().map(Catalog.Column::name).toList();
        } else if (change.constraint() != null && !change.constraint().isBlank()) {
            key = constraintColumns(t, change.constraint().strip());
        } else {
            key = t.primaryKey();
            if (key.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, t.display() + " has no primary key; name the key"
                        + " columns (key_columns) or a unique constraint (constraint)" + uniqueHint(t) + ".");
            }
        }
        Set<String> wanted = new java.util.HashSet<>(key);
        boolean unique = wanted.equals(new java.util.HashSet<>(t.primaryKey()));
        for (Catalog.Key k : t.uniqueKeys()) {
            unique |= wanted.equals(new java.util.HashSet<>(k.columns()));
        }
        if (!unique) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The key " + key + " is not the primary key or a unique"
                    + " key of " + t.display() + ", so it could match several rows. Use the primary key "
                    + t.primaryKey() + uniqueHint(t) + ".");
        }
        return key;
    }

    private static List<String> constraintColumns(TargetTable t, String name) {
        List<Catalog.Key> keys = new ArrayList<>(t.uniqueKeys());
        if (t.primaryKeyName() != null) {
            keys.add(0, new Catalog.Key(t.primaryKeyName(), t.primaryKey()));
        }
        for (Catalog.Key k : keys) {
            if (name.equals(k.name())) {
                return k.columns();
            }
        }
        for (Catalog.Key k : keys) {
            if (k.name() != null && name.equalsIgnoreCase(k.name())) {
                return k.columns();
            }
        }
        throw new ToolException(ErrorCode.NOT_FOUND, "No primary key or unique constraint named '" + name + "' on "
                + t.display() + (t.primaryKeyName() == null ? "" : "; its primary key is " + t.primaryKeyName() + " "
                + t.primaryKey()) + uniqueHint(t) + ".");
    }

    private static String uniqueHint(TargetTable t) {
        List<String> names = new ArrayList<>();
        for (Catalog.Key k : t.uniqueKeys()) {
            names.add((k.name() == null ? "" : k.name() + " ") + k.columns());
        }
        return names.isEmpty() ? "" : "; its unique keys: " + String.join(", ", names);
    }

    String upsertSql(TargetTable t, DialectCapabilities.UpsertForm form, List<String> columns, List<String> key) {
        List<String> rest = new ArrayList<>();
        for (String c : columns) {
            if (!key.contains(c)) {
                rest.add(c);
            }
        }
        StringBuilder sb = new StringBuilder();
        switch (form) {
            case MERGE_USING_DUAL -> {
                // [P] lab C063: the ON columns must not be updated; WHEN clauses in either order.
                sb.append("MERGE INTO ").append(t.qualified()).append(" t USING (SELECT ");
                for (int i = 0; i < columns.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append("? AS ").append(t.quote(columns.get(i)));
                }
                sb.append(" FROM DUAL) s ON (");
                for (int i = 0; i < key.size(); i++) {
                    String q = t.quote(key.get(i));
                    sb.append(i > 0 ? " AND " : "").append("t.").append(q).append(" = s.").append(q);
                }
                sb.append(')');
                if (!rest.isEmpty()) {
                    sb.append(" WHEN MATCHED THEN UPDATE SET ");
                    for (int i = 0; i < rest.size(); i++) {
                        String q = t.quote(rest.get(i));
                        sb.append(i > 0 ? ", " : "").append("t.").append(q).append(" = s.").append(q);
                    }
                }
                sb.append(" WHEN NOT MATCHED THEN INSERT (");
                appendColumns(sb, t, columns, "");
                sb.append(") VALUES (");
                appendColumns(sb, t, columns, "s.");
                sb.append(')');
            }
            case MERGE_KEY -> {
                sb.append("MERGE INTO ").append(t.qualified()).append(" (");
                appendColumns(sb, t, columns, "");
                sb.append(") KEY (");
                appendColumns(sb, t, key, "");
                sb.append(") VALUES (");
                placeholders(sb, columns.size());
                sb.append(')');
            }
            case ON_CONFLICT -> {
                sb.append(insertSql(t, columns)).append(" ON CONFLICT (");
                appendColumns(sb, t, key, "");
                sb.append(')');
                if (rest.isEmpty()) {
                    sb.append(" DO NOTHING");
                } else {
                    sb.append(" DO UPDATE SET ");
                    for (int i = 0; i < rest.size(); i++) {
                        String q = t.quote(rest.get(i));
                        sb.append(i > 0 ? ", " : "").append(q).append(" = EXCLUDED.").append(q);
                    }
                }
            }
            default -> throw new IllegalStateException("no upsert form");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ truncate

    private ChangePlan truncate(Change.Truncate change) {
        TargetTable t = tables.resolve(change.table());
        List<String> notes = new ArrayList<>();
        if (!dialect.capabilities().transactionalTruncate()) {
            notes.add("TRUNCATE cannot be undone on " + dialect.name() + ": it commits at once.");
        }
        return new ChangePlan(change, t, List.of(new ChangePlan.Bound("TRUNCATE TABLE " + t.qualified(),
                StatementKind.DDL, List.of(), List.of(List.of()))), null, t.primaryKey(), notes);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void appendColumns(StringBuilder sb, TargetTable t, List<String> columns, String prefix) {
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(prefix).append(t.quote(columns.get(i)));
        }
    }

    private static void placeholders(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", ?" : "?");
        }
    }
}
