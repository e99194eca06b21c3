package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code create_view} and {@code drop_view}. A view's SELECT must be one read statement that the SQL guard accepts
 * and this caller may run: it is inspected, then explained (never executed) through the caller's database service,
 * so a writing, multi-statement or unreadable SELECT is refused before any DDL is built.
 */
final class ViewStatements {

    private ViewStatements() {
    }

    static Plan create(Ctx ctx, Arguments args) {
        String[] target = CreateTable.target(ctx, args, "view_name", "view");
        String schema = target[0];
        String name = target[1];
        boolean orReplace = args.bool("or_replace", false);
        Catalog.Table exists = ctx.existing(schema, name);
        if (exists != null && !exists.isView()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "A table named " + Idents.show(name) + " exists in "
                    + schema + "; a view cannot take its name.");
        }
        if (exists != null && !orReplace) {
            if (args.bool("if_not_exists", false)) {
                return Plan.nothing("VIEW", name, schema, "A view named " + name + " already exists in " + schema
                        + "; nothing was changed (if_not_exists).", Plan.After.table(schema, name));
            }
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "A view named " + Idents.show(name) + " already exists in "
                    + schema + ". Pass or_replace=true to replace its definition, or if_not_exists=true.");
        }
        String select = select(ctx, args.requireString("select_statement"));
        List<String> columns = new ArrayList<>();
        List<String> written = args.stringList("columns");
        for (int i = 0; i < written.size(); i++) {
            String c = Idents.newName(ctx.dialect, "column", written.get(i));
            if (columns.contains(c)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'columns' lists " + c + " twice.");
            }
            columns.add(c);
        }
        String qualified = ctx.forms.qualify(schema, name);
        StringBuilder sql = new StringBuilder("CREATE ");
        if (orReplace) {
            sql.append("OR REPLACE ");
        }
        sql.append("VIEW ").append(qualified);
        if (!columns.isEmpty()) {
            sql.append(' ').append(Constraints.list(columns, ctx.forms));
        }
        sql.append(" AS ").append(select);
        List<String> statements = new ArrayList<>();
        statements.add(sql.toString());
        String comment = args.optionalString("comment").orElse(null);
        if (comment != null && !comment.isEmpty()) {
            statements.add("COMMENT ON VIEW " + qualified + " IS " + ctx.forms.literal(comment, "comment"));
        }
        Map<String, Object> impact = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        boolean replaces = exists != null;
        if (replaces) {
            String old = ctx.describe(exists).definition();
            if (old != null) {
                impact.put("replacesDefinition", old);
            }
            Impact.viewsMentioning(ctx, schema, name, name).into(impact, "viewsMentioningView");
            notes.add("The current definition of " + name + " is replaced; that cannot be undone.");
        }
        return new Plan("VIEW", name, schema, null, statements, replaces, impact, notes, Plan.After.table(schema, name),
                null, Map.of());
    }

    /** The SELECT without trailing semicolons, once the guard and the caller's permissions admit it as one read. */
    static String select(Ctx ctx, String text) {
        String s = text.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        if (s.isEmpty()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'select_statement' is empty; send one SELECT.");
        }
        GuardVerdict v = ctx.database.inspect(s);
        if (v.statementCount() != 1) {
            throw new ToolException(ErrorCode.REJECTED, "Argument 'select_statement' holds " + v.statementCount()
                    + " statements; a view is defined by exactly one SELECT.");
        }
        if (!v.acceptable()) {
            throw new ToolException(ErrorCode.REJECTED, "Argument 'select_statement' was refused: "
                    + String.join(" ", v.problems()));
        }
        if (v.kind() != StatementKind.READ) {
            throw new ToolException(ErrorCode.NOT_A_READ, "Argument 'select_statement' is a " + v.kind() + " statement ("
                    + v.verb() + "); a view is defined by a read (SELECT or WITH … SELECT).");
        }
        // Explained, never run: the caller's permissions on every table it reads, and whether the database accepts it.
        ctx.database.explain(s, QueryOptions.maxRows(1));
        return s;
    }

    static Plan drop(Ctx ctx, Arguments args) {
        String schemaArg = args.optionalString("schema").orElse(null);
        String name = args.requireString("view_name");
        Catalog.Table v;
        try {
            v = ctx.table(schemaArg, name);
        } catch (ToolException e) {
            if (args.bool("if_exists", false) && ErrorCode.NOT_FOUND.code().equals(e.code())) {
                return Plan.nothing("VIEW", name, schemaArg, "There is no view " + Idents.show(name)
                        + "; nothing was dropped (if_exists).", null);
            }
            throw e;
        }
        if (!v.isView()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, v.name() + " is a table, not a view. Use drop_table.");
        }
        boolean cascade = args.bool("cascade", false);
        Map<String, Object> impact = new LinkedHashMap<>();
        String def = ctx.describe(v).definition();
        if (def != null) {
            impact.put("definition", def);
        }
        Impact.Mentions views = Impact.viewsMentioning(ctx, v.schema(), v.name(), v.name());
        List<String> notes = new ArrayList<>();
        if (!views.isEmpty()) {
            views.into(impact, "viewsMentioningView");
            notes.add("Views naming " + v.name() + " (" + views.described() + ") "
                    + (cascade ? "are dropped with it." : "make the database refuse the drop unless cascade=true."));
        }
        String sql = "DROP VIEW " + ctx.forms.qualify(v.schema(), v.name()) + (cascade ? " CASCADE" : "");
        return new Plan("VIEW", v.name(), v.schema(), null, List.of(sql), true, impact, notes,
                Plan.After.schema(v.schema()), null, Map.of());
    }
}
