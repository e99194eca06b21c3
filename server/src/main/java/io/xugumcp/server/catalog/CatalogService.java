package io.xugumcp.server.catalog;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.linking.SchemaLinking;
import io.xugumcp.server.linking.Synonyms;
import io.xugumcp.server.db.SqlDialect;
import io.xugumcp.server.db.SqlErrors;
import io.xugumcp.server.sql.Names;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The host's catalog: reads the dialect's dictionary with fixed read-only SQL on pooled connections under the query
 * timeout, and caches what it read – the schema list, the database info, and one {@link SchemaSnapshot} per schema,
 * loaded when first asked for – for a configured time. {@link #invalidate()} (called when this server ran DDL) and
 * {@link #refresh()} drop everything at once. A name that is not found in a cache entry older than a moment triggers
 * one re-read before the caller hears "no such table", so objects created elsewhere show up without waiting for the TTL.
 *
 * <p>This instance has no caller, so it cannot count rows and links over every table; {@link #forCaller} gives the
 * view handed to tool calls, which counts rows as the caller and leaves the tables the caller may not read out of
 * {@link #search}.
 */
public final class CatalogService implements Catalog {
    /** How old a cache entry must be before a miss re-reads it: bounds the re-reads a stream of bad names can cause. */
    private static final long MISS_RELOAD_AFTER_NANOS = Duration.ofSeconds(2).toNanos();
    /** Longest text {@link #search} links: a question, not a document. */
    static final int MAX_SEARCH_CHARS = 2_000;

    /** Where catalog connections come from (the pool in the server; a plain connection in tests). */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    private record Cached<T>(T value, long loadedAt, long generation) {
    }

    private final Connector connector;
    private final SqlDialect dialect;
    private final CatalogSource source;
    private final long timeoutMs;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final SchemaLinking linking;
    /** May this caller read this schema-qualified table? Decides which tables a caller's search can link. */
    private final ReadRules readRules;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Cached<SchemaSnapshot>> snapshots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> loadLocks = new ConcurrentHashMap<>();
    private final Object metaLock = new Object();
    private volatile Cached<List<Schema>> schemas;
    private volatile Cached<DatabaseInfo> info;
    /** Runs the driver's network-timeout callbacks (XuguDB); daemon so it never holds the JVM. */
    private final Executor networkTimeoutExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xugu-mcp-catalog-timeout");
        t.setDaemon(true);
        return t;
    });

    public CatalogService(Connector connector, SqlDialect dialect, Duration queryTimeout, Duration ttl) {
        this(connector, dialect, queryTimeout, ttl, new SchemaLinking(Synonyms.none()), (caller, table) -> true);
    }

    /**
     * @param linking the schema linking behind {@link #search}
     * @param readRules what a caller's role lets it read (its role's table rules)
     */
    public CatalogService(Connector connector, SqlDialect dialect, Duration queryTimeout, Duration ttl,
                          SchemaLinking linking, ReadRules readRules) {
        this(connector, dialect, CatalogSource.forDialect(dialect.name()), queryTimeout, ttl, System::nanoTime, linking,
                readRules);
    }

    CatalogService(Connector connector, SqlDialect dialect, CatalogSource source, Duration queryTimeout, Duration ttl,
                   LongSupplier clock) {
        this(connector, dialect, source, queryTimeout, ttl, clock, new SchemaLinking(Synonyms.none()), (c, t) -> true);
    }

    private CatalogService(Connector connector, SqlDialect dialect, CatalogSource source, Duration queryTimeout,
                           Duration ttl, LongSupplier clock, SchemaLinking linking, ReadRules readRules) {
        this.connector = connector;
        this.dialect = dialect;
        this.source = source;
        this.timeoutMs = queryTimeout.toMillis();
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
        this.linking = linking;
        this.readRules = readRules;
    }

    /** What a caller's role lets it read, as the catalog needs it to show each caller only what it may read. */
    @FunctionalInterface
    public interface ReadRules {
        /** True when the caller could query {@code table} ({@code schema.table}). */
        boolean mayRead(Caller caller, String table);

        /**
         * False when no table rule of the caller's role narrows what it reads: a schema's table count then stands as
         * the catalog has it. (Views that expose other tables' values are refused to roles without ADMIN, but they
         * live in the database's own schemas, whose contents are no secret.)
         */
        default boolean narrowed(Caller caller) {
            return true;
        }

        /** Rules from {@code mayRead} and {@code narrowed}. */
        static ReadRules of(ReadRules mayRead, java.util.function.Predicate<Caller> narrowed) {
            return new ReadRules() {
                @Override
                public boolean mayRead(Caller caller, String table) {
                    return mayRead.mayRead(caller, table);
                }

                @Override
                public boolean narrowed(Caller caller) {
                    return narrowed.test(caller);
                }
            };
        }
    }

    /** The catalog as handed to one caller's tool call or resource read: exact counts run through {@code database}. */
    public Catalog forCaller(io.xugumcp.api.Database database) {
        return new CallerCatalog(this, database, null, false);
    }

    /**
     * The catalog as {@code caller} sees it: exact counts run through {@code database} (may be {@code null}: then
     * they are refused), and searches link only the tables the caller's role may read.
     */
    public Catalog forCaller(io.xugumcp.api.Database database, Caller caller) {
        return new CallerCatalog(this, database, t -> readRules.mayRead(caller, t.schema() + "." + t.name()),
                readRules.narrowed(caller));
    }

    /** Drops every cached entry, and makes loads already under way not be cached (they may predate the change). */
    public void invalidate() {
        generation.incrementAndGet();
        schemas = null;
        info = null;
        snapshots.clear();
    }

    @Override
    public void refresh() {
        invalidate();
    }

    @Override
    public List<Schema> schemas() {
        return schemaList(false);
    }

    private List<Schema> schemaList(boolean reloadIfOld) {
        Cached<List<Schema>> c = schemas;
        if (usable(c, reloadIfOld)) {
            return c.value();
        }
        synchronized (metaLock) {
            c = schemas;
            if (usable(c, reloadIfOld)) {
                return c.value();
            }
            long gen = generation.get();
            List<Schema> loaded = List.copyOf(read("schemas", source::schemas));
            if (gen == generation.get()) {
                schemas = new Cached<>(loaded, clock.getAsLong(), gen);
            }
            return loaded;
        }
    }

    @Override
    public DatabaseInfo info() {
        Cached<DatabaseInfo> c = info;
        if (usable(c, false)) {
            return c.value();
        }
        synchronized (metaLock) {
            c = info;
            if (usable(c, false)) {
                return c.value();
            }
            long gen = generation.get();
            DatabaseInfo loaded = read("database info", source::info);
            if (gen == generation.get()) {
                info = new Cached<>(loaded, clock.getAsLong(), gen);
            }
            return loaded;
        }
    }

    @Override
    public String currentSchema() {
        return info().schema();
    }

    @Override
    public List<Table> tables(String schema) {
        return snapshot(resolveSchema(schema), false).tables();
    }

    @Override
    public Table table(String schema, String name) {
        return table(schema, name, null);
    }

    /**
     * {@link #table} for a caller who may read only the tables {@code readable} accepts ({@code null}: all). A name the
     * caller may not read is refused as a query of it would be – whether or not such a table exists, so the answer
     * tells nothing about it – and a table it may not read is found by no other spelling, comment or suggestion.
     */
    Table table(String schema, String name, Predicate<Table> readable) {
        String wanted = Names.check("table", name);
        if (schema == null || schema.isBlank()) {
            String current = currentSchema();
            refuseUnreadable(current, wanted, readable);
            Table t = find(current, wanted, readable);
            if (t != null) {
                return t;
            }
            String[] qualified = Names.splitQualified(name.strip());
            if (qualified != null) {
                return table(qualified[0], qualified[1], readable);
            }
            throw noSuchTable(current, wanted, readable);
        }
        String s = resolveSchema(schema);
        refuseUnreadable(s, wanted, readable);
        Table t = find(s, wanted, readable);
        if (t == null) {
            throw noSuchTable(s, wanted, readable);
        }
        return t;
    }

    private static void refuseUnreadable(String schema, String name, Predicate<Table> readable) {
        if (readable != null && !readable.test(new Table(schema, name, "TABLE", null, null))) {
            throw new ToolException(ErrorCode.DENIED, "Denied: your role may not read " + schema + "." + name
                    + ", so the server does not describe it either (the role's table rules). List or search the"
                    + " tables to see those you may read.");
        }
    }

    @Override
    public TableDetail describe(Table table) {
        Table t = table(table.schema(), table.name());
        TableDetail d = snapshot(t.schema(), false).detail(t.name());
        if (d == null) {
            // Dropped between the two lookups (a DDL invalidated the cache in between).
            throw noSuchTable(t.schema(), t.name(), null);
        }
        return d;
    }

    @Override
    public List<ColumnStats> columnStats(Table table) {
        Table t = table(table.schema(), table.name());
        return List.copyOf(read("column statistics of " + t.name(), sql -> source.columnStats(sql, t)));
    }

    @Override
    public List<Check> checks(Table table) {
        Table t = table(table.schema(), table.name());
        return List.copyOf(read("check constraints of " + t.name(), sql -> source.checks(sql, t)));
    }

    @Override
    public long exactRowCount(Table table) {
        throw new ToolException(ErrorCode.UNSUPPORTED, "An exact row count runs as a caller: use the catalog of the tool call"
                + " or resource request, not the plugin context's.");
    }

    @Override
    public Schema schema(String name) {
        String exact = resolveSchema(Names.check("schema", name));
        for (Schema s : schemas()) {
            if (s.name().equals(exact)) {
                return s;
            }
        }
        throw new ToolException(ErrorCode.NOT_FOUND, "No such schema " + Names.show(name) + ".");
    }

    @Override
    public SearchResult search(String text, SearchOptions options) {
        return search(text, options, null);
    }

    /** {@link #search} over the tables {@code readable} accepts ({@code null}: all). */
    SearchResult search(String text, SearchOptions options, Predicate<Table> readable) {
        if (text == null || text.isBlank()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Send a question, some words or a name pattern to"
                    + " search for.");
        }
        if (text.length() > MAX_SEARCH_CHARS) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The search text is " + text.length()
                    + " characters long; send at most " + MAX_SEARCH_CHARS + " (a question or a few words).");
        }
        SearchOptions o = options == null ? SearchOptions.ranked(0) : options;
        return linking.search(snapshot(resolveSchema(o.schema()), false), text, o, readable);
    }

    @Override
    public Resolution resolve(String sql) {
        return resolve(sql, null);
    }

    /** {@link #resolve} for a caller who may read only the tables {@code readable} accepts ({@code null}: all). */
    Resolution resolve(String sql, Predicate<Table> readable) {
        if (sql == null || sql.isBlank()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Send one SQL statement to check.");
        }
        return linking.resolve(sql, new io.xugumcp.server.linking.SqlNames.Lookup() {
            @Override
            public String currentSchema() {
                return CatalogService.this.currentSchema();
            }

            @Override
            public String schema(String written, boolean quoted) {
                List<Schema> all = schemaList(false);
                for (Schema s : all) {
                    if (s.name().equals(written)) {
                        return s.name();
                    }
                }
                return quoted ? null : matchSchema(all, written);
            }

            @Override
            public SchemaSnapshot snapshot(String schema) {
                return CatalogService.this.snapshot(schema, false);
            }

            @Override
            public boolean readable(Table table) {
                return readable == null || readable.test(table);
            }
        });
    }

    /**
     * Looks a table up in a schema's snapshot, re-reading the snapshot once when it is old enough. A name that is no
     * table's name but exactly one table's comment (assistants often ask for "订单" when the table is ORDERS with that
     * comment) resolves to that table.
     */
    private Table find(String schema, String wanted, Predicate<Table> readable) {
        Table t = match(snapshot(schema, false), wanted, readable);
        if (t == null) {
            SchemaSnapshot fresh = snapshot(schema, true);
            t = match(fresh, wanted, readable);
            if (t == null) {
                List<Table> byComment = byComment(fresh, wanted, true, readable);
                t = byComment.size() == 1 ? byComment.get(0) : null;
            }
        }
        return t;
    }

    /** Tables whose comment is {@code wanted} (exact, ignoring case and surrounding blanks) or, unless exact, holds it. */
    static List<Table> byComment(SchemaSnapshot snap, String wanted, boolean exact, Predicate<Table> readable) {
        String w = wanted.strip().toLowerCase(Locale.ROOT);
        List<Table> hits = new ArrayList<>();
        if (w.isEmpty()) {
            return hits;
        }
        for (Table t : readableTables(snap, readable)) {
            String c = t.comment() == null ? "" : t.comment().strip().toLowerCase(Locale.ROOT);
            if (c.isEmpty()) {
                continue;
            }
            if (c.equals(w) || !exact && (c.contains(w) || w.length() >= 2 && w.contains(c))) {
                hits.add(t);
            }
        }
        return hits;
    }

    private static List<Table> readableTables(SchemaSnapshot snap, Predicate<Table> readable) {
        return readable == null ? snap.tables() : snap.tables().stream().filter(readable).toList();
    }

    /**
     * The catalog objects a name in SQL may stand for (as the SQL guard reports it: {@code T} or {@code S.T}, upper-cased
     * unless quoted): the exact spelling, else every case-insensitive match. Empty when the name is no table or view
     * of the catalog (a CTE, a function, an unknown schema). Never a comment match, never a re-read: this runs for
     * every statement whose tables are judged.
     */
    List<TableDetail> lookup(String sqlName) {
        String[] q = Names.splitQualified(sqlName);
        String schema;
        String name;
        if (q == null) {
            schema = currentSchema();
            name = Names.unquote(sqlName.strip());
        } else {
            schema = matchSchema(schemaList(false), q[0]);
            name = q[1];
            if (schema == null) {
                return List.of();
            }
        }
        SchemaSnapshot snap = snapshot(schema, false);
        TableDetail exact = snap.detail(name);
        if (exact != null) {
            return List.of(exact);
        }
        List<TableDetail> hits = new ArrayList<>(2);
        for (Table t : snap.tables()) {
            if (t.name().equalsIgnoreCase(name)) {
                hits.add(snap.detail(t.name()));
            }
        }
        return hits;
    }

    /** Exact spelling first, then a unique case-insensitive match; several case-insensitive matches are ambiguous. */
    private static Table match(SchemaSnapshot snap, String wanted, Predicate<Table> readable) {
        TableDetail exact = snap.detail(wanted);
        if (exact != null && (readable == null || readable.test(exact.table()))) {
            return exact.table();
        }
        List<Table> hits = new ArrayList<>(2);
        for (Table t : readableTables(snap, readable)) {
            if (t.name().equalsIgnoreCase(wanted)) {
                hits.add(t);
            }
        }
        if (hits.size() > 1) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The table name " + Names.show(wanted) + " matches "
                    + hits.stream().map(Table::name).toList() + " in schema " + snap.schema()
                    + ", which differ only in case. Write the name in its exact case.");
        }
        return hits.isEmpty() ? null : hits.get(0);
    }

    private ToolException noSuchTable(String schema, String wanted, Predicate<Table> readable) {
        SchemaSnapshot snap = snapshot(schema, false);
        List<String> names = readableTables(snap, readable).stream().map(Table::name).toList();
        List<String> close = Names.closest(wanted, names, 5);
        String message = "No such table " + Names.show(wanted) + " in schema " + schema + ".";
        List<Table> commented = byComment(snap, wanted, false, readable);
        if (!close.isEmpty()) {
            message += " Close matches: " + String.join(", ", close) + ".";
        }
        if (!commented.isEmpty()) {
            // Several comments match (or none exactly): name them with their comments and let the caller pick.
            message += " Tables whose comment matches: " + String.join(", ", commented.stream().limit(8)
                    .map(t -> t.name() + " (" + t.comment().strip() + ")").toList())
                    + (commented.size() > 8 ? ", …" : "") + ".";
        }
        if (close.isEmpty() && commented.isEmpty()) {
            message += " It has " + names.size() + " tables and views.";
        }
        return new ToolException(ErrorCode.NOT_FOUND, message + " List or search the tables to get exact names.");
    }

    /** The exact name of a schema from a caller's spelling; {@code null}/blank is the current schema. */
    String resolveSchema(String requested) {
        if (requested == null || requested.isBlank()) {
            return currentSchema();
        }
        String wanted = Names.check("schema", requested);
        String found = matchSchema(schemaList(false), wanted);
        if (found == null) {
            found = matchSchema(schemaList(true), wanted);
        }
        if (found == null) {
            List<String> names = schemaList(false).stream().map(Schema::name).toList();
            List<String> close = Names.closest(wanted, names, 5);
            throw new ToolException(ErrorCode.NOT_FOUND, "No such schema " + Names.show(wanted) + "."
                    + (close.isEmpty() ? " Schemas: " + String.join(", ", names.size() > 20 ? names.subList(0, 20) : names)
                    + (names.size() > 20 ? " …" : "") : " Close matches: " + String.join(", ", close)) + ".");
        }
        return found;
    }

    private static String matchSchema(List<Schema> all, String wanted) {
        String caseless = null;
        int caselessHits = 0;
        for (Schema s : all) {
            if (s.name().equals(wanted)) {
                return s.name();
            }
            if (s.name().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))) {
                caseless = s.name();
                caselessHits++;
            }
        }
        return caselessHits == 1 ? caseless : null;
    }

    /** The snapshot of a schema (exact name), loaded when missing or expired, or – with {@code reloadIfOld} – old. */
    public SchemaSnapshot snapshot(String schema, boolean reloadIfOld) {
        Cached<SchemaSnapshot> c = snapshots.get(schema);
        if (usable(c, reloadIfOld)) {
            return c.value();
        }
        synchronized (loadLocks.computeIfAbsent(schema, k -> new Object())) {
            c = snapshots.get(schema);
            if (usable(c, reloadIfOld)) {
                return c.value();
            }
            long gen = generation.get();
            SchemaSnapshot loaded = read("schema " + schema, sql -> source.load(sql, schema));
            if (gen == generation.get()) {
                snapshots.put(schema, new Cached<>(loaded, clock.getAsLong(), gen));
            }
            return loaded;
        }
    }

    private <T> boolean usable(Cached<T> c, boolean reloadIfOld) {
        if (c == null || c.generation() != generation.get()) {
            return false;
        }
        long age = clock.getAsLong() - c.loadedAt();
        return age < ttlNanos && !(reloadIfOld && age >= MISS_RELOAD_AFTER_NANOS);
    }

    /** One read-only catalog transaction on a fresh pooled connection, its errors turned into caller-readable ones. */
    private <T> T read(String what, Work<T> work) {
        try (Connection c = connector.open()) {
            c.setReadOnly(true);
            return work.run(new JdbcSql(c, timeoutMs, dialect.honoursQueryTimeout(), networkTimeoutExecutor));
        } catch (SQLException e) {
            DatabaseException de = SqlErrors.translate(e, dialect, timeoutMs);
            throw new DatabaseException(de.category(), "Reading the catalog (" + what + ") failed. " + de.getMessage(),
                    de.vendorCode(), de.sqlState(), e);
        }
    }
}
