package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Dialect;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A table constraint as a caller gave it: primary key, unique, foreign key (with its referential actions) or check.
 * Names of its own are checked as new names; column and table names are resolved when it is rendered.
 *
 * @param refSchema   the referenced table's schema as written, or {@code null}
 * @param refTable    the referenced table as written (foreign keys)
 * @param refColumns  the referenced columns as written; empty = the referenced table's primary key
 * @param expression  the condition as written (checks)
 */
record ConstraintSpec(Kind kind, String name, List<String> columns, String refSchema, String refTable,
                      List<String> refColumns, String onDelete, String onUpdate, String expression, String path) {

    enum Kind {
        PRIMARY_KEY("PRIMARY KEY"), UNIQUE("UNIQUE"), FOREIGN_KEY("FOREIGN KEY"), CHECK("CHECK");

        final String sql;

        Kind(String sql) {
            this.sql = sql;
        }
    }

    static final Set<String> KEYS = Set.of("type", "name", "columns", "column", "references", "on_delete", "on_update",
            "expression", "check");
    private static final Set<String> REFERENCE_KEYS = Set.of("schema", "table", "columns", "column");
    static final List<String> ACTIONS = List.of("CASCADE", "SET NULL", "SET DEFAULT", "NO ACTION", "RESTRICT");

    static ConstraintSpec parse(Fields f, Dialect dialect) {
        f.only(KEYS);
        Kind kind = kind(f.requireString("type"), f.path("type"));
        String name = f.string("name");
        if (name != null) {
            name = Idents.newName(dialect, "constraint", name);
        }
        List<String> columns = new ArrayList<>(f.names("columns"));
        columns.addAll(f.names("column"));
        String refSchema = null;
        String refTable = null;
        List<String> refColumns = List.of();
        String expression = null;
        String onDelete = null;
        String onUpdate = null;
        switch (kind) {
            case CHECK -> {
                expression = f.firstString("expression", "check");
                if (expression == null || expression.isBlank()) {
                    throw invalid(f.path("expression") + " is required for a check constraint, e.g. \"price > 0\"");
                }
                if (!columns.isEmpty()) {
                    throw invalid(f.path("columns") + " is not used by a check constraint; name the columns in its"
                            + " expression");
                }
            }
            case FOREIGN_KEY -> {
                Object ref = f.raw("references");
                if (ref instanceof String s) {
                    refTable = s;
                } else if (ref != null) {
                    Fields r = Fields.of(ref, f.path("references")).only(REFERENCE_KEYS);
                    refSchema = r.string("schema");
                    refTable = r.requireString("table");
                    List<String> rc = new ArrayList<>(r.names("columns"));
                    rc.addAll(r.names("column"));
                    refColumns = rc;
                } else {
                    throw invalid(f.path("references") + " is required for a foreign key: {\"table\": \"customers\","
                            + " \"columns\": [\"id\"]}");
                }
                onDelete = action(f.string("on_delete"), f.path("on_delete"));
                onUpdate = action(f.string("on_update"), f.path("on_update"));
                if (columns.isEmpty()) {
                    throw invalid(f.path("columns") + " is required for a foreign key");
                }
            }
            default -> {
                if (columns.isEmpty()) {
                    throw invalid(f.path("columns") + " is required for a " + kind.sql.toLowerCase(Locale.ROOT) + " constraint");
                }
            }
        }
        if (kind != Kind.FOREIGN_KEY && (f.has("references") || f.has("on_delete") || f.has("on_update"))) {
            throw invalid(f.path("references") + " and on_delete/on_update belong to foreign keys only");
        }
        if (kind != Kind.CHECK && (f.has("expression") || f.has("check"))) {
            throw invalid(f.path("expression") + " belongs to check constraints only");
        }
        return new ConstraintSpec(kind, name, List.copyOf(columns), refSchema, refTable, refColumns, onDelete, onUpdate,
                expression, f.path());
    }

    /** {@code primary_key}, {@code PRIMARY KEY}, {@code pk}, {@code foreign key}, {@code fk}, {@code unique}, {@code check}. */
    static Kind kind(String text, String where) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace('_', ' ').replace('-', ' ').replaceAll("\\s+", " ");
        return switch (t) {
            case "PRIMARY KEY", "PK", "PRIMARY" -> Kind.PRIMARY_KEY;
            case "UNIQUE", "UNIQUE KEY", "UK" -> Kind.UNIQUE;
            case "FOREIGN KEY", "FK", "FOREIGN", "REFERENCES" -> Kind.FOREIGN_KEY;
            case "CHECK" -> Kind.CHECK;
            default -> throw invalid(where + " must be primary_key, unique, foreign_key or check, not "
                    + Idents.show(text));
        };
    }

    /** A referential action, normalised ({@code set_null} → {@code SET NULL}); {@code null} when absent. */
    static String action(String text, String where) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toUpperCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
        if (!ACTIONS.contains(t)) {
            throw invalid(where + " must be one of cascade, set_null, set_default, no_action, restrict");
        }
        return t;
    }

    private static ToolException invalid(String what) {
        return new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + what + ".");
    }
}
