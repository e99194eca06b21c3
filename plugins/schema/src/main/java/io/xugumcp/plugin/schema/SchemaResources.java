package io.xugumcp.plugin.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Completer;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceContents;
import io.xugumcp.api.ResourceProvider;
import io.xugumcp.api.ResourceRequest;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.api.ToolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The resources of the earlier server, as compact JSON about the current schema. A large catalog is summarised – the
 * first items, the total, and which tool pages through the rest – never dumped whole into a client's context.
 */
@Extension
public final class SchemaResources implements ResourceProvider {
    static final int MAX_TABLES = 200;
    static final int MAX_EDGES = 500;
    static final int MAX_INDEXES = 500;
    static final int MAX_VIEWS = 100;
    static final int MAX_DEFINITION = 4000;
    private static final String JSON = "application/json";

    private final PluginContext context;
    private final ObjectMapper json = new ObjectMapper();

    public SchemaResources(PluginContext context) {
        this.context = context;
    }

    @Override
    public List<Resource> resources() {
        return List.of(
                resource("schema://database/tables", "tables", "Tables", "Tables and views of the current schema"
                        + " with comments and row estimates (summarised when there are many)", this::tables),
                resource("schema://database/info", "schema-info", "Schema overview", "Current database, schema and"
                        + " user, and every schema with its table count", this::schemaInfo),
                resource("schema://database/relationships", "relationships", "Relationships", "Every foreign key of"
                        + " the current schema as table(columns) → table(columns)", this::relationships),
                resource("schema://database/indexes", "indexes", "Indexes", "Every index of the current schema",
                        this::indexes),
                resource("schema://database/views", "views", "Views", "Views of the current schema with their"
                        + " definitions", this::views),
                resource("meta://database/info", "database-info", "Database and dialect", "Product, version, dialect"
                        + " and the rules for writing valid SQL for it", this::metaInfo),
                resource("meta://database/stats", "database-stats", "Catalog statistics", "How big the current schema"
                        + " is: tables, views, columns, keys, indexes, estimated rows, largest tables", this::stats));
    }

    @Override
    public List<ResourceTemplate> resourceTemplates() {
        return List.of(new ResourceTemplate("schema://database/table/{name}", "table", "Table",
                "One table or view described in full (name, or schema.name)", JSON, Permission.SELECT, this::table,
                Map.of("name", new Completer() {
                    @Override
                    public List<String> complete(String prefix, Map<String, String> context) {
                        return List.of(); // the host asks for a caller; without one, no names
                    }

                    @Override
                    public List<String> complete(String prefix, Map<String, String> context, Caller caller) {
                        return completeTable(SchemaResources.this.context.catalog(caller), prefix);
                    }
                })));
    }

    private static Resource resource(String uri, String name, String title, String description, Resource.Reader reader) {
        return new Resource(uri, name, title, description, JSON, Permission.SELECT, reader);
    }

    private List<ResourceContents> json(ResourceRequest r, Object value) throws JsonProcessingException {
        return List.of(new ResourceContents.Text(r.uri(), JSON, json.writeValueAsString(value)));
    }

    private List<ResourceContents> tables(ResourceRequest r) throws JsonProcessingException {
        Catalog c = r.catalog();
        String schema = c.currentSchema();
        List<Catalog.Table> all = c.tables(schema);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", schema);
        out.put("total", all.size());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Catalog.Table t : all.subList(0, Math.min(MAX_TABLES, all.size()))) {
            items.add(Shapes.tableSummary(t, c.describe(t)));
        }
        out.put("tables", items);
        if (all.size() > MAX_TABLES) {
            out.put("note", "The first " + MAX_TABLES + " of " + all.size() + " tables by name. Page through all of them"
                    + " with the list_tables tool (cursor), or find them with search_tables.");
        }
        return json(r, out);
    }

    private List<ResourceContents> schemaInfo(ResourceRequest r) throws JsonProcessingException {
        Map<String, Object> info = DatabaseInfo.map(r.catalog(), r.database().dialect(), false, MAX_TABLES);
        info.remove("sqlRules"); // they are in meta://database/info
        return json(r, info);
    }

    private List<ResourceContents> metaInfo(ResourceRequest r) throws JsonProcessingException {
        Catalog.DatabaseInfo info = r.catalog().info();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("product", info.product());
        out.put("version", info.version());
        out.put("dialect", r.database().dialect().name());
        out.put("user", info.user());
        out.put("sqlRules", r.database().dialect().sqlRules());
        out.put("identifierQuote", r.database().dialect().quoteIdentifier("x").substring(0, 1));
        out.put("host", "xugu-mcp " + context.hostVersion());
        return json(r, out);
    }

    private List<ResourceContents> relationships(ResourceRequest r) throws JsonProcessingException {
        Catalog c = r.catalog();
        String schema = c.currentSchema();
        List<Map<String, Object>> edges = new ArrayList<>();
        int total = 0;
        for (Catalog.Table t : c.tables(schema)) {
            for (Catalog.ForeignKey f : c.describe(t).foreignKeys()) {
                if (total++ < MAX_EDGES) {
                    edges.add(Shapes.edge(f));
                }
            }
        }
        return json(r, capped(schema, "relationships", edges, total, "get_foreign_keys"));
    }

    private List<ResourceContents> indexes(ResourceRequest r) throws JsonProcessingException {
        Catalog c = r.catalog();
        String schema = c.currentSchema();
        List<Map<String, Object>> items = new ArrayList<>();
        int total = 0;
        for (Catalog.Table t : c.tables(schema)) {
            for (Catalog.Index i : c.describe(t).indexes()) {
                if (total++ < MAX_INDEXES) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("table", t.name());
                    m.putAll(Shapes.index(i));
                    items.add(m);
                }
            }
        }
        return json(r, capped(schema, "indexes", items, total, "list_indexes"));
    }

    private List<ResourceContents> views(ResourceRequest r) throws JsonProcessingException {
        Catalog c = r.catalog();
        String schema = c.currentSchema();
        List<Map<String, Object>> items = new ArrayList<>();
        int total = 0;
        for (Catalog.Table t : c.tables(schema)) {
            if (!t.isView() || total++ >= MAX_VIEWS) {
                continue;
            }
            Catalog.TableDetail d = c.describe(t);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            Shapes.putIfPresent(m, "comment", t.comment());
            m.put("columns", d.columns().stream().map(Catalog.Column::name).toList());
            String def = d.definition();
            if (def != null && def.length() > MAX_DEFINITION) {
                def = def.substring(0, MAX_DEFINITION) + " … (truncated; describe_table has it whole)";
            }
            Shapes.putIfPresent(m, "definition", def);
            items.add(m);
        }
        return json(r, capped(schema, "views", items, total, "list_views"));
    }

    private List<ResourceContents> stats(ResourceRequest r) throws JsonProcessingException {
        Catalog c = r.catalog();
        String schema = c.currentSchema();
        List<Catalog.Table> all = c.tables(schema);
        int views = 0;
        int columns = 0;
        int indexes = 0;
        int foreignKeys = 0;
        long rows = 0;
        int unknown = 0;
        for (Catalog.Table t : all) {
            Catalog.TableDetail d = c.describe(t);
            columns += d.columns().size();
            indexes += d.indexes().size();
            foreignKeys += d.foreignKeys().size();
            if (t.isView()) {
                views++;
            } else if (t.rowEstimate() == null) {
                unknown++;
            } else {
                rows += t.rowEstimate();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", schema);
        out.put("schemas", c.schemas().stream().filter(s -> !s.system()).count());
        out.put("tables", all.size() - views);
        out.put("views", views);
        out.put("columns", columns);
        out.put("indexes", indexes);
        out.put("foreignKeys", foreignKeys);
        out.put("estimatedRows", rows);
        if (unknown > 0) {
            out.put("tablesWithoutEstimate", unknown);
        }
        out.put("largestTables", all.stream().filter(t -> t.rowEstimate() != null && !t.isView())
                .sorted(Comparator.comparingLong((Catalog.Table t) -> -t.rowEstimate()).thenComparing(Catalog.Table::name))
                .limit(10).map(t -> Map.of("name", t.name(), "rows", t.rowEstimate())).toList());
        return json(r, out);
    }

    private List<ResourceContents> table(ResourceRequest r) throws JsonProcessingException {
        String name = percentDecode(r.variables().getOrDefault("name", ""));
        Catalog c = r.catalog();
        return json(r, Shapes.tableDescription(c.describe(c.table(null, name))));
    }

    /**
     * Table names for the template variable, as the caller's catalog lists them (only tables the caller may read):
     * names starting with the prefix first, then names containing it.
     */
    static List<String> completeTable(Catalog c, String prefix) {
        try {
            String p = prefix == null ? "" : percentDecode(prefix).strip();
            String schema = null;
            String qualifier = "";
            int dot = p.indexOf('.');
            if (dot > 0) {
                schema = p.substring(0, dot);
                qualifier = schema + ".";
                p = p.substring(dot + 1);
            }
            String lower = p.toLowerCase(Locale.ROOT);
            List<String> starts = new ArrayList<>();
            List<String> contains = new ArrayList<>();
            for (Catalog.Table t : c.tables(schema)) {
                String n = t.name().toLowerCase(Locale.ROOT);
                if (n.startsWith(lower)) {
                    starts.add(qualifier + t.name());
                } else if (!lower.isEmpty() && n.contains(lower)) {
                    contains.add(qualifier + t.name());
                }
            }
            starts.addAll(contains);
            return starts;
        } catch (ToolException | UnsupportedOperationException e) {
            return List.of(); // an unknown schema or no catalog: nothing to suggest, not an error
        }
    }

    private static Map<String, Object> capped(String schema, String key, List<Map<String, Object>> items, int total,
                                              String tool) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", schema);
        out.put("total", total);
        out.put(key, items);
        if (total > items.size()) {
            out.put("note", "The first " + items.size() + " of " + total + "; the " + tool + " tool pages through all.");
        }
        return out;
    }

    /** %XX sequences as UTF-8 (template variables arrive as written in the URI); a stray % stays. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 3;
            } else {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
