package io.xugumcp.server.catalog;

import io.xugumcp.api.Catalog;
import java.sql.SQLException;
import java.util.List;

/**
 * How one dialect reads its catalog. Implementations hold only fixed SQL text with bind parameters and the decoding
 * of its rows; connections, timeouts and caching belong to {@link CatalogService}.
 */
public interface CatalogSource {

    /** Every schema the connection can see. */
    List<Catalog.Schema> schemas(Sql sql) throws SQLException;

    /** Product, version, current database, schema and user. */
    Catalog.DatabaseInfo info(Sql sql) throws SQLException;

    /** Tables, views, columns, keys (with incoming foreign keys from other schemas), indexes, view definitions. */
    SchemaSnapshot load(Sql sql, String schema) throws SQLException;

    /** The statistics the database keeps for the columns of one table. */
    List<Catalog.ColumnStats> columnStats(Sql sql, Catalog.Table table) throws SQLException;

    /** The check constraints of one table (NOT NULL excluded), by name. */
    List<Catalog.Check> checks(Sql sql, Catalog.Table table) throws SQLException;

    /** The source for a dialect name ({@code xugu}, {@code h2}, {@code postgresql}). */
    static CatalogSource forDialect(String dialect) {
        switch (dialect) {
            case "xugu":
                return new XuguCatalog();
            case "h2":
                return new H2Catalog();
            case "postgresql":
                return new PostgresCatalog();
            default:
                throw new IllegalArgumentException("no catalog source for dialect '" + dialect + "'");
        }
    }
}
