package io.xugumcp.server.catalog;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Database;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.ToolException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The catalog as one caller sees it: the shared, cached model, plus exact row counts that run as that caller through
 * its {@link Database} – so the SQL guard, the caller's permissions, the query timeout and the audit log all apply –
 * and listings and searches that never show or link a table the caller's role may not read (table deny rules apply to
 * names as they do to execution).
 */
final class CallerCatalog implements Catalog {
    private final CatalogService shared;
    private final Database database;
    private final Predicate<Table> readable;
    private final boolean narrowed;

    /**
     * @param database for exact counts; {@code null} refuses them
     * @param readable the tables listings may show and searches may link; {@code null} for all
     * @param narrowed true when table rules narrow {@code readable}: schemas' table counts are then recounted
     */
    CallerCatalog(CatalogService shared, Database database, Predicate<Table> readable, boolean narrowed) {
        this.shared = shared;
        this.database = database;
        this.readable = readable;
        this.narrowed = readable != null && narrowed;
    }

    @Override
    public boolean mayRead(Table table) {
        return readable == null || readable.test(table);
    }

    @Override
    public Schema schema(String name) {
        return counted(shared.schema(name));
    }

    @Override
    public SearchResult search(String text, SearchOptions options) {
        return shared.search(text, options, readable);
    }

    @Override
    public Resolution resolve(String sql) {
        return shared.resolve(sql, readable);
    }

    @Override
    public List<Schema> schemas() {
        List<Schema> all = shared.schemas();
        return narrowed ? all.stream().map(this::counted).toList() : all;
    }

    /** The schema with the number of tables in it the caller may read: a count must not give away hidden tables. */
    private Schema counted(Schema s) {
        if (!narrowed || s.tableCount() < 0) {
            return s;
        }
        return new Schema(s.name(), s.owner(), s.comment(), tables(s.name()).size(), s.system());
    }

    @Override
    public String currentSchema() {
        return shared.currentSchema();
    }

    /** Only the tables the caller may read: a name the role may not read is not shown in any listing either. */
    @Override
    public List<Table> tables(String schema) {
        List<Table> all = shared.tables(schema);
        return readable == null ? all : all.stream().filter(readable).toList();
    }

    /** A table the caller may not read is refused, by its exact name too, and found by no other spelling. */
    @Override
    public Table table(String schema, String name) {
        return shared.table(schema, name, readable);
    }

    /** Foreign keys from or to tables the caller may not read are left out: they would name those tables. */
    @Override
    public TableDetail describe(Table table) {
        TableDetail d = shared.describe(table(table.schema(), table.name()));
        if (readable == null) {
            return d;
        }
        List<ForeignKey> out = d.foreignKeys().stream()
                .filter(k -> readable(k.referencedSchema(), k.referencedTable(), d)).toList();
        List<ForeignKey> in = d.referencedBy().stream().filter(k -> readable(k.schema(), k.table(), d)).toList();
        if (out.size() == d.foreignKeys().size() && in.size() == d.referencedBy().size()) {
            return d;
        }
        return new TableDetail(d.table(), d.columns(), d.primaryKey(), d.uniqueKeys(), out, in, d.indexes(),
                d.definition());
    }

    /** {@code schema} may be missing in a key's record: the described table's schema then. */
    private boolean readable(String schema, String name, TableDetail of) {
        return name == null || readable.test(new Table(schema == null ? of.table().schema() : schema, name, "TABLE",
                null, null));
    }

    @Override
    public List<ColumnStats> columnStats(Table table) {
        // Statistics show column values (bounds, common values): only for a table the caller may read. A read of no
        // rows through the caller's Database asks the guard and the policy, views and table rules included.
        Table t = table(table.schema(), table.name());
        database.query("SELECT * FROM " + database.dialect().quoteIdentifier(t.schema()) + "."
                + database.dialect().quoteIdentifier(t.name()) + " WHERE 1 = 0", List.of(), new QueryOptions(1, 0, 0));
        return shared.columnStats(t);
    }

    @Override
    public List<Check> checks(Table table) {
        return shared.checks(table(table.schema(), table.name()));
    }

    @Override
    public long exactRowCount(Table table) {
        if (database == null) {
            return shared.exactRowCount(table);
        }
        // Re-resolved here: whatever record the plugin passes, only a name the catalog holds reaches the SQL, quoted.
        Table t = table(table.schema(), table.name());
        String sql = "SELECT COUNT(*) FROM " + database.dialect().quoteIdentifier(t.schema()) + "."
                + database.dialect().quoteIdentifier(t.name());
        QueryResult r = database.query(sql, List.of(), new QueryOptions(1, 0, 0));
        if (r.rows().isEmpty() || r.rows().get(0).isEmpty()) {
            throw new ToolException(ErrorCode.DATABASE_ERROR, "COUNT(*) on " + t.name() + " returned no row.");
        }
        Object v = r.rows().get(0).get(0);
        // Counts beyond 2^53 arrive as strings (JSON-safe values).
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    @Override
    public DatabaseInfo info() {
        return shared.info();
    }

    @Override
    public void refresh() {
        shared.refresh();
    }
}
