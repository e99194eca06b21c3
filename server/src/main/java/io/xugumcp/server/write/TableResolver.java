package io.xugumcp.server.write;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.SqlDialect;

/** Finds the table a write names in the host's catalog (unknown names get close matches from the catalog). */
final class TableResolver {
    private final CatalogService catalog;
    private final SqlDialect dialect;

    TableResolver(CatalogService catalog, SqlDialect dialect) {
        this.catalog = catalog;
        this.dialect = dialect;
    }

    TargetTable resolve(TableRef ref) {
        String schema = ref.schema() == null || ref.schema().isBlank() ? null : ref.schema();
        Catalog.Table t = catalog.table(schema, ref.name());
        if (t.isView()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, t.schema() + "." + t.name() + " is a " + t.type()
                    + "; rows are written to tables. Describe it to see which tables it reads from.");
        }
        return new TargetTable(catalog.describe(t), dialect);
    }
}
