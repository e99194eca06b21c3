package io.xugumcp.server.linking;

import io.xugumcp.api.Catalog;
import io.xugumcp.server.catalog.SchemaSnapshot;
import io.xugumcp.server.sql.SqlGuard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Resolves the tables and columns a SQL statement names against the catalog, scope by scope as the database would
 * (aliases, derived tables, CTEs, correlated subqueries, select-list aliases in ORDER BY), and reviews its shape:
 * tables joined without a condition, {@code SELECT *}, no row limit, predicates wrapping a column in a function.
 * Works on the SQL guard's parse tree; nothing is executed and the tree is never turned back into SQL.
 */
public final class SqlNames {

    /** What resolving needs from the catalog. */
    public interface Lookup {
        String currentSchema();

        /** The exact name of a schema from a statement's spelling, or {@code null} when there is none. */
        String schema(String written, boolean quoted);

        SchemaSnapshot snapshot(String schema);

        /** May the caller read this table? */
        boolean readable(Catalog.Table table);
    }

    /** Names that are not columns although they stand where columns do. */
    private static final Set<String> PSEUDO_COLUMNS = Set.of("ROWNUM", "ROWID", "LEVEL", "SYSDATE", "SYSTIMESTAMP",
            "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "USER", "CURRENT_USER",
            "SESSION_USER", "CURRENT_SCHEMA", "CURRENT_ROLE", "NULL", "TRUE", "FALSE", "UID", "CONNECT_BY_ISLEAF",
            "CONNECT_BY_ISCYCLE", "NEXTVAL", "CURRVAL");
    /** Aggregate functions by name (the parser leaves most functions unresolved). */
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "STDDEV", "STDDEV_POP",
            "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "MEDIAN", "LISTAGG", "STRING_AGG", "GROUP_CONCAT",
            "ARRAY_AGG", "WM_CONCAT", "BIT_AND", "BIT_OR", "BOOL_AND", "BOOL_OR", "EVERY", "ANY_VALUE");
    private static final Set<String> SEQUENCE_PARTS = Set.of("NEXTVAL", "CURRVAL");
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.GREATER_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.BETWEEN,
            SqlKind.IN, SqlKind.LIKE);

    private final SqlGuard guard;
    private final NameHints hints;

    public SqlNames(SqlGuard guard) {
        this(guard, Glossary.builtIn());
    }

    SqlNames(SqlGuard guard, Glossary glossary) {
        this.guard = guard;
        this.hints = new NameHints(glossary);
    }

    /**
     * Resolves a statement. When the parser cannot read it, the tables the guard's lexer found are checked by name
     * and {@link Catalog.Resolution#parsed()} is false.
     */
    public Catalog.Resolution resolve(String sql, Lookup lookup) {
        Optional<SqlGuard.ParsedStatement> parsed = guard.parse(sql);
        Walk w = new Walk(lookup, parsed.map(SqlGuard.ParsedStatement::text).orElse(sql));
        if (parsed.isEmpty()) {
            for (String t : guard.inspect(sql).tables()) {
                w.tableByText(t);
            }
            return w.result(false);
        }
        w.statement(parsed.get().tree());
        return w.result(true);
    }

    /** One FROM item seen from inside its query. */
    private static final class Source {
        final String alias;
        final boolean aliasQuoted;
        final Catalog.Table table;
        final Catalog.TableDetail detail;
        /** Output columns, or {@code null} when unknown (anything may be there: no complaint). */
        final List<String> columns;
        final String label;

        Source(String alias, boolean aliasQuoted, Catalog.Table table, Catalog.TableDetail detail, List<String> columns,
               String label) {
            this.alias = alias;
            this.aliasQuoted = aliasQuoted;
            this.table = table;
            this.detail = detail;
            this.columns = columns;
            this.label = label;
        }

        boolean answersTo(String qualifier, boolean quoted) {
            if (alias != null) {
                return same(alias, qualifier, quoted || aliasQuoted);
            }
            return table != null && same(table.name(), qualifier, quoted) || label != null && same(label, qualifier, quoted);
        }

        /** The exact column name, or {@code null}. */
        String column(String name, boolean quoted) {
            if (columns == null) {
                return null;
            }
            for (String c : columns) {
                if (c.equals(name)) {
                    return c;
                }
            }
            if (!quoted) {
                for (String c : columns) {
                    if (c.equalsIgnoreCase(name)) {
                        return c;
                    }
                }
            }
            return null;
        }

        String shown() {
            return alias != null ? alias : label;
        }
    }

    private static boolean same(String a, String b, boolean exact) {
        return exact ? a.equals(b) : a.equalsIgnoreCase(b);
    }

    /** The FROM items of one query block, its select-list aliases, and the block it is nested in. */
    private static final class Scope {
        final Scope parent;
        final List<Source> sources = new ArrayList<>();
        final Set<String> aliases = new LinkedHashSet<>();
        boolean aliasesVisible;

        Scope(Scope parent) {
            this.parent = parent;
        }
    }

    /** One resolution run. */
    private final class Walk {
        final Lookup lookup;
        final String text;
        final Set<Catalog.Table> tables = new LinkedHashSet<>();
        final Set<String> columns = new LinkedHashSet<>();
        final Map<String, Catalog.UnknownName> unknown = new LinkedHashMap<>();
        final List<Catalog.Finding> findings = new ArrayList<>();

        Walk(Lookup lookup, String text) {
            this.lookup = lookup;
            this.text = text;
        }

        Catalog.Resolution result(boolean parsed) {
            return new Catalog.Resolution(parsed, List.copyOf(tables), List.copyOf(columns),
                    List.copyOf(unknown.values()), findings);
        }

        void report(Catalog.UnknownName u) {
            unknown.putIfAbsent(u.kind() + "|" + u.name().toUpperCase(Locale.ROOT) + "|" + u.scope(), u);
        }

        // ---- statements ----

        void statement(SqlNode node) {
            if (node instanceof SqlExplain e) {
                statement(e.getExplicandum());
            } else if (node instanceof SqlInsert insert) {
                Source target = tableSource(insert.getTargetTable(), null, false, Map.of());
                if (insert.getTargetColumnList() != null) {
                    Scope s = new Scope(null);
                    s.sources.add(target);
                    for (SqlNode c : insert.getTargetColumnList()) {
                        if (c instanceof SqlIdentifier id) {
                            column(id, s);
                        }
                    }
                }
                query(insert.getSource(), null, Map.of(), false);
            } else if (node instanceof SqlUpdate update) {
                Scope s = new Scope(null);
                s.sources.add(tableSource(update.getTargetTable(), update.getAlias(), false, Map.of()));
                if (update.getTargetColumnList() != null) {
                    for (SqlNode c : update.getTargetColumnList()) {
                        if (c instanceof SqlIdentifier id) {
                            column(id, s);
                        }
                    }
                }
                expr(update.getSourceExpressionList(), s, Map.of());
                expr(update.getCondition(), s, Map.of());
            } else if (node instanceof SqlDelete delete) {
                Scope s = new Scope(null);
                s.sources.add(tableSource(delete.getTargetTable(), delete.getAlias(), false, Map.of()));
                expr(delete.getCondition(), s, Map.of());
            } else if (isQuery(node)) {
                query(node, null, Map.of(), true);
            }
            // Other statements (DDL, MERGE …): their tables are the guard's business; nothing to resolve here.
        }

        boolean isQuery(SqlNode n) {
            return n instanceof SqlSelect || n instanceof SqlOrderBy || n instanceof SqlWith
                    || n != null && (n.getKind() == SqlKind.UNION || n.getKind() == SqlKind.INTERSECT
                    || n.getKind() == SqlKind.EXCEPT || n.getKind() == SqlKind.VALUES);
        }

        /** Resolves a query; returns its output column names, or {@code null} when they cannot be known. */
        List<String> query(SqlNode n, Scope parent, Map<String, Source> ctes, boolean top) {
            if (n instanceof SqlWith with) {
                Map<String, Source> scope = new HashMap<>(ctes);
                for (SqlNode item : with.withList) {
                    SqlWithItem w = (SqlWithItem) item;
                    String name = w.name.getSimple();
                    if (w.recursive != null && Boolean.TRUE.equals(w.recursive.getValue())) {
                        scope.put(name.toUpperCase(Locale.ROOT), new Source(null, false, null, null, null, name));
                    }
                    List<String> cols = query(w.query, parent, Map.copyOf(scope), false);
                    if (w.columnList != null) {
                        cols = new ArrayList<>();
                        for (SqlNode c : w.columnList) {
                            cols.add(((SqlIdentifier) c).getSimple());
                        }
                    }
                    scope.put(name.toUpperCase(Locale.ROOT), new Source(null, false, null, null, cols, name));
                }
                return query(with.body, parent, scope, top);
            }
            if (n instanceof SqlOrderBy ob) {
                if (ob.query instanceof SqlSelect select) {
                    return select(select, parent, ctes, ob.orderList, top && ob.fetch == null);
                }
                List<String> cols = query(ob.query, parent, ctes, false);
                if (top && ob.fetch == null) {
                    noLimit(null);
                }
                return cols;
            }
            if (n instanceof SqlSelect select) {
                return select(select, parent, ctes, null, top);
            }
            if (n instanceof SqlCall call && (n.getKind() == SqlKind.UNION || n.getKind() == SqlKind.INTERSECT
                    || n.getKind() == SqlKind.EXCEPT)) {
                List<String> first = null;
                boolean firstSet = false;
                for (SqlNode op : call.getOperandList()) {
                    List<String> cols = query(op, parent, ctes, false);
                    if (!firstSet) {
                        first = cols;
                        firstSet = true;
                    }
                }
                if (top) {
                    noLimit(null);
                }
                return first;
            }
            // VALUES (…), (…): only expressions inside.
            if (n instanceof SqlCall call) {
                for (SqlNode op : call.getOperandList()) {
                    expr(op, parent == null ? new Scope(null) : parent, ctes);
                }
            }
            return null;
        }

        List<String> select(SqlSelect select, Scope parent, Map<String, Source> ctes, SqlNodeList outerOrder,
                            boolean topWithoutLimit) {
            Scope scope = new Scope(parent);
            List<SqlNode> joinConditions = new ArrayList<>();
            List<int[]> joined = new ArrayList<>();
            from(select.getFrom(), scope, ctes, joinConditions, joined);
            List<String> out = new ArrayList<>();
            boolean open = false;
            List<String> aliases = new ArrayList<>();
            boolean aggregate = false;
            for (SqlNode item : select.getSelectList()) {
                if (item instanceof SqlIdentifier id && id.isStar()) {
                    List<Source> covered = star(id, scope);
                    for (Source s : covered) {
                        if (s.columns == null) {
                            open = true;
                        } else {
                            out.addAll(s.columns);
                        }
                    }
                    continue;
                }
                SqlNode e = item;
                String alias = null;
                if (item.getKind() == SqlKind.AS) {
                    List<SqlNode> ops = ((SqlCall) item).getOperandList();
                    e = ops.get(0);
                    alias = ((SqlIdentifier) ops.get(1)).getSimple();
                } else if (item instanceof SqlIdentifier id) {
                    alias = id.names.get(id.names.size() - 1);
                }
                aggregate |= hasAggregate(e);
                expr(e, scope, ctes);
                if (alias != null) {
                    aliases.add(alias);
                }
                out.add(alias == null ? "EXPR$" + out.size() : alias);
            }
            expr(select.getWhere(), scope, ctes);
            scope.aliases.addAll(aliases);
            scope.aliasesVisible = true;
            expr(select.getGroup(), scope, ctes);
            expr(select.getHaving(), scope, ctes);
            expr(select.getOrderList(), scope, ctes);
            expr(outerOrder, scope, ctes);
            expr(select.getQualify(), scope, ctes);
            expr(select.getWindowList(), scope, ctes);
            joins(scope, joinConditions, joined, select.getWhere());
            sargable(select.getWhere(), scope);
            for (SqlNode c : joinConditions) {
                sargable(c, scope);
            }
            boolean grouped = select.getGroup() != null && !select.getGroup().isEmpty();
            boolean limited = select.getFetch() != null || mentionsRownum(select.getWhere());
            if (topWithoutLimit && !limited && (grouped || !aggregate)) {
                noLimit(scope);
            }
            return open ? null : out;
        }

        // ---- FROM ----

        void from(SqlNode n, Scope scope, Map<String, Source> ctes, List<SqlNode> conditions, List<int[]> joined) {
            if (n == null) {
                return;
            }
            if (n instanceof SqlJoin j) {
                int before = scope.sources.size();
                from(j.getLeft(), scope, ctes, conditions, joined);
                int mid = scope.sources.size();
                from(j.getRight(), scope, ctes, conditions, joined);
                int after = scope.sources.size();
                if (j.isNatural()) {
                    joined.add(new int[] {before, mid, after});
                } else if (j.getConditionType() == JoinConditionType.USING) {
                    joined.add(new int[] {before, mid, after});
                    for (SqlNode c : (SqlNodeList) j.getCondition()) {
                        usingColumn((SqlIdentifier) c, scope.sources.subList(before, mid), scope.sources.subList(mid, after));
                    }
                } else if (j.getConditionType() == JoinConditionType.ON) {
                    expr(j.getCondition(), scope, ctes);
                    conditions.add(j.getCondition());
                } else if (j.getJoinType() != JoinType.COMMA && j.getJoinType() != JoinType.CROSS) {
                    joined.add(new int[] {before, mid, after});
                }
                return;
            }
            if (n.getKind() == SqlKind.AS) {
                List<SqlNode> ops = ((SqlCall) n).getOperandList();
                SqlIdentifier alias = (SqlIdentifier) ops.get(1);
                SqlNode inner = ops.get(0);
                List<String> renamed = null;
                if (ops.size() > 2) {
                    renamed = new ArrayList<>();
                    for (SqlNode c : ops.subList(2, ops.size())) {
                        renamed.add(((SqlIdentifier) c).getSimple());
                    }
                }
                if (inner instanceof SqlIdentifier id) {
                    Source s = tableSource(id, alias, true, ctes);
                    scope.sources.add(renamed == null ? s
                            : new Source(s.alias, s.aliasQuoted, s.table, s.detail, renamed, s.label));
                } else if (isQuery(inner)) {
                    List<String> cols = query(inner, scope.parent, ctes, false);
                    scope.sources.add(new Source(written(alias, 0), alias.isComponentQuoted(0), null, null,
                            renamed != null ? renamed : cols, written(alias, 0)));
                } else {
                    expr(inner, scope, ctes);
                    scope.sources.add(new Source(written(alias, 0), alias.isComponentQuoted(0), null, null, renamed,
                            written(alias, 0)));
                }
                return;
            }
            if (n instanceof SqlIdentifier id) {
                scope.sources.add(tableSource(id, null, true, ctes));
                return;
            }
            if (isQuery(n)) {
                scope.sources.add(new Source(null, false, null, null, query(n, scope.parent, ctes, false), "subquery"));
                return;
            }
            expr(n, scope, ctes);
            scope.sources.add(new Source(null, false, null, null, null, "table function"));
        }

        /** A table named in FROM (or as a write target): CTE, DUAL, or a catalog table. */
        Source tableSource(SqlNode node, SqlNode aliasNode, boolean reading, Map<String, Source> ctes) {
            SqlIdentifier alias = aliasNode instanceof SqlIdentifier a ? a : null;
            String aliasName = alias == null ? null : written(alias, 0);
            boolean aliasQuoted = alias != null && alias.isComponentQuoted(0);
            if (!(node instanceof SqlIdentifier id)) {
                return new Source(aliasName, aliasQuoted, null, null, null, "?");
            }
            int n = id.names.size();
            String name = id.names.get(n - 1);
            boolean quoted = id.isComponentQuoted(n - 1);
            if (n == 1) {
                Source cte = ctes.get(name.toUpperCase(Locale.ROOT));
                if (cte != null) {
                    return new Source(aliasName, aliasQuoted, null, null, cte.columns, cte.label);
                }
                if (!quoted && name.equalsIgnoreCase("DUAL")) {
                    return new Source(aliasName, aliasQuoted, null, null, List.of(), "DUAL");
                }
            }
            String schema;
            if (n >= 2) {
                String writtenSchema = id.names.get(n - 2);
                schema = lookup.schema(writtenSchema, id.isComponentQuoted(n - 2));
                if (schema == null) {
                    report(new Catalog.UnknownName("schema", written(id, n - 2), null, "No schema "
                            + written(id, n - 2) + " is visible. Leave the schema out to use the current one ("
                            + lookup.currentSchema() + "), or list the schemas.", List.of(), List.of()));
                    return new Source(aliasName, aliasQuoted, null, null, null, name);
                }
            } else {
                schema = lookup.currentSchema();
            }
            SchemaSnapshot snap = lookup.snapshot(schema);
            Catalog.TableDetail d = find(snap, name, quoted);
            if (d == null) {
                unknownTable(id, snap, quoted);
                return new Source(aliasName, aliasQuoted, null, null, null, name);
            }
            if (!lookup.readable(d.table())) {
                report(new Catalog.UnknownName("denied", written(id, n - 1), schema, "Your role may not read "
                        + d.table().name() + "; leave it out or ask an operator for the permission.", List.of(), List.of()));
                return new Source(aliasName, aliasQuoted, null, null, null, d.table().name());
            }
            tables.add(d.table());
            return new Source(aliasName, aliasQuoted, d.table(), d, d.columns().stream().map(Catalog.Column::name).toList(),
                    d.table().name());
        }

        /** A table the guard named (when the parser could not read the statement). */
        void tableByText(String guardName) {
            String[] parts = guardName.replace("\"", "").split("\\.");
            String name = parts[parts.length - 1];
            String schema = parts.length >= 2 ? lookup.schema(parts[parts.length - 2], false) : lookup.currentSchema();
            if (schema == null) {
                return;
            }
            SchemaSnapshot snap = lookup.snapshot(schema);
            Catalog.TableDetail d = find(snap, name, false);
            if (d == null) {
                List<NameHints.Candidate> candidates = tableCandidates(snap);
                report(new Catalog.UnknownName("table", name, schema, "No table or view " + name + " in schema "
                        + schema + ".", hints.bySpelling(name, candidates), hints.byMeaning(name, candidates)));
            } else if (lookup.readable(d.table())) {
                tables.add(d.table());
            } else {
                report(new Catalog.UnknownName("denied", name, schema, "Your role may not read " + d.table().name()
                        + "; leave it out or ask an operator for the permission.", List.of(), List.of()));
            }
        }

        Catalog.TableDetail find(SchemaSnapshot snap, String name, boolean quoted) {
            Catalog.TableDetail exact = snap.detail(name);
            if (exact != null || quoted) {
                return exact;
            }
            Catalog.TableDetail found = null;
            for (Catalog.Table t : snap.tables()) {
                if (t.name().equalsIgnoreCase(name)) {
                    if (found != null) {
                        return null;
                    }
                    found = snap.detail(t.name());
                }
            }
            return found;
        }

        void unknownTable(SqlIdentifier id, SchemaSnapshot snap, boolean quoted) {
            int last = id.names.size() - 1;
            String w = written(id, last);
            List<NameHints.Candidate> candidates = tableCandidates(snap);
            List<String> spelling = hints.bySpelling(id.names.get(last), candidates);
            List<String> meaning = hints.byMeaning(w, candidates);
            String message = "No table or view " + w + " in schema " + snap.schema() + "."
                    + suggestion(spelling, meaning)
                    + (quoted ? " A quoted name must match the catalog's case exactly." : "");
            report(new Catalog.UnknownName("table", w, snap.schema(), message, spelling, meaning));
        }

        List<NameHints.Candidate> tableCandidates(SchemaSnapshot snap) {
            List<NameHints.Candidate> out = new ArrayList<>();
            for (Catalog.Table t : snap.tables()) {
                if (lookup.readable(t)) {
                    out.add(new NameHints.Candidate(t.name(), t.name(), t.comment()));
                }
            }
            return out;
        }

        // ---- expressions and columns ----

        void expr(SqlNode n, Scope scope, Map<String, Source> ctes) {
            if (n == null) {
                return;
            }
            if (n instanceof SqlIdentifier id) {
                if (!id.isStar()) {
                    column(id, scope);
                }
            } else if (isQuery(n)) {
                query(n, scope, ctes, false);
            } else if (n instanceof SqlNodeList list) {
                for (SqlNode item : list) {
                    expr(item, scope, ctes);
                }
            } else if (n instanceof SqlWindow window) {
                expr(window.getPartitionList(), scope, ctes);
                expr(window.getOrderList(), scope, ctes);
            } else if (n instanceof SqlCall call) {
                List<SqlNode> ops = call.getOperandList();
                if (call.getKind() == SqlKind.AS) {
                    expr(ops.get(0), scope, ctes);
                    return;
                }
                for (SqlNode op : ops) {
                    expr(op, scope, ctes);
                }
            }
        }

        /** Resolves a column reference; reports it when it does not exist. Returns the source it belongs to. */
        Source column(SqlIdentifier id, Scope scope) {
            int n = id.names.size();
            String name = id.names.get(n - 1);
            boolean quoted = id.isComponentQuoted(n - 1);
            if (n == 1) {
                if (!quoted && PSEUDO_COLUMNS.contains(name.toUpperCase(Locale.ROOT))) {
                    return null;
                }
                for (Scope s = scope; s != null; s = s.parent) {
                    List<Source> has = new ArrayList<>();
                    boolean open = false;
                    for (Source src : s.sources) {
                        if (src.columns == null) {
                            open = true;
                        } else if (src.column(name, quoted) != null) {
                            has.add(src);
                        }
                    }
                    if (has.size() == 1) {
                        return used(has.get(0), name, quoted);
                    }
                    if (has.size() > 1) {
                        if (!(s.aliasesVisible && containsName(s.aliases, name, quoted))) {
                            ambiguous(id, has);
                        }
                        return null;
                    }
                    if (open || s.aliasesVisible && containsName(s.aliases, name, quoted)) {
                        return null;
                    }
                }
                unknownColumn(id, scope.sources, null);
                return null;
            }
            String qualifier = id.names.get(n - 2);
            boolean qualifierQuoted = id.isComponentQuoted(n - 2);
            for (Scope s = scope; s != null; s = s.parent) {
                for (Source src : s.sources) {
                    if (src.answersTo(qualifier, qualifierQuoted)) {
                        if (src.columns == null) {
                            return src;
                        }
                        if (src.column(name, quoted) != null) {
                            return used(src, name, quoted);
                        }
                        unknownColumn(id, List.of(src), src);
                        return null;
                    }
                }
            }
            if (!quoted && SEQUENCE_PARTS.contains(name.toUpperCase(Locale.ROOT))) {
                return null;
            }
            List<String> inScope = new ArrayList<>();
            for (Scope s = scope; s != null; s = s.parent) {
                for (Source src : s.sources) {
                    inScope.add(src.shown());
                }
            }
            String w = written(id, n - 2);
            List<String> spelling = hints.bySpelling(qualifier, inScope.stream()
                    .map(x -> new NameHints.Candidate(x, x, null)).toList());
            report(new Catalog.UnknownName("qualifier", w, String.join(", ", inScope), w + "." + written(id, n - 1)
                    + " names " + w + ", which is not a table or alias of this query (in FROM: "
                    + (inScope.isEmpty() ? "nothing" : String.join(", ", inScope)) + ")."
                    + suggestion(spelling, List.of()), spelling, List.of()));
            return null;
        }

        Source used(Source src, String name, boolean quoted) {
            if (src.table != null) {
                columns.add(src.table.name() + "." + src.column(name, quoted));
            }
            return src;
        }

        boolean containsName(Set<String> names, String name, boolean quoted) {
            for (String a : names) {
                if (same(a, name, quoted)) {
                    return true;
                }
            }
            return false;
        }

        void ambiguous(SqlIdentifier id, List<Source> has) {
            String w = written(id, id.names.size() - 1);
            List<String> options = has.stream().map(s -> s.shown() + "." + s.column(id.getSimple(), false)).toList();
            report(new Catalog.UnknownName("ambiguous", w, String.join(", ", has.stream().map(Source::shown).toList()),
                    "Column " + w + " is in several tables of this query; qualify it: " + String.join(" or ", options)
                            + ".", options, List.of()));
        }

        void unknownColumn(SqlIdentifier id, List<Source> sources, Source qualified) {
            String w = written(id, id.names.size() - 1);
            List<NameHints.Candidate> candidates = new ArrayList<>();
            for (Source s : sources) {
                if (s.detail != null) {
                    candidates.addAll(NameHints.columns(s.detail));
                } else if (s.columns != null) {
                    for (String c : s.columns) {
                        candidates.add(new NameHints.Candidate(s.shown() + "." + c, c, null));
                    }
                }
            }
            List<String> spelling = hints.bySpelling(id.names.get(id.names.size() - 1), candidates);
            List<String> meaning = hints.byMeaning(w, candidates);
            List<String> where = sources.stream().map(Source::shown).toList();
            StringBuilder message = new StringBuilder("No column " + w + " in " + (where.isEmpty() ? "this query"
                    : String.join(", ", where)) + ".");
            message.append(suggestion(spelling, meaning));
            if (qualified == null) {
                List<String> elsewhere = elsewhere(id.names.get(id.names.size() - 1), sources);
                if (!elsewhere.isEmpty()) {
                    message.append(" A column of that name is in ").append(String.join(", ", elsewhere))
                            .append(", which this query does not join.");
                }
            }
            report(new Catalog.UnknownName("column", w, String.join(", ", where), message.toString(), spelling, meaning));
        }

        /** Tables of the current schema, not in the query, that have a column of this name. */
        List<String> elsewhere(String name, List<Source> sources) {
            Set<String> inQuery = new java.util.HashSet<>();
            for (Source s : sources) {
                if (s.table != null) {
                    inQuery.add(s.table.name());
                }
            }
            SchemaSnapshot snap = lookup.snapshot(lookup.currentSchema());
            List<String> out = new ArrayList<>();
            for (Catalog.Table t : snap.tables()) {
                if (out.size() >= 3 || inQuery.contains(t.name()) || !lookup.readable(t)) {
                    continue;
                }
                for (Catalog.Column c : snap.detail(t.name()).columns()) {
                    if (c.name().equalsIgnoreCase(name)) {
                        out.add(t.name());
                        break;
                    }
                }
            }
            return out;
        }

        void usingColumn(SqlIdentifier id, List<Source> left, List<Source> right) {
            for (List<Source> side : List.of(left, right)) {
                boolean found = side.stream().anyMatch(s -> s.columns == null || s.column(id.getSimple(), id.isComponentQuoted(0)) != null);
                if (!found) {
                    unknownColumn(id, side, null);
                } else {
                    side.stream().filter(s -> s.columns != null && s.column(id.getSimple(), id.isComponentQuoted(0)) != null)
                            .forEach(s -> used(s, id.getSimple(), id.isComponentQuoted(0)));
                }
            }
        }

        List<Source> star(SqlIdentifier id, Scope scope) {
            List<Source> covered = new ArrayList<>();
            if (id.names.size() == 1) {
                covered.addAll(scope.sources);
            } else {
                String q = id.names.get(id.names.size() - 2);
                for (Source s : scope.sources) {
                    if (s.answersTo(q, id.isComponentQuoted(id.names.size() - 2))) {
                        covered.add(s);
                    }
                }
                if (covered.isEmpty()) {
                    String w = written(id, id.names.size() - 2);
                    report(new Catalog.UnknownName("qualifier", w, null, w + ".* names " + w
                            + ", which is not a table or alias of this query.", List.of(), List.of()));
                }
            }
            for (Source s : covered) {
                if (s.table != null) {
                    int n = s.detail.columns().size();
                    findings.add(new Catalog.Finding("select_star", s.table, null, "SELECT " + (id.names.size() == 1
                            ? "*" : s.shown() + ".*") + " reads all " + n + " columns of " + s.table.name() + ".",
                            "Name the columns you need; the model and the answer then carry only those."));
                }
            }
            return covered;
        }

        // ---- shape ----

        /** Groups the query's sources by join conditions; tables left in separate groups form a cross product. */
        void joins(Scope scope, List<SqlNode> onConditions, List<int[]> joined, SqlNode where) {
            int n = scope.sources.size();
            if (n < 2) {
                return;
            }
            int[] group = new int[n];
            for (int i = 0; i < n; i++) {
                group[i] = i;
            }
            for (int[] j : joined) {
                for (int a = j[0]; a < j[1]; a++) {
                    for (int b = j[1]; b < j[2]; b++) {
                        union(group, a, b);
                    }
                }
            }
            List<SqlNode> conjuncts = new ArrayList<>();
            for (SqlNode c : onConditions) {
                conjuncts(c, conjuncts);
            }
            conjuncts(where, conjuncts);
            for (SqlNode c : conjuncts) {
                Set<Integer> touched = new LinkedHashSet<>();
                sourcesOf(c, scope, touched);
                Integer first = null;
                for (int t : touched) {
                    if (first == null) {
                        first = t;
                    } else {
                        union(group, first, t);
                    }
                }
            }
            Map<Integer, List<Source>> components = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Source s = scope.sources.get(i);
                if ("DUAL".equals(s.label) && s.table == null) {
                    continue;
                }
                components.computeIfAbsent(root(group, i), k -> new ArrayList<>()).add(s);
            }
            if (components.size() < 2) {
                return;
            }
            List<List<Source>> parts = new ArrayList<>(components.values());
            for (int i = 1; i < parts.size(); i++) {
                Source a = parts.get(0).get(0);
                Source b = parts.get(i).get(0);
                String fix = joinFix(parts.get(0), parts.get(i));
                findings.add(new Catalog.Finding("missing_join_condition", b.table, null, shown(parts.get(i))
                        + " is joined to " + shown(parts.get(0)) + " without any condition: every row of one is paired"
                        + " with every row of the other.", fix != null ? fix : "Add a join condition (JOIN "
                        + b.shown() + " ON …) relating it to " + a.shown() + ", or say CROSS JOIN if the product is meant."));
            }
        }

        String shown(List<Source> part) {
            return String.join(", ", part.stream().map(Source::shown).toList());
        }

        /** A condition from a foreign key between the two groups, if the catalog has one. */
        String joinFix(List<Source> a, List<Source> b) {
            for (Source x : a) {
                for (Source y : b) {
                    for (Source[] pair : new Source[][] {{x, y}, {y, x}}) {
                        if (pair[0].detail == null || pair[1].table == null) {
                            continue;
                        }
                        for (Catalog.ForeignKey fk : pair[0].detail.foreignKeys()) {
                            if (fk.referencedTable().equals(pair[1].table.name())
                                    && fk.referencedSchema().equals(pair[1].table.schema())) {
                                List<String> on = new ArrayList<>();
                                for (int i = 0; i < fk.columns().size(); i++) {
                                    on.add(pair[0].shown() + "." + fk.columns().get(i) + " = " + pair[1].shown() + "."
                                            + fk.referencedColumns().get(i));
                                }
                                return "Join on the foreign key" + (fk.name() == null ? "" : " " + fk.name()) + ": "
                                        + String.join(" AND ", on) + ".";
                            }
                        }
                    }
                }
            }
            return null;
        }

        void conjuncts(SqlNode n, List<SqlNode> out) {
            if (n == null) {
                return;
            }
            if (n.getKind() == SqlKind.AND) {
                for (SqlNode op : ((SqlCall) n).getOperandList()) {
                    conjuncts(op, out);
                }
            } else {
                out.add(n);
            }
        }

        /** Which of the scope's own sources an expression reads (subqueries not entered). */
        void sourcesOf(SqlNode n, Scope scope, Set<Integer> out) {
            if (n == null || isQuery(n)) {
                return;
            }
            if (n instanceof SqlIdentifier id && !id.isStar()) {
                Source s = quietSource(id, scope);
                if (s != null) {
                    out.add(scope.sources.indexOf(s));
                }
            } else if (n instanceof SqlNodeList list) {
                list.forEach(x -> sourcesOf(x, scope, out));
            } else if (n instanceof SqlCall call) {
                call.getOperandList().forEach(x -> sourcesOf(x, scope, out));
            }
        }

        /** The source of this scope a column reference resolves to, without reporting anything. */
        Source quietSource(SqlIdentifier id, Scope scope) {
            int n = id.names.size();
            String name = id.names.get(n - 1);
            boolean quoted = id.isComponentQuoted(n - 1);
            for (Source s : scope.sources) {
                if (n >= 2 ? s.answersTo(id.names.get(n - 2), id.isComponentQuoted(n - 2))
                        : s.columns != null && s.column(name, quoted) != null) {
                    return s;
                }
            }
            return null;
        }

        /** Comparisons that wrap a column in a function or arithmetic, and LIKE patterns starting with a wildcard. */
        void sargable(SqlNode where, Scope scope) {
            List<SqlNode> all = new ArrayList<>();
            flatten(where, all);
            for (SqlNode c : all) {
                if (!(c instanceof SqlCall call) || !COMPARISONS.contains(c.getKind())) {
                    continue;
                }
                List<SqlNode> ops = call.getOperandList();
                if (c.getKind() == SqlKind.LIKE && ops.size() >= 2 && ops.get(1) instanceof SqlLiteral lit
                        && ops.get(0) instanceof SqlIdentifier col) {
                    String pattern = lit.toValue();
                    if (pattern != null && (pattern.startsWith("%") || pattern.startsWith("_"))) {
                        Source s = quietSource(col, scope);
                        findings.add(new Catalog.Finding("non_sargable", s == null ? null : s.table, col.getSimple(),
                                written(col, col.names.size() - 1) + " LIKE '" + pattern + "' starts with a wildcard, so"
                                        + " no index on the column can narrow the search.",
                                "Match a fixed beginning (LIKE 'abc%') where the question allows it."));
                    }
                    continue;
                }
                SqlNode left = ops.get(0);
                if (left instanceof SqlCall wrapped && !isQuery(left)) {
                    SqlIdentifier col = firstColumn(wrapped);
                    if (col != null && !hasAggregate(wrapped)) {
                        Source s = quietSource(col, scope);
                        String fn = wrapped.getOperator().getName().toUpperCase(Locale.ROOT);
                        findings.add(new Catalog.Finding("non_sargable", s == null ? null : s.table, col.names.get(col.names.size() - 1),
                                "The predicate applies " + (isArithmetic(wrapped) ? "arithmetic" : fn + "()") + " to "
                                        + written(col, col.names.size() - 1) + ", so an index on the column cannot be used.",
                                fixFor(fn, wrapped, written(col, col.names.size() - 1))));
                    }
                }
            }
        }

        String fixFor(String fn, SqlCall wrapped, String col) {
            switch (fn) {
                case "SUBSTR", "SUBSTRING", "LEFT":
                    return "Compare a prefix instead: " + col + " LIKE 'prefix%'.";
                case "YEAR", "MONTH", "DAY", "EXTRACT", "TO_CHAR", "DATE_FORMAT", "TRUNC", "DATE_TRUNC", "DATE", "CAST":
                    return "Compare the column with a range: " + col + " >= <start> AND " + col + " < <end>.";
                case "UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM":
                    return "Compare the column as stored (or index the expression).";
                default:
                    return isArithmetic(wrapped) ? "Move the arithmetic to the other side of the comparison."
                            : "Compare the bare column so an index on it can be used.";
            }
        }

        boolean isArithmetic(SqlCall call) {
            SqlKind k = call.getKind();
            return k == SqlKind.PLUS || k == SqlKind.MINUS || k == SqlKind.TIMES || k == SqlKind.DIVIDE;
        }

        void flatten(SqlNode n, List<SqlNode> out) {
            if (n == null) {
                return;
            }
            if (n.getKind() == SqlKind.AND || n.getKind() == SqlKind.OR || n.getKind() == SqlKind.NOT) {
                for (SqlNode op : ((SqlCall) n).getOperandList()) {
                    flatten(op, out);
                }
            } else {
                out.add(n);
            }
        }

        SqlIdentifier firstColumn(SqlNode n) {
            if (n instanceof SqlIdentifier id && !id.isStar()
                    && !PSEUDO_COLUMNS.contains(id.names.get(id.names.size() - 1).toUpperCase(Locale.ROOT))) {
                return id;
            }
            if (n instanceof SqlCall call && !isQuery(n)) {
                for (SqlNode op : call.getOperandList()) {
                    SqlIdentifier found = firstColumn(op);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        boolean hasAggregate(SqlNode n) {
            if (n instanceof SqlCall call && !isQuery(n)) {
                if ((call.getOperator().isAggregator()
                        || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT)))
                        && call.getKind() != SqlKind.OVER) {
                    return true;
                }
                if (call.getKind() == SqlKind.OVER) {
                    return false;
                }
                for (SqlNode op : call.getOperandList()) {
                    if (hasAggregate(op)) {
                        return true;
                    }
                }
            }
            return false;
        }

        boolean mentionsRownum(SqlNode n) {
            if (n instanceof SqlIdentifier id) {
                return id.names.get(id.names.size() - 1).equalsIgnoreCase("ROWNUM");
            }
            if (n instanceof SqlCall call && !isQuery(n)) {
                for (SqlNode op : call.getOperandList()) {
                    if (mentionsRownum(op)) {
                        return true;
                    }
                }
            }
            return false;
        }

        void noLimit(Scope scope) {
            Catalog.Table t = null;
            if (scope != null) {
                for (Source s : scope.sources) {
                    if (s.table != null) {
                        t = s.table;
                        break;
                    }
                }
            }
            findings.add(new Catalog.Finding("no_limit", t, null, "The query has no row limit"
                    + (t == null ? "" : " and reads " + t.name()) + ".",
                    "Add LIMIT n (or aggregate) unless every row is needed; answers are capped anyway."));
        }

        // ---- text ----

        /** The identifier part as the statement spells it (case and quotes as written). */
        String written(SqlIdentifier id, int part) {
            SqlParserPos pos = part < id.names.size() ? id.getComponentParserPosition(part) : id.getParserPosition();
            String s = slice(pos);
            if (s == null || s.isEmpty()) {
                return id.names.get(part);
            }
            if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("`") && s.endsWith("`"))) {
                s = s.substring(1, s.length() - 1);
            }
            return s;
        }

        String slice(SqlParserPos pos) {
            if (pos == null || pos.getLineNum() <= 0 || pos.getLineNum() != pos.getEndLineNum()) {
                return null;
            }
            String[] lines = text.split("\n", -1);
            if (pos.getLineNum() > lines.length) {
                return null;
            }
            String line = lines[pos.getLineNum() - 1];
            int from = pos.getColumnNum() - 1;
            int to = pos.getEndColumnNum();
            if (from < 0 || to > line.length() || from >= to) {
                return null;
            }
            return line.substring(from, to);
        }
    }

    private static String suggestion(List<String> spelling, List<String> meaning) {
        List<String> all = new ArrayList<>(spelling);
        for (String m : meaning) {
            if (!all.contains(m)) {
                all.add(m);
            }
        }
        return all.isEmpty() ? "" : " Did you mean " + String.join(" or ", all) + "?";
    }

    private static int root(int[] group, int i) {
        while (group[i] != i) {
            group[i] = group[group[i]];
            i = group[i];
        }
        return i;
    }

    private static void union(int[] group, int a, int b) {
        group[root(group, a)] = root(group, b);
    }
}
