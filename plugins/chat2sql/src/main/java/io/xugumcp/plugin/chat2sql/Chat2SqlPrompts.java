package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Content;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.PromptProvider;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * MCP prompts for the client's own model: {@code text_to_sql} hands it the schema linked to a question with the
 * dialect's rules; {@code fix_sql} hands it a failed statement, the (sanitised) error, the names that do not exist
 * with the names to use, and the schema of the tables involved. Both complete table names in their arguments. They
 * read the catalog as the requesting caller sees it, and never row values.
 */
@Extension
public final class Chat2SqlPrompts implements PromptProvider {
    private final PluginContext context;
    private final Settings settings;

    public Chat2SqlPrompts(PluginContext context) {
        this.context = context;
        this.settings = Settings.from(context.config());
    }

    /** The prompts carry the schema, so they need what reading it needs. */
    @Override
    public Permission permission() {
        return Permission.SELECT;
    }

    @Override
    public List<Prompt> prompts() {
        TableCompleter tables = new TableCompleter(context::catalog);
        return List.of(
                new Prompt("text_to_sql", "Question to SQL", "Write one SQL query for a question, from the tables"
                        + " linked to it and this database's SQL rules.",
                        List.of(new Prompt.Argument("question", "The question, in any language", true),
                                new Prompt.Argument("max_tables", "Most tables to link (default: the token budget"
                                        + " decides)", false)),
                        Map.of("question", tables), this::textToSql),
                new Prompt("fix_sql", "Fix a failing SQL", "Correct a SQL statement from its error message, with the"
                        + " names that do not exist and the schema of its tables.",
                        List.of(new Prompt.Argument("sql", "The SQL statement that failed", true),
                                new Prompt.Argument("error", "The error message it got", true)),
                        Map.of("sql", tables), this::fixSql));
    }

    private Prompt.Result textToSql(Map<String, String> args, Caller caller) {
        String question = args.get("question").strip();
        if (question.length() > LightweightTools.MAX_QUESTION) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The question is too long; send at most "
                    + LightweightTools.MAX_QUESTION + " characters.");
        }
        int maxTables = parse(args.get("max_tables"), settings.maxTables());
        Catalog catalog = context.catalog(caller);
        SchemaContext ctx = SchemaContext.link(catalog, null, settings.withSampleValues(false), question, null,
                maxTables, settings.tokenBudget());
        String text = "You write SQL for the question below. " + ctx.prompt(context.dialect(), question)
                + "\nAnswer with the SQL in one ```sql block and one sentence on how it answers the question. Then"
                + " check it with the validate_sql_only tool and run it with execute_validated_sql"
                + (ctx.linked().wholeSchema() ? "." : "; if a table you need is missing above, call get_schema_for_llm"
                + " with other words or get_table_schema_for_llm.");
        return new Prompt.Result("SQL for: " + shorten(question), List.of(
                new Prompt.Message(Prompt.Role.USER, new Content.Text(text))));
    }

    private Prompt.Result fixSql(Map<String, String> args, Caller caller) {
        String sql = args.get("sql").strip();
        String error = Sanitize.error(args.get("error"));
        Catalog catalog = context.catalog(caller);
        Catalog.Resolution names = catalog.resolve(sql);
        Set<Catalog.Table> tables = new LinkedHashSet<>(names.tables());
        List<String> notes = new ArrayList<>();
        for (Catalog.UnknownName u : names.unknown()) {
            notes.add(u.message());
            if (u.kind().equals("table")) {
                for (String t : u.bySpelling().isEmpty() ? u.byMeaning() : u.bySpelling()) {
                    try {
                        tables.add(catalog.table(u.scope(), t));
                    } catch (ToolException ignored) {
                        // a suggestion that went away meanwhile
                    }
                }
            }
        }
        List<Catalog.TableDetail> details = new ArrayList<>();
        List<Catalog.SearchHit> hits = new ArrayList<>();
        for (Catalog.Table t : tables) {
            Catalog.TableDetail d = catalog.describe(t);
            details.add(d);
            hits.add(new Catalog.SearchHit(t, 0, d.columns().stream().map(Catalog.Column::name).toList(), List.of()));
        }
        String schema = details.isEmpty() ? "" : MSchema.render(catalog.currentSchema(), details, hits, Map.of());
        StringBuilder text = new StringBuilder("This SQL statement failed. Correct it.\n")
                .append(Rules.text(context.dialect()))
                .append(schema)
                .append("【SQL】\n```sql\n").append(sql).append("\n```\n")
                .append("【Error】\n").append(error.isBlank() ? "(none given)" : error).append('\n');
        if (!notes.isEmpty()) {
            text.append("【Names checked against the catalog】\n- ").append(String.join("\n- ", notes)).append('\n');
        }
        text.append("\nAnswer with the corrected SQL in one ```sql block and one sentence on what was wrong. Check it"
                + " with validate_sql_only before running it.");
        return new Prompt.Result("Fix: " + shorten(sql), List.of(
                new Prompt.Message(Prompt.Role.USER, new Content.Text(text.toString()))));
    }

    private static int parse(String value, int def) {
        if (value == null || value.isBlank()) {
            return def;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "max_tables must be a whole number from 1 to 1000, got '"
                + value + "'.");
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 80 ? one.substring(0, 80) + "…" : one;
    }
}
