package io.xugumcp.plugin.ddl;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns of a table as a statement sequence sees them: the catalog's for an existing table, the definitions for a
 * new one, updated as alter operations add, drop and rename columns. Callers name columns loosely ({@code id} for
 * {@code ID}); this resolves them to the exact spelling, which is the only form that reaches SQL.
 */
final class TableShape {

    /** One column: exact name, type as the database writes it, nullability. */
    record Col(String name, String type, boolean notNull) {
    }

    private final String schema;
    private String name;
    private final List<Col> columns;

    TableShape(String schema, String name, List<Col> columns) {
        this.schema = schema;
        this.name = name;
        this.columns = new ArrayList<>(columns);
    }

    String schema() {
        return schema;
    }

    String name() {
        return name;
    }

    void rename(String newName) {
        this.name = newName;
    }

    List<Col> columns() {
        return List.copyOf(columns);
    }

    List<String> columnNames() {
        return columns.stream().map(Col::name).toList();
    }

    /** The exact name of a column as a caller wrote it, or {@code null}: exact, quoted, then unique caseless match. */
    String find(String written) {
        if (written == null) {
            return null;
        }
        String w = written.strip();
        if (w.length() >= 2 && w.startsWith("\"") && w.endsWith("\"")) {
            String exact = w.substring(1, w.length() - 1).replace("\"\"", "\"");
            return columns.stream().map(Col::name).filter(exact::equals).findFirst().orElse(null);
        }
        for (Col c : columns) {
            if (c.name().equals(w)) {
                return c.name();
            }
        }
        String hit = null;
        for (Col c : columns) {
            if (c.name().toLowerCase(Locale.ROOT).equals(w.toLowerCase(Locale.ROOT))) {
                if (hit != null) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The column name " + Idents.show(w) + " matches "
                            + hit + " and " + c.name() + " of " + name + ", which differ only in case. Write it in double"
                            + " quotes in its exact case.");
                }
                hit = c.name();
            }
        }
        return hit;
    }

    /** Like {@link #find} but refuses an unknown column, listing the table's columns. */
    String require(String written, String where) {
        if (written == null || written.isBlank()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " must name a column.");
        }
        String c = find(written);
        if (c == null) {
            List<String> names = columnNames();
            throw new ToolException(ErrorCode.NOT_FOUND, "Argument " + where + ": table " + name + " has no column "
                    + Idents.show(written.strip()) + ". Its columns: "
                    + String.join(", ", names.size() > 40 ? names.subList(0, 40) : names) + (names.size() > 40 ? " …" : "")
                    + ".");
        }
        return c;
    }

    Col column(String exact) {
        return columns.stream().filter(c -> c.name().equals(exact)).findFirst().orElseThrow();
    }

    void add(Col c) {
        if (columns.stream().anyMatch(x -> x.name().equals(c.name()))) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Table " + name + " already has a column named "
                    + Idents.show(c.name()) + ".");
        }
        columns.add(c);
    }

    void drop(String exact) {
        columns.removeIf(c -> c.name().equals(exact));
    }

    void replace(String exact, Col c) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(exact)) {
                columns.set(i, c);
                return;
            }
        }
    }
}
