package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code create_index} and {@code drop_index}; the DROP form is the dialect's ({@code DROP INDEX "S"."T"."I"} on XuguDB). */
final class IndexStatements {

    private IndexStatements() {
    }

    static Plan create(Ctx ctx, Arguments args) {
        Catalog.Table t = ctx.table(args.optionalString("schema").orElse(null), args.requireString("table_name"));
        if (t.isView()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, t.name() + " is a view; indexes are created on tables.");
        }
        Catalog.TableDetail d = ctx.describe(t);
        String name = Idents.newName(ctx.dialect, "index", args.requireString("index_name"));
        for (Catalog.Index i : d.indexes()) {
            if (i.name().equals(name)) {
                if (args.bool("if_not_exists", false)) {
                    return Plan.nothing("INDEX", name, t.schema(), "Table " + t.name() + " already has an index named "
                            + name + "; nothing was changed (if_not_exists).", Plan.After.table(t.schema(), t.name()));
                }
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Table " + t.name() + " already has an index named "
                        + Idents.show(name) + ". Choose another name or pass if_not_exists=true.");
            }
        }
        TableShape shape = Ctx.shape(d);
        List<Object> raw = args.asMap().get("columns") instanceof String one ? List.of(one) : args.list("columns");
        if (raw.isEmpty()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'columns' must list at least one column, e.g."
                    + " [\"customer_id\", \"created_at DESC\"].");
        }
        List<String> keys = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String where = "columns[" + i + "]";
            String col;
            String order = null;
            if (raw.get(i) instanceof String s) {
                String[] parts = s.strip().split("\\s+");
                String last = parts[parts.length - 1].toUpperCase(Locale.ROOT);
                if (parts.length > 1 && (last.equals("ASC") || last.equals("DESC"))) {
                    order = last;
                    col = s.strip().substring(0, s.strip().length() - last.length()).strip();
                } else {
                    col = s;
                }
            } else {
                Fields f = Fields.of(raw.get(i), where).only(Set.of("name", "column", "order"));
                col = f.firstString("name", "column");
                String o = f.string("order");
                if (o != null) {
                    order = o.strip().toUpperCase(Locale.ROOT);
                    if (!order.equals("ASC") && !order.equals("DESC")) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + f.path("order")
                                + " must be asc or desc.");
                    }
                }
            }
            String exact = shape.require(col, where);
            if (plain.contains(exact)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'columns' lists " + exact + " twice.");
            }
            plain.add(exact);
            keys.add(ctx.forms.quote(exact) + (order == null ? "" : " " + order));
        }
        boolean unique = args.bool("unique", false);
        String sql = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + ctx.forms.quote(name) + " ON "
                + ctx.forms.qualify(t.schema(), t.name()) + " (" + String.join(", ", keys) + ")";
        Map<String, Object> impact = new LinkedHashMap<>();
        Impact.rows(ctx, t, impact);
        List<String> notes = new ArrayList<>();
        for (Catalog.Index i : d.indexes()) {
            List<String> existing = i.columns().stream().map(c -> c.replaceAll("(?i)\\s+(ASC|DESC)$", "")).toList();
            if (existing.size() >= plain.size() && existing.subList(0, plain.size()).equals(plain)) {
                notes.add("Index " + i.name() + " already starts with the same columns (" + String.join(", ", i.columns())
                        + "); the new index may be redundant.");
            }
        }
        if (unique) {
            notes.add("A unique index fails if existing rows repeat a value of (" + String.join(", ", plain) + ").");
        }
        return new Plan("INDEX", name, t.schema(), t.name(), List.of(sql), false, impact, notes,
                Plan.After.table(t.schema(), t.name()), null, Map.of());
    }

    static Plan drop(Ctx ctx, Arguments args) {
        String schemaArg = args.optionalString("schema").orElse(null);
        String written = args.requireString("index_name");
        String tableArg = args.optionalString("table_name").orElse(null);
        List<Catalog.Table> candidates = new ArrayList<>();
        String schema;
        if (tableArg != null && !tableArg.isBlank()) {
            Catalog.Table t = ctx.table(schemaArg, tableArg);
            candidates.add(t);
            schema = t.schema();
        } else {
            schema = ctx.schema(schemaArg);
            for (Catalog.Table t : ctx.catalog.tables(schema)) {
                if (!t.isView()) {
                    candidates.add(t);
                }
            }
        }
        List<Object[]> hits = new ArrayList<>();
        for (Catalog.Table t : candidates) {
            Catalog.TableDetail d = ctx.describe(t);
            for (Catalog.Index i : d.indexes()) {
                if (i.name().equals(unquote(written))) {
                    hits.add(new Object[] {t, d, i});
                }
            }
        }
        if (hits.isEmpty() && !written.strip().startsWith("\"")) {
            for (Catalog.Table t : candidates) {
                Catalog.TableDetail d = ctx.describe(t);
                for (Catalog.Index i : d.indexes()) {
                    if (i.name().equalsIgnoreCase(written.strip())) {
                        hits.add(new Object[] {t, d, i});
                    }
                }
            }
        }
        if (hits.isEmpty()) {
            if (args.bool("if_exists", false)) {
                return Plan.nothing("INDEX", written, schema, "There is no index " + Idents.show(written)
                        + (tableArg != null ? " on " + tableArg : " in schema " + schema) + "; nothing was dropped (if_exists).", null);
            }
            throw new ToolException(ErrorCode.NOT_FOUND, "No index named " + Idents.show(written)
                    + (tableArg != null ? " on table " + candidates.get(0).name() + ". Its indexes: "
                    + String.join(", ", ctx.describe(candidates.get(0)).indexes().stream().map(Catalog.Index::name).toList())
                    : " in schema " + schema) + ". list_indexes shows the indexes.");
        }
        if (hits.size() > 1) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Several tables have an index named "
                    + Idents.show(written) + "; pass table_name.");
        }
        Catalog.Table t = (Catalog.Table) hits.get(0)[0];
        Catalog.TableDetail d = (Catalog.TableDetail) hits.get(0)[1];
        Catalog.Index index = (Catalog.Index) hits.get(0)[2];
        if (index.primary()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Index " + index.name() + " is the primary key of "
                    + t.name() + "; it goes with the key. Use alter_table drop_constraint to drop the primary key.");
        }
        for (Catalog.Key k : d.uniqueKeys()) {
            if (index.name().equals(k.name())) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Index " + index.name() + " belongs to the unique"
                        + " constraint " + k.name() + " of " + t.name() + ". Use alter_table drop_constraint instead.");
            }
        }
        Map<String, Object> impact = new LinkedHashMap<>();
        impact.put("table", t.schema() + "." + t.name());
        impact.put("columns", index.columns());
        impact.put("unique", index.unique());
        List<String> notes = new ArrayList<>();
        if (index.unique()) {
            notes.add("Without this unique index, duplicate values of (" + String.join(", ", index.columns())
                    + ") are no longer refused.");
        }
        for (Catalog.ForeignKey f : d.foreignKeys()) {
            if (!index.columns().isEmpty() && f.columns().equals(index.columns().subList(0, Math.min(f.columns().size(),
                    index.columns().size())))) {
                notes.add("Foreign key " + (f.name() == null ? "" : f.name() + " ") + "(" + String.join(", ", f.columns())
                        + ") may be checked more slowly without it.");
            }
        }
        String sql = ctx.forms.dropIndex(t.schema(), t.name(), index.name());
        return new Plan("INDEX", index.name(), t.schema(), t.name(), List.of(sql), true, impact, notes,
                Plan.After.table(t.schema(), t.name()), null, Map.of());
    }

    private static String unquote(String s) {
        String w = s.strip();
        if (w.length() >= 2 && w.startsWith("\"") && w.endsWith("\"")) {
            return w.substring(1, w.length() - 1).replace("\"\"", "\"");
        }
        return w;
    }
}
