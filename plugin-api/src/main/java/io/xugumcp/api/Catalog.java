package io.xugumcp.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The database's schema model: schemas, tables and views with their comments, columns, keys (both directions),
 * indexes, view definitions and cheap statistics. The host reads it from the dialect's own catalog with fixed,
 * read-only SQL and bind parameters (never from caller SQL, never through the JDBC driver's DatabaseMetaData), caches
 * it for a configured time, and drops the cache as soon as this server runs DDL.
 *
 * <p>Names are the catalog's exact spelling (H2 and XuguDB fold unquoted names to upper case, PostgreSQL to lower
 * case). Methods taking a schema accept {@code null} for the connection's current schema. Lookups accept a name
 * written in another case when it is unambiguous. An unknown schema or table throws {@link ToolException} with code
 * {@code not_found} and a message naming the closest existing names; a name that cannot be an identifier at all
 * (empty, control characters, far too long) throws code {@code invalid_argument}.
 */
public interface Catalog {

    /** The schemas the connection can see, system schemas included (see {@link Schema#system()}), sorted by name. */
    List<Schema> schemas();

    /** The connection's current (default) schema. */
    String currentSchema();

    /**
     * The tables and views of a schema, sorted by name. A catalog that acts for a caller (a call's or a resource
     * read's, or {@link PluginContext#catalog(Caller)}) lists only those the caller may read ({@link #mayRead}; hosts
     * from 0.3.0).
     */
    List<Table> tables(String schema);

    /**
     * Resolves a table or view by name. {@code name} may be written {@code schema.table} when {@code schema} is
     * {@code null}.
     *
     * @throws ToolException {@code not_found} with close matches, or {@code invalid_argument}
     */
    Table table(String schema, String name);

    /** Everything about one table or view: columns, keys in both directions, indexes, view definition. */
    TableDetail describe(Table table);

    /** Cheap per-column statistics the database already keeps (may be empty: none collected, or none kept). */
    List<ColumnStats> columnStats(Table table);

    /**
     * Counts rows exactly with {@code SELECT COUNT(*)} on the dialect-quoted, catalog-validated name, through the
     * caller's {@link Database} (guard, permissions, query timeout, audit). Costly on big tables: only on request.
     *
     * @throws ToolException when the catalog was not obtained for a caller (the {@link PluginContext} one)
     */
    long exactRowCount(Table table);

    /** Product, version, current database, schema and user. */
    DatabaseInfo info();

    /** Drops the cached model; the next call reads the catalog again. */
    void refresh();

    /**
     * True when the caller this catalog acts for may read {@code table}, judged by the role's permissions and table
     * rules as a plain SELECT of it would be. {@link #tables} already leaves out the tables this answers false for
     * (hosts from 0.3.0); a plugin that offers names it got elsewhere to a caller (argument completion, suggestions)
     * filters them with this. A catalog that acts for no caller answers true.
     *
     * @since 0.3.0
     */
    default boolean mayRead(Table table) {
        return true;
    }

    /**
     * The check constraints of a table, read when asked (they are not part of {@link #describe}, whose record is
     * fixed). NOT NULL is not reported as a check.
     *
     * @throws UnsupportedOperationException on a host that cannot read them (API before 0.3.0)
     * @since 0.3.0
     */
    default List<Check> checks(Table table) {
        throw new UnsupportedOperationException("this host cannot read check constraints");
    }

    /**
     * Looks a schema up by name (case-insensitively when unambiguous).
     *
     * @throws ToolException {@code not_found} with the closest schema names
     * @since 0.3.0
     */
    default Schema schema(String name) {
        for (Schema s : schemas()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        for (Schema s : schemas()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new ToolException(ErrorCode.NOT_FOUND, "No schema named '" + name + "'.");
    }

    /**
     * Links a text – a table-name pattern, keywords, or a question in English or Chinese – to the tables and columns
     * it is about, ranked. Matches names (split on {@code _} and case), table and column comments, CJK characters and
     * bigrams, and the operator's synonym list; with {@link SearchOptions#tokenBudget()} it then closes the chosen
     * tables over foreign-key paths and fits the budget (when the whole schema fits, it returns the whole schema).
     * The schema tools' {@code search_tables} and Chat2SQL's schema linking share this one implementation.
     * Tables the caller may not read are left out.
     *
     * @throws UnsupportedOperationException on a host without search (API before 0.3.0)
     * @since 0.3.0
     */
    default SearchResult search(String text, SearchOptions options) {
        throw new UnsupportedOperationException("this host offers no catalog search");
    }

    /**
     * Resolves every table and column a SQL text names against the catalog, as the database would and without running
     * anything: names that do not exist come back with the closest existing names by spelling and by meaning (comments,
     * Chinese or English), and the structure of the query is reviewed for what a careful reader would flag (tables
     * joined without a condition, {@code SELECT *}, no row limit, predicates that cannot use an index). Uses the host's
     * SQL parser; when it cannot read the text, {@link Resolution#parsed()} is false and only table names were checked.
     * Tables the caller may not read are reported as such, never described.
     *
     * @throws UnsupportedOperationException on a host without it (API before 0.3.0)
     * @since 0.3.0
     */
    default Resolution resolve(String sql) {
        throw new UnsupportedOperationException("this host cannot resolve SQL names");
    }

    /**
     * What {@link #resolve} found.
     *
     * @param parsed   true when the host's parser read the whole statement (column names were checked)
     * @param tables   the existing tables and views the statement reads or writes
     * @param columns  the existing columns it uses, as {@code TABLE.COLUMN}
     * @param unknown  names that do not resolve, each with what to write instead
     * @param findings structural remarks, see {@link Finding}
     * @since 0.3.0
     */
    record Resolution(boolean parsed, List<Table> tables, List<String> columns, List<UnknownName> unknown,
                      List<Finding> findings) {
        public Resolution {
            tables = List.copyOf(tables);
            columns = List.copyOf(columns);
            unknown = List.copyOf(unknown);
            findings = List.copyOf(findings);
        }

        /** True when every name resolved. */
        public boolean namesResolved() {
            return unknown.isEmpty();
        }
    }

    /**
     * A name in a SQL text that does not resolve.
     *
     * @param kind       {@code table}, {@code column}, {@code qualifier} (an alias or table prefix not in FROM),
     *                   {@code schema}, or {@code denied} (a table the caller may not read)
     * @param name       the name as written
     * @param scope      where it was looked for (the tables in scope for a column), or {@code null}
     * @param message    a sentence saying what is wrong and what to do
     * @param bySpelling existing names spelled alike, best first ({@code TABLE.COLUMN} for columns)
     * @param byMeaning  existing names whose comments or words mean the same (手机号码 for {@code mobile}), best first
     * @since 0.3.0
     */
    record UnknownName(String kind, String name, String scope, String message, List<String> bySpelling,
                       List<String> byMeaning) {
        public UnknownName {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            bySpelling = List.copyOf(bySpelling);
            byMeaning = List.copyOf(byMeaning);
        }
    }

    /**
     * A structural remark on a statement.
     *
     * @param code    {@code missing_join_condition}, {@code select_star}, {@code no_limit} or {@code non_sargable}
     * @param table   the table concerned, or {@code null}
     * @param column  the column concerned, or {@code null}
     * @param message what the statement does
     * @param fix     what to write instead, or {@code null}
     * @since 0.3.0
     */
    record Finding(String code, Table table, String column, String message, String fix) {
        public Finding {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * How to search.
     *
     * @param schema              the schema to search, or {@code null} for the current one
     * @param limit               the most tables to return (0 = no limit besides the budget)
     * @param tokenBudget         the schema text the caller can afford, in estimated model tokens (0 = rank only,
     *                            no foreign-key closure and no budget)
     * @param followForeignKeys   add tables on foreign-key paths between the linked ones (join tables)
     * @since 0.3.0
     */
    record SearchOptions(String schema, int limit, int tokenBudget, boolean followForeignKeys) {
        public SearchOptions {
            if (limit < 0 || tokenBudget < 0) {
                throw new IllegalArgumentException("limit and tokenBudget must not be negative");
            }
        }

        /** Ranking only, in the current schema, at most {@code limit} tables. */
        public static SearchOptions ranked(int limit) {
            return new SearchOptions(null, limit, 0, false);
        }
    }

    /**
     * The tables a text links to.
     *
     * @param hits            ranked best first; tables added by foreign-key closure come with score 0 and reason
     *                        {@code foreign key}
     * @param wholeSchema     true when the whole schema fitted the budget and is returned entire
     * @param estimatedTokens the estimated size of the hits' schema text in model tokens (0 without a budget)
     * @param totalTables     how many tables the searched schema has
     * @since 0.3.0
     */
    record SearchResult(List<SearchHit> hits, boolean wholeSchema, int estimatedTokens, int totalTables) {
        public SearchResult {
            hits = List.copyOf(hits);
        }
    }

    /**
     * One linked table.
     *
     * @param score   relevance, higher is better (comparable within one result only)
     * @param columns the columns the text matched (always including key columns when a budget was given)
     * @param matchedBy short reasons: {@code name}, {@code comment}, {@code column name}, {@code column comment},
     *                {@code synonym}, {@code foreign key}
     * @since 0.3.0
     */
    record SearchHit(Table table, double score, List<String> columns, List<String> matchedBy) {
        public SearchHit {
            Objects.requireNonNull(table, "table");
            columns = List.copyOf(columns);
            matchedBy = List.copyOf(matchedBy);
        }
    }

    /**
     * A schema.
     *
     * @param owner      may be {@code null}
     * @param comment    may be {@code null}
     * @param tableCount tables and views in it, {@code -1} when unknown
     * @param system     true for the database's own schemas (pg_catalog, INFORMATION_SCHEMA, SYS…)
     */
    record Schema(String name, String owner, String comment, int tableCount, boolean system) {
        public Schema {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A table or view.
     *
     * @param type        {@code TABLE}, {@code VIEW}, {@code MATERIALIZED VIEW}, {@code FOREIGN TABLE},
     *                    {@code PARTITIONED TABLE}, {@code GLOBAL TEMPORARY} …
     * @param comment     may be {@code null}
     * @param rowEstimate the catalog's row estimate, {@code null} when it has none (never analysed, or a view)
     */
    record Table(String schema, String name, String type, String comment, Long rowEstimate) {
        public Table {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** True for views and materialized views. */
        public boolean isView() {
            return type.toUpperCase(Locale.ROOT).contains("VIEW");
        }
    }

    /**
     * A column.
     *
     * @param position     1-based
     * @param type         the SQL type as the dialect writes it, e.g. {@code VARCHAR(50)}, {@code NUMERIC(10,2)}
     * @param defaultValue the default expression, or {@code null}
     * @param comment      may be {@code null}
     * @param identity     true when the database generates the value (identity, serial, auto-increment)
     */
    record Column(String name, int position, String type, boolean nullable, String defaultValue, String comment,
                  boolean identity) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A primary or unique key. {@code name} may be {@code null}. */
    record Key(String name, List<String> columns) {
        public Key {
            columns = List.copyOf(columns);
        }
    }

    /**
     * A foreign key from {@code schema.table(columns)} to {@code referencedSchema.referencedTable(referencedColumns)}.
     * The same record describes both directions: it is in the {@link TableDetail#foreignKeys()} of the referencing
     * table and in the {@link TableDetail#referencedBy()} of the referenced one.
     *
     * @param onUpdate {@code NO ACTION}, {@code CASCADE}, {@code SET NULL}, {@code SET DEFAULT}, {@code RESTRICT}, or {@code null}
     * @param onDelete as {@code onUpdate}
     */
    record ForeignKey(String name, String schema, String table, List<String> columns, String referencedSchema,
                      String referencedTable, List<String> referencedColumns, String onUpdate, String onDelete) {
        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    /**
     * An index.
     *
     * @param columns column names, or expressions for expression indexes, in key order
     * @param type    the access method ({@code btree}, {@code hash}, {@code RTREE} …) or {@code null}
     * @param filter  the predicate of a partial index, or {@code null}
     */
    record Index(String name, List<String> columns, boolean unique, boolean primary, String type, String filter) {
        public Index {
            columns = List.copyOf(columns);
        }
    }

    /**
     * The full description of a table or view.
     *
     * @param primaryKey may be {@code null}
     * @param definition the SELECT of a view, {@code null} for a table
     */
    record TableDetail(Table table, List<Column> columns, Key primaryKey, List<Key> uniqueKeys,
                       List<ForeignKey> foreignKeys, List<ForeignKey> referencedBy, List<Index> indexes,
                       String definition) {
        public TableDetail {
            Objects.requireNonNull(table, "table");
            columns = List.copyOf(columns);
            uniqueKeys = List.copyOf(uniqueKeys);
            foreignKeys = List.copyOf(foreignKeys);
            referencedBy = List.copyOf(referencedBy);
            indexes = List.copyOf(indexes);
        }
    }

    /**
     * A check constraint.
     *
     * @param name       may be {@code null}
     * @param expression the condition as the database stores it, without the word {@code CHECK}
     * @since 0.3.0
     */
    record Check(String name, String expression) {
        public Check {
            Objects.requireNonNull(expression, "expression");
        }
    }

    /**
     * Statistics of one column as the database keeps them; every value may be {@code null} when unknown.
     *
     * @param nullFraction   share of NULLs, 0–1
     * @param distinctValues estimated number of distinct values
     * @param min            smallest value seen (as text)
     * @param max            largest value seen (as text)
     * @param averageWidth   average stored width in bytes
     * @param other          further dialect-specific figures by their catalog names (e.g. XuguDB {@code repet_rate})
     */
    record ColumnStats(String column, Double nullFraction, Double distinctValues, String min, String max,
                       Integer averageWidth, Map<String, String> other) {
        public ColumnStats {
            Objects.requireNonNull(column, "column");
            other = other == null ? Map.of() : Map.copyOf(other);
        }
    }

    /**
     * What the connection talks to.
     *
     * @param product  e.g. {@code PostgreSQL}, {@code H2}, {@code XuguDB}
     * @param version  the server's version text
     * @param database the current database (catalog)
     * @param schema   the current schema
     * @param user     the database user
     */
    record DatabaseInfo(String product, String version, String database, String schema, String user) {
    }
}
