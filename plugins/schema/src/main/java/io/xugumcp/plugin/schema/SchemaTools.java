package io.xugumcp.plugin.schema;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The schema tools. They read the host's cached catalog (never SQL built from caller input), answer in pages with
 * totals and cursors, and come in detail levels, so that even a 5,000-table catalog is seen a page at a time.
 * Parameter names of the earlier Python server are kept ({@code table_name}, {@code schema}, {@code pattern},
 * {@code include_system}); the rest are additions.
 */
@Extension
public final class SchemaTools implements ToolGroup {
    private static final Map<String, Object> SCHEMA = JsonSchema.string("Default: the current schema");
    private static final Map<String, Object> TABLE = JsonSchema.string("Table or view; any case; schema.table allowed");
    private static final Map<String, Object> CURSOR = JsonSchema.string("nextCursor of the previous page");
    private static final Map<String, Object> REFRESH = JsonSchema.bool("Re-read the catalog first (after outside changes)");

    public SchemaTools(PluginContext context) {
        // Nothing else to keep: every call reaches the catalog through its ToolCall, acting for its caller.
    }

    private static Map<String, Object> detail(String def) {
        return Map.of("type", "string", "enum", List.of("names", "summary", "full"), "description", "Default " + def);
    }

    private static Map<String, Object> limit(int def) {
        return JsonSchema.integer("Page size, default " + def, 1, Paging.MAX_LIMIT);
    }

    @Override
    public List<Tool> tools() {
        return List.of(listTables(), describeTable(), listColumns(), getTableStats(), listIndexes(), getForeignKeys(),
                searchTables(), listViews(), getDatabaseInfo());
    }

    private static Tool.Builder readOnly(String name, String title) {
        return Tool.builder(name).title(title).annotations(ToolAnnotations.READ_ONLY).permission(Permission.SELECT);
    }

    // ---- list_tables ----

    private Tool listTables() {
        return readOnly("list_tables", "List tables and views")
                .description("Tables and views of a schema, paged, with the total count. detail: names, summary"
                        + " (type, comment, rows, columns) or full (adds columns and keys).")
                .inputSchema(JsonSchema.object()
                        .property("schema", SCHEMA)
                        .property("include_system", JsonSchema.bool("Allow a system schema (pg_catalog, INFORMATION_SCHEMA …)"))
                        .property("detail", detail("summary"))
                        .property("include_views", JsonSchema.bool("Default true"))
                        .property("limit", limit(100))
                        .property("cursor", CURSOR)
                        .property("refresh", REFRESH)
                        .build())
                .outputSchema(OutputSchemas.LIST_TABLES)
                .handler(this::listTablesCall)
                .build();
    }

    private ToolResult listTablesCall(ToolCall call) {
        Arguments a = call.arguments();
        Catalog catalog = catalog(call);
        String schema = schema(catalog, a);
        Detail detail = Detail.of(a, Detail.SUMMARY);
        boolean views = a.bool("include_views", true);
        List<Catalog.Table> all = catalog.tables(schema);
        if (!views) {
            all = all.stream().filter(t -> !t.isView()).toList();
        }
        int defaultLimit = detail == Detail.NAMES ? 500 : detail == Detail.FULL ? 20 : 100;
        Paging.Page<Catalog.Table> page = Paging.page(all, a, "list_tables|" + schema + "|" + views, defaultLimit);
        List<Object> items = new ArrayList<>();
        StringBuilder text = new StringBuilder("Schema ").append(schema).append(": ").append(Shapes.pageLine(page, "tables"));
        if (detail == Detail.NAMES) {
            List<String> names = page.items().stream().map(Catalog.Table::name).toList();
            items.addAll(names);
            text.append('\n').append(String.join(", ", names));
        } else {
            for (Catalog.Table t : page.items()) {
                Catalog.TableDetail d = catalog.describe(t);
                items.add(detail == Detail.FULL ? Shapes.tableFull(d) : Shapes.tableSummary(t, d));
                text.append('\n').append(detail == Detail.FULL ? Shapes.describeText(d) : Shapes.tableLine(t, d));
            }
        }
        Map<String, Object> out = pageMap(schema, page);
        out.put("detail", detail.label());
        out.put("tables", items);
        return ToolResult.structured(out, text.toString());
    }

    // ---- describe_table ----

    private Tool describeTable() {
        return readOnly("describe_table", "Describe a table")
                .description("One table or view: columns, keys, foreign keys both ways, indexes, row estimate, a"
                        + " view's definition. Unknown names get the closest ones.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("schema", SCHEMA)
                        .property("refresh", REFRESH)
                        .required("table_name")
                        .build())
                .outputSchema(OutputSchemas.DESCRIBE)
                .handler(call -> {
                    Catalog catalog = catalog(call);
                    Catalog.TableDetail d = catalog.describe(table(catalog, call.arguments()));
                    return ToolResult.structured(Shapes.tableDescription(d), Shapes.describeText(d));
                })
                .build();
    }

    // ---- list_columns ----

    private Tool listColumns() {
        return readOnly("list_columns", "List the columns of a table")
                .description("The columns of one table or view in order: names, summary (default: type, nullability,"
                        + " key flags, comment) or full (adds defaults).")
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("schema", SCHEMA)
                        .property("detail", detail("summary"))
                        .required("table_name")
                        .build())
                .outputSchema(OutputSchemas.LIST_COLUMNS)
                .handler(call -> {
                    Catalog catalog = catalog(call);
                    Detail detail = Detail.of(call.arguments(), Detail.SUMMARY);
                    Catalog.TableDetail d = catalog.describe(table(catalog, call.arguments()));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("schema", d.table().schema());
                    out.put("table", d.table().name());
                    out.put("detail", detail.label());
                    out.put("columns", Shapes.columns(d, detail));
                    StringBuilder text = new StringBuilder(d.table().schema() + "." + d.table().name() + ": "
                            + d.columns().size() + " columns");
                    for (Catalog.Column c : d.columns()) {
                        text.append('\n').append(c.name());
                        if (detail != Detail.NAMES) {
                            text.append(' ').append(c.type()).append(c.nullable() ? "" : " NOT NULL");
                            if (detail == Detail.FULL && c.defaultValue() != null) {
                                text.append(" DEFAULT ").append(Shapes.oneLine(c.defaultValue()));
                            }
                            if (c.comment() != null) {
                                text.append("  -- ").append(Shapes.oneLine(c.comment()));
                            }
                        }
                    }
                    return ToolResult.structured(out, text.toString());
                })
                .build();
    }

    // ---- get_table_stats ----

    private Tool getTableStats() {
        return readOnly("get_table_stats", "Table statistics")
                .description("Row estimate and the column statistics the database keeps (nulls, distinct, min/max)."
                        + " exact_count=true runs COUNT(*): slow on big tables.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("schema", SCHEMA)
                        .property("exact_count", JsonSchema.bool("Also count rows exactly (default false)"))
                        .required("table_name")
                        .build())
                .outputSchema(OutputSchemas.TABLE_STATS)
                .handler(call -> {
                    Catalog catalog = catalog(call);
                    Catalog.Table t = table(catalog, call.arguments());
                    List<Catalog.ColumnStats> stats = catalog.columnStats(t);
                    Long exact = call.arguments().bool("exact_count", false) ? catalog.exactRowCount(t) : null;
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("schema", t.schema());
                    out.put("table", t.name());
                    out.put("rowEstimate", t.rowEstimate());
                    out.put("exactRowCount", exact);
                    out.put("columns", stats.stream().map(Shapes::stats).toList());
                    String note = null;
                    if (stats.isEmpty() || t.rowEstimate() == null) {
                        note = t.isView() ? "Views have no statistics of their own."
                                : "The database has no statistics for this table yet (they appear after ANALYZE or"
                                + " the database's automatic statistics run); use exact_count=true for a row count.";
                        out.put("note", note);
                    }
                    StringBuilder text = new StringBuilder(t.schema() + "." + t.name() + ": ");
                    text.append(t.rowEstimate() == null ? "no row estimate" : "~" + t.rowEstimate() + " rows (estimate)");
                    if (exact != null) {
                        text.append(", ").append(exact).append(" rows (exact)");
                    }
                    for (Catalog.ColumnStats s : stats) {
                        text.append('\n').append(Shapes.statsLine(s));
                    }
                    if (note != null) {
                        text.append('\n').append(note);
                    }
                    return ToolResult.structured(out, text.toString());
                })
                .build();
    }

    // ---- list_indexes ----

    private Tool listIndexes() {
        return readOnly("list_indexes", "List indexes")
                .description("Indexes of one table, or of the whole schema (paged): key columns, unique, primary,"
                        + " type, filter.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", JsonSchema.string("Table; leave out for the whole schema"))
                        .property("schema", SCHEMA)
                        .property("limit", limit(200))
                        .property("cursor", CURSOR)
                        .build())
                .outputSchema(OutputSchemas.LIST_INDEXES)
                .handler(call -> {
                    Catalog catalog = catalog(call);
                    Arguments a = call.arguments();
                    List<Catalog.TableDetail> scope = scope(catalog, a);
                    List<Map<String, Object>> all = new ArrayList<>();
                    for (Catalog.TableDetail d : scope) {
                        for (Catalog.Index i : d.indexes()) {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("table", d.table().name());
                            m.putAll(Shapes.index(i));
                            all.add(m);
                        }
                    }
                    String schema = scopeSchema(catalog, a, scope);
                    Paging.Page<Map<String, Object>> page = Paging.page(all, a, "list_indexes|" + schema + "|"
                            + tableKey(a, scope), 200);
                    Map<String, Object> out = pageMap(schema, page);
                    if (a.has("table_name")) {
                        out.put("table", scope.get(0).table().name());
                    }
                    out.put("indexes", page.items());
                    StringBuilder text = new StringBuilder(schema + ": " + Shapes.pageLine(page, "indexes"));
                    for (Map<String, Object> m : page.items()) {
                        text.append('\n').append(m.get("table")).append(": ").append(Boolean.TRUE.equals(m.get("primary"))
                                ? "PRIMARY KEY " : Boolean.TRUE.equals(m.get("unique")) ? "UNIQUE " : "")
                                .append(m.get("name")).append(" (").append(String.join(", ", cast(m.get("columns")))).append(')');
                    }
                    return ToolResult.structured(out, text.toString());
                })
                .build();
    }

    // ---- get_foreign_keys ----

    private Tool getForeignKeys() {
        return readOnly("get_foreign_keys", "Foreign keys")
                .description("Foreign keys of one table (outgoing, incoming or both), or of the whole schema"
                        + " (paged). Use them to write JOINs.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", JsonSchema.string("Table; leave out for the whole schema"))
                        .property("schema", SCHEMA)
                        .property("direction", Map.of("type", "string", "enum", List.of("outgoing", "incoming", "both"),
                                "description", "Default both"))
                        .property("limit", limit(200))
                        .property("cursor", CURSOR)
                        .build())
                .outputSchema(OutputSchemas.FOREIGN_KEYS)
                .handler(this::foreignKeysCall)
                .build();
    }

    private ToolResult foreignKeysCall(ToolCall call) {
        Catalog catalog = catalog(call);
        Arguments a = call.arguments();
        String direction = a.optionalString("direction").orElse("both").strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("outgoing", "incoming", "both").contains(direction)) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'direction' must be outgoing, incoming or both.");
        }
        List<Catalog.TableDetail> scope = scope(catalog, a);
        boolean oneTable = a.has("table_name");
        // Over a whole schema every key is one edge: listing it as outgoing covers it (incoming would repeat it).
        record Edge(boolean outgoing, Catalog.ForeignKey key) {
        }
        List<Edge> all = new ArrayList<>();
        for (Catalog.TableDetail d : scope) {
            if (!direction.equals("incoming") || !oneTable) {
                d.foreignKeys().forEach(f -> all.add(new Edge(true, f)));
            }
            if (oneTable && !direction.equals("outgoing")) {
                d.referencedBy().forEach(f -> all.add(new Edge(false, f)));
            }
        }
        String schema = scopeSchema(catalog, a, scope);
        Paging.Page<Edge> page = Paging.page(all, a, "get_foreign_keys|" + schema + "|" + tableKey(a, scope) + "|"
                + direction, 200);
        List<Map<String, Object>> outgoing = new ArrayList<>();
        List<Map<String, Object>> incoming = new ArrayList<>();
        StringBuilder text = new StringBuilder(schema + (oneTable ? "." + scope.get(0).table().name() : "") + ": "
                + Shapes.pageLine(page, "foreign keys"));
        for (Edge e : page.items()) {
            Catalog.ForeignKey f = e.key();
            if (e.outgoing()) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (!oneTable) {
                    m.put("table", f.table());
                }
                m.putAll(Shapes.foreignKey(f));
                outgoing.add(m);
            } else {
                incoming.add(Shapes.referencedBy(f));
            }
            text.append('\n').append(f.table()).append(" (").append(String.join(", ", f.columns())).append(") → ")
                    .append(f.referencedSchema().equals(f.schema()) ? "" : f.referencedSchema() + ".")
                    .append(f.referencedTable()).append(" (").append(String.join(", ", f.referencedColumns())).append(')');
            if (f.onDelete() != null && !f.onDelete().equals("NO ACTION")) {
                text.append(" ON DELETE ").append(f.onDelete());
            }
        }
        Map<String, Object> out = pageMap(schema, page);
        if (oneTable) {
            out.put("table", scope.get(0).table().name());
        }
        out.put("outgoing", outgoing);
        out.put("incoming", incoming);
        return ToolResult.structured(out, text.toString());
    }

    // ---- search_tables ----

    private Tool searchTables() {
        return readOnly("search_tables", "Search tables")
                .description("Find tables and views by words (any language, e.g. 订单) in table and column names and"
                        + " comments, best first with why. A pattern with % or * matches names.")
                .inputSchema(JsonSchema.object()
                        .property("pattern", JsonSchema.string("Words, a question, or a name pattern such as ORD%"))
                        .property("schema", SCHEMA)
                        .property("detail", detail("summary"))
                        .property("limit", limit(10))
                        .property("cursor", CURSOR)
                        .property("refresh", REFRESH)
                        .required("pattern")
                        .build())
                .outputSchema(OutputSchemas.SEARCH)
                .handler(this::searchCall)
                .build();
    }

    private ToolResult searchCall(ToolCall call) {
        Arguments a = call.arguments();
        String pattern = a.requireString("pattern");
        if (pattern.length() > 500) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'pattern' is " + pattern.length()
                    + " characters long; send at most 500 (a few words or a short question).");
        }
        Catalog catalog = catalog(call);
        String schema = schema(catalog, a);
        Detail detail = Detail.of(a, Detail.SUMMARY);
        // The host's ranked, bilingual search (shared with Chat2SQL); tables the caller may not read are left out.
        List<Catalog.SearchHit> hits = catalog.search(pattern, new Catalog.SearchOptions(schema, 0, 0, false)).hits();
        Paging.Page<Catalog.SearchHit> page = Paging.page(hits, a, "search_tables|" + schema + "|" + pattern, 10);
        List<Object> results = new ArrayList<>();
        StringBuilder text = new StringBuilder("Schema " + schema + ", '" + pattern + "': " + Shapes.pageLine(page, "matches"));
        for (Catalog.SearchHit h : page.items()) {
            Catalog.TableDetail d = catalog.describe(h.table());
            List<String> matches = matches(h, d);
            Map<String, Object> m;
            if (detail == Detail.NAMES) {
                m = new LinkedHashMap<>();
                m.put("name", h.table().name());
            } else if (detail == Detail.FULL) {
                m = Shapes.tableFull(d);
            } else {
                m = Shapes.tableSummary(h.table(), d);
            }
            m.put("score", h.score());
            m.put("matches", matches);
            results.add(m);
            text.append('\n').append(Shapes.tableLine(h.table(), d)).append("  [").append(String.join("; ", matches))
                    .append(']');
        }
        if (hits.isEmpty()) {
            text.append("\nNothing matched. Try other words, a name pattern such as %ORD%, or list_tables.");
        }
        Map<String, Object> out = pageMap(schema, page);
        out.put("query", pattern);
        out.put("results", results);
        return ToolResult.structured(out, text.toString());
    }

    /** Why a table matched, for people: "comment: 订单", "column ORDER_ID: 订单编号" (at most three). */
    static List<String> matches(Catalog.SearchHit h, Catalog.TableDetail d) {
        List<String> out = new ArrayList<>();
        for (String reason : h.matchedBy()) {
            switch (reason) {
                case "comment" -> out.add(h.table().comment() == null ? "comment" : "comment: " + h.table().comment());
                case "column name", "column comment", "synonym" -> {
                    for (String c : h.columns()) {
                        String line = "column " + c + d.columns().stream().filter(x -> x.name().equals(c) && x.comment() != null)
                                .findFirst().map(x -> ": " + x.comment()).orElse("");
                        if (!out.contains(line)) {
                            out.add(line);
                        }
                    }
                    if (h.columns().isEmpty() && !out.contains(reason)) {
                        out.add(reason);
                    }
                }
                default -> {
                    if (!out.contains(reason)) {
                        out.add(reason);
                    }
                }
            }
        }
        return out.size() > 3 ? List.copyOf(out.subList(0, 3)) : out;
    }

    // ---- list_views ----

    private Tool listViews() {
        return readOnly("list_views", "List views")
                .description("Views of a schema, paged: names, summary (default: comment, column count) or full (adds"
                        + " the SELECT definition and columns).")
                .inputSchema(JsonSchema.object()
                        .property("schema", SCHEMA)
                        .property("detail", detail("summary"))
                        .property("limit", limit(50))
                        .property("cursor", CURSOR)
                        .build())
                .outputSchema(OutputSchemas.LIST_VIEWS)
                .handler(call -> {
                    Arguments a = call.arguments();
                    Catalog catalog = catalog(call);
                    String schema = schema(catalog, a);
                    Detail detail = Detail.of(a, Detail.SUMMARY);
                    List<Catalog.Table> views = catalog.tables(schema).stream().filter(Catalog.Table::isView).toList();
                    Paging.Page<Catalog.Table> page = Paging.page(views, a, "list_views|" + schema,
                            detail == Detail.FULL ? 20 : 50);
                    List<Object> items = new ArrayList<>();
                    StringBuilder text = new StringBuilder("Schema " + schema + ": " + Shapes.pageLine(page, "views"));
                    for (Catalog.Table v : page.items()) {
                        Catalog.TableDetail d = catalog.describe(v);
                        if (detail == Detail.NAMES) {
                            items.add(v.name());
                            text.append('\n').append(v.name());
                            continue;
                        }
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", v.name());
                        if (!v.type().equals("VIEW")) {
                            m.put("type", v.type());
                        }
                        Shapes.putIfPresent(m, "comment", v.comment());
                        if (detail == Detail.FULL) {
                            m.put("columns", Shapes.columns(d, Detail.SUMMARY));
                            Shapes.putIfPresent(m, "definition", d.definition());
                            text.append('\n').append(Shapes.describeText(d));
                        } else {
                            m.put("columnCount", d.columns().size());
                            text.append('\n').append(Shapes.tableLine(v, d));
                        }
                        items.add(m);
                    }
                    Map<String, Object> out = pageMap(schema, page);
                    out.put("detail", detail.label());
                    out.put("views", items);
                    return ToolResult.structured(out, text.toString());
                })
                .build();
    }

    // ---- get_database_info ----

    private Tool getDatabaseInfo() {
        return readOnly("get_database_info", "Database information")
                .description("Product and version, current database/schema/user, schemas with table counts, and this"
                        + " dialect's SQL rules. Read before writing SQL.")
                .inputSchema(JsonSchema.object()
                        .property("include_system", JsonSchema.bool("Also list system schemas (default false)"))
                        .build())
                .outputSchema(OutputSchemas.DATABASE_INFO)
                .handler(call -> {
                    Map<String, Object> out = DatabaseInfo.map(catalog(call), call.database().dialect(),
                            call.arguments().bool("include_system", false), 100);
                    return ToolResult.structured(out, DatabaseInfo.text(out));
                })
                .build();
    }

    // ---- shared ----

    private static Catalog catalog(ToolCall call) {
        Catalog catalog = call.catalog();
        if (call.arguments().bool("refresh", false)) {
            catalog.refresh();
        }
        return catalog;
    }

    /** The schema asked for (or the current one) in the catalog's spelling; a system schema only with include_system=true. */
    private static String schema(Catalog catalog, Arguments a) {
        String requested = a.optionalString("schema").filter(s -> !s.isBlank()).orElse(null);
        if (requested == null) {
            return catalog.currentSchema();
        }
        Catalog.Schema found = findSchema(catalog.schemas(), requested.strip());
        if (found == null) {
            // The catalog resolves what this simple lookup does not (quoted names, a schema created just now), and
            // otherwise refuses with the closest names.
            List<Catalog.Table> tables = catalog.tables(requested);
            found = findSchema(catalog.schemas(), tables.isEmpty() ? requested.strip().replace("\"", "") : tables.get(0).schema());
            if (found == null) {
                return tables.isEmpty() ? requested.strip() : tables.get(0).schema();
            }
        }
        if (found.system() && !a.bool("include_system", false)) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Schema " + found.name() + " is a system schema; pass"
                    + " include_system=true to list it.");
        }
        return found.name();
    }

    private static Catalog.Schema findSchema(List<Catalog.Schema> schemas, String name) {
        Catalog.Schema caseless = null;
        int hits = 0;
        for (Catalog.Schema s : schemas) {
            if (s.name().equals(name)) {
                return s;
            }
            if (s.name().equalsIgnoreCase(name)) {
                caseless = s;
                hits++;
            }
        }
        return hits == 1 ? caseless : null;
    }

    private static Catalog.Table table(Catalog catalog, Arguments a) {
        String name = a.requireString("table_name");
        String schema = a.optionalString("schema").filter(s -> !s.isBlank()).orElse(null);
        return catalog.table(schema, name);
    }

    /** One table (table_name given) or every table of the schema. */
    private static List<Catalog.TableDetail> scope(Catalog catalog, Arguments a) {
        if (a.has("table_name")) {
            return List.of(catalog.describe(table(catalog, a)));
        }
        List<Catalog.TableDetail> all = new ArrayList<>();
        for (Catalog.Table t : catalog.tables(schema(catalog, a))) {
            all.add(catalog.describe(t));
        }
        return all;
    }

    private static String scopeSchema(Catalog catalog, Arguments a, List<Catalog.TableDetail> scope) {
        return a.has("table_name") ? scope.get(0).table().schema() : schema(catalog, a);
    }

    private static String tableKey(Arguments a, List<Catalog.TableDetail> scope) {
        return a.has("table_name") ? scope.get(0).table().name() : "*";
    }

    private static Map<String, Object> pageMap(String schema, Paging.Page<?> page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", schema);
        out.put("total", page.total());
        out.put("offset", page.offset());
        out.put("nextCursor", page.nextCursor());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> cast(Object o) {
        return (List<String>) o;
    }
}
