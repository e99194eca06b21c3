package io.xugumcp.plugin.admin;

import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.admin.Admin;
import io.xugumcp.api.admin.ReloadReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The admin tools of the earlier server, with its names and parameters. They only shape arguments and answers: the
 * host's {@link Admin} service does the work and enforces ADMIN wherever an answer shows other clients' data or a call
 * changes the server's state (metrics, reload, caches, another client's history); {@code test_query} runs through the
 * caller's own {@code Database}, so it runs only what the SQL guard admits as a read for this caller.
 */
@Extension
public final class AdminTools implements ToolGroup {
    private static final int MAX_HISTORY = 1000;
    private static final int TEST_ROWS = 10;
    private final int defaultHistory;

    public AdminTools(PluginContext context) {
        int configured = context == null ? 0 : context.config().getInt("history-limit", 50);
        this.defaultHistory = configured <= 0 ? 50 : Math.min(configured, MAX_HISTORY);
    }

    @Override
    public List<Tool> tools() {
        return List.of(healthCheck(), getServerMetrics(), getConnections(), testQuery(), getServerInfo(), reloadConfig(),
                getQueryHistory(), clearAllCaches(), diagnoseConnection());
    }

    private Tool healthCheck() {
        return Tool.builder("health_check")
                .title("Server health")
                .description("Is the server healthy: the database answering (within about a second), plugins, the"
                        + " audit trail; 'detailed' adds the pool, memory and each plugin.")
                .inputSchema(JsonSchema.object()
                        .property("detailed", JsonSchema.bool("Add pool, memory and per-plugin checks"))
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("status", JsonSchema.string("ok, degraded or down"))
                        .property("at", JsonSchema.string("When it was checked"))
                        .property("checks", JsonSchema.array("One per part", Map.of("type", "object")))
                        .required("status", "checks")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.NONE)
                .handler(call -> {
                    var h = call.admin().health(call.arguments().bool("detailed", false));
                    return ToolResult.structured(Shapes.health(h), Shapes.healthText(h));
                })
                .build();
    }

    private Tool getServerMetrics() {
        return Tool.builder("get_server_metrics")
                .title("Server metrics")
                .description("Counts and timings since start: MCP calls per method and tool (p50/p95), tool outcomes,"
                        + " statements by kind and outcome, rate-limit refusals, audit queue, LLM tokens, pool, JVM."
                        + " Needs ADMIN.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("uptimeSeconds", JsonSchema.integer("Seconds since start", 0, Long.MAX_VALUE))
                        .property("operations", JsonSchema.array("Per method, tool and error type", Map.of("type", "object")))
                        .property("toolCalls", JsonSchema.any("Tool calls by tool:outcome"))
                        .property("statements", JsonSchema.any("Statements by kind:outcome"))
                        .property("pool", JsonSchema.any("The connection pool"))
                        .property("jvm", JsonSchema.any("Heap, GC, threads"))
                        .required("uptimeSeconds", "operations", "statements")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.ADMIN)
                .handler(call -> {
                    var m = call.admin().metrics();
                    return ToolResult.structured(Shapes.metrics(m), Shapes.metricsText(m));
                })
                .build();
    }

    private Tool getConnections() {
        return Tool.builder("get_connections")
                .title("Connection pool")
                .description("The database connection pool: active, idle, waiting, max, and since start the waits that"
                        + " timed out and the connections closed (evictions).")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("active", JsonSchema.integer("In use", 0, Integer.MAX_VALUE))
                        .property("idle", JsonSchema.integer("Idle", 0, Integer.MAX_VALUE))
                        .property("waiting", JsonSchema.integer("Callers waiting", 0, Integer.MAX_VALUE))
                        .property("max", JsonSchema.integer("Most connections", 0, Integer.MAX_VALUE))
                        .property("timeouts", JsonSchema.integer("Waits that timed out", 0, Long.MAX_VALUE))
                        .property("evictions", JsonSchema.integer("Connections closed by the pool", 0, Long.MAX_VALUE))
                        .required("active", "idle", "waiting", "max", "timeouts", "evictions")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.SELECT)
                .handler(call -> {
                    var p = call.admin().pool();
                    return ToolResult.structured(Shapes.pool(p), Shapes.poolText(p));
                })
                .build();
    }

    private Tool testQuery() {
        return Tool.builder("test_query")
                .title("Test a query")
                .description("Check that the database answers: without 'sql' a fixed probe; with 'sql' one read"
                        + " statement (anything else is refused) – first rows, row count, time.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("One read statement; omit for the fixed probe"))
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("ok", JsonSchema.bool("The statement ran"))
                        .property("sql", JsonSchema.string("What ran"))
                        .property("probe", JsonSchema.bool("True for the fixed probe"))
                        .property("columns", JsonSchema.array("Column names", Map.of("type", "string")))
                        .property("rows", JsonSchema.array("First rows", Map.of("type", "array")))
                        .property("rowCount", JsonSchema.integer("Rows returned", 0, Integer.MAX_VALUE))
                        .property("truncated", JsonSchema.bool("More rows existed"))
                        .property("elapsedMs", JsonSchema.integer("Time taken", 0, Long.MAX_VALUE))
                        .required("ok", "sql", "rowCount", "elapsedMs")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.SELECT)
                .handler(this::runTestQuery)
                .build();
    }

    private ToolResult runTestQuery(ToolCall call) {
        String given = call.arguments().optionalString("sql").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        // [P] "select 1 from dual" is XuguDB's keep-alive; the others answer a bare SELECT 1.
        String sql = given != null ? given : "xugu".equals(call.database().dialect().name()) ? "select 1 from dual"
                : "SELECT 1";
        QueryResult r = call.database().query(sql, List.of(), QueryOptions.maxRows(TEST_ROWS));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("sql", sql);
        out.put("probe", given == null);
        List<String> columns = new ArrayList<>();
        r.columns().forEach(c -> columns.add(c.name()));
        out.put("columns", columns);
        out.put("rows", r.rows());
        out.put("rowCount", r.rowCount());
        out.put("truncated", r.truncated());
        out.put("elapsedMs", r.elapsedMs());
        String text = (given == null ? "Probe" : "Query") + " OK: " + r.rowCount() + " row(s)"
                + (r.truncated() ? " (more exist; first " + TEST_ROWS + " shown)" : "") + " in " + r.elapsedMs()
                + " ms. Columns: " + String.join(", ", columns) + (r.rows().isEmpty() ? "" : "\nFirst row: " + r.rows().get(0));
        return ToolResult.structured(out, text);
    }

    private Tool getServerInfo() {
        return Tool.builder("get_server_info")
                .title("Server information")
                .description("Versions, database and dialect, mode, transports, limits, and each plugin with its"
                        + " tools or why it is not serving. Never shows a secret.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("version", JsonSchema.string("Server version"))
                        .property("apiVersion", JsonSchema.string("Plugin API version"))
                        .property("dialect", JsonSchema.string("Database dialect"))
                        .property("mode", JsonSchema.string("read-only or read-write"))
                        .property("plugins", JsonSchema.array("Plugins and their tools", Map.of("type", "object")))
                        .property("limits", JsonSchema.any("Row, byte, time and rate limits"))
                        .required("version", "dialect", "mode", "plugins", "limits")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.NONE)
                .handler(call -> {
                    var i = call.admin().serverInfo();
                    return ToolResult.structured(Shapes.info(i), Shapes.infoText(i));
                })
                .build();
    }

    private Tool reloadConfig() {
        return Tool.builder("reload_config")
                .title("Reload the configuration")
                .description("Re-read the configuration and apply what can change live (roles, table rules, tokens,"
                        + " rate limits, caps, timeouts, disabled plugins, log level). On any error nothing changes."
                        + " Says what needs a restart. Needs ADMIN.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("applied", JsonSchema.bool("False when refused (nothing changed)"))
                        .property("changed", JsonSchema.array("Applied now", Map.of("type", "string")))
                        .property("restartRequired", JsonSchema.array("Changed keys that need a restart", Map.of("type", "string")))
                        .property("errors", JsonSchema.array("Why it was refused", Map.of("type", "string")))
                        .property("toolsChanged", JsonSchema.bool("Clients were told to list the tools again"))
                        .required("applied", "changed", "restartRequired", "errors")
                        .build())
                .annotations(new ToolAnnotations(false, false, true, false))
                .permission(Permission.ADMIN)
                .handler(call -> {
                    ReloadReport r = call.admin().reload();
                    ToolResult ok = ToolResult.structured(Shapes.reload(r), Shapes.reloadText(r));
                    return r.applied() ? ok : new ToolResult(ok.content(), ok.structured(), true);
                })
                .build();
    }

    private Tool getQueryHistory() {
        return Tool.builder("get_query_history")
                .title("Query history")
                .description("Your SQL statements from the audit trail, newest first (SQL with literals redacted)."
                        + " 'client' (another client id, or * for all) needs ADMIN.")
                .inputSchema(JsonSchema.object()
                        .property("limit", JsonSchema.integer("Most statements (default " + defaultHistory + ")", 1, MAX_HISTORY))
                        .property("operation_type", JsonSchema.string("Statement kind or verb: SELECT, INSERT, DDL, CREATE TABLE …"))
                        .property("client", JsonSchema.string("Client id, or * for every client (ADMIN)"))
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("client", JsonSchema.string("Whose statements (* = every client)"))
                        .property("count", JsonSchema.integer("Statements returned", 0, MAX_HISTORY))
                        .property("entries", JsonSchema.array("Statements, newest first", Map.of("type", "object")))
                        .required("client", "count", "entries")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.SELECT)
                .handler(call -> {
                    int limit = call.arguments().optionalInt("limit", 1, MAX_HISTORY).orElse(defaultHistory);
                    Admin.History h = call.admin().queryHistory(call.arguments().optionalString("client").orElse(null),
                            call.arguments().optionalString("operation_type").orElse(null), limit);
                    return ToolResult.structured(Shapes.history(h, limit), Shapes.historyText(h));
                })
                .build();
    }

    private Tool clearAllCaches() {
        return Tool.builder("clear_all_caches")
                .title("Clear caches")
                .description("Empty the server's caches: the schema catalog, SQL guard verdicts, and the caches of"
                        + " plugins (e.g. Chat2SQL's). The next calls read fresh. Needs ADMIN.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("caches", JsonSchema.array("Each cache cleared", Map.of("type", "object")))
                        .required("caches")
                        .build())
                .annotations(new ToolAnnotations(false, false, true, false))
                .permission(Permission.ADMIN)
                .handler(call -> {
                    var r = call.admin().clearCaches();
                    return ToolResult.structured(Shapes.caches(r), Shapes.cachesText(r));
                })
                .build();
    }

    private Tool diagnoseConnection() {
        return Tool.builder("diagnose_connection")
                .title("Diagnose the database connection")
                .description("Check the way to the database step by step (DNS, TCP, login, query, privileges),"
                        + " timed, with cause and fix on failure. Works when the pool is broken.")
                .inputSchema(JsonSchema.object()
                        .property("detailed", JsonSchema.bool("Add every resolved address and the driver version"))
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("ok", JsonSchema.bool("Every required step succeeded"))
                        .property("target", JsonSchema.string("What was checked (no password)"))
                        .property("summary", JsonSchema.string("The result in one sentence"))
                        .property("steps", JsonSchema.array("Each step", Map.of("type", "object")))
                        .required("ok", "target", "summary", "steps")
                        .build())
                .annotations(new ToolAnnotations(true, false, true, true))
                .permission(Permission.SELECT)
                .handler(call -> {
                    var d = call.admin().diagnose(call.arguments().bool("detailed", false));
                    return ToolResult.structured(Shapes.diagnosis(d), Shapes.diagnosisText(d));
                })
                .build();
    }
}
