package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Standalone mode: the server asks the model configured for it ({@code LLM_PROVIDER}). Every statement a model writes
 * is untrusted input and takes the loop's checks (guard, names, EXPLAIN, the caller's permissions); only
 * {@code natural_language_query} with {@code execute=true} runs one, and only a read. Models see the schema and the
 * rules – never rows, unless the operator enabled example values (personal-looking columns masked).
 */
final class StandaloneTools {
    /** Model tools read nothing they may not, never write, and reach out to the model provider. */
    static final ToolAnnotations MODEL = new ToolAnnotations(true, false, false, true);
    static final String NO_PROVIDER = "No language model is configured, so this standalone Chat2SQL tool cannot run."
            + " An operator sets LLM_PROVIDER (claude, openai, zhipu or ollama) with LLM_API_KEY and LLM_MODEL and"
            + " restarts; meanwhile the lightweight tools work without one: get_schema_for_llm, validate_sql_only,"
            + " execute_validated_sql.";
    private static final Map<String, Object> STR = Map.of("type", "string");
    private static final Map<String, Object> NULLABLE_STR = Map.of("type", List.of("string", "null"));

    private final Settings settings;

    StandaloneTools(Settings settings) {
        this.settings = settings;
    }

    List<Tool> tools() {
        return List.of(naturalLanguageQuery(), suggestQuery(), explainSql(), validateSql(), optimizeQuery(), fixSql(),
                getSchemaContext(), clearSchemaCache(), getSchemaInfo());
    }

    private static Tool.Builder tool(String name, String title, ToolAnnotations annotations) {
        return Tool.builder(name).title(title).annotations(annotations).permission(Permission.CHAT2SQL);
    }

    /** The call's model, or the clear error saying how to configure one. */
    static Llm llm(ToolCall call) {
        Llm llm = call.llm();
        if (llm == null || !llm.available()) {
            throw new ToolException(ErrorCode.UNAVAILABLE, NO_PROVIDER);
        }
        return llm;
    }

    private SqlLoop loop(ToolCall call) {
        Llm llm = llm(call);
        return new SqlLoop(new SqlLoop.Deps(call.catalog(), call.database(), llm, call::isCancelled,
                (round, rounds, message) -> call.client().progress(round, (double) rounds, message)), settings);
    }

    private SchemaContext link(ToolCall call, String text) {
        Arguments a = call.arguments();
        return SchemaContext.link(call.catalog(), call.database(), settings, text, a.optionalString("schema").orElse(null),
                a.optionalInt("max_tables", 1, 1000).orElse(settings.maxTables()), settings.tokenBudget());
    }

    // ---- the loop's answer ----

    static final Map<String, Object> LOOP_OUT = JsonSchema.object()
            .property("status", JsonSchema.string("ok, no_sql or clarification"))
            .property("question", NULLABLE_STR)
            .property("sql", JsonSchema.typed(List.of("string", "null"), "The statement that passed every check, or null"))
            .property("explanation", NULLABLE_STR)
            .property("clarification", JsonSchema.typed(List.of("string", "null"), "The model's question back"))
            .property("executed", JsonSchema.bool("True when the statement ran"))
            .property("columns", JsonSchema.typed(List.of("array", "null"), "Result columns when executed"))
            .property("rows", JsonSchema.typed(List.of("array", "null"), "Rows when executed"))
            .property("rowCount", JsonSchema.typed(List.of("integer", "null"), "Rows returned when executed"))
            .property("truncated", JsonSchema.typed(List.of("boolean", "null"), "More rows existed"))
            .property("rounds", JsonSchema.array("{round,sql,stage,error}", Map.of("type", "object")))
            .property("roundsTaken", JsonSchema.integer("Model rounds used", 0, 100))
            .property("tokens", JsonSchema.typed("object", "{input, output} as the provider reported them"))
            .property("provider", NULLABLE_STR)
            .property("model", NULLABLE_STR)
            .property("tables", JsonSchema.array("Tables linked for the model", STR))
            .property("wholeSchema", JsonSchema.bool("True when the whole schema went to the model"))
            .property("schemaTokens", JsonSchema.integer("Estimated tokens of the schema text", 0, Integer.MAX_VALUE))
            .required("status", "sql", "executed", "rounds", "roundsTaken", "tokens")
            .build();

    static ToolResult loopAnswer(ToolCall call, SqlLoop.Outcome o, SchemaContext ctx, String question, boolean execute) {
        Map<String, Object> out = new LinkedHashMap<>();
        String status = o.hasSql() ? "ok" : o.clarification() != null ? "clarification" : "no_sql";
        out.put("status", status);
        out.put("question", question);
        out.put("sql", o.sql());
        out.put("explanation", o.explanation());
        out.put("clarification", o.clarification());
        out.put("executed", o.rows() != null);
        if (o.rows() != null) {
            Map<String, Object> rows = LightweightTools.rows(o.sql(), o.rows());
            out.put("columns", rows.get("columns"));
            out.put("rows", rows.get("rows"));
            out.put("rowCount", rows.get("rowCount"));
            out.put("truncated", rows.get("truncated"));
        }
        out.put("rounds", o.rounds().stream().map(SqlLoop.Round::toMap).toList());
        out.put("roundsTaken", o.rounds().size());
        out.put("tokens", Map.of("input", o.inputTokens(), "output", o.outputTokens()));
        out.put("provider", call.llm().provider());
        out.put("model", o.model());
        out.put("tables", ctx.tableNames());
        out.put("wholeSchema", ctx.linked().wholeSchema());
        out.put("schemaTokens", ctx.linked().estimatedTokens());
        StringBuilder text = new StringBuilder();
        if (o.hasSql()) {
            text.append("SQL (passed in round ").append(o.rounds().size()).append("):\n```sql\n").append(o.sql())
                    .append("\n```\n");
            if (o.explanation() != null && !o.explanation().isBlank()) {
                text.append(o.explanation().strip()).append('\n');
            }
            if (o.rows() != null) {
                text.append(LightweightTools.rowsText(o.rows()));
            } else if (execute) {
                text.append("Not executed.\n");
            } else {
                text.append("Checked (guard, names, EXPLAIN), not executed: run it with execute_validated_sql or"
                        + " execute=true.\n");
            }
        } else if (o.clarification() != null) {
            text.append("The model asks: ").append(o.clarification().strip()).append('\n');
        } else {
            text.append("No SQL: no statement passed the checks after ").append(o.rounds().size())
                    .append(" round").append(o.rounds().size() == 1 ? "" : "s").append(".\n");
            for (SqlLoop.Round r : o.rounds()) {
                text.append("- round ").append(r.round()).append(" [").append(r.stage()).append("] ")
                        .append(r.sql() == null ? "" : r.sql().replaceAll("\\s+", " ") + " → ")
                        .append(r.error() == null ? "" : r.error()).append('\n');
            }
        }
        text.append("Tokens: ").append(o.inputTokens()).append(" in, ").append(o.outputTokens()).append(" out (")
                .append(call.llm().provider()).append(' ').append(o.model()).append(").");
        return ToolResult.structured(out, text.toString());
    }

    // ---- natural_language_query / suggest_query ----

    private Tool naturalLanguageQuery() {
        return tool("natural_language_query", "Ask in plain language", MODEL)
                .description("Answer a question (Chinese or English) with SQL written by the server's model: the"
                        + " question is linked to the schema, the model's SQL is checked (guard, every name, EXPLAIN,"
                        + " your permissions) and corrected from the errors for up to " + settings.maxRounds()
                        + " rounds. With execute=true the checked read runs and its rows come back. Shows the SQL, the"
                        + " explanation, the rounds and the token usage; 'no SQL' with the errors when nothing passed."
                        + " Never writes.")
                .inputSchema(JsonSchema.object()
                        .property("question", JsonSchema.string("The question, in any language"))
                        .property("execute", JsonSchema.bool("Run the checked SQL and return rows (default false)"))
                        .property("limit", JsonSchema.integer("Most rows when executed (the server's cap still applies)",
                                1, LightweightTools.MAX_LIMIT))
                        .property("max_tables", JsonSchema.integer("Most tables to link; default: the token budget"
                                + " decides", 1, 1000))
                        .property("schema", LightweightTools.schemaProperty())
                        .required("question")
                        .build())
                .outputSchema(LOOP_OUT)
                .handler(call -> {
                    String question = LightweightTools.question(call.arguments(), "question");
                    boolean execute = call.arguments().bool("execute", false);
                    int limit = call.arguments().optionalInt("limit", 1, LightweightTools.MAX_LIMIT).orElse(0);
                    SqlLoop loop = loop(call);
                    SchemaContext ctx = link(call, question);
                    SqlLoop.Outcome o = loop.run(SqlLoop.question(ctx, question), execute, limit);
                    return loopAnswer(call, o, ctx, question, execute);
                })
                .build();
    }

    private Tool suggestQuery() {
        return tool("suggest_query", "Suggest SQL for a question", MODEL)
                .description("Have the server's model write SQL for a question, checked (guard, names, EXPLAIN) and"
                        + " corrected from the errors, without running it.")
                .inputSchema(JsonSchema.object()
                        .property("question", JsonSchema.string("The question, in any language"))
                        .property("max_tables", JsonSchema.integer("Most tables to link", 1, 1000))
                        .property("schema", LightweightTools.schemaProperty())
                        .required("question")
                        .build())
                .outputSchema(LOOP_OUT)
                .handler(call -> {
                    String question = LightweightTools.question(call.arguments(), "question");
                    SqlLoop loop = loop(call);
                    SchemaContext ctx = link(call, question);
                    return loopAnswer(call, loop.run(SqlLoop.question(ctx, question), false, 0), ctx, question, false);
                })
                .build();
    }

    // ---- fix_sql ----

    private Tool fixSql() {
        return tool("fix_sql", "Fix a failing SQL", MODEL)
                .description("Have the server's model correct a statement from its error message: it gets the schema of"
                        + " the tables involved, the error (literals stripped) and the names that do not exist with the"
                        + " names to use; its answer is checked and corrected for up to " + settings.maxRounds()
                        + " rounds. Nothing is executed.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("The statement that failed"))
                        .property("error_message", JsonSchema.string("The error it got (optional)"))
                        .required("sql")
                        .build())
                .outputSchema(LOOP_OUT)
                .handler(call -> {
                    String sql = call.arguments().requireString("sql");
                    String error = call.arguments().optionalString("error_message").orElse("");
                    SqlLoop loop = loop(call);
                    Catalog.Resolution names = call.catalog().resolve(sql);
                    SchemaContext ctx = linkForSql(call, sql, names);
                    List<String> notes = names.unknown().stream().map(Catalog.UnknownName::message).toList();
                    return loopAnswer(call, loop.run(SqlLoop.fix(ctx, sql, error, notes), false, 0), ctx, null, false);
                })
                .build();
    }

    /**
     * The schema for a statement: the tables it names, the tables suggested for names that do not exist, and what its
     * words link to – within the budget.
     */
    private SchemaContext linkForSql(ToolCall call, String sql, Catalog.Resolution names) {
        Set<String> words = new LinkedHashSet<>();
        names.tables().forEach(t -> words.add(t.name()));
        for (Catalog.UnknownName u : names.unknown()) {
            words.add(u.name());
            if (u.kind().equals("table")) {
                words.addAll(u.bySpelling());
                words.addAll(u.byMeaning());
            }
        }
        String text = words.isEmpty() ? sql : String.join(" ", words);
        return SchemaContext.link(call.catalog(), call.database(), settings, text.length() > 1_900
                ? text.substring(0, 1_900) : text, null, 0, settings.tokenBudget());
    }

    // ---- explain_sql / validate_sql / optimize_query ----

    private Tool explainSql() {
        return tool("explain_sql", "Explain SQL in plain words", MODEL)
                .description("Have the server's model explain what a statement does, in the language of the request,"
                        + " from the schema of its tables (comments included). Nothing is executed.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("The statement to explain"))
                        .required("sql")
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("sql", STR)
                        .property("explanation", STR)
                        .property("tables", JsonSchema.array("Tables it reads", STR))
                        .property("unknownNames", JsonSchema.array("Names that do not exist", STR))
                        .property("tokens", Map.of("type", "object"))
                        .property("model", NULLABLE_STR)
                        .required("sql", "explanation", "tokens")
                        .build())
                .handler(call -> {
                    String sql = call.arguments().requireString("sql");
                    SqlLoop loop = loop(call);
                    Catalog.Resolution names = call.catalog().resolve(sql);
                    SchemaContext ctx = linkForSql(call, sql, names);
                    LlmReply reply = loop.askText("Explain what the SQL statement does, step by step and briefly, for"
                            + " someone who knows the business but not SQL; use the comments to name things. Answer in"
                            + " the language the comments are written in.", ctx.text() + "【SQL】\n" + sql.strip()
                            + notes(names));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("sql", sql);
                    out.put("explanation", reply.text().strip());
                    out.put("tables", names.tables().stream().map(Catalog.Table::name).toList());
                    out.put("unknownNames", names.unknown().stream().map(Catalog.UnknownName::name).toList());
                    out.put("tokens", tokens(reply));
                    out.put("model", reply.model());
                    return ToolResult.structured(out, reply.text().strip());
                })
                .build();
    }

    private static String notes(Catalog.Resolution names) {
        if (names.unknown().isEmpty()) {
            return "";
        }
        return "\n【Names checked against the catalog】\n- " + String.join("\n- ",
                names.unknown().stream().map(Catalog.UnknownName::message).toList());
    }

    static Map<String, Object> tokens(LlmReply reply) {
        return Map.of("input", Math.max(0, reply.inputTokens()), "output", Math.max(0, reply.outputTokens()));
    }

    private Tool validateSql() {
        return tool("validate_sql", "Validate SQL (checks and a model's review)", MODEL)
                .description("Check a statement without running it – the SQL guard, every name against the catalog,"
                        + " EXPLAIN, your permissions – and have the server's model review whether it does what it"
                        + " seems meant to (joins, filters, grouping).")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("One SQL statement"))
                        .required("sql")
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("sql", STR)
                        .property("valid", JsonSchema.bool("True when every check passed"))
                        .property("failedAt", NULLABLE_STR)
                        .property("problems", JsonSchema.array("", STR))
                        .property("guard", Map.of("type", "object"))
                        .property("names", JsonSchema.typed(List.of("object", "null"), ""))
                        .property("explain", Map.of("type", "object"))
                        .property("review", JsonSchema.string("The model's review"))
                        .property("tokens", Map.of("type", "object"))
                        .required("sql", "valid", "problems", "review", "tokens")
                        .build())
                .handler(call -> {
                    String sql = call.arguments().requireString("sql");
                    SqlLoop loop = loop(call);
                    SqlCheck.Outcome check = SqlCheck.run(call.database(), call.catalog(), sql);
                    Catalog.Resolution names = check.names() != null ? check.names() : call.catalog().resolve(sql);
                    SchemaContext ctx = linkForSql(call, sql, names);
                    LlmReply reply = loop.askText("Review the SQL statement: list concrete problems (wrong joins,"
                            + " filters, grouping, NULL handling, names) in a few short points, or say it looks right.",
                            ctx.text() + "【SQL】\n" + sql.strip() + "\n【Checks】\n" + LightweightTools.validationText(check)
                                    .replaceAll("(?m)^EXPLAIN:.*", ""));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("sql", sql);
                    out.putAll(check.toMap());
                    out.put("review", reply.text().strip());
                    out.put("tokens", tokens(reply));
                    return ToolResult.structured(out, LightweightTools.validationText(check) + "\n\nReview:\n"
                            + reply.text().strip());
                })
                .build();
    }

    private Tool optimizeQuery() {
        return tool("optimize_query", "Optimise a query", MODEL)
                .description("Send a read statement's plan (EXPLAIN, never executed), the deterministic review and the"
                        + " schema with its indexes to the server's model for a faster equivalent; the rewrite is"
                        + " checked like any model SQL and not executed.")
                .inputSchema(JsonSchema.object()
                        .property("sql", JsonSchema.string("One read statement"))
                        .required("sql")
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("sql", STR)
                        .property("plan", NULLABLE_STR)
                        .property("review", JsonSchema.array("Deterministic remarks {code,severity,message,fix}",
                                Map.of("type", "object")))
                        .property("rewrite", LOOP_OUT)
                        .required("sql", "review", "rewrite")
                        .build())
                .handler(call -> {
                    String sql = call.arguments().requireString("sql");
                    SqlLoop loop = loop(call);
                    SqlCheck.Outcome check = SqlCheck.run(call.database(), call.catalog(), sql);
                    if (!check.ok()) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The statement must pass the checks before"
                                + " it can be optimised: " + String.join(" ", check.problems())
                                + " Use fix_sql or validate_sql_only first.");
                    }
                    List<Review.Suggestion> review = Review.review(check, call.catalog(), settings, null);
                    SchemaContext ctx = linkForSql(call, sql, check.names());
                    StringBuilder indexes = new StringBuilder();
                    for (Catalog.TableDetail d : ctx.details()) {
                        for (Catalog.Index i : d.indexes()) {
                            indexes.append(d.table().name()).append(": ").append(i.name()).append(" (")
                                    .append(String.join(", ", i.columns())).append(i.unique() ? ", unique" : "")
                                    .append(")\n");
                        }
                    }
                    List<String> remarks = new ArrayList<>();
                    review.forEach(r -> remarks.add(r.message() + (r.fix() == null ? "" : " " + r.fix())));
                    if (indexes.length() > 0) {
                        remarks.add("Existing indexes:\n" + indexes.toString().strip());
                    }
                    SqlLoop.Outcome o = loop.run(SqlLoop.optimize(ctx, sql, Sanitize.error(check.planText()), remarks),
                            false, 0);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("sql", sql);
                    out.put("plan", check.planText());
                    out.put("review", review.stream().map(Review.Suggestion::toMap).toList());
                    ToolResult rewrite = loopAnswer(call, o, ctx, null, false);
                    out.put("rewrite", rewrite.structured());
                    String text = "Plan:\n" + check.planText() + "\n\n" + ((io.xugumcp.api.Content.Text) rewrite.content()
                            .get(0)).text();
                    return ToolResult.structured(out, text);
                })
                .build();
    }

    // ---- schema tools of the standalone set ----

    private Tool getSchemaContext() {
        return tool("get_schema_context", "Schema context for a question", ToolAnnotations.READ_ONLY)
                .description("The schema context the server's model gets for a question: linked tables as compact"
                        + " schema text within the token budget (the whole schema when it fits), with the rules.")
                .inputSchema(JsonSchema.object()
                        .property("query", JsonSchema.string("The question or keywords"))
                        .property("max_tables", JsonSchema.integer("Most tables to link", 1, 1000))
                        .property("token_budget", JsonSchema.integer("Schema budget in estimated tokens", 200, 200_000))
                        .property("schema", LightweightTools.schemaProperty())
                        .required("query")
                        .build())
                .outputSchema(LightweightTools.SCHEMA_OUT)
                .handler(call -> {
                    String query = LightweightTools.question(call.arguments(), "query");
                    Arguments a = call.arguments();
                    SchemaContext ctx = SchemaContext.link(call.catalog(), call.database(), settings, query,
                            a.optionalString("schema").orElse(null),
                            a.optionalInt("max_tables", 1, 1000).orElse(settings.maxTables()),
                            a.optionalInt("token_budget", 200, 200_000).orElse(settings.tokenBudget()));
                    Map<String, Object> out = LightweightTools.schemaAnswer(call, ctx, query);
                    return ToolResult.structured(out, (String) out.get("prompt"));
                })
                .build();
    }

    private Tool clearSchemaCache() {
        // Read-only for the client: it drops a cache of what the database says, it changes nothing in the database,
        // so a read-only caller keeps it in its tool list.
        return tool("clear_schema_cache", "Re-read the schema", new ToolAnnotations(true, false, true, false))
                .description("Drop the server's cached schema (tables, columns, comments) and its linking index, so the"
                        + " next question sees changes made outside this server at once.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("cleared", JsonSchema.bool("True"))
                        .property("tables", JsonSchema.integer("Tables and views in the current schema after re-reading",
                                0, Integer.MAX_VALUE))
                        .required("cleared")
                        .build())
                .handler(call -> {
                    call.catalog().refresh();
                    int n = call.catalog().tables(null).size();
                    return ToolResult.structured(Map.of("cleared", true, "tables", n),
                            "Schema cache cleared; the current schema has " + n + " tables and views.");
                })
                .build();
    }

    private Tool getSchemaInfo() {
        return tool("get_schema_info", "Schema and model overview", ToolAnnotations.READ_ONLY)
                .description("What the standalone tools work with: the schema's tables with their comments, the model"
                        + " provider in use, the token budget and whether any row values may reach the model.")
                .inputSchema(JsonSchema.object()
                        .property("schema", LightweightTools.schemaProperty())
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("schema", STR)
                        .property("tableCount", JsonSchema.integer("Tables and views", 0, Integer.MAX_VALUE))
                        .property("tables", JsonSchema.array("{name,type,comment,rows} (first 200)", Map.of("type", "object")))
                        .property("provider", NULLABLE_STR)
                        .property("model", NULLABLE_STR)
                        .property("modelAvailable", JsonSchema.bool("True when a provider is configured"))
                        .property("tokenBudget", JsonSchema.integer("Schema budget per question", 0, Integer.MAX_VALUE))
                        .property("maxRounds", JsonSchema.integer("Correction rounds", 0, 100))
                        .property("sampleValues", JsonSchema.bool("True when example values may go to the model"))
                        .required("schema", "tableCount", "tables", "modelAvailable")
                        .build())
                .handler(call -> {
                    Catalog c = call.catalog();
                    String schema = call.arguments().optionalString("schema").map(s -> c.schema(s).name())
                            .orElse(c.currentSchema());
                    List<Catalog.Table> all = c.tables(schema);
                    List<Object> tables = new ArrayList<>();
                    StringBuilder text = new StringBuilder("Schema " + schema + ": " + all.size() + " tables and views.");
                    for (Catalog.Table t : all.subList(0, Math.min(200, all.size()))) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", t.name());
                        m.put("type", t.type());
                        m.put("comment", t.comment());
                        m.put("rows", t.rowEstimate());
                        tables.add(m);
                        text.append('\n').append(t.name()).append(t.comment() == null ? "" : "  " + MSchema.fence(t.comment()));
                    }
                    Llm llm = call.llm();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("schema", schema);
                    out.put("tableCount", all.size());
                    out.put("tables", tables);
                    out.put("provider", llm.provider());
                    out.put("model", llm.model());
                    out.put("modelAvailable", llm.available());
                    out.put("tokenBudget", settings.tokenBudget());
                    out.put("maxRounds", settings.maxRounds());
                    out.put("sampleValues", settings.sampleValues());
                    text.append("\nModel: ").append(llm.available() ? llm.provider() + " " + llm.model() : "none configured")
                            .append("; row values to the model: ").append(settings.sampleValues() ? "examples (personal"
                                    + " columns masked)" : "none").append('.');
                    return ToolResult.structured(out, text.toString());
                })
                .build();
    }
}
