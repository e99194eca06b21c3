package io.xugumcp.plugin.ddl;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link ConstraintSpec} against a table's columns, resolving what a foreign key references. */
final class Constraints {

    /** A table a foreign key may reference: its exact names, columns and primary key. */
    record Referenced(String schema, String name, TableShape shape, List<String> primaryKey) {
    }

    /** Finds a referenced table (the catalog's, or the table being created when it references itself). */
    @FunctionalInterface
    interface Refs {
        Referenced resolve(String schema, String table, String where);
    }

    private Constraints() {
    }

    /** {@code [CONSTRAINT "n"] PRIMARY KEY ("A", "B")}, {@code … FOREIGN KEY (…) REFERENCES "S"."T" (…) ON DELETE …}, {@code … CHECK (…)}. */
    static String render(ConstraintSpec c, TableShape table, Refs refs, Forms forms) {
        StringBuilder sb = new StringBuilder();
        if (c.name() != null) {
            sb.append("CONSTRAINT ").append(forms.quote(c.name())).append(' ');
        }
        sb.append(c.kind().sql);
        switch (c.kind()) {
            case CHECK -> sb.append(" (").append(CheckExpressions.render(c.expression(), table::find, forms,
                    c.path() + ".expression")).append(')');
            case FOREIGN_KEY -> {
                List<String> cols = columns(c.columns(), table, c.path() + ".columns");
                Referenced ref = refs.resolve(c.refSchema(), c.refTable(), c.path() + ".references");
                List<String> refCols;
                if (c.refColumns().isEmpty()) {
                    if (ref.primaryKey().isEmpty()) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + c.path() + ".references: table "
                                + ref.name() + " has no primary key; name the referenced columns.");
                    }
                    refCols = ref.primaryKey();
                } else {
                    refCols = columns(c.refColumns(), ref.shape(), c.path() + ".references.columns");
                }
                if (refCols.size() != cols.size()) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + c.path() + ": the foreign key has "
                            + cols.size() + " column(s) but references " + refCols.size() + " (" + String.join(", ", refCols)
                            + ").");
                }
                sb.append(' ').append(list(cols, forms)).append(" REFERENCES ")
                        .append(forms.qualify(ref.schema(), ref.name())).append(' ').append(list(refCols, forms));
                if (c.onDelete() != null) {
                    sb.append(" ON DELETE ").append(c.onDelete());
                }
                if (c.onUpdate() != null) {
                    sb.append(" ON UPDATE ").append(c.onUpdate());
                }
            }
            default -> sb.append(' ').append(list(columns(c.columns(), table, c.path() + ".columns"), forms));
        }
        return sb.toString();
    }

    /** The exact names of the columns a caller listed; each must exist and appear once. */
    static List<String> columns(List<String> written, TableShape table, String where) {
        List<String> out = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            String exact = table.require(written.get(i), where + "[" + i + "]");
            if (out.contains(exact)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " lists " + exact + " twice.");
            }
            out.add(exact);
        }
        return out;
    }

    /** {@code ("A", "B")}. */
    static String list(List<String> exact, Forms forms) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < exact.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(forms.quote(exact.get(i)));
        }
        return sb.append(')').toString();
    }
}
