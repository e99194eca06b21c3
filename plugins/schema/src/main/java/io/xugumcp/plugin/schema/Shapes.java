package io.xugumcp.plugin.schema;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.CatalogJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON shapes of the catalog in answers, at each detail level. Absent facts are left out rather than sent as
 * {@code null} or {@code false} (a nullable column with no default and no comment is just name, type, nullable):
 * every byte here ends up in a model's context.
 */
final class Shapes {

    private Shapes() {
    }

    static Map<String, Object> tableSummary(Catalog.Table t, Catalog.TableDetail d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("type", t.type());
        putIfPresent(m, "comment", t.comment());
        putIfPresent(m, "rows", t.rowEstimate());
        if (d != null) {
            m.put("columnCount", d.columns().size());
        }
        return m;
    }

    /** Summary plus columns, primary key and outgoing foreign keys: enough to write a query against the table. */
    static Map<String, Object> tableFull(Catalog.TableDetail d) {
        Map<String, Object> m = tableSummary(d.table(), d);
        m.remove("columnCount");
        m.put("columns", columns(d, Detail.SUMMARY));
        if (d.primaryKey() != null) {
            m.put("primaryKey", d.primaryKey().columns());
        }
        if (!d.foreignKeys().isEmpty()) {
            m.put("foreignKeys", d.foreignKeys().stream().map(Shapes::foreignKey).toList());
        }
        return m;
    }

    /** Everything: for describe_table and the table resource (the shape every plugin shares). */
    static Map<String, Object> tableDescription(Catalog.TableDetail d) {
        return CatalogJson.tableDescription(d);
    }

    static List<Object> columns(Catalog.TableDetail d, Detail detail) {
        if (detail == Detail.NAMES) {
            return new ArrayList<>(d.columns().stream().map(Catalog.Column::name).toList());
        }
        return CatalogJson.columns(d, detail == Detail.FULL);
    }

    static Map<String, Object> key(Catalog.Key k) {
        return CatalogJson.key(k);
    }

    static Map<String, Object> foreignKey(Catalog.ForeignKey f) {
        return CatalogJson.foreignKey(f);
    }

    static Map<String, Object> referencedBy(Catalog.ForeignKey f) {
        return CatalogJson.referencedBy(f);
    }

    /** A foreign key as an edge between two tables, for listings that span the schema. */
    static Map<String, Object> edge(Catalog.ForeignKey f) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "name", f.name());
        m.put("from", f.schema() + "." + f.table() + "(" + String.join(", ", f.columns()) + ")");
        m.put("to", f.referencedSchema() + "." + f.referencedTable() + "(" + String.join(", ", f.referencedColumns()) + ")");
        putAction(m, "onDelete", f.onDelete());
        return m;
    }

    static Map<String, Object> index(Catalog.Index i) {
        return CatalogJson.index(i);
    }

    static Map<String, Object> stats(Catalog.ColumnStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("column", s.column());
        putIfPresent(m, "nullFraction", s.nullFraction());
        putIfPresent(m, "distinctValues", s.distinctValues());
        putIfPresent(m, "min", s.min());
        putIfPresent(m, "max", s.max());
        putIfPresent(m, "averageWidth", s.averageWidth());
        if (!s.other().isEmpty()) {
            m.put("other", new java.util.TreeMap<>(s.other()));
        }
        return m;
    }

    /** {@code CITY: nulls 0%, ~2 distinct, min 上海, max 北京}. */
    static String statsLine(Catalog.ColumnStats s) {
        List<String> parts = new ArrayList<>();
        if (s.nullFraction() != null) {
            parts.add("nulls " + Math.round(s.nullFraction() * 1000) / 10.0 + "%");
        }
        if (s.distinctValues() != null) {
            parts.add("~" + Math.round(s.distinctValues()) + " distinct");
        }
        if (s.min() != null) {
            parts.add("min " + oneLine(s.min()));
        }
        if (s.max() != null) {
            parts.add("max " + oneLine(s.max()));
        }
        if (s.averageWidth() != null) {
            parts.add("avg " + s.averageWidth() + " bytes");
        }
        new java.util.TreeMap<>(s.other()).forEach((k, v) -> parts.add(k + " " + oneLine(v)));
        return s.column() + ": " + String.join(", ", parts);
    }

    private static void putAction(Map<String, Object> m, String key, String action) {
        // NO ACTION is every database's default: saying it costs bytes and tells nothing.
        if (action != null && !action.equals("NO ACTION")) {
            m.put(key, action);
        }
    }

    static void putIfPresent(Map<String, Object> m, String key, Object value) {
        CatalogJson.putIfPresent(m, key, value);
    }

    // ---- compact text forms ----

    /** {@code ORDERS (table, ~1200 rows, 8 columns) – 订单}. */
    static String tableLine(Catalog.Table t, Catalog.TableDetail d) {
        StringBuilder sb = new StringBuilder(t.name()).append(" (").append(t.type().toLowerCase(java.util.Locale.ROOT));
        if (t.rowEstimate() != null) {
            sb.append(", ~").append(t.rowEstimate()).append(" rows");
        }
        if (d != null) {
            sb.append(", ").append(d.columns().size()).append(" columns");
        }
        sb.append(')');
        if (t.comment() != null) {
            sb.append(" – ").append(oneLine(t.comment()));
        }
        return sb.toString();
    }

    /** A DDL-like description: what a model reads fastest. */
    static String describeText(Catalog.TableDetail d) {
        Catalog.Table t = d.table();
        StringBuilder sb = new StringBuilder();
        sb.append(t.type()).append(' ').append(t.schema()).append('.').append(t.name());
        if (t.comment() != null) {
            sb.append(" – ").append(oneLine(t.comment()));
        }
        if (t.rowEstimate() != null) {
            sb.append(" (~").append(t.rowEstimate()).append(" rows)");
        }
        sb.append('\n');
        Set<String> pk = d.primaryKey() == null ? Set.of() : new HashSet<>(d.primaryKey().columns());
        for (Catalog.Column c : d.columns()) {
            sb.append("  ").append(c.name()).append(' ').append(c.type());
            if (!c.nullable()) {
                sb.append(" NOT NULL");
            }
            if (c.identity()) {
                sb.append(" IDENTITY");
            }
            if (c.defaultValue() != null && !c.identity()) {
                sb.append(" DEFAULT ").append(oneLine(c.defaultValue()));
            }
            if (pk.size() == 1 && pk.contains(c.name())) {
                sb.append(" PRIMARY KEY");
            }
            if (c.comment() != null) {
                sb.append("  -- ").append(oneLine(c.comment()));
            }
            sb.append('\n');
        }
        if (pk.size() > 1) {
            sb.append("PRIMARY KEY (").append(String.join(", ", d.primaryKey().columns())).append(")\n");
        }
        for (Catalog.Key u : d.uniqueKeys()) {
            sb.append("UNIQUE ").append(u.name() == null ? "" : u.name() + " ").append('(')
                    .append(String.join(", ", u.columns())).append(")\n");
        }
        for (Catalog.ForeignKey f : d.foreignKeys()) {
            sb.append("FOREIGN KEY (").append(String.join(", ", f.columns())).append(") REFERENCES ")
                    .append(f.referencedSchema()).append('.').append(f.referencedTable()).append(" (")
                    .append(String.join(", ", f.referencedColumns())).append(')');
            if (f.onDelete() != null && !f.onDelete().equals("NO ACTION")) {
                sb.append(" ON DELETE ").append(f.onDelete());
            }
            sb.append('\n');
        }
        if (!d.referencedBy().isEmpty()) {
            sb.append("REFERENCED BY ");
            List<String> refs = new ArrayList<>();
            for (Catalog.ForeignKey f : d.referencedBy()) {
                refs.add((f.schema().equals(t.schema()) ? "" : f.schema() + ".") + f.table() + " ("
                        + String.join(", ", f.columns()) + ")");
            }
            sb.append(String.join(", ", refs)).append('\n');
        }
        for (Catalog.Index i : d.indexes()) {
            if (i.primary()) {
                continue;
            }
            sb.append(i.unique() ? "UNIQUE INDEX " : "INDEX ").append(i.name()).append(" (")
                    .append(String.join(", ", i.columns())).append(')');
            if (i.filter() != null) {
                sb.append(" WHERE ").append(oneLine(i.filter()));
            }
            sb.append('\n');
        }
        if (d.definition() != null) {
            sb.append("AS ").append(d.definition().strip()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** {@code 1–100 of 5000; more with cursor=…} */
    static String pageLine(Paging.Page<?> p, String noun) {
        if (p.total() == 0) {
            return "no " + noun;
        }
        if (p.items().isEmpty()) {
            return "no " + noun + " on this page (" + p.total() + " in all)";
        }
        String s = noun + " " + (p.offset() + 1) + "–" + (p.offset() + p.items().size()) + " of " + p.total();
        return p.nextCursor() == null ? s : s + "; next page: cursor=" + p.nextCursor();
    }
}
