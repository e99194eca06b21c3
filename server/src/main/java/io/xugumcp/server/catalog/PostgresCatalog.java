package io.xugumcp.server.catalog;

import io.xugumcp.api.Catalog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL through {@code pg_catalog} (information_schema is slow and hides keys of tables the user cannot write).
 * Row estimates from {@code pg_class.reltuples}, column statistics from {@code pg_stats}; both exist only after
 * ANALYZE or autovacuum has run.
 */
final class PostgresCatalog implements CatalogSource {

    /** Relation kinds shown as tables or views: table, partitioned table, view, materialized view, foreign table. */
    private static final String KINDS = "('r','p','v','m','f')";

    static final String SCHEMAS = "SELECT n.nspname, pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace'),"
            + " (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN " + KINDS + ")"
            + " FROM pg_namespace n WHERE has_schema_privilege(n.oid, 'USAGE') ORDER BY n.nspname";

    static final String INFO = "SELECT current_setting('server_version'), current_database(),"
            + " coalesce(current_schema(), 'public'), current_user";

    static final String TABLES = "SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class'), c.reltuples::bigint"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind IN " + KINDS + " ORDER BY c.relname";

    static final String COLUMNS = "SELECT c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),"
            + " NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum), a.attidentity,"
            + " a.attgenerated"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE n.nspname = ? AND c.relkind IN " + KINDS + " AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY c.relname, a.attnum";

    /** Keys of the schema's tables, plus foreign keys of other schemas that point into it. */
    static final String CONSTRAINTS = "SELECT con.conname, con.contype, n.nspname, c.relname,"
            + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)"
            + "  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[],"
            + " fn.nspname, fc.relname,"
            + " ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)"
            + "  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[],"
            + " con.confupdtype, con.confdeltype"
            + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace"
            + " WHERE con.contype IN ('p','u','f') AND (n.nspname = ? OR (con.contype = 'f' AND fn.nspname = ?))"
            + " ORDER BY n.nspname, c.relname, con.conname";

    static final String INDEXES = "SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary, am.amname,"
            // indoption bit 0 marks a descending key column; pg_get_indexdef(…, g, …) leaves the order out.
            + " ARRAY(SELECT pg_get_indexdef(ix.indexrelid, g, true)"
            + " || CASE WHEN ix.indoption[g - 1] & 1 = 1 THEN ' DESC' ELSE '' END"
            + " FROM generate_series(1, ix.indnkeyatts) g ORDER BY g)::text[],"
            + " pg_get_expr(ix.indpred, ix.indrelid, true)"
            + " FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam"
            + " WHERE n.nspname = ? ORDER BY t.relname, i.relname";

    static final String VIEWS = "SELECT c.relname, pg_get_viewdef(c.oid, true)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind IN ('v','m') ORDER BY c.relname";

    /** min/max come from the histogram bounds' first and last element (see {@link ArrayLiteral}). */
    static final String STATS = "SELECT s.attname, s.null_frac, s.n_distinct, s.avg_width, s.histogram_bounds::text,"
            + " s.most_common_vals::text, s.correlation"
            + " FROM pg_stats s WHERE s.schemaname = ? AND s.tablename = ?";

    /** Check constraints as their condition text ({@code pg_get_expr}: no CHECK word, no NOT VALID). */
    static final String CHECKS = "SELECT con.conname, pg_get_expr(con.conbin, con.conrelid, true) FROM pg_constraint con"
            + " JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND con.contype = 'c' ORDER BY con.conname";

    static final String ATTNUMS = "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    @Override
    public List<Catalog.Schema> schemas(Sql sql) throws SQLException {
        List<Catalog.Schema> out = new ArrayList<>();
        for (Object[] r : sql.rows(SCHEMAS)) {
            String name = Rows.str(r[0]);
            boolean system = name.startsWith("pg_") || name.equals("information_schema");
            out.add(new Catalog.Schema(name, Rows.str(r[1]), Rows.text(r[2]), Rows.integer(r[3], -1), system));
        }
        return out;
    }

    @Override
    public Catalog.DatabaseInfo info(Sql sql) throws SQLException {
        Object[] r = sql.rows(INFO).get(0);
        return new Catalog.DatabaseInfo("PostgreSQL", Rows.str(r[0]), Rows.str(r[1]), Rows.str(r[2]), Rows.str(r[3]));
    }

    @Override
    public SchemaSnapshot load(Sql sql, String schema) throws SQLException {
        SchemaSnapshot.Builder b = new SchemaSnapshot.Builder(schema);
        for (Object[] r : sql.rows(TABLES, schema)) {
            String type = relkind(Rows.str(r[1]));
            Long estimate = Rows.lng(r[3]);
            // reltuples is -1 (PostgreSQL 14+) or 0 before the first ANALYZE; a view has none.
            if (estimate != null && (estimate < 0 || type.contains("VIEW"))) {
                estimate = null;
            }
            b.table(new Catalog.Table(schema, Rows.str(r[0]), type, Rows.text(r[2]), estimate));
        }
        for (Object[] r : sql.rows(COLUMNS, schema)) {
            String identity = Rows.str(r[7]);
            String generated = Rows.str(r[8]);
            String def = Rows.str(r[5]);
            boolean auto = (identity != null && !identity.isEmpty()) || (def != null && def.startsWith("nextval("));
            if (generated != null && !generated.isEmpty() && def != null) {
                def = "GENERATED ALWAYS AS (" + def + ") STORED";
            }
            b.column(Rows.str(r[0]), new Catalog.Column(Rows.str(r[1]), Rows.integer(r[2], 0), Rows.str(r[3]),
                    Rows.bool(r[4]), def, Rows.text(r[6]), auto));
        }
        for (Object[] r : sql.rows(CONSTRAINTS, schema, schema)) {
            String name = Rows.str(r[0]);
            String type = Rows.str(r[1]);
            String table = Rows.str(r[3]);
            List<String> cols = Rows.strings(r[4]);
            switch (type) {
                case "p" -> b.primaryKey(table, new Catalog.Key(name, cols));
                case "u" -> b.uniqueKey(table, new Catalog.Key(name, cols));
                default -> b.foreignKey(new Catalog.ForeignKey(name, Rows.str(r[2]), table, cols, Rows.str(r[5]),
                        Rows.str(r[6]), Rows.strings(r[7]), action(Rows.str(r[8])), action(Rows.str(r[9]))));
            }
        }
        for (Object[] r : sql.rows(INDEXES, schema)) {
            b.index(Rows.str(r[0]), new Catalog.Index(Rows.str(r[1]), Rows.strings(r[5]), Rows.bool(r[2]),
                    Rows.bool(r[3]), Rows.str(r[4]), Rows.text(r[6])));
        }
        for (Object[] r : sql.rows(VIEWS, schema)) {
            b.definition(Rows.str(r[0]), Rows.text(r[1]));
        }
        return b.build();
    }

    @Override
    public List<Catalog.Check> checks(Sql sql, Catalog.Table table) throws SQLException {
        List<Catalog.Check> out = new ArrayList<>();
        for (Object[] r : sql.rows(CHECKS, table.schema(), table.name())) {
            String expr = Rows.text(r[1]);
            if (expr != null) {
                out.add(new Catalog.Check(Rows.str(r[0]), expr));
            }
        }
        return out;
    }

    @Override
    public List<Catalog.ColumnStats> columnStats(Sql sql, Catalog.Table table) throws SQLException {
        Map<String, Object[]> byColumn = new LinkedHashMap<>();
        for (Object[] r : sql.rows(STATS, table.schema(), table.name())) {
            byColumn.put(Rows.str(r[0]), r);
        }
        if (byColumn.isEmpty()) {
            return List.of();
        }
        Long rows = table.rowEstimate();
        List<Catalog.ColumnStats> out = new ArrayList<>();
        // In column order, not pg_stats order.
        for (Object[] c : sql.rows(ATTNUMS, table.schema(), table.name())) {
            Object[] r = byColumn.get(Rows.str(c[0]));
            if (r == null) {
                continue;
            }
            Double distinct = Rows.dbl(r[2]);
            // n_distinct < 0 is minus the fraction of rows that are distinct.
            if (distinct != null && distinct < 0) {
                distinct = rows == null ? null : (double) Math.round(-distinct * rows);
            }
            List<String> bounds = ArrayLiteral.parse(Rows.str(r[4]));
            Map<String, String> other = new LinkedHashMap<>();
            String common = Rows.str(r[5]);
            if (common != null) {
                other.put("most_common_vals", common.length() > 200 ? common.substring(0, 200) + "…" : common);
            }
            if (r[6] != null) {
                other.put("correlation", Rows.str(r[6]));
            }
            out.add(new Catalog.ColumnStats(Rows.str(r[0]), Rows.dbl(r[1]), distinct,
                    bounds.isEmpty() ? null : bounds.get(0), bounds.isEmpty() ? null : bounds.get(bounds.size() - 1),
                    r[3] == null ? null : Rows.integer(r[3], 0), other));
        }
        return out;
    }

    private static String relkind(String kind) {
        switch (kind) {
            case "v":
                return "VIEW";
            case "m":
                return "MATERIALIZED VIEW";
            case "f":
                return "FOREIGN TABLE";
            case "p":
                return "PARTITIONED TABLE";
            default:
                return "TABLE";
        }
    }

    /** pg_constraint's one-letter referential actions. */
    static String action(String code) {
        if (code == null) {
            return null;
        }
        switch (code) {
            case "a":
                return "NO ACTION";
            case "r":
                return "RESTRICT";
            case "c":
                return "CASCADE";
            case "n":
                return "SET NULL";
            case "d":
                return "SET DEFAULT";
            default:
                return null;
        }
    }
}
