package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code create_schema} and {@code drop_schema}. */
final class SchemaStatements {

    private SchemaStatements() {
    }

    static Plan create(Ctx ctx, Arguments args) {
        String name = Idents.newName(ctx.dialect, "schema", args.requireString("schema_name"));
        for (Catalog.Schema s : ctx.catalog.schemas()) {
            if (s.name().equals(name)) {
                if (args.bool("if_not_exists", false)) {
                    return Plan.nothing("SCHEMA", name, name, "Schema " + name + " already exists; nothing was changed"
                            + " (if_not_exists).", Plan.After.schema(name));
                }
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Schema " + Idents.show(name) + " already exists."
                        + " Choose another name or pass if_not_exists=true.");
            }
        }
        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA " + ctx.forms.quote(name));
        String comment = args.optionalString("comment").orElse(null);
        if (comment != null && !comment.isEmpty()) {
            statements.add("COMMENT ON SCHEMA " + ctx.forms.quote(name) + " IS " + ctx.forms.literal(comment, "comment"));
        }
        List<String> notes = new ArrayList<>();
        if (ctx.forms.schemaNameNote() != null) {
            notes.add(ctx.forms.schemaNameNote());
        }
        return new Plan("SCHEMA", name, name, null, statements, false, Map.of(), notes, Plan.After.schema(name), null,
                Map.of());
    }

    static Plan drop(Ctx ctx, Arguments args) {
        String written = args.requireString("schema_name");
        Catalog.Schema s;
        try {
            s = ctx.catalog.schema(written.strip());
        } catch (ToolException e) {
            if (args.bool("if_exists", false) && ErrorCode.NOT_FOUND.code().equals(e.code())) {
                return Plan.nothing("SCHEMA", written, null, "There is no schema " + Idents.show(written)
                        + "; nothing was dropped (if_exists).", null);
            }
            throw e;
        }
        if (s.system()) {
            throw new ToolException(ErrorCode.DENIED, "Schema " + s.name() + " belongs to the database system; this"
                    + " server does not drop it.");
        }
        if (s.name().equals(ctx.catalog.currentSchema())) {
            throw new ToolException(ErrorCode.DENIED, "Schema " + s.name() + " is this server's current schema, where it"
                    + " works; it is not dropped from here. A database administrator can drop it.");
        }
        boolean cascade = args.bool("cascade", false);
        // The counts are of everything the drop takes with it; the names only of what the caller may read.
        List<Catalog.Table> all = ctx.whole.tables(s.name());
        List<Catalog.Table> objects = ctx.catalog.tables(s.name());
        Map<String, Object> impact = new LinkedHashMap<>();
        long tables = all.stream().filter(t -> !t.isView()).count();
        impact.put("tables", tables);
        impact.put("views", all.size() - tables);
        long rows = 0;
        boolean estimated = false;
        for (Catalog.Table t : all) {
            if (!t.isView()) {
                if (t.rowEstimate() != null) {
                    rows += t.rowEstimate();
                } else {
                    estimated = true;
                }
            }
        }
        impact.put("rowsEstimate", rows);
        List<String> names = objects.stream().map(Catalog.Table::name).toList();
        impact.put("objects", names.size() > 50 ? names.subList(0, 50) : names);
        int hidden = Math.max(0, all.size() - objects.size());
        if (hidden > 0) {
            impact.put("objectsNotShown", hidden);
        }
        List<String> notes = new ArrayList<>();
        if (estimated) {
            notes.add("Some tables have no row estimate; rowsEstimate leaves them out.");
        }
        if (hidden > 0) {
            notes.add(hidden + " of the schema's tables and views are not named here: the caller's role may not read"
                    + " them. Dropping the schema with cascade=true drops them too.");
        }
        if (!all.isEmpty() && !cascade) {
            notes.add("The schema holds " + all.size() + " tables and views: the database refuses to drop it unless"
                    + " cascade=true, which drops them all.");
        }
        String sql = "DROP SCHEMA " + ctx.forms.quote(s.name()) + (cascade ? " CASCADE" : "");
        return new Plan("SCHEMA", s.name(), s.name(), null, List.of(sql), true, impact, notes, null, null, Map.of());
    }
}
