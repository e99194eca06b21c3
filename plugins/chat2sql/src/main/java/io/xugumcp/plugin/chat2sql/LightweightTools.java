package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lightweight mode: the client's own model writes the SQL, so the server needs no key and sends nothing anywhere. These
 * tools hand that model the linked schema and the dialect's rules, check what it wrote (guard, every name, EXPLAIN),
 * review it deterministically, and run it capped – as the caller, through the host's guard and permissions.
 */
final class LightweightTools {
    static final int MAX_LIMIT = 100_000;
    static final int MAX_QUESTION = 2_000;
    private static final Map<String, Object> STR = Map.of("type", "string");
    private static final Map<String, Object> STRINGS = JsonSchema.array("", STR);
    private static final Map<String, Object> OBJECTS = JsonSchema.array("", Map.of("type", "object"));

    private final Settings settings;
    private final boolean standaloneListed;

    LightweightTools(Settings settings, boolean standaloneListed) {
        this.settings = settings;
        this.standaloneListed = standaloneListed;
    }

    List<Tool> tools() {
        return List.of(getSchemaForLlm(), getTableSchemaForLlm(), validateSqlOnly(), executeValidatedSql(),
                suggestSqlFromSchema(), getLightweightModeInfo());
    }

    private static Tool.Builder tool(String name, String title) {
        return Tool.builder(name).title(title).annotations(ToolAnnotations.READ_ONLY).permission(Permission.SELECT);
    }

    static Map<String, Object> schemaProperty() {
        return JsonSchema.string("Schema to use; default: the current schema");
    }

    // ---- get_schema_for_llm ----

    static final Map<String, Object> SCHEMA_OUT = JsonSchema.object()
            .property("question", STR)
            .property("schema", STR)
            .property("dialect", STR)
            .property("wholeSchema", JsonSchema.bool("True when the whole schema fitted the budget and is given entire"))
            .property("totalTables", JsonSchema.integer("Tables and views in the schema", 0, Integer.MAX_VALUE))
            .property("estimatedTokens", JsonSchema.integer("Estimated model tokens of the schema text", 0, Integer.MAX_VALUE))
            .property("tables", JsonSchema.array("Linked tables, best first: {name,comment,score,matchedBy,columnsShown,columnsTotal}",
                    Map.of("type", "object")))
            .property("examplesIncluded", JsonSchema.bool("True when example values are in the text (operator opt-in)"))
            .property("rules", STRINGS)
            .property("schemaText", JsonSchema.string("The compact M-Schema text"))
            .property("prompt", JsonSchema.string("Rules, schema and question, ready for a model"))
            .required("question", "schema", "dialect", "wholeSchema", "tables", "rules", "schemaText", "prompt")
            .build();

    private Tool getSchemaForLlm() {
        return tool("get_schema_for_llm", "Schema for your model")
                .description("The tables and columns a question (any language) is about, as compact schema text"
                        + " (types, keys, comments, foreign keys) with the SQL rules, within a token budget. Then"
                        + " validate_sql_only and execute_validated_sql.")
                .inputSchema(JsonSchema.object()
                        .property("question", JsonSchema.string("The user's question, in any language"))
                        .property("max_tables", JsonSchema.integer("Most tables; default: the budget decides", 1,
                                1000))
                        .property("token_budget", JsonSchema.integer("Budget in tokens; default "
                                + settings.tokenBudget(), 200, 200_000))
                        .property("schema", schemaProperty())
                        .required("question")
                        .build())
                .outputSchema(SCHEMA_OUT)
                .handler(call -> {
                    String question = question(call.arguments(), "question");
                    SchemaContext ctx = context(call, question);
                    Map<String, Object> out = schemaAnswer(call, ctx, question);
                    return ToolResult.structured(out, out.get("prompt") + "\nNext: write one SELECT, check it with"
                            + " validate_sql_only, then run it with execute_validated_sql.");
                })
                .build();
    }

    SchemaContext context(ToolCall call, String question) {
        Arguments a = call.arguments();
        int maxTables = a.optionalInt("max_tables", 1, 1000).orElse(settings.maxTables());
        int budget = a.optionalInt("token_budget", 200, 200_000).orElse(settings.tokenBudget());
        return SchemaContext.link(call.catalog(), call.database(), settings, question,
                a.optionalString("schema").orElse(null), maxTables, budget);
    }

    static Map<String, Object> schemaAnswer(ToolCall call, SchemaContext ctx, String question) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("question", question);
        out.put("schema", ctx.schema());
        out.put("dialect", call.database().dialect().name());
        out.put("wholeSchema", ctx.linked().wholeSchema());
        out.put("totalTables", ctx.linked().totalTables());
        out.put("estimatedTokens", ctx.linked().estimatedTokens());
        out.put("tables", tables(ctx));
        out.put("examplesIncluded", ctx.examples());
        out.put("rules", Rules.forModel(call.database().dialect()));
        out.put("schemaText", ctx.text());
        out.put("prompt", ctx.prompt(call.database().dialect(), question));
        return out;
    }

    static List<Object> tables(SchemaContext ctx) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < ctx.linked().hits().size(); i++) {
            Catalog.SearchHit h = ctx.linked().hits().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.table().name());
            m.put("comment", h.table().comment());
            m.put("score", h.score());
            m.put("matchedBy", h.matchedBy());
            m.put("columnsShown", h.columns().size());
            m.put("columnsTotal", ctx.details().get(i).columns().size());
            out.add(m);
        }
        return out;
    }

    static String question(Arguments a, String name) {
        String q = a.requireString(name);
        if (q.length() > MAX_QUESTION) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument '" + name + "' is " + q.length()
                    + " characters long; send at most " + MAX_QUESTION + " (one question).");
        }
        return q;
    }

    // ---- get_table_schema_for_llm ----

    private Tool getTableSchemaForLlm() {
        return tool("get_table_schema_for_llm", "One table for your model")
                .description("One table or view as compact schema text for a model: every column with type, key and"
                        + " comment, its foreign keys both ways, and the SQL rules.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", JsonSchema.string("Table or view; any case; schema.table allowed"))
                        .property("schema", schemaProperty())
                        .required("table_name")
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("table", STR)
                        .property("schema", STR)
                        .property("comment", JsonSchema.typed(List.of("string", "null"), "Table comment"))
                        .property("references", JsonSchema.array("Tables this one points to", STR))
                        .property("referencedBy", JsonSchema.array("Tables pointing to this one", STR))
                        .property("rules", STRINGS)
                        .property("schemaText", STR)
                        .required("table", "schema", "references", "referencedBy", "rules", "schemaText")
                        .build())
                .handler(call -> {
                    Arguments a = call.arguments();
                    SchemaContext ctx = SchemaContext.table(call.catalog(), call.database(), settings,
                            a.optionalString("schema").orElse(null), a.requireString("table_name"));
                    Catalog.TableDetail d = ctx.details().get(0);
                    StringBuilder text = new StringBuilder(ctx.text());
                    List<String> refs = d.foreignKeys().stream().map(f -> f.referencedTable() + "("
                            + String.join(", ", f.referencedColumns()) + ") via " + String.join(", ", f.columns())).toList();
                    List<String> refBy = d.referencedBy().stream().map(f -> f.table() + "(" + String.join(", ", f.columns())
                            + ")").distinct().toList();
                    if (!refBy.isEmpty()) {
                        text.append("【Referenced by】\n").append(String.join("\n", refBy)).append('\n');
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("table", d.table().name());
                    out.put("schema", d.table().schema());
                    out.put("comment", d.table().comment());
                    out.put("references", refs);
                    out.put("referencedBy", refBy);
                    out.put("rules", Rules.forModel(call.database().dialect()));
                    out.put("schemaText", text.toString());
                    return ToolResult.structured(out, Rules.text(call.database().dialect()) + text);
                })
                .build();
    }

    // ---- validate_sql_only ----

    static final Map<String, Object> VALIDATION_OUT = JsonSchema.object()
            .property("sql", STR)
            .property("valid", JsonSchema.bool("True when the guard accepts it as one read, every name resolves and EXPLAIN succeeds"))
            .property("failedAt", JsonSchema.typed(List.of("string", "null"), "guard, names, permission or explain"))
            .property("problems", STRINGS)
            .property("guard", Map.of("type", "object"))
            .property("names", JsonSchema.typed(List.of("object", "null"), "Tables, columns, unknown names with suggestions"))
            .property("explain", Map.of("type", "object"))
            .required("sql", "valid", "problems", "guard", "explain")
            .build();

    private Tool validateSqlOnly() {
        return tool("validate_sql_only", "Check SQL without running it")
                .description("Check one SQL statement without running it: guard verdict, unknown tables/columns with the"
                        + " closest names, your permissions, plain EXPLAIN.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("One SQL statement"))
                        .required("sql")
                        .build())
                .outputSchema(VALIDATION_OUT)
                .handler(call -> {
                    String sql = call.arguments().requireString("sql");
                    SqlCheck.Outcome o = SqlCheck.run(call.database(), call.catalog(), sql);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("sql", sql);
                    out.putAll(o.toMap());
                    return ToolResult.structured(out, validationText(o));
                })
                .build();
    }

    static String validationText(SqlCheck.Outcome o) {
        if (o.ok()) {
            StringBuilder b = new StringBuilder("Valid: a read of " + o.names().tables().stream()
                    .map(Catalog.Table::name).toList() + "; every name resolves; EXPLAIN:\n" + o.planText());
            return b.toString();
        }
        return "Not valid (" + o.failedAt().name().toLowerCase(java.util.Locale.ROOT) + "):\n- "
                + String.join("\n- ", o.problems());
    }

    // ---- execute_validated_sql ----

    private Tool executeValidatedSql() {
        return tool("execute_validated_sql", "Check, then run a read")
                .description("validate_sql_only's checks, then, only if all pass, run the read and return its rows."
                        + " A failed check says why and what to write instead.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("One SQL read statement"))
                        .property("limit", JsonSchema.integer("Most rows to return (the server's cap still applies)",
                                1, MAX_LIMIT))
                        .required("sql")
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("sql", STR)
                        .property("columns", OBJECTS)
                        .property("rows", JsonSchema.array("Rows, each an array of values in column order", Map.of("type", "array")))
                        .property("rowCount", JsonSchema.integer("Rows returned", 0, Integer.MAX_VALUE))
                        .property("truncated", JsonSchema.bool("True when more rows existed than were returned"))
                        .property("truncatedReason", JsonSchema.typed(List.of("string", "null"), "rows or bytes"))
                        .property("elapsedMs", JsonSchema.integer("Time in the database, ms", 0, Long.MAX_VALUE))
                        .property("tables", STRINGS)
                        .required("sql", "columns", "rows", "rowCount", "truncated", "elapsedMs")
                        .build())
                .handler(call -> {
                    String sql = call.arguments().requireString("sql");
                    int limit = call.arguments().optionalInt("limit", 1, MAX_LIMIT).orElse(0);
                    SqlCheck.Outcome o = SqlCheck.run(call.database(), call.catalog(), sql);
                    if (!o.ok()) {
                        throw refusal(o);
                    }
                    QueryResult r = call.database().query(sql, List.of(), QueryOptions.maxRows(limit));
                    Map<String, Object> out = rows(sql, r);
                    out.put("tables", o.names().tables().stream().map(Catalog.Table::name).toList());
                    return ToolResult.structured(out, rowsText(r));
                })
                .build();
    }

    /** The tool error for a statement that failed a check, coded by the stage. */
    static ToolException refusal(SqlCheck.Outcome o) {
        ErrorCode code = switch (o.failedAt()) {
            case GUARD -> o.verdict().acceptable() ? ErrorCode.NOT_A_READ : ErrorCode.REJECTED;
            case NAMES -> ErrorCode.NOT_FOUND;
            case PERMISSION -> ErrorCode.DENIED;
            case EXPLAIN -> ErrorCode.DATABASE_ERROR;
        };
        return new ToolException(code, "Not run: " + String.join(" ", o.problems()));
    }

    static Map<String, Object> rows(String sql, QueryResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sql", sql);
        List<Object> cols = new ArrayList<>();
        for (QueryResult.Column c : r.columns()) {
            cols.add(Map.of("name", c.name(), "type", c.type() == null ? "" : c.type()));
        }
        out.put("columns", cols);
        out.put("rows", r.rows());
        out.put("rowCount", r.rowCount());
        out.put("truncated", r.truncated());
        out.put("truncatedReason", r.truncatedReason());
        out.put("elapsedMs", r.elapsedMs());
        return out;
    }

    /** A short text form: the header and up to 20 rows; the structured content has them all. */
    static String rowsText(QueryResult r) {
        StringBuilder b = new StringBuilder(r.rowCount() + " row" + (r.rowCount() == 1 ? "" : "s")
                + (r.truncated() ? " (truncated: " + r.truncatedReason() + ")" : "") + "\n");
        b.append(String.join("\t", r.columns().stream().map(QueryResult.Column::name).toList())).append('\n');
        for (int i = 0; i < Math.min(20, r.rows().size()); i++) {
            List<String> cells = new ArrayList<>();
            for (Object v : r.rows().get(i)) {
                cells.add(String.valueOf(v));
            }
            b.append(String.join("\t", cells)).append('\n');
        }
        if (r.rows().size() > 20) {
            b.append("… ").append(r.rows().size() - 20).append(" more rows in the structured content\n");
        }
        return b.toString();
    }

    // ---- suggest_sql_from_schema ----

    private Tool suggestSqlFromSchema() {
        return tool("suggest_sql_from_schema", "Review a draft SQL")
                .description("Review a draft SQL for a question (no model, nothing run): unknown names, joins without a"
                        + " condition, SELECT *, no limit, index-defeating predicates, full scans, missed tables.")
                .inputSchema(JsonSchema.object()
                        .property("question", JsonSchema.string("The question the SQL should answer"))
                        .property("sql", JsonSchema.string("The draft SQL"))
                        .required("sql")
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("sql", STR)
                        .property("ok", JsonSchema.bool("True when nothing of severity error was found"))
                        .property("suggestions", JsonSchema.array("{code,severity,message,fix}", Map.of("type", "object")))
                        .property("tables", STRINGS)
                        .property("plan", JsonSchema.typed(List.of("string", "null"), "EXPLAIN output"))
                        .required("sql", "ok", "suggestions")
                        .build())
                .handler(call -> {
                    Arguments a = call.arguments();
                    String sql = a.requireString("sql");
                    String question = a.optionalString("question").orElse("");
                    SqlCheck.Outcome o = SqlCheck.run(call.database(), call.catalog(), sql);
                    List<Review.Suggestion> s = Review.review(o, call.catalog(), settings, question);
                    boolean ok = s.stream().noneMatch(x -> x.severity().equals("error"));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("sql", sql);
                    out.put("ok", ok);
                    out.put("suggestions", s.stream().map(Review.Suggestion::toMap).toList());
                    out.put("tables", o.names() == null ? List.of()
                            : o.names().tables().stream().map(Catalog.Table::name).toList());
                    out.put("plan", o.planText());
                    StringBuilder text = new StringBuilder(ok ? (s.isEmpty() ? "No remarks." : "No errors; remarks:")
                            : "Problems:");
                    for (Review.Suggestion x : s) {
                        text.append("\n- [").append(x.severity()).append("] ").append(x.message())
                                .append(x.fix() == null ? "" : " Fix: " + x.fix());
                    }
                    return ToolResult.structured(out, text.toString());
                })
                .build();
    }

    // ---- get_lightweight_mode_info ----

    private Tool getLightweightModeInfo() {
        return Tool.builder("get_lightweight_mode_info")
                .title("How Chat2SQL works here")
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.NONE)
                .description("How to turn questions into SQL with this server: the workflow, the mode, the SQL"
                        + " dialect's rules and the privacy settings.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("mode", STR)
                        .property("standaloneTools", JsonSchema.bool("True when the server-side model tools are listed"))
                        .property("dialect", STR)
                        .property("workflow", STRINGS)
                        .property("rules", STRINGS)
                        .property("tokenBudget", JsonSchema.integer("Default schema budget", 0, Integer.MAX_VALUE))
                        .property("sampleValues", JsonSchema.bool("True when example values may be sent to models"))
                        .property("prompts", STRINGS)
                        .required("mode", "standaloneTools", "workflow", "rules")
                        .build())
                .handler(call -> {
                    List<String> workflow = List.of(
                            "1. get_schema_for_llm(question): the linked tables as compact schema text, with the rules.",
                            "2. Write one SELECT from it (your own model; the server sends nothing anywhere).",
                            "3. validate_sql_only(sql): guard, every name, EXPLAIN – fix what it reports.",
                            "4. suggest_sql_from_schema(question, sql) for a review, if wanted.",
                            "5. execute_validated_sql(sql, limit): the same checks, then the capped read.");
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("mode", settings.standalone() ? "standalone" : "lightweight");
                    out.put("standaloneTools", standaloneListed);
                    out.put("dialect", call.database().dialect().name());
                    out.put("workflow", workflow);
                    out.put("rules", Rules.forModel(call.database().dialect()));
                    out.put("tokenBudget", settings.tokenBudget());
                    out.put("sampleValues", settings.sampleValues());
                    out.put("prompts", List.of("text_to_sql(question)", "fix_sql(sql, error)"));
                    String text = "Chat2SQL, " + out.get("mode") + " mode" + (standaloneListed
                            ? " (the server-side model tools are available too)" : "") + ".\n" + String.join("\n", workflow)
                            + "\nPrompts: text_to_sql(question), fix_sql(sql, error). Row values go to models: "
                            + (settings.sampleValues() ? "yes (personal-looking columns masked)" : "no (schema only)") + ".";
                    return ToolResult.structured(out, text);
                })
                .build();
    }
}
