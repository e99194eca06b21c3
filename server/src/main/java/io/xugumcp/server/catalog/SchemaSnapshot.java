package io.xugumcp.server.catalog;

import io.xugumcp.api.Catalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the catalog knows about one schema at one moment, immutable. Incoming foreign keys from other schemas
 * are included, so "referenced by" is complete without loading every schema.
 */
public final class SchemaSnapshot {
    private final String schema;
    private final List<Catalog.Table> tables;
    private final Map<String, Catalog.TableDetail> details;

    private SchemaSnapshot(String schema, List<Catalog.Table> tables, Map<String, Catalog.TableDetail> details) {
        this.schema = schema;
        this.tables = List.copyOf(tables);
        this.details = Map.copyOf(details);
    }

    public String schema() {
        return schema;
    }

    /** Tables and views, sorted by name. */
    public List<Catalog.Table> tables() {
        return tables;
    }

    /** The description of a table of this snapshot by its exact name, or {@code null}. */
    public Catalog.TableDetail detail(String exactName) {
        return details.get(exactName);
    }

    /** Collects the pieces a dialect reads, in any order, and assembles the snapshot. */
    public static final class Builder {
        private final String schema;
        private final Map<String, Catalog.Table> tables = new LinkedHashMap<>();
        private final Map<String, List<Catalog.Column>> columns = new HashMap<>();
        private final Map<String, Catalog.Key> primaryKeys = new HashMap<>();
        private final Map<String, List<Catalog.Key>> uniqueKeys = new HashMap<>();
        private final Map<String, List<Catalog.ForeignKey>> outgoing = new HashMap<>();
        private final Map<String, List<Catalog.ForeignKey>> incoming = new HashMap<>();
        private final Map<String, List<Catalog.Index>> indexes = new HashMap<>();
        private final Map<String, String> definitions = new HashMap<>();

        public Builder(String schema) {
            this.schema = schema;
        }

        public Builder table(Catalog.Table t) {
            tables.putIfAbsent(t.name(), t);
            return this;
        }

        public boolean hasTable(String name) {
            return tables.containsKey(name);
        }

        /** Pieces of tables that were not added (hidden, system) are dropped. */
        public Builder column(String table, Catalog.Column c) {
            if (tables.containsKey(table)) {
                columns.computeIfAbsent(table, k -> new ArrayList<>()).add(c);
            }
            return this;
        }

        public Builder primaryKey(String table, Catalog.Key k) {
            if (tables.containsKey(table)) {
                primaryKeys.putIfAbsent(table, k);
            }
            return this;
        }

        public Builder uniqueKey(String table, Catalog.Key k) {
            if (tables.containsKey(table)) {
                uniqueKeys.computeIfAbsent(table, x -> new ArrayList<>()).add(k);
            }
            return this;
        }

        /** Goes to the referencing table's foreign keys and to the referenced table's "referenced by", when in this schema. */
        public Builder foreignKey(Catalog.ForeignKey fk) {
            if (schema.equals(fk.schema()) && tables.containsKey(fk.table())) {
                outgoing.computeIfAbsent(fk.table(), x -> new ArrayList<>()).add(fk);
            }
            if (schema.equals(fk.referencedSchema()) && tables.containsKey(fk.referencedTable())) {
                incoming.computeIfAbsent(fk.referencedTable(), x -> new ArrayList<>()).add(fk);
            }
            return this;
        }

        public Builder index(String table, Catalog.Index i) {
            if (tables.containsKey(table)) {
                indexes.computeIfAbsent(table, x -> new ArrayList<>()).add(i);
            }
            return this;
        }

        public Builder definition(String view, String sql) {
            if (tables.containsKey(view) && sql != null) {
                definitions.put(view, sql);
            }
            return this;
        }

        public SchemaSnapshot build() {
            List<Catalog.Table> sorted = new ArrayList<>(tables.values());
            sorted.sort(Comparator.comparing(Catalog.Table::name));
            Map<String, Catalog.TableDetail> details = new HashMap<>();
            Comparator<Catalog.ForeignKey> fkOrder = Comparator.comparing((Catalog.ForeignKey f) -> f.schema() + "." + f.table())
                    .thenComparing(f -> f.name() == null ? "" : f.name());
            for (Catalog.Table t : sorted) {
                List<Catalog.Column> cols = new ArrayList<>(columns.getOrDefault(t.name(), List.of()));
                cols.sort(Comparator.comparingInt(Catalog.Column::position));
                List<Catalog.ForeignKey> out = new ArrayList<>(outgoing.getOrDefault(t.name(), List.of()));
                out.sort(fkOrder);
                List<Catalog.ForeignKey> in = new ArrayList<>(incoming.getOrDefault(t.name(), List.of()));
                in.sort(fkOrder);
                List<Catalog.Index> idx = new ArrayList<>(indexes.getOrDefault(t.name(), List.of()));
                idx.sort(Comparator.comparing(Catalog.Index::name));
                List<Catalog.Key> uniques = new ArrayList<>(uniqueKeys.getOrDefault(t.name(), List.of()));
                uniques.sort(Comparator.comparing(k -> k.name() == null ? "" : k.name()));
                details.put(t.name(), new Catalog.TableDetail(t, cols, primaryKeys.get(t.name()), uniques, out, in, idx,
                        definitions.get(t.name())));
            }
            return new SchemaSnapshot(schema, sorted, details);
        }
    }
}
