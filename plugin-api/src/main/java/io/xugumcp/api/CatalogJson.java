package io.xugumcp.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON shapes of catalog records in tool answers, shared by every plugin that shows a table (the schema tools'
 * {@code describe_table}, the DDL tools' "after the change"), so a table reads the same wherever it appears. Absent
 * facts are left out rather than sent as {@code null} or {@code false}: every byte ends up in a model's context.
 *
 * @since 0.3.0
 */
public final class CatalogJson {

    private CatalogJson() {
    }

    /** Everything about a table or view, as {@code describe_table} answers. */
    public static Map<String, Object> tableDescription(Catalog.TableDetail d) {
        Map<String, Object> m = new LinkedHashMap<>();
        Catalog.Table t = d.table();
        m.put("schema", t.schema());
        m.put("name", t.name());
        m.put("type", t.type());
        putIfPresent(m, "comment", t.comment());
        putIfPresent(m, "rows", t.rowEstimate());
        m.put("columns", columns(d, true));
        if (d.primaryKey() != null) {
            m.put("primaryKey", key(d.primaryKey()));
        }
        if (!d.uniqueKeys().isEmpty()) {
            m.put("uniqueKeys", d.uniqueKeys().stream().map(CatalogJson::key).toList());
        }
        m.put("foreignKeys", d.foreignKeys().stream().map(CatalogJson::foreignKey).toList());
        m.put("referencedBy", d.referencedBy().stream().map(CatalogJson::referencedBy).toList());
        m.put("indexes", d.indexes().stream().map(CatalogJson::index).toList());
        putIfPresent(m, "definition", d.definition());
        return m;
    }

    /**
     * The columns of a table: name, type, nullable, and when present primary key, identity, comment – and with
     * {@code withDefaults} the default expression.
     */
    public static List<Object> columns(Catalog.TableDetail d, boolean withDefaults) {
        Set<String> pk = d.primaryKey() == null ? Set.of() : new HashSet<>(d.primaryKey().columns());
        List<Object> out = new ArrayList<>(d.columns().size());
        for (Catalog.Column c : d.columns()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("type", c.type());
            m.put("nullable", c.nullable());
            if (pk.contains(c.name())) {
                m.put("primaryKey", true);
            }
            if (c.identity()) {
                m.put("identity", true);
            }
            if (withDefaults) {
                putIfPresent(m, "default", c.defaultValue());
            }
            putIfPresent(m, "comment", c.comment());
            out.add(m);
        }
        return out;
    }

    /** A primary or unique key: name (when known) and columns. */
    public static Map<String, Object> key(Catalog.Key k) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "name", k.name());
        m.put("columns", k.columns());
        return m;
    }

    /** An outgoing foreign key: name, columns, what it references, actions other than NO ACTION. */
    public static Map<String, Object> foreignKey(Catalog.ForeignKey f) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "name", f.name());
        m.put("columns", f.columns());
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("schema", f.referencedSchema());
        ref.put("table", f.referencedTable());
        ref.put("columns", f.referencedColumns());
        m.put("references", ref);
        putAction(m, "onDelete", f.onDelete());
        putAction(m, "onUpdate", f.onUpdate());
        return m;
    }

    /** An incoming foreign key, seen from the referenced table. */
    public static Map<String, Object> referencedBy(Catalog.ForeignKey f) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "name", f.name());
        m.put("schema", f.schema());
        m.put("table", f.table());
        m.put("columns", f.columns());
        m.put("referencedColumns", f.referencedColumns());
        putAction(m, "onDelete", f.onDelete());
        return m;
    }

    /** An index: name, columns, unique, and when present primary, type and filter. */
    public static Map<String, Object> index(Catalog.Index i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("columns", i.columns());
        m.put("unique", i.unique());
        if (i.primary()) {
            m.put("primary", true);
        }
        putIfPresent(m, "type", i.type());
        putIfPresent(m, "filter", i.filter());
        return m;
    }

    /** Puts {@code value} unless it is {@code null}. */
    public static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void putAction(Map<String, Object> m, String key, String action) {
        // NO ACTION is every database's default: saying it costs bytes and tells nothing.
        if (action != null && !action.equals("NO ACTION")) {
            m.put(key, action);
        }
    }
}
