package io.xugumcp.server.catalog;

import io.xugumcp.api.Catalog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * H2 2.x through its INFORMATION_SCHEMA (the 2.x layout: DATA_TYPE plus DECLARED_DATA_TYPE, IS_IDENTITY,
 * ROW_COUNT_ESTIMATE, INDEXES/INDEX_COLUMNS). H2 keeps a row-count estimate per table and, after ANALYZE, a
 * selectivity per column (percentage of distinct values, 50 when never analysed); that is all it has.
 */
final class H2Catalog implements CatalogSource {

    static final String SCHEMAS = "SELECT s.SCHEMA_NAME, s.SCHEMA_OWNER, s.REMARKS,"
            + " (SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES t WHERE t.TABLE_SCHEMA = s.SCHEMA_NAME)"
            + " FROM INFORMATION_SCHEMA.SCHEMATA s ORDER BY s.SCHEMA_NAME";

    static final String INFO = "SELECT H2VERSION(), DATABASE(), CURRENT_SCHEMA, CURRENT_USER";

    static final String TABLES = "SELECT TABLE_NAME, TABLE_TYPE, REMARKS, ROW_COUNT_ESTIMATE"
            + " FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME";

    static final String COLUMNS = "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
            + " NUMERIC_PRECISION, NUMERIC_SCALE, DECLARED_DATA_TYPE, DECLARED_NUMERIC_PRECISION, DECLARED_NUMERIC_SCALE,"
            + " IS_NULLABLE, COLUMN_DEFAULT, IS_IDENTITY, REMARKS, GENERATION_EXPRESSION"
            + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION";

    static final String KEYS = "SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k"
            + " ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
            + " WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE')"
            + " ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION";

    /** Foreign keys of the schema's tables and those of other schemas pointing into it, one row per column pair. */
    static final String FOREIGN_KEYS = "SELECT rc.CONSTRAINT_NAME, f.TABLE_SCHEMA, f.TABLE_NAME, f.COLUMN_NAME,"
            + " p.TABLE_SCHEMA, p.TABLE_NAME, p.COLUMN_NAME, rc.UPDATE_RULE, rc.DELETE_RULE, rc.CONSTRAINT_SCHEMA"
            + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE f"
            + " ON f.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND f.CONSTRAINT_NAME = rc.CONSTRAINT_NAME"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE p ON p.CONSTRAINT_SCHEMA = rc.UNIQUE_CONSTRAINT_SCHEMA"
            + " AND p.CONSTRAINT_NAME = rc.UNIQUE_CONSTRAINT_NAME AND p.ORDINAL_POSITION = f.POSITION_IN_UNIQUE_CONSTRAINT"
            + " WHERE f.TABLE_SCHEMA = ? OR p.TABLE_SCHEMA = ?"
            + " ORDER BY rc.CONSTRAINT_SCHEMA, rc.CONSTRAINT_NAME, f.ORDINAL_POSITION";

    static final String INDEXES = "SELECT i.TABLE_NAME, i.INDEX_NAME, i.INDEX_TYPE_NAME, c.COLUMN_NAME, c.ORDERING_SPECIFICATION"
            + " FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c"
            + " ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME AND c.TABLE_NAME = i.TABLE_NAME"
            + " WHERE i.TABLE_SCHEMA = ? ORDER BY i.TABLE_NAME, i.INDEX_NAME, c.ORDINAL_POSITION";

    static final String VIEWS = "SELECT TABLE_NAME, VIEW_DEFINITION FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = ?";

    static final String STATS = "SELECT COLUMN_NAME, SELECTIVITY FROM INFORMATION_SCHEMA.COLUMNS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";

    static final String CHECKS = "SELECT tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc"
            + " JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc"
            + " ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
            + " WHERE tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.CONSTRAINT_NAME";

    /** Types whose length is part of how they are written. */
    private static final Set<String> SIZED = Set.of("CHARACTER", "CHARACTER VARYING", "VARCHAR_IGNORECASE", "BINARY",
            "BINARY VARYING");

    @Override
    public List<Catalog.Schema> schemas(Sql sql) throws SQLException {
        List<Catalog.Schema> out = new ArrayList<>();
        for (Object[] r : sql.rows(SCHEMAS)) {
            String name = Rows.str(r[0]);
            out.add(new Catalog.Schema(name, Rows.str(r[1]), Rows.text(r[2]), Rows.integer(r[3], -1),
                    name.equals("INFORMATION_SCHEMA")));
        }
        return out;
    }

    @Override
    public Catalog.DatabaseInfo info(Sql sql) throws SQLException {
        Object[] r = sql.rows(INFO).get(0);
        return new Catalog.DatabaseInfo("H2", Rows.str(r[0]), Rows.str(r[1]), Rows.str(r[2]), Rows.str(r[3]));
    }

    @Override
    public SchemaSnapshot load(Sql sql, String schema) throws SQLException {
        SchemaSnapshot.Builder b = new SchemaSnapshot.Builder(schema);
        for (Object[] r : sql.rows(TABLES, schema)) {
            String type = tableType(Rows.str(r[1]));
            // A view's ROW_COUNT_ESTIMATE is a planner constant, not a count.
            Long estimate = type.contains("VIEW") ? null : Rows.lng(r[3]);
            b.table(new Catalog.Table(schema, Rows.str(r[0]), type, Rows.text(r[2]), estimate));
        }
        for (Object[] r : sql.rows(COLUMNS, schema)) {
            String def = Rows.str(r[11]);
            if (def != null) {
                def = decodeUnicodeLiterals(def); // '顺丰' is stored as U&'\987a\4e30'
            }
            String generated = Rows.str(r[14]);
            if (generated != null) {
                def = "GENERATED ALWAYS AS (" + generated + ")";
            }
            b.column(Rows.str(r[0]), new Catalog.Column(Rows.str(r[1]), Rows.integer(r[2], 0), typeName(r),
                    "YES".equals(Rows.str(r[10])), def, Rows.text(r[13]), "YES".equals(Rows.str(r[12]))));
        }
        Map<String, List<String>> keyColumns = new LinkedHashMap<>();
        Map<String, String[]> keyInfo = new LinkedHashMap<>();
        for (Object[] r : sql.rows(KEYS, schema)) {
            String id = Rows.str(r[0]) + '\u0000' + Rows.str(r[1]);
            keyInfo.putIfAbsent(id, new String[] {Rows.str(r[0]), Rows.str(r[1]), Rows.str(r[2])});
            keyColumns.computeIfAbsent(id, k -> new ArrayList<>()).add(Rows.str(r[3]));
        }
        for (Map.Entry<String, String[]> e : keyInfo.entrySet()) {
            String[] k = e.getValue();
            Catalog.Key key = new Catalog.Key(k[1], keyColumns.get(e.getKey()));
            if ("PRIMARY KEY".equals(k[2])) {
                b.primaryKey(k[0], key);
            } else {
                b.uniqueKey(k[0], key);
            }
        }
        Map<String, Object[]> fkFirst = new LinkedHashMap<>();
        Map<String, List<String>> fkFrom = new LinkedHashMap<>();
        Map<String, List<String>> fkTo = new LinkedHashMap<>();
        for (Object[] r : sql.rows(FOREIGN_KEYS, schema, schema)) {
            String id = Rows.str(r[9]) + '\u0000' + Rows.str(r[0]);
            fkFirst.putIfAbsent(id, r);
            fkFrom.computeIfAbsent(id, k -> new ArrayList<>()).add(Rows.str(r[3]));
            fkTo.computeIfAbsent(id, k -> new ArrayList<>()).add(Rows.str(r[6]));
        }
        for (Map.Entry<String, Object[]> e : fkFirst.entrySet()) {
            Object[] r = e.getValue();
            b.foreignKey(new Catalog.ForeignKey(Rows.str(r[0]), Rows.str(r[1]), Rows.str(r[2]), fkFrom.get(e.getKey()),
                    Rows.str(r[4]), Rows.str(r[5]), fkTo.get(e.getKey()), Rows.str(r[7]), Rows.str(r[8])));
        }
        Map<String, Object[]> idxFirst = new LinkedHashMap<>();
        Map<String, List<String>> idxColumns = new LinkedHashMap<>();
        for (Object[] r : sql.rows(INDEXES, schema)) {
            String id = Rows.str(r[0]) + '\u0000' + Rows.str(r[1]);
            idxFirst.putIfAbsent(id, r);
            String col = Rows.str(r[3]);
            idxColumns.computeIfAbsent(id, k -> new ArrayList<>()).add("DESC".equals(Rows.str(r[4])) ? col + " DESC" : col);
        }
        for (Map.Entry<String, Object[]> e : idxFirst.entrySet()) {
            Object[] r = e.getValue();
            String kind = Rows.str(r[2]);
            b.index(Rows.str(r[0]), new Catalog.Index(Rows.str(r[1]), idxColumns.get(e.getKey()),
                    "PRIMARY KEY".equals(kind) || "UNIQUE INDEX".equals(kind), "PRIMARY KEY".equals(kind),
                    kind, null));
        }
        for (Object[] r : sql.rows(VIEWS, schema)) {
            String def = Rows.text(r[1]);
            b.definition(Rows.str(r[0]), def == null ? null : decodeUnicodeLiterals(def));
        }
        return b.build();
    }

    @Override
    public List<Catalog.ColumnStats> columnStats(Sql sql, Catalog.Table table) throws SQLException {
        List<Catalog.ColumnStats> out = new ArrayList<>();
        Long rows = table.rowEstimate();
        for (Object[] r : sql.rows(STATS, table.schema(), table.name())) {
            // SELECTIVITY is 50 until ANALYZE has measured it; reporting the default would pass a guess off as a
            // statistic, so such columns have none.
            Integer selectivity = r[1] == null ? null : Rows.integer(r[1], 50);
            if (selectivity == null || selectivity == 50) {
                continue;
            }
            Double distinct = rows == null ? null : (double) Math.max(1, Math.round(rows * selectivity / 100.0));
            out.add(new Catalog.ColumnStats(Rows.str(r[0]), null, distinct, null, null, null,
                    Map.of("selectivity", selectivity.toString())));
        }
        return out;
    }

    @Override
    public List<Catalog.Check> checks(Sql sql, Catalog.Table table) throws SQLException {
        List<Catalog.Check> out = new ArrayList<>();
        for (Object[] r : sql.rows(CHECKS, table.schema(), table.name())) {
            String clause = Rows.text(r[1]);
            if (clause != null) {
                // Non-ASCII literals come back as U&'\4e2d'; written back as they were.
                out.add(new Catalog.Check(Rows.str(r[0]), decodeUnicodeLiterals(clause)));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern UNICODE_LITERAL =
            java.util.regex.Pattern.compile("U&'((?:[^']|'')*)'(?!\\s*UESCAPE)");

    /**
     * H2 stores view definitions with every non-ASCII literal as {@code U&'\\5df2\\53d6'}; turned back into
     * {@code '已取消'} here, so the definition reads as it was written.
     */
    static String decodeUnicodeLiterals(String sql) {
        java.util.regex.Matcher m = UNICODE_LITERAL.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String body = m.group(1);
            StringBuilder lit = new StringBuilder("'");
            boolean ok = true;
            for (int i = 0; i < body.length() && ok; i++) {
                char c = body.charAt(i);
                if (c != '\\') {
                    lit.append(c);
                } else if (i + 1 < body.length() && body.charAt(i + 1) == '\\') {
                    lit.append('\\');
                    i++;
                } else {
                    int len = i + 1 < body.length() && body.charAt(i + 1) == '+' ? 6 : 4;
                    int start = i + 1 + (len == 6 ? 1 : 0);
                    try {
                        lit.appendCodePoint(Integer.parseInt(body.substring(start, start + len), 16));
                        i = start + len - 1;
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                }
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(ok ? lit.append('\'').toString() : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String tableType(String h2Type) {
        if (h2Type == null) {
            return "TABLE";
        }
        switch (h2Type) {
            case "BASE TABLE":
                return "TABLE";
            case "VIEW":
                return "VIEW";
            default:
                return h2Type.toUpperCase(Locale.ROOT);
        }
    }

    /** The type as a user would write it: VARCHAR(50), DECIMAL(10,2), INTEGER … */
    static String typeName(Object[] r) throws SQLException {
        String dataType = Rows.str(r[3]);
        String declared = Rows.str(r[7]);
        String base = declared != null ? declared : dataType;
        if (SIZED.contains(dataType) && r[4] != null) {
            return shortName(base) + "(" + Rows.lng(r[4]) + ")";
        }
        if ("NUMERIC".equals(dataType) || "DECIMAL".equals(dataType)) {
            Object p = declared != null ? r[8] : r[5];
            Object s = declared != null ? r[9] : r[6];
            if (p != null) {
                long scale = s == null ? 0 : Rows.lng(s);
                return base + "(" + Rows.lng(p) + (scale == 0 ? "" : "," + scale) + ")";
            }
        }
        return shortName(base);
    }

    private static String shortName(String sqlName) {
        switch (sqlName) {
            case "CHARACTER VARYING":
                return "VARCHAR";
            case "CHARACTER":
                return "CHAR";
            case "BINARY VARYING":
                return "VARBINARY";
            case "CHARACTER LARGE OBJECT":
                return "CLOB";
            case "BINARY LARGE OBJECT":
                return "BLOB";
            default:
                return sqlName;
        }
    }
}
