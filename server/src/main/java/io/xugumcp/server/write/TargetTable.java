package io.xugumcp.server.write;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.sql.Names;
import io.xugumcp.server.db.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table a write goes to, as the catalog knows it: its exact names, quoted by the dialect, and its columns. Every name
 * a caller writes is matched against these; only catalog spellings ever reach SQL, always quoted.
 */
final class TargetTable {
    private final Catalog.TableDetail detail;
    private final SqlDialect dialect;

    TargetTable(Catalog.TableDetail detail, SqlDialect dialect) {
        this.detail = detail;
        this.dialect = dialect;
    }

    String schema() {
        return detail.table().schema();
    }

    String name() {
        return detail.table().name();
    }

    /** {@code "S"."T"}. */
    String qualified() {
        return dialect.qualify(schema(), name());
    }

    /** {@code S.T}, for messages and audit records. */
    String display() {
        return schema() + "." + name();
    }

    SqlDialect dialect() {
        return dialect;
    }

    List<Catalog.Column> columns() {
        return detail.columns();
    }

    String quote(String column) {
        return dialect.quoteIdentifier(column);
    }

    /** The primary key's columns; empty when the table has none. */
    List<String> primaryKey() {
        return detail.primaryKey() == null ? List.of() : detail.primaryKey().columns();
    }

    /** The primary key constraint's name, or {@code null}. */
    String primaryKeyName() {
        return detail.primaryKey() == null ? null : detail.primaryKey().name();
    }

    List<Catalog.Key> uniqueKeys() {
        return detail.uniqueKeys();
    }

    /** Columns whose values the database generates (identity, serial). */
    List<String> identityColumns() {
        List<String> out = new ArrayList<>();
        for (Catalog.Column c : columns()) {
            if (c.identity()) {
                out.add(c.name());
            }
        }
        return out;
    }

    /**
     * The column a caller means: the exact spelling, else the one column that matches ignoring case.
     *
     * @param where how to point at the name in a message, e.g. {@code "rows[2]"} or {@code "updates"}
     * @throws ToolException {@code not_found} naming close matches, {@code invalid_argument} when ambiguous
     */
    Catalog.Column column(String wanted, String where) {
        String name = Names.check("column", wanted);
        List<Catalog.Column> caseless = new ArrayList<>(2);
        for (Catalog.Column c : columns()) {
            if (c.name().equals(name)) {
                return c;
            }
            if (c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                caseless.add(c);
            }
        }
        if (caseless.size() == 1) {
            return caseless.get(0);
        }
        if (caseless.size() > 1) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The column name " + Names.show(name) + " in " + where
                    + " matches " + caseless.stream().map(Catalog.Column::name).toList() + " in " + display()
                    + ", which differ only in case. Write the name in its exact case.");
        }
        List<String> names = columns().stream().map(Catalog.Column::name).toList();
        List<String> close = Names.closest(name, names, 5);
        String all = String.join(", ", names.size() > 40 ? names.subList(0, 40) : names) + (names.size() > 40 ? ", …" : "");
        throw new ToolException(ErrorCode.NOT_FOUND, "No such column " + Names.show(name) + " (in " + where + ") in table "
                + display() + "." + (close.isEmpty() ? "" : " Close matches: " + String.join(", ", close) + ".")
                + " Its columns: " + all + ".");
    }
}
