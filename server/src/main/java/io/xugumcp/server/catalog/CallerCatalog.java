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

    /**
     * @param database for exact counts; {@code null} refuses them
     * @param readable the tables listings may show and searches may link; {@code null} for all
     */
    CallerCatalog(CatalogService shared, Database database, Predicate<Table> readable) {
        this.shared = shared;
        this.database = database;
        this.readable = readable;
    }

    @Override
    public boolean mayRead(Table table) {
        return readable == null || readable.test(table);
    }

    @Override
    public Schema schema(String name) {
        return shared.schema(name);
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
        return shared.schemas();
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

    @Override
    public Table table(String schema, String name) {
        return shared.table(schema, name);
    }

    @Override
    public TableDetail describe(Table table) {
        return shared.describe(table);
    }

    @Override
    public List<ColumnStats> columnStats(Table table) {
        // Statistics show column values (bounds, common values): only for a table the caller may read. A read of no
        // rows through the caller's Database asks the guard and the policy, views and table rules included.
        Table t = shared.table(table.schema(), table.name());
        database.query("SELECT * FROM " + database.dialect().quoteIdentifier(t.schema()) + "."
                + database.dialect().quoteIdentifier(t.name()) + " WHERE 1 = 0", List.of(), new QueryOptions(1, 0, 0));
        return shared.columnStats(t);
    }

    @Override
    public List<Check> checks(Table table) {
        return shared.checks(table);
    }

    @Override
    public long exactRowCount(Table table) {
        if (database == null) {
            return shared.exactRowCount(table);
        }
        // Re-resolved here: whatever record the plugin passes, only a name the catalog holds reaches the SQL, quoted.
        Table t = shared.table(table.schema(), table.name());
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
