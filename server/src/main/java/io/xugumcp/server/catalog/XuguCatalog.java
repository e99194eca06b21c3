package io.xugumcp.server.catalog;

import io.xugumcp.api.Catalog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * XuguDB through the ALL_* dictionary views (SQL in {@link XuguCatalogSql}); never through the driver's
 * DatabaseMetaData, which splices names into SQL and reports wrong foreign-key columns [V]. The decoding helpers are
 * package-visible so canned rows can be checked without a server.
 */
final class XuguCatalog implements CatalogSource {

    /**
     * [P: vendor DBeaver plugin's SYSTEM_SCHEMAS] minus SYSDBA (the default schema of the SYSDBA user, where ordinary
     * tables often live) and GUEST.
     */
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("SYSAUDITOR", "SYSSSO");

    @Override
    public List<Catalog.Schema> schemas(Sql sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        for (Object[] r : sql.rows(XuguCatalogSql.TABLE_COUNTS)) {
            counts.merge(Rows.str(r[0]), Rows.integer(r[1], 0), Integer::sum);
        }
        for (Object[] r : sql.rows(XuguCatalogSql.VIEW_COUNTS)) {
            counts.merge(Rows.str(r[0]), Rows.integer(r[1], 0), Integer::sum);
        }
        List<Catalog.Schema> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Object[] r : sql.rows(XuguCatalogSql.SCHEMAS)) {
            String name = Rows.str(r[0]);
            // The owner join is not db-scoped (ALL_USERS' columns are not confirmed): keep the first row per schema.
            if (seen.add(name)) {
                out.add(new Catalog.Schema(name, Rows.str(r[1]), Rows.text(r[2]), counts.getOrDefault(name, 0),
                        SYSTEM_SCHEMAS.contains(name)));
            }
        }
        return out;
    }

    @Override
    public Catalog.DatabaseInfo info(Sql sql) throws SQLException {
        Object[] r = sql.rows(XuguCatalogSql.INFO).get(0);
        return new Catalog.DatabaseInfo("XuguDB", Rows.str(r[0]), Rows.str(r[1]), Rows.str(r[2]), Rows.str(r[3]));
    }

    @Override
    public SchemaSnapshot load(Sql sql, String schema) throws SQLException {
        SchemaSnapshot.Builder b = new SchemaSnapshot.Builder(schema);
        for (Object[] r : sql.rows(XuguCatalogSql.TABLES, schema)) {
            int temp = Rows.integer(r[1], 0);
            String type = temp == 0 ? "TABLE" : temp == 2 ? "GLOBAL TEMPORARY" : "TEMPORARY";
            Long estimate = Rows.lng(r[2]);
            b.table(new Catalog.Table(schema, Rows.str(r[0]), type, Rows.text(r[3]),
                    estimate != null && estimate < 0 ? null : estimate));
        }
        for (Object[] r : sql.rows(XuguCatalogSql.VIEWS, schema)) {
            String name = Rows.str(r[0]);
            b.table(new Catalog.Table(schema, name, "VIEW", Rows.text(r[2]), null));
            b.definition(name, Rows.text(r[1]));
        }
        // Whether COL_NO counts from 0 or 1 is not confirmed: the position is the rank in COL_NO order instead.
        Map<String, Integer> positions = new HashMap<>();
        for (Object[] r : sql.rows(XuguCatalogSql.COLUMNS, schema)) {
            if (Rows.bool(r[10]) || Rows.bool(r[11])) {
                continue; // hidden or dropped column
            }
            int position = positions.merge(Rows.str(r[0]), 1, Integer::sum);
            b.column(Rows.str(r[0]), new Catalog.Column(Rows.str(r[2]), position,
                    typeName(Rows.str(r[3]), Rows.lng(r[4]), Rows.bool(r[5])), !Rows.bool(r[6]), Rows.text(r[8]),
                    Rows.text(r[9]), Rows.bool(r[7])));
        }
        for (Object[] r : sql.rows(XuguCatalogSql.CONSTRAINTS, schema, schema)) {
            String name = Rows.str(r[0]);
            String type = Rows.str(r[1]).strip().toUpperCase(Locale.ROOT);
            String table = Rows.str(r[3]);
            String define = Rows.str(r[4]);
            switch (type) {
                case "P" -> b.primaryKey(table, new Catalog.Key(name, keyList(define)));
                case "U" -> b.uniqueKey(table, new Catalog.Key(name, keyList(define)));
                default -> {
                    ForeignKeyDefine d = foreignKeyDefine(define);
                    b.foreignKey(new Catalog.ForeignKey(name, Rows.str(r[2]), table, d.columns(), Rows.str(r[5]),
                            Rows.str(r[6]), d.referencedColumns(), action(Rows.str(r[7])), action(Rows.str(r[8]))));
                }
            }
        }
        for (Object[] r : sql.rows(XuguCatalogSql.INDEXES, schema)) {
            b.index(Rows.str(r[0]), new Catalog.Index(Rows.str(r[1]), keyList(Rows.str(r[5])), Rows.bool(r[3]),
                    Rows.bool(r[4]), indexType(r[2]), Rows.text(r[6])));
        }
        return b.build();
    }

    @Override
    public List<Catalog.ColumnStats> columnStats(Sql sql, Catalog.Table table) throws SQLException {
        List<Catalog.ColumnStats> out = new ArrayList<>();
        for (Object[] r : sql.rows(XuguCatalogSql.COLUMN_STATS, table.schema(), table.name())) {
            if (Rows.bool(r[5]) || Rows.bool(r[6])) {
                continue;
            }
            Map<String, String> other = new HashMap<>();
            // Semantics of REPET_RATE and DISPERSION are not documented well enough to derive figures: pass them on.
            if (r[3] != null) {
                other.put("repet_rate", Rows.str(r[3]));
            }
            if (r[4] != null) {
                other.put("dispersion", Rows.str(r[4]));
            }
            out.add(new Catalog.ColumnStats(Rows.str(r[0]), null, null, Rows.text(r[1]), Rows.text(r[2]), null, other));
        }
        return out;
    }

    @Override
    public List<Catalog.Check> checks(Sql sql, Catalog.Table table) throws SQLException {
        List<Catalog.Check> out = new ArrayList<>();
        for (Object[] r : sql.rows(XuguCatalogSql.CHECKS, table.schema(), table.name())) {
            String expr = checkCondition(Rows.text(r[1]));
            if (expr != null) {
                out.add(new Catalog.Check(Rows.str(r[0]), expr));
            }
        }
        return out;
    }

    /** {@code CHECK ((A > 0))}, {@code (A > 0)} and {@code A > 0} all give {@code A > 0}; blank gives {@code null}. */
    static String checkCondition(String define) {
        if (define == null || define.isBlank()) {
            return null;
        }
        String s = define.strip();
        if (s.regionMatches(true, 0, "CHECK", 0, 5) && s.substring(5).stripLeading().startsWith("(")) {
            s = s.substring(5).strip();
        }
        while (s.startsWith("(") && s.endsWith(")") && enclosesAll(s)) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s.isEmpty() ? null : s;
    }

    /** True when the first '(' is closed by the last character (quotes respected). */
    private static boolean enclosesAll(String s) {
        int depth = 0;
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (!single && !dbl) {
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0 && i < s.length() - 1) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    /**
     * Decodes a column type [P: xugudb-notes]: CHAR with VARYING is VARCHAR(scale); NUMERIC and INTERVAL pack
     * precision and scale as {@code precision * 65536 + scale} once the value reaches 65536.
     */
    static String typeName(String typeName, Long scale, boolean varying) {
        String t = typeName == null ? "UNKNOWN" : typeName.strip().toUpperCase(Locale.ROOT);
        long s = scale == null ? -1 : scale;
        if (t.equals("CHAR") || t.equals("CHARACTER")) {
            String base = varying ? "VARCHAR" : "CHAR";
            return s > 0 ? base + "(" + s + ")" : base;
        }
        if (t.equals("NUMERIC") || t.equals("DECIMAL") || t.startsWith("INTERVAL")) {
            if (s >= 65536) {
                long p = s / 65536;
                long sc = s % 65536;
                return t + "(" + p + (sc == 0 ? "" : "," + sc) + ")";
            }
            return s > 0 && !t.startsWith("INTERVAL") ? t + "(" + s + ")" : t;
        }
        return t;
    }

    /** XuguDB's referential action letters [P]: N no action, C cascade, U set null, D set default, R restrict. */
    static String action(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        switch (code.strip().toUpperCase(Locale.ROOT)) {
            case "N":
                return "NO ACTION";
            case "C":
                return "CASCADE";
            case "U":
                return "SET NULL";
            case "D":
                return "SET DEFAULT";
            case "R":
                return "RESTRICT";
            default:
                return code.strip();
        }
    }

    private static String indexType(Object code) {
        Long c = Rows.lng(code);
        if (c == null) {
            return null;
        }
        switch (c.intValue()) {
            case 0:
                return "BTREE";
            case 1:
                return "RTREE";
            case 2:
                return "FULLTEXT";
            case 3:
                return "BITMAP";
            default:
                return String.valueOf(c);
        }
    }

    /**
     * Splits a key list such as {@code "A","B"} (the form of DEFINE for P/U and of index KEYS) into names. Quoted names
     * keep their case and may contain commas and doubled quotes; unquoted ones are trimmed (their case is kept as
     * stored, since the dictionary stores names already folded). Surrounding parentheses are ignored.
     */
    static List<String> keyList(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String s = text.strip();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                add(out, cur, any);
                cur.setLength(0);
                any = false;
            } else if (!Character.isWhitespace(c) || cur.length() > 0) {
                cur.append(c);
                any = true;
            }
        }
        add(out, cur, any);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur, boolean any) {
        String v = cur.toString().stripTrailing();
        if (any && !v.isEmpty()) {
            out.add(v);
        }
    }

    /** The two column lists of a foreign key's DEFINE. */
    record ForeignKeyDefine(List<String> columns, List<String> referencedColumns) {
    }

    /**
     * Decodes a foreign key's DEFINE [P: xugudb-notes]: the local columns are in the first parenthesised group and the
     * referenced ones in the last, e.g. {@code ("CUSTOMER_ID") REFERENCES "SHOP"."CUSTOMERS"("ID")}. Parentheses inside
     * quoted names do not count.
     */
    static ForeignKeyDefine foreignKeyDefine(String define) {
        List<String> groups = new ArrayList<>();
        if (define != null) {
            boolean quoted = false;
            int depth = 0;
            int start = -1;
            for (int i = 0; i < define.length(); i++) {
                char c = define.charAt(i);
                if (c == '"') {
                    quoted = !quoted; // a doubled quote toggles twice: still right
                } else if (!quoted && c == '(') {
                    if (depth++ == 0) {
                        start = i + 1;
                    }
                } else if (!quoted && c == ')' && depth > 0) {
                    if (--depth == 0) {
                        groups.add(define.substring(start, i));
                    }
                }
            }
        }
        if (groups.isEmpty()) {
            return new ForeignKeyDefine(List.of(), List.of());
        }
        return new ForeignKeyDefine(keyList(groups.get(0)), groups.size() > 1 ? keyList(groups.get(groups.size() - 1)) : List.of());
    }
}
