package io.xugumcp.api.write;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change described as data. The host turns it into SQL (see the package description). Rows are maps from column
 * name (as the caller wrote it; resolved against the catalog) to a JSON-shaped value; {@code null} values are kept.
 *
 * @since 0.3.0
 */
public sealed interface Change permits Change.Insert, Change.Update, Change.Delete, Change.Upsert, Change.Truncate,
        Change.SchemaChange {

    /** The table the change is about (for a schema change: its main object's table, or null). */
    TableRef table();

    private static List<Map<String, Object>> copyRows(List<Map<String, Object>> rows) {
        Objects.requireNonNull(rows, "rows");
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) {
            out.add(Collections.unmodifiableMap(new LinkedHashMap<>(r)));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Inserts rows. Rows may name different column sets; the host groups them.
     *
     * @param returnKeys read back the generated key values where the driver gives them
     */
    record Insert(TableRef table, List<Map<String, Object>> rows, boolean returnKeys) implements Change {
        public Insert {
            Objects.requireNonNull(table, "table");
            rows = copyRows(rows);
        }
    }

    /** Sets {@code values} on the rows {@code filter} selects. */
    record Update(TableRef table, Map<String, Object> values, Filter filter) implements Change {
        public Update {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(filter, "filter");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** Deletes the rows {@code filter} selects. */
    record Delete(TableRef table, Filter filter) implements Change {
        public Delete {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * Inserts rows, or updates the existing row with the same key, in the dialect's form
     * ({@link io.xugumcp.api.DialectCapabilities.UpsertForm}).
     *
     * @param keyColumns the columns that identify a row; empty means the primary key (or {@code constraint}'s columns)
     * @param constraint a unique constraint's name whose columns are the key (the seed's parameter), or {@code null}
     */
    record Upsert(TableRef table, List<Map<String, Object>> rows, List<String> keyColumns, String constraint)
            implements Change {
        public Upsert {
            Objects.requireNonNull(table, "table");
            rows = copyRows(rows);
            keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
        }
    }

    /** Removes every row. It cannot be rolled back on XuguDB and H2, so it always needs confirmation. */
    record Truncate(TableRef table) implements Change {
        public Truncate {
            Objects.requireNonNull(table, "table");
        }
    }

    /**
     * A schema change (DDL) whose statements the plugin built from {@link io.xugumcp.api.Dialect} primitives
     * ({@code qualify}, {@code quoteIdentifier}, {@code checkType}). The host runs each statement through the guard
     * and the caller's permissions, never "runs and rolls back" DDL (XuguDB and H2 commit it at once), drops the
     * catalog cache afterwards, and – when {@code destructive} – requires confirmation plus {@code confirmName}
     * (from {@link WriteOptions}) equal to {@code objectName}.
     *
     * @param objectType  what is changed, e.g. {@code TABLE}, {@code INDEX}, {@code VIEW}, {@code SCHEMA}
     * @param objectName  the object's name as the person must type it to confirm a destructive change
     * @param table       the table concerned, or {@code null}
     * @param statements  the exact statements, in order
     * @param destructive drops data or objects (drop, drop column, type change)
     * @param impact      what the catalog says the change affects (row count, dependent views, foreign keys …),
     *                    JSON-shaped; shown in previews and confirmation prompts
     */
    record SchemaChange(String objectType, String objectName, TableRef table, List<String> statements,
                        boolean destructive, Map<String, Object> impact) implements Change {
        public SchemaChange {
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(objectName, "objectName");
            statements = List.copyOf(statements);
            if (statements.isEmpty()) {
                throw new IllegalArgumentException("a schema change needs at least one statement");
            }
            impact = impact == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(impact));
        }
    }
}
