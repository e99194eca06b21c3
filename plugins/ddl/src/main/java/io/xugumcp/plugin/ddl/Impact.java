package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the catalog says a change affects, for previews and confirmation prompts: rows, views whose definitions name
 * an object, foreign keys and indexes. Names come from the caller's catalog only (objects its role may not read are
 * counted, not named); an exact count runs (as the caller) only when the estimate says it is cheap, and otherwise the
 * estimate is given as such.
 */
final class Impact {

    private Impact() {
    }

    /** {@code rows} and {@code rowsExact}: exact below the configured bound or when no estimate exists. */
    static void rows(Ctx ctx, Catalog.Table t, Map<String, Object> into) {
        if (t.isView()) {
            return;
        }
        Long estimate = t.rowEstimate();
        if (estimate == null || estimate < ctx.settings.exactCountBelow()) {
            try {
                into.put("rows", ctx.catalog.exactRowCount(t));
                into.put("rowsExact", true);
                return;
            } catch (ToolException | UnsupportedOperationException e) {
                // The caller may not count (permissions) or this catalog cannot: fall back to the estimate.
            }
        }
        if (estimate != null) {
            into.put("rows", estimate);
            into.put("rowsExact", false);
        }
    }

    /**
     * Views of the schema whose definition names an object: by name those the caller may read, and how many others
     * (views its role may not read, which a cascade drops or the change breaks all the same).
     */
    record Mentions(List<String> named, int notShown) {
        boolean isEmpty() {
            return named.isEmpty() && notShown == 0;
        }

        /** Puts the names under {@code key} and the count of the others under {@code key + "NotShown"}, when any. */
        void into(Map<String, Object> impact, String key) {
            if (!named.isEmpty()) {
                impact.put(key, named);
            }
            if (notShown > 0) {
                impact.put(key + "NotShown", notShown);
            }
        }

        /** For a note, e.g. {@code V_ORDERS and 2 more the caller may not read}. */
        String described() {
            String others = notShown + (named.isEmpty() ? "" : " more") + " the caller may not read";
            return named.isEmpty() ? others : String.join(", ", named) + (notShown > 0 ? " and " + others : "");
        }
    }

    /**
     * Views of the schema whose definition names {@code name} as a word (case-insensitive; quoted or not). The catalog
     * keeps no dependency list, so this reads definitions: it may name a view that only mentions the word in a string.
     */
    static Mentions viewsMentioning(Ctx ctx, String schema, String name, String except) {
        List<String> named = mentioning(ctx.catalog, schema, name, except);
        int all = ctx.whole == ctx.catalog ? named.size() : mentioning(ctx.whole, schema, name, except).size();
        return new Mentions(named, Math.max(0, all - named.size()));
    }

    private static List<String> mentioning(Catalog catalog, String schema, String name, String except) {
        List<String> out = new ArrayList<>();
        for (Catalog.Table v : catalog.tables(schema)) {
            if (!v.isView() || v.name().equals(except)) {
                continue;
            }
            String def;
            try {
                def = catalog.describe(v).definition();
            } catch (ToolException e) {
                continue;
            }
            if (def != null && mentions(def, name)) {
                out.add(v.name());
            }
        }
        return out;
    }

    /** True when {@code word} occurs in {@code text} not as part of a longer identifier. */
    static boolean mentions(String text, String word) {
        String t = text.toLowerCase(Locale.ROOT);
        String w = word.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int i = t.indexOf(w, from);
            if (i < 0) {
                return false;
            }
            boolean before = i == 0 || !isIdentChar(t.charAt(i - 1));
            int end = i + w.length();
            boolean after = end >= t.length() || !isIdentChar(t.charAt(end));
            if (before && after) {
                return true;
            }
            from = i + 1;
        }
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Foreign keys of other tables that reference this one, as {@code schema.table(columns) → columns}. */
    static List<Object> referencingKeys(Catalog.TableDetail d) {
        List<Object> out = new ArrayList<>();
        for (Catalog.ForeignKey f : d.referencedBy()) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (f.name() != null) {
                m.put("name", f.name());
            }
            m.put("table", f.schema() + "." + f.table());
            m.put("columns", f.columns());
            m.put("referencedColumns", f.referencedColumns());
            if (f.onDelete() != null) {
                m.put("onDelete", f.onDelete());
            }
            out.add(m);
        }
        return out;
    }

    /** Indexes, keys and foreign keys of {@code d} that use {@code column}, by name. */
    static Map<String, Object> usesOfColumn(Catalog.TableDetail d, String column) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> indexes = new ArrayList<>();
        for (Catalog.Index i : d.indexes()) {
            for (String c : i.columns()) {
                if (c.equals(column) || c.equals(column + " DESC") || mentions(c, column)) {
                    indexes.add(i.name());
                    break;
                }
            }
        }
        if (!indexes.isEmpty()) {
            m.put("indexes", indexes);
        }
        if (d.primaryKey() != null && d.primaryKey().columns().contains(column)) {
            m.put("primaryKey", d.primaryKey().name() == null ? true : d.primaryKey().name());
        }
        List<String> uniques = new ArrayList<>();
        for (Catalog.Key k : d.uniqueKeys()) {
            if (k.columns().contains(column)) {
                uniques.add(k.name() == null ? String.join(",", k.columns()) : k.name());
            }
        }
        if (!uniques.isEmpty()) {
            m.put("uniqueKeys", uniques);
        }
        List<String> fks = new ArrayList<>();
        for (Catalog.ForeignKey f : d.foreignKeys()) {
            if (f.columns().contains(column)) {
                fks.add(f.name() == null ? "(unnamed)" : f.name());
            }
        }
        for (Catalog.ForeignKey f : d.referencedBy()) {
            if (f.referencedColumns().contains(column)) {
                fks.add((f.name() == null ? "(unnamed)" : f.name()) + " from " + f.schema() + "." + f.table());
            }
        }
        if (!fks.isEmpty()) {
            m.put("foreignKeys", fks);
        }
        return m;
    }
}
