package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code drop_table}: {@code DROP TABLE "S"."T" [CASCADE]}, with the rows, foreign keys and views it takes along. */
final class DropTable {

    private DropTable() {
    }

    static Plan plan(Ctx ctx, Arguments args) {
        String schemaArg = args.optionalString("schema").orElse(null);
        String name = args.requireString("table_name");
        Catalog.Table t;
        try {
            t = ctx.table(schemaArg, name);
        } catch (ToolException e) {
            if (args.bool("if_exists", false) && ErrorCode.NOT_FOUND.code().equals(e.code())) {
                return Plan.nothing("TABLE", name, schemaArg, "There is no table " + Idents.show(name)
                        + "; nothing was dropped (if_exists).", null);
            }
            throw e;
        }
        if (t.isView()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, t.name() + " is a view, not a table. Use drop_view.");
        }
        Catalog.TableDetail d = ctx.describe(t);
        boolean cascade = args.bool("cascade", false);
        Map<String, Object> impact = new LinkedHashMap<>();
        Impact.rows(ctx, t, impact);
        List<Object> referencing = Impact.referencingKeys(d);
        List<Object> fromOthers = new ArrayList<>();
        for (Catalog.ForeignKey f : d.referencedBy()) {
            if (!(f.schema().equals(t.schema()) && f.table().equals(t.name()))) {
                fromOthers.add(referencing.get(d.referencedBy().indexOf(f)));
            }
        }
        if (!fromOthers.isEmpty()) {
            impact.put("referencedBy", fromOthers);
        }
        Impact.Mentions views = Impact.viewsMentioning(ctx, t.schema(), t.name(), null);
        views.into(impact, "viewsMentioningTable");
        impact.put("indexes", d.indexes().size());
        List<String> notes = new ArrayList<>();
        if (!fromOthers.isEmpty()) {
            notes.add(cascade
                    ? fromOthers.size() + " foreign key(s) of other tables reference " + t.name() + "; cascade drops those"
                    + " constraints (their tables and rows stay)."
                    : fromOthers.size() + " foreign key(s) of other tables reference " + t.name() + ": the database"
                    + " refuses the drop unless cascade=true (which drops those constraints, not their tables).");
        }
        if (!views.isEmpty()) {
            notes.add("Views naming " + t.name() + " (" + views.described() + ") stop working"
                    + (cascade ? " or are dropped with it." : "; the database may refuse the drop unless cascade=true."));
        }
        if (!ctx.dialect.capabilities().transactionalDdl()) {
            notes.add("This database commits DROP TABLE at once; it cannot be rolled back.");
        }
        String sql = "DROP TABLE " + ctx.forms.qualify(t.schema(), t.name()) + (cascade ? " CASCADE" : "");
        return new Plan("TABLE", t.name(), t.schema(), t.name(), List.of(sql), true, impact, notes,
                Plan.After.schema(t.schema()), null, Map.of());
    }
}
