package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code alter_table}: the seed's {@code action} + {@code alterations}, or a list of {@code operations} applied in
 * order – add, drop and alter columns (type, default, NOT NULL, comment), rename a column or the table, add and drop
 * constraints, set comments. Each operation sees the table as the earlier ones left it (a column added first can be
 * constrained next; after a rename the new name is used). Dropping a column and changing a type are destructive.
 */
final class AlterTable {

    static final Set<String> OPS = Set.of("add_column", "drop_column", "alter_column", "rename_column", "rename_table",
            "add_constraint", "drop_constraint", "set_comment", "set_default", "drop_default", "set_not_null",
            "drop_not_null");
    private static final Map<String, String> ALIASES = Map.of("rename", "rename_table", "modify_column", "alter_column",
            "comment", "set_comment", "add", "add_column", "drop", "drop_column");

    private final Ctx ctx;
    private final Catalog.TableDetail detail;
    private final TableShape shape;
    private final String schema;
    private String qualified;
    private final List<String> statements = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> dropped = new LinkedHashMap<>();
    private final Set<String> constraintNames = new HashSet<>();
    private boolean primaryKey;
    private boolean destructive;
    private boolean rewrites;
    private boolean scans;
    private boolean renamedTable;
    private List<String> checkNames;
    private boolean checksUnknown;

    private AlterTable(Ctx ctx, Catalog.TableDetail detail) {
        this.ctx = ctx;
        this.detail = detail;
        this.shape = Ctx.shape(detail);
        this.schema = detail.table().schema();
        this.qualified = ctx.forms.qualify(schema, detail.table().name());
        this.primaryKey = detail.primaryKey() != null;
        if (detail.primaryKey() != null && detail.primaryKey().name() != null) {
            constraintNames.add(detail.primaryKey().name());
        }
        detail.uniqueKeys().forEach(k -> {
            if (k.name() != null) {
                constraintNames.add(k.name());
            }
        });
        detail.foreignKeys().forEach(f -> {
            if (f.name() != null) {
                constraintNames.add(f.name());
            }
        });
    }

    static Plan plan(Ctx ctx, Arguments args) {
        Catalog.Table t = ctx.table(args.optionalString("schema").orElse(null), args.requireString("table_name"));
        if (t.isView()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, t.name() + " is a view; alter_table changes tables."
                    + " To change a view, create_view with or_replace=true.");
        }
        Catalog.TableDetail d = ctx.describe(t);
        List<Fields> ops = operations(args);
        AlterTable a = new AlterTable(ctx, d);
        for (Fields op : ops) {
            a.apply(op);
        }
        Map<String, Object> impact = new LinkedHashMap<>();
        if (a.rewrites || a.scans || a.destructive) {
            Impact.rows(ctx, t, impact);
        }
        if (!a.dropped.isEmpty()) {
            impact.put("droppedColumns", a.dropped);
        }
        if (a.destructive || a.renamedTable) {
            Impact.viewsMentioning(ctx, t.schema(), t.name(), null).into(impact, "viewsMentioningTable");
        }
        if (a.rewrites) {
            a.notes.add("Changing a column's type may rewrite every row and lock the table while it runs.");
        }
        if (!ctx.dialect.capabilities().transactionalDdl() && a.statements.size() > 1) {
            a.notes.add("This database commits each DDL statement at once: the operations run in order, and if one"
                    + " fails the earlier ones stay applied.");
        }
        String after = a.shape.name();
        return new Plan("TABLE", t.name(), t.schema(), t.name(), a.statements, a.destructive, impact, a.notes,
                Plan.After.table(t.schema(), after), null, Map.of());
    }

    /** The operations, from {@code operations} or from the seed's {@code action} + {@code alterations}. */
    static List<Fields> operations(Arguments args) {
        boolean seed = args.has("action");
        boolean list = args.has("operations");
        if (seed && list) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Send either 'operations' or 'action' with 'alterations',"
                    + " not both.");
        }
        List<Fields> out = new ArrayList<>();
        if (list) {
            List<Object> raw = args.list("operations");
            if (raw.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'operations' must hold at least one operation.");
            }
            for (int i = 0; i < raw.size(); i++) {
                Fields f = Fields.of(raw.get(i), "operations[" + i + "]");
                out.add(withOp(f, f.requireString("op")));
            }
            return out;
        }
        if (!seed) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Say what to change: 'operations' (a list such as"
                    + " [{\"op\": \"add_column\", \"name\": \"note\", \"type\": \"VARCHAR(200)\"}]) or the seed's 'action'"
                    + " (ADD_COLUMN, DROP_COLUMN, ALTER_COLUMN, RENAME_COLUMN, RENAME, ADD_CONSTRAINT, DROP_CONSTRAINT)"
                    + " with 'alterations'.");
        }
        String action = args.requireString("action");
        Object alterations = args.asMap().get("alterations");
        if (alterations == null) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'alterations' is required with 'action'.");
        }
        Fields f = Fields.of(alterations, "alterations");
        String op = normalise(action, "action");
        if (op.equals("add_column") && !f.contains("name") && !f.contains("column") && !f.contains("type")) {
            // The seed's {name: type} map: one add_column per entry.
            for (Map.Entry<String, Object> e : f.asMap().entrySet()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("op", op);
                if (e.getValue() instanceof Map<?, ?> obj) {
                    for (Map.Entry<?, ?> x : obj.entrySet()) {
                        m.put(String.valueOf(x.getKey()), x.getValue());
                    }
                } else {
                    m.put("type", e.getValue());
                }
                m.put("name", e.getKey());
                out.add(new Fields(m, "alterations." + e.getKey()));
            }
            if (out.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'alterations' names no column to add.");
            }
            return out;
        }
        Map<String, Object> m = new LinkedHashMap<>(f.asMap());
        m.put("op", op);
        out.add(new Fields(m, "alterations"));
        return out;
    }

    private static Fields withOp(Fields f, String op) {
        Map<String, Object> m = new LinkedHashMap<>(f.asMap());
        m.put("op", normalise(op, f.path("op")));
        return new Fields(m, f.path());
    }

    static String normalise(String op, String where) {
        String o = op.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        o = ALIASES.getOrDefault(o, o);
        if (!OPS.contains(o)) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " must be one of "
                    + String.join(", ", OPS.stream().sorted().toList()) + ", not " + Idents.show(op) + ".");
        }
        return o;
    }

    /** The fields of an operation without {@code op}, as a column or constraint definition. */
    private static Fields body(Fields op, String nested) {
        if (op.has(nested)) {
            Map<String, Object> rest = new LinkedHashMap<>(op.asMap());
            rest.remove("op");
            rest.remove(nested);
            if (!rest.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path() + ": put the definition"
                        + " either in '" + nested + "' or beside 'op', not both (" + String.join(", ", rest.keySet()) + ").");
            }
            return Fields.of(op.raw(nested), op.path(nested));
        }
        Map<String, Object> m = new LinkedHashMap<>(op.asMap());
        m.remove("op");
        return new Fields(m, op.path());
    }

    private void apply(Fields op) {
        String kind = op.string("op");
        switch (kind) {
            case "add_column" -> addColumn(op);
            case "drop_column" -> dropColumn(op);
            case "alter_column" -> alterColumn(op);
            case "rename_column" -> renameColumn(op);
            case "rename_table" -> renameTable(op);
            case "add_constraint" -> addConstraint(op);
            case "drop_constraint" -> dropConstraint(op);
            case "set_comment" -> setComment(op);
            case "set_default" -> {
                op.only(Set.of("op", "column", "name", "default"));
                if (!op.contains("default")) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path("default")
                            + " is required for set_default (null sets DEFAULT NULL).");
                }
                String c = column(op);
                setDefault(c, op.raw("default"), op.path("default"));
            }
            case "drop_default" -> {
                op.only(Set.of("op", "column", "name"));
                statements.add(alterColumn(column(op)) + " DROP DEFAULT");
            }
            case "set_not_null" -> {
                op.only(Set.of("op", "column", "name"));
                setNullability(column(op), false);
            }
            case "drop_not_null" -> {
                op.only(Set.of("op", "column", "name"));
                setNullability(column(op), true);
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    private String column(Fields op) {
        String written = op.firstString("column", "name", "old_name");
        return shape.require(written, op.path(op.has("column") ? "column" : "name"));
    }

    private String alterColumn(String column) {
        return "ALTER TABLE " + qualified + " ALTER COLUMN " + ctx.forms.quote(column);
    }

    private void addColumn(Fields op) {
        Fields def = body(op, "column");
        ColumnSpec c = ColumnSpec.parse(def, null, ctx.dialect);
        shape.add(c.asCol());
        statements.add("ALTER TABLE " + qualified + " ADD COLUMN " + c.definition(ctx.forms));
        if (c.notNull() && !c.hasDefault() && !c.identity()) {
            scans = true;
            notes.add("Column " + c.name() + " is NOT NULL without a default: the database refuses to add it to a table"
                    + " that has rows.");
        } else if (c.hasDefault()) {
            scans = true;
        }
        if (c.comment() != null && !c.comment().isEmpty()) {
            statements.add("COMMENT ON COLUMN " + qualified + "." + ctx.forms.quote(c.name()) + " IS "
                    + ctx.forms.literal(c.comment(), def.path("comment")));
        }
        if (c.primaryKey()) {
            if (primaryKey) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + def.path("primary_key") + ": table "
                        + shape.name() + " already has a primary key.");
            }
            primaryKey = true;
            statements.add("ALTER TABLE " + qualified + " ADD PRIMARY KEY (" + ctx.forms.quote(c.name()) + ")");
        } else if (c.unique()) {
            statements.add("ALTER TABLE " + qualified + " ADD UNIQUE (" + ctx.forms.quote(c.name()) + ")");
        }
        if (c.references() != null) {
            statements.add("ALTER TABLE " + qualified + " ADD "
                    + Constraints.render(CreateTable.columnReference(ctx, c), shape, ctx.refs(null, List.of()), ctx.forms));
        }
    }

    private void dropColumn(Fields op) {
        op.only(Set.of("op", "column", "name", "columns"));
        List<String> names = new ArrayList<>(op.names("columns"));
        if (op.has("column")) {
            names.add(op.string("column"));
        }
        if (op.has("name")) {
            names.add(op.string("name"));
        }
        if (names.isEmpty()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path("column") + " must name the column"
                    + " to drop.");
        }
        for (String n : names) {
            String c = shape.require(n, op.path("column"));
            if (shape.columns().size() == 1) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Column " + c + " is the last column of "
                        + shape.name() + "; a table needs one. Use drop_table to remove the table.");
            }
            shape.drop(c);
            statements.add("ALTER TABLE " + qualified + " DROP COLUMN " + ctx.forms.quote(c));
            destructive = true;
            if (detail.columns().stream().anyMatch(x -> x.name().equals(c))) {
                Map<String, Object> uses = Impact.usesOfColumn(detail, c);
                dropped.put(c, uses);
            } else {
                dropped.put(c, Map.of());
            }
        }
    }

    private void alterColumn(Fields op) {
        op.only(Set.of("op", "column", "name", "type", "nullable", "not_null", "default", "drop_default", "comment",
                "new_name"));
        String c = column(op);
        TableShape.Col current = shape.column(c);
        Boolean nullable = op.bool("nullable");
        Boolean notNullFlag = op.bool("not_null");
        if (nullable != null && notNullFlag != null && nullable == notNullFlag) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Arguments " + op.path("nullable") + " and "
                    + op.path("not_null") + " contradict each other; send one of them.");
        }
        Boolean wantNotNull = notNullFlag != null ? notNullFlag : nullable == null ? null : !nullable;
        boolean anything = false;
        boolean nullabilityDone = false;
        if (op.has("type")) {
            String type = ctx.dialect.checkType(op.string("type"));
            boolean notNull = wantNotNull != null ? wantNotNull : current.notNull();
            statements.add(ctx.forms.alterColumnType(qualified, c, type, notNull));
            // Where the type form restates the definition, NOT NULL went with it; making the column nullable still
            // gets its own DROP NOT NULL, since leaving NOT NULL out is not established to drop it.
            nullabilityDone = ctx.forms.typeFormRestatesNullability() && (wantNotNull == null || wantNotNull);
            shape.replace(c, new TableShape.Col(c, type, nullabilityDone && wantNotNull != null ? wantNotNull : current.notNull()));
            destructive = true;
            rewrites = true;
            anything = true;
        }
        if (op.contains("default") && op.bool("drop_default", false)) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Arguments " + op.path("default") + " and "
                    + op.path("drop_default") + " contradict each other; send one of them.");
        }
        if (op.contains("default")) {
            setDefault(c, op.raw("default"), op.path("default"));
            anything = true;
        } else if (op.bool("drop_default", false)) {
            statements.add(alterColumn(c) + " DROP DEFAULT");
            anything = true;
        }
        if (wantNotNull != null && !nullabilityDone) {
            setNullability(c, !wantNotNull);
            anything = true;
        }
        if (op.contains("comment")) {
            statements.add(comment("COLUMN", qualified + "." + ctx.forms.quote(c), op.string("comment"), op.path("comment")));
            anything = true;
        }
        if (op.has("new_name")) {
            rename(c, op.string("new_name"), op.path("new_name"));
            anything = true;
        }
        if (!anything) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path() + " changes nothing: give type,"
                    + " nullable, default, drop_default, comment or new_name.");
        }
    }

    private void setDefault(String column, Object value, String where) {
        String type = shape.column(column).type();
        statements.add(alterColumn(column) + " SET DEFAULT " + Defaults.render(value, type, ctx.forms, where));
    }

    private void setNullability(String column, boolean nullable) {
        statements.add(alterColumn(column) + (nullable ? " DROP NOT NULL" : " SET NOT NULL"));
        TableShape.Col cur = shape.column(column);
        shape.replace(column, new TableShape.Col(column, cur.type(), !nullable));
        if (!nullable) {
            scans = true;
        }
    }

    private void renameColumn(Fields op) {
        op.only(Set.of("op", "column", "name", "old_name", "new_name", "to"));
        String c = column(op);
        String to = op.firstString("new_name", "to");
        if (to == null) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path("new_name") + " is required for"
                    + " rename_column.");
        }
        rename(c, to, op.path("new_name"));
    }

    private void rename(String column, String newNameRaw, String where) {
        if (!ctx.dialect.capabilities().renameColumn()) {
            throw new ToolException(ErrorCode.UNSUPPORTED, "Renaming a column (ALTER TABLE … RENAME COLUMN) is not known"
                    + " to work on every version of this database (" + ctx.dialect.name() + "), so this server does not"
                    + " send it. Do it in steps instead: add_column with the new name and the same type, copy the values"
                    + " with update_rows (SET new = old), then drop_column the old one – or ask the database administrator"
                    + " to rename it.");
        }
        String to = Idents.newName(ctx.dialect, "column", newNameRaw);
        TableShape.Col cur = shape.column(column);
        if (shape.find("\"" + to.replace("\"", "\"\"") + "\"") != null) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + ": table " + shape.name()
                    + " already has a column named " + Idents.show(to) + ".");
        }
        shape.replace(column, new TableShape.Col(to, cur.type(), cur.notNull()));
        statements.add("ALTER TABLE " + qualified + " RENAME COLUMN " + ctx.forms.quote(column) + " TO " + ctx.forms.quote(to));
    }

    private void renameTable(Fields op) {
        op.only(Set.of("op", "new_name", "to", "name"));
        String raw = op.firstString("new_name", "to", "name");
        if (raw == null) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path("new_name") + " is required for"
                    + " rename_table.");
        }
        String to = Idents.newName(ctx.dialect, "table", raw);
        ctx.requireDropToRename(detail.table());
        if (ctx.existing(schema, to) != null) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path("new_name") + ": schema " + schema
                    + " already has a table or view named " + Idents.show(to) + ".");
        }
        statements.add("ALTER TABLE " + qualified + " RENAME TO " + ctx.forms.quote(to));
        shape.rename(to);
        qualified = ctx.forms.qualify(schema, to);
        renamedTable = true;
    }

    private void addConstraint(Fields op) {
        Fields def = body(op, "constraint");
        ConstraintSpec c = ConstraintSpec.parse(def, ctx.dialect);
        if (c.kind() == ConstraintSpec.Kind.PRIMARY_KEY) {
            if (primaryKey) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + def.path() + ": table " + shape.name()
                        + " already has a primary key; drop it first (drop_constraint).");
            }
            primaryKey = true;
        }
        if (c.name() != null) {
            if (constraintNames.contains(c.name())) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + def.path("name") + ": table "
                        + shape.name() + " already has a constraint named " + Idents.show(c.name()) + ".");
            }
            constraintNames.add(c.name());
        }
        scans = true;
        statements.add("ALTER TABLE " + qualified + " ADD " + Constraints.render(c, shape, ctx.refs(null, List.of()), ctx.forms));
    }

    private void dropConstraint(Fields op) {
        op.only(Set.of("op", "name", "constraint", "constraint_name"));
        String written = op.firstString("name", "constraint", "constraint_name");
        if (written == null || written.isBlank()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path("name") + " must name the"
                    + " constraint to drop.");
        }
        List<String> known = new ArrayList<>(constraintNames);
        List<String> checks = checkNames();
        if (checks != null) {
            known.addAll(checks);
        }
        String exact = matchName(written.strip(), known);
        if (exact == null && checks == null) {
            // The catalog could not list the checks: the name goes as written (a new-name check keeps it a name).
            exact = Idents.newName(ctx.dialect, "constraint", written.strip());
            notes.add("The check constraints of " + shape.name() + " could not be read, so " + exact
                    + " was not verified to exist; the database refuses the drop if it does not.");
        }
        if (exact == null) {
            throw new ToolException(ErrorCode.NOT_FOUND, "Table " + shape.name() + " has no constraint named "
                    + Idents.show(written) + ". Its named constraints: "
                    + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList()))
                    + " (describe_table shows keys and foreign keys).");
        }
        if (detail.primaryKey() != null && exact.equals(detail.primaryKey().name())) {
            primaryKey = false;
        }
        constraintNames.remove(exact);
        statements.add("ALTER TABLE " + qualified + " DROP CONSTRAINT " + ctx.forms.quote(exact));
    }

    /** The table's check constraint names, or {@code null} when the catalog cannot tell. */
    private List<String> checkNames() {
        if (checkNames == null && !checksUnknown) {
            try {
                checkNames = ctx.catalog.checks(detail.table()).stream().map(Catalog.Check::name)
                        .filter(java.util.Objects::nonNull).toList();
            } catch (UnsupportedOperationException | ToolException e) {
                checksUnknown = true;
            }
        }
        return checkNames;
    }

    private static String matchName(String written, List<String> known) {
        String w = written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")
                ? written.substring(1, written.length() - 1).replace("\"\"", "\"") : written;
        if (known.contains(w)) {
            return w;
        }
        if (w.equals(written)) {
            List<String> caseless = known.stream().filter(k -> k.equalsIgnoreCase(w)).toList();
            if (caseless.size() == 1) {
                return caseless.get(0);
            }
        }
        return null;
    }

    private void setComment(Fields op) {
        op.only(Set.of("op", "column", "comment"));
        if (!op.contains("comment")) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + op.path("comment") + " is required for"
                    + " set_comment (null removes the comment).");
        }
        if (op.has("column")) {
            String c = shape.require(op.string("column"), op.path("column"));
            statements.add(comment("COLUMN", qualified + "." + ctx.forms.quote(c), op.string("comment"), op.path("comment")));
        } else {
            statements.add(comment("TABLE", qualified, op.string("comment"), op.path("comment")));
        }
    }

    /** {@code COMMENT ON TABLE|COLUMN … IS '…'}; null or empty removes the comment ({@code IS NULL}). */
    private String comment(String what, String target, String text, String where) {
        return "COMMENT ON " + what + " " + target + " IS "
                + (text == null || text.isEmpty() ? "NULL" : ctx.forms.literal(text, where));
    }
}
