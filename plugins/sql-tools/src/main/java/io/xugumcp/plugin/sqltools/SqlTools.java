package io.xugumcp.plugin.sqltools;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.UpdateResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's curated surface: named tools declared in HOCON ({@code plugins.sql-tools.tools}), each a fixed
 * statement with typed, named parameters. Every value is bound, never spliced into SQL; each statement runs through
 * {@code call.database()}, so the SQL guard, the caller's permissions, the caps and the audit trail apply as to any
 * other tool. Declarations are checked when the plugin starts: a bad one is reported in one log line and left out,
 * and the others serve.
 */
@Extension
public final class SqlTools implements ToolGroup {
    private static final Logger LOG = LoggerFactory.getLogger(SqlTools.class);
    private static final Map<String, Object> WRITE_SCHEMA = JsonSchema.object()
            .property("affectedRows", JsonSchema.integer("Rows the statement changed", -1, Long.MAX_VALUE))
            .property("kind", JsonSchema.string("What the statement did (INSERT, UPDATE, DELETE …)"))
            .property("elapsedMs", JsonSchema.integer("Time in the database, milliseconds", 0, Long.MAX_VALUE))
            .required("affectedRows", "kind", "elapsedMs")
            .build();

    private final List<Declaration> declarations;
    private final List<String> problems;

    public SqlTools(PluginContext context) {
        String where = "plugins." + context.pluginId() + ".tools";
        List<Declaration> good = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        List<PluginConfig> items;
        try {
            items = context.config().getConfigList("tools");
        } catch (IllegalArgumentException e) {
            items = List.of();
            bad.add(where + ": " + e.getMessage());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            PluginConfig item = items.get(i);
            String label = where + "[" + i + "]" + item.get("name").map(n -> " (" + n + ")").orElse("");
            try {
                Declaration d = Declaration.read(item, context::inspect);
                if (!names.add(d.name())) {
                    throw new IllegalArgumentException("another tool in this list is already called '" + d.name() + "'");
                }
                good.add(d);
            } catch (IllegalArgumentException e) {
                bad.add(label + ": " + e.getMessage());
            }
        }
        for (String p : bad) {
            LOG.warn("SQL tool not served, fix it in the configuration: {}", p);
        }
        if (!items.isEmpty() || !bad.isEmpty()) {
            LOG.info("SQL tools: {} declared, {} serving{}", items.size(), good.size(),
                    good.isEmpty() ? "" : " (" + String.join(", ", good.stream().map(Declaration::name).toList()) + ")");
        }
        this.declarations = List.copyOf(good);
        this.problems = List.copyOf(bad);
    }

    /** The declarations that were refused, one sentence each (for tests and diagnostics). */
    List<String> problems() {
        return problems;
    }

    @Override
    public List<Tool> tools() {
        List<Tool> tools = new ArrayList<>(declarations.size());
        for (Declaration d : declarations) {
            tools.add(tool(d));
        }
        return tools;
    }

    private static Tool tool(Declaration d) {
        JsonSchema input = JsonSchema.object().closed();
        List<String> required = new ArrayList<>();
        for (Parameter p : d.parameters()) {
            input.property(p.name(), p.schema());
            if (p.required()) {
                required.add(p.name());
            }
        }
        input.required(required.toArray(String[]::new));
        ToolAnnotations annotations = d.returnsRows() ? ToolAnnotations.READ_ONLY
                : d.kind() == StatementKind.INSERT ? ToolAnnotations.WRITE : ToolAnnotations.DESTRUCTIVE;
        return Tool.builder(d.name())
                .title(d.title())
                .description(d.description())
                .inputSchema(input.build())
                .outputSchema(d.returnsRows() ? QueryResult.outputSchema() : WRITE_SCHEMA)
                .annotations(annotations)
                .permission(d.permission())
                .handler(call -> run(d, call))
                .build();
    }

    private static ToolResult run(Declaration d, ToolCall call) {
        if (!d.roles().isEmpty() && !d.roles().contains(call.caller().role())) {
            throw new ToolException(ErrorCode.DENIED, "Denied: tool '" + d.name() + "' is only for the roles "
                    + d.roles() + "; the caller's role is '" + call.caller().role() + "'.");
        }
        List<Object> values = values(d, call.arguments().asMap());
        if (d.returnsRows()) {
            QueryOptions options = d.maxRows() > 0 ? QueryOptions.maxRows(d.maxRows()) : QueryOptions.DEFAULTS;
            QueryResult r = call.database().query(d.sql(), values, options);
            return ToolResult.structured(r.toStructured(), r.toText());
        }
        UpdateResult u = call.database().execute(d.sql(), values);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("affectedRows", u.affectedRows());
        out.put("kind", u.kind().name());
        out.put("elapsedMs", u.elapsedMs());
        return ToolResult.structured(out, u.affectedRows() + (u.affectedRows() == 1 ? " row" : " rows")
                + " affected (" + u.kind() + ", " + u.elapsedMs() + " ms)");
    }

    /** The bound values, one per placeholder; each argument checked against its declaration. */
    static List<Object> values(Declaration d, Map<String, Object> arguments) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : d.parameters()) {
            byName.put(p.name(), p);
        }
        for (String given : arguments.keySet()) {
            if (!byName.containsKey(given)) {
                String shown = given.length() > 60 ? given.substring(0, 57) + "…" : given;
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Tool '" + d.name() + "' has no parameter '"
                        + shown + "'; its parameters: "
                        + (byName.isEmpty() ? "none" : new TreeSet<>(byName.keySet())) + ".");
            }
        }
        Map<String, Object> bound = new HashMap<>();
        for (Parameter p : d.parameters()) {
            bound.put(p.name(), p.bind(d.name(), arguments.get(p.name())));
        }
        List<Object> values = new ArrayList<>(d.bindOrder().size());
        for (String name : d.bindOrder()) {
            values.add(bound.get(name));
        }
        return values;
    }
}
