package io.xugumcp.plugin.query;

import io.xugumcp.api.BatchResult;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.ToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The query tools: {@code execute_query}, {@code explain_query}, {@code execute_batch}. They only shape arguments and
 * answers; the host's Database service does the guarding, permission checks, caps and timeouts.
 */
@Extension
public final class QueryTools implements ToolGroup {
    private static final int MAX_LIMIT = 100_000;
    private final int defaultLimit;

    public QueryTools(PluginContext context) {
        this.defaultLimit = context.config().getInt("default-limit", 0);
    }

    @Override
    public List<Tool> tools() {
        return List.of(executeQuery(), explainQuery(), executeBatch());
    }

    private Tool executeQuery() {
        return Tool.builder("execute_query")
                .title("Run a read query")
                .description("Run one read-only SQL statement (SELECT, WITH … SELECT, VALUES, SHOW) and return its rows."
                        + " Use ? placeholders with 'params' for values. The answer says rowCount and whether it was"
                        + " truncated by the row or byte cap; add WHERE/ORDER BY/LIMIT instead of fetching everything.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("One SQL read statement"))
                        .property("params", JsonSchema.array("Values for ? placeholders, in order",
                                Map.of("type", List.of("string", "number", "boolean", "null"))))
                        .property("limit", JsonSchema.integer("Maximum rows to return (the server's cap still applies)",
                                1, MAX_LIMIT))
                        .required("sql")
                        .build())
                .outputSchema(Results.QUERY_SCHEMA)
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.SELECT)
                .handler(this::runQuery)
                .build();
    }

    private ToolResult runQuery(ToolCall call) {
        String sql = call.arguments().requireString("sql");
        List<Object> params = call.arguments().list("params");
        QueryResult r = call.database().query(sql, params, options(call));
        return ToolResult.structured(Results.query(r), Results.queryText(r));
    }

    private QueryOptions options(ToolCall call) {
        int limit = call.arguments().optionalInt("limit", 1, MAX_LIMIT).orElse(defaultLimit);
        return QueryOptions.maxRows(limit);
    }

    private Tool explainQuery() {
        return Tool.builder("explain_query")
                .title("Show a query plan")
                .description("Show the database's execution plan for one read statement without running it (plain"
                        + " EXPLAIN). 'analyze' is accepted for compatibility but never executes the statement.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("One SQL read statement"))
                        .property("analyze", JsonSchema.bool("Ignored: EXPLAIN ANALYZE would execute the statement"))
                        .required("sql")
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("plan", JsonSchema.array("Plan lines", Map.of("type", "string")))
                        .property("dialect", JsonSchema.string("The database dialect"))
                        .property("note", JsonSchema.typed(List.of("string", "null"), "Remarks about the plan"))
                        .required("plan", "dialect")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.SELECT)
                .handler(call -> {
                    String sql = call.arguments().requireString("sql");
                    boolean analyze = call.arguments().bool("analyze", false);
                    QueryResult r = call.database().explain(sql, QueryOptions.DEFAULTS);
                    List<String> plan = Results.planLines(r);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("plan", plan);
                    out.put("dialect", call.database().dialect().name());
                    out.put("note", analyze ? "analyze=true was ignored: EXPLAIN ANALYZE executes the statement, which"
                            + " this server never does for a plan." : null);
                    String text = String.join("\n", plan) + (analyze ? "\n(" + out.get("note") + ")" : "");
                    return ToolResult.structured(out, text);
                })
                .build();
    }

    private Tool executeBatch() {
        return Tool.builder("execute_batch")
                .title("Run statements in one transaction")
                .description("Run several SQL statements, one per array item, in a single transaction: either all of"
                        + " them succeed and are committed, or the first failure rolls every one back. Every statement"
                        + " is checked before any runs; writes need a server in read-write mode. The answer holds at"
                        + " most the server's row and byte caps across all statements, and the batch has one time limit:"
                        + " reads past the budget are not run and are listed in 'skipped'.")
                .inputSchema(JsonSchema.object()
                        .property("queries", JsonSchema.array("SQL statements, one per item", Map.of("type", "string"), 1))
                        .property("limit", JsonSchema.integer("Maximum rows per read statement (the"
                                + " server's caps still apply to the whole answer)", 1, MAX_LIMIT))
                        .required("queries")
                        .build())
                .outputSchema(Results.BATCH_SCHEMA)
                .annotations(ToolAnnotations.DESTRUCTIVE)
                .permission(Permission.SELECT)
                .handler(call -> {
                    List<String> queries = call.arguments().stringList("queries");
                    if (queries.isEmpty()) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'queries' must hold at least one statement.");
                    }
                    BatchResult r = call.database().batch(queries, options(call));
                    return ToolResult.structured(Results.batch(r), Results.batchText(r));
                })
                .build();
    }

}
