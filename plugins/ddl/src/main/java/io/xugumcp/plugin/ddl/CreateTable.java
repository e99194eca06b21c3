package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code create_table}: one CREATE TABLE with column definitions and table constraints (primary key, unique, foreign
 * keys with actions, checks), then COMMENT ON for the table and each commented column.
 */
final class CreateTable {

    private CreateTable() {
    }

    /** The new table's schema and exact name from {@code table_name} (or {@code schema.table}) and {@code schema}. */
    static String[] target(Ctx ctx, Arguments args, String nameArg, String what) {
        String raw = args.requireString(nameArg);
        String schemaArg = args.optionalString("schema").orElse(null);
        String[] split = schemaArg == null ? Idents.split(raw) : null;
        String schema = ctx.schema(split != null ? split[0] : schemaArg);
        String name = Idents.newName(ctx.dialect, what, split != null ? split[1] : raw);
        return new String[] {schema, name};
    }

    static Plan plan(Ctx ctx, Arguments args) {
        String[] target = target(ctx, args, "table_name", "table");
        String schema = target[0];
        String name = target[1];
        Catalog.Table exists = ctx.existing(schema, name);
        if (exists != null) {
            if (args.bool("if_not_exists", false)) {
                return Plan.nothing("TABLE", name, schema, (exists.isView() ? "A view" : "A table") + " named " + name
                        + " already exists in " + schema + "; nothing was changed (if_not_exists).", Plan.After.table(schema, name));
            }
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, (exists.isView() ? "A view" : "A table") + " named "
                    + Idents.show(name) + " already exists in schema " + schema + ". Choose another name, drop it first,"
                    + " or pass if_not_exists=true.");
        }
        if (!args.has("columns")) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'columns' is required: {\"id\": \"INTEGER\"} or"
                    + " [{\"name\": \"id\", \"type\": \"INTEGER\", \"primary_key\": true}, …].");
        }
        List<ColumnSpec> columns = new ArrayList<>(ColumnSpec.parseAll(args.asMap().get("columns"), ctx.dialect, "columns"));
        List<ConstraintSpec> constraints = new ArrayList<>();
        for (int i = 0; i < args.list("constraints").size(); i++) {
            constraints.add(ConstraintSpec.parse(Fields.of(args.list("constraints").get(i), "constraints[" + i + "]"),
                    ctx.dialect));
        }
        TableShape shape = new TableShape(schema, name, columns.stream().map(ColumnSpec::asCol).toList());

        // The primary key: from primary_key, the columns' flags or one constraint – one source only.
        List<String> pk = new ArrayList<>();
        List<String> pkSources = new ArrayList<>();
        List<String> pkArg = Fields.names(args.asMap().get("primary_key"), "primary_key");
        if (!pkArg.isEmpty()) {
            pk.addAll(Constraints.columns(pkArg, shape, "primary_key"));
            pkSources.add("primary_key");
        }
        List<String> flagged = columns.stream().filter(ColumnSpec::primaryKey).map(ColumnSpec::name).toList();
        if (!flagged.isEmpty()) {
            if (pk.isEmpty()) {
                pk.addAll(flagged);
            } else if (!pk.equals(flagged)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The primary key is given twice, differently: "
                        + "primary_key " + pk + " and the columns marked primary_key " + flagged + ". Give it once.");
            }
            pkSources.add("columns");
        }
        for (ConstraintSpec c : constraints) {
            if (c.kind() == ConstraintSpec.Kind.PRIMARY_KEY) {
                if (!pkSources.isEmpty()) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + c.path() + ": the table already has"
                            + " a primary key from " + String.join(" and ", pkSources) + "; a table has one.");
                }
                pkSources.add("constraints");
                pk.addAll(Constraints.columns(c.columns(), shape, c.path() + ".columns"));
            }
        }
        // Key columns are NOT NULL on every database; say so in the definition rather than rely on it.
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec c = columns.get(i);
            if (pk.contains(c.name()) && !c.notNull()) {
                columns.set(i, new ColumnSpec(c.name(), c.type(), true, c.hasDefault(), c.defaultValue(), c.identity(),
                        c.primaryKey(), c.unique(), c.comment(), c.references(), c.path()));
            }
        }
        shape = new TableShape(schema, name, columns.stream().map(ColumnSpec::asCol).toList());
        Constraints.Refs refs = ctx.refs(shape, pk);

        List<String> parts = new ArrayList<>();
        for (ColumnSpec c : columns) {
            parts.add(c.definition(ctx.forms));
        }
        boolean pkFromConstraint = pkSources.contains("constraints");
        if (!pk.isEmpty() && !pkFromConstraint) {
            parts.add("PRIMARY KEY " + Constraints.list(pk, ctx.forms));
        }
        for (ColumnSpec c : columns) {
            if (c.unique() && !(pk.size() == 1 && pk.get(0).equals(c.name()))) {
                parts.add("UNIQUE (" + ctx.forms.quote(c.name()) + ")");
            }
        }
        for (ColumnSpec c : columns) {
            if (c.references() != null) {
                parts.add(Constraints.render(columnReference(ctx, c), shape, refs, ctx.forms));
            }
        }
        for (ConstraintSpec c : constraints) {
            parts.add(Constraints.render(c, shape, refs, ctx.forms));
        }
        String qualified = ctx.forms.qualify(schema, name);
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE " + qualified + " (" + String.join(", ", parts) + ")");
        statements.addAll(comments(ctx, qualified, args.optionalString("comment").orElse(null), columns));

        Map<String, Object> impact = new LinkedHashMap<>();
        impact.put("columns", columns.size());
        if (!pk.isEmpty()) {
            impact.put("primaryKey", pk);
        }
        List<String> notes = new ArrayList<>();
        if (!ctx.dialect.capabilities().transactionalDdl() && statements.size() > 1) {
            notes.add("This database commits each DDL statement at once: if a COMMENT ON fails, the table stays without"
                    + " that comment.");
        }
        return new Plan("TABLE", name, schema, name, statements, false, impact, notes, Plan.After.table(schema, name),
                null, Map.of());
    }

    /** COMMENT ON TABLE and COMMENT ON COLUMN for what has a comment. */
    static List<String> comments(Ctx ctx, String qualified, String tableComment, List<ColumnSpec> columns) {
        List<String> out = new ArrayList<>();
        if (tableComment != null && !tableComment.isEmpty()) {
            out.add("COMMENT ON TABLE " + qualified + " IS " + ctx.forms.literal(tableComment, "comment"));
        }
        for (ColumnSpec c : columns) {
            if (c.comment() != null && !c.comment().isEmpty()) {
                out.add("COMMENT ON COLUMN " + qualified + "." + ctx.forms.quote(c.name()) + " IS "
                        + ctx.forms.literal(c.comment(), c.path() + ".comment"));
            }
        }
        return out;
    }

    /** A column's {@code references} ({@code "customers"}, or {@code {table, column(s), on_delete, on_update}}). */
    static ConstraintSpec columnReference(Ctx ctx, ColumnSpec c) {
        String where = c.path() + ".references";
        Object ref = c.references();
        // The column's exact name, quoted, so resolving it can only find this column.
        List<String> self = List.of("\"" + c.name().replace("\"", "\"\"") + "\"");
        if (ref instanceof String s) {
            return new ConstraintSpec(ConstraintSpec.Kind.FOREIGN_KEY, null, self, null, s, List.of(), null,
                    null, null, c.path());
        }
        Fields f = Fields.of(ref, where).only(java.util.Set.of("schema", "table", "column", "columns", "on_delete",
                "on_update", "name"));
        List<String> refCols = new ArrayList<>(f.names("columns"));
        refCols.addAll(f.names("column"));
        String name = f.string("name") == null ? null : Idents.newName(ctx.dialect, "constraint", f.string("name"));
        return new ConstraintSpec(ConstraintSpec.Kind.FOREIGN_KEY, name, self,
                f.string("schema"), f.requireString("table"), refCols,
                ConstraintSpec.action(f.string("on_delete"), f.path("on_delete")),
                ConstraintSpec.action(f.string("on_update"), f.path("on_update")), null, c.path());
    }
}
