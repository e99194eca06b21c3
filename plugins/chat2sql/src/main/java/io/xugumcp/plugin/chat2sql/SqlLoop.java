package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Database;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The generation and correction loop of the standalone tools: the model gets the linked schema, the rules and the
 * task, and answers with SQL (or a question back); the SQL is untrusted input, so it goes through the SQL guard, the
 * name check against the catalog and EXPLAIN – the caller's permissions apply on the way – and runs only when asked
 * and only as a read. Any failure goes back to the model as a sanitised message (literals stripped: database messages
 * can echo data), for at most {@code maxRounds} rounds; a repeated statement ends the loop early. Without a statement
 * that passed, the answer is "no SQL" with the chain of errors, never a query that failed.
 */
final class SqlLoop {

    /** What the loop uses of the call. */
    record Deps(Catalog catalog, Database database, Llm llm, BooleanSupplier cancelled, Progress progress) {
    }

    /** Progress reports to the client: round {@code round} of at most {@code rounds}. */
    @FunctionalInterface
    interface Progress {
        void report(int round, int rounds, String message);
    }

    /** One round: the statement the model proposed (or null), where it failed, and the message it got back. */
    record Round(int round, String sql, String stage, String error) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", round);
            m.put("sql", sql);
            m.put("stage", stage);
            m.put("error", error);
            return m;
        }
    }

    /**
     * The loop's result.
     *
     * @param sql           the statement that passed every check (and ran, when asked), or {@code null}
     * @param rows          the rows when it ran, else {@code null}
     * @param rounds        every round, the last one included ("ok" when it passed)
     * @param clarification the model's question back, when it asked one instead of answering
     */
    record Outcome(String sql, String explanation, String clarification, QueryResult rows, SqlCheck.Outcome check,
                   List<Round> rounds, long inputTokens, long outputTokens, String model) {
        boolean hasSql() {
            return sql != null;
        }
    }

    /** What the model is asked to do. */
    record Task(String instruction, String firstMessage) {
    }

    private final Deps deps;
    private final Settings settings;
    private final String product;

    SqlLoop(Deps deps, Settings settings) {
        this.deps = deps;
        this.settings = settings;
        this.product = Rules.product(deps.database().dialect());
    }

    /** The system text: who the model is, the rules, the answer format. */
    String system(String instruction) {
        return "You write SQL for a " + product + " database. " + instruction + "\n" + Rules.text(deps.database().dialect())
                + "Answer with one JSON object and nothing else: {\"sql\": \"<one statement>\" or null,"
                + " \"clarification\": null or \"<a question for the user>\", \"explanation\": \"<one or two sentences>\"}."
                + " Ask a clarification (and set sql to null) only when the question cannot be answered from the schema"
                + " as asked.";
    }

    /** A task that writes SQL for a question. */
    static Task question(SchemaContext ctx, String question) {
        return new Task("Turn the user's question into one SQL query.", ctx.text() + "【Question】\n" + question.strip());
    }

    /** A task that corrects a failing statement. */
    static Task fix(SchemaContext ctx, String sql, String error, List<String> notes) {
        StringBuilder b = new StringBuilder(ctx.text()).append("【SQL】\n").append(sql.strip()).append('\n')
                .append("【Error】\n").append(Sanitize.error(error).isBlank() ? "(none given)" : Sanitize.error(error)).append('\n');
        if (!notes.isEmpty()) {
            b.append("【Names checked against the catalog】\n- ").append(String.join("\n- ", notes)).append('\n');
        }
        return new Task("Correct the SQL statement below so that it runs and does what it evidently meant.", b.toString());
    }

    /** A task that rewrites a statement to run faster, with the same result. */
    static Task optimize(SchemaContext ctx, String sql, String plan, List<String> remarks) {
        StringBuilder b = new StringBuilder(ctx.text()).append("【SQL】\n").append(sql.strip()).append('\n')
                .append("【Plan (EXPLAIN)】\n").append(plan == null ? "(not available)" : plan).append('\n');
        if (!remarks.isEmpty()) {
            b.append("【Review】\n- ").append(String.join("\n- ", remarks)).append('\n');
        }
        return new Task("Rewrite the SQL below so that it returns the same rows faster (indexes, sargable predicates,"
                + " fewer columns, a row limit where the result is open-ended); in explanation say what you changed and"
                + " why, and which indexes would help. If it is already good, return it unchanged.", b.toString());
    }

    Outcome run(Task task, boolean execute, int limit) {
        String system = system(task.instruction());
        List<LlmMessage> messages = new ArrayList<>();
        messages.add(LlmMessage.user(task.firstMessage()));
        List<Round> rounds = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        long in = 0;
        long out = 0;
        String model = deps.llm().model();
        for (int round = 1; round <= settings.maxRounds(); round++) {
            stopIfCancelled();
            deps.progress().report(round, settings.maxRounds(), "Round " + round + ": asking the model");
            LlmReply reply = ask(system, messages);
            in += Math.max(0, reply.inputTokens());
            out += Math.max(0, reply.outputTokens());
            if (reply.model() != null) {
                model = reply.model();
            }
            messages.add(LlmMessage.assistant(reply.text()));
            if (reply.finishReason() == LlmReply.FinishReason.REFUSAL) {
                rounds.add(new Round(round, null, "refusal", "The model refused to answer."));
                break;
            }
            ModelAnswer answer;
            try {
                answer = ModelAnswer.parse(reply.text());
            } catch (IllegalArgumentException e) {
                String why = reply.finishReason() == LlmReply.FinishReason.LENGTH
                        ? "The answer was cut off at the output limit. " + e.getMessage() : e.getMessage();
                rounds.add(new Round(round, null, "format", why));
                messages.add(LlmMessage.user(why + " Answer again in that form, briefly."));
                continue;
            }
            if (answer.sql() == null) {
                rounds.add(new Round(round, null, "clarification", null));
                return new Outcome(null, answer.explanation(), answer.clarification(), null, null, rounds, in, out, model);
            }
            String normalized = answer.sql().replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
            if (tried.contains(normalized)) {
                rounds.add(new Round(round, answer.sql(), "repeated", "The model proposed a statement that already failed."));
                break;
            }
            tried.add(normalized);
            stopIfCancelled();
            SqlCheck.Outcome check = SqlCheck.run(deps.database(), deps.catalog(), answer.sql());
            String failure = null;
            String stage = null;
            if (!check.ok()) {
                stage = check.failedAt().name().toLowerCase(Locale.ROOT);
                failure = feedback(check);
            }
            QueryResult rows = null;
            if (failure == null && execute) {
                stopIfCancelled();
                try {
                    rows = deps.database().query(answer.sql(), List.of(), QueryOptions.maxRows(limit));
                } catch (ToolException e) {
                    if (ErrorCode.CANCELLED.code().equals(e.code()) || ErrorCode.RATE_LIMITED.code().equals(e.code())) {
                        throw e;
                    }
                    stage = "execute";
                    failure = "Running it failed: " + Sanitize.error(e.getMessage());
                }
            }
            if (failure == null) {
                rounds.add(new Round(round, answer.sql(), "ok", null));
                return new Outcome(answer.sql(), answer.explanation(), null, rows, check, rounds, in, out, model);
            }
            rounds.add(new Round(round, answer.sql(), stage, failure));
            messages.add(LlmMessage.user("That statement cannot be used. " + failure
                    + "\nWrite a corrected statement; answer in the same JSON form."));
        }
        return new Outcome(null, null, null, null, null, rounds, in, out, model);
    }

    /** One model call; a cancellation of the call surfaces as the call's own cancellation. */
    LlmReply ask(String system, List<LlmMessage> messages) {
        LlmRequest request = new LlmRequest(system, messages, null, settings.answerTokens(), null, List.of(),
                ModelAnswer.SCHEMA);
        try {
            return deps.llm().complete(request);
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.CANCELLED) {
                throw new ToolException(ErrorCode.CANCELLED, "Cancelled while waiting for the model.");
            }
            throw e;
        }
    }

    /** Free text from the model (explanations, reviews), with the same system rules. */
    LlmReply askText(String instruction, String message) {
        stopIfCancelled();
        LlmRequest request = new LlmRequest("You are an expert in " + product + " SQL. " + instruction + "\n"
                + Rules.text(deps.database().dialect()), List.of(LlmMessage.user(message)), null,
                settings.answerTokens(), null, List.of(), null);
        try {
            return deps.llm().complete(request);
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.CANCELLED) {
                throw new ToolException(ErrorCode.CANCELLED, "Cancelled while waiting for the model.");
            }
            throw e;
        }
    }

    private void stopIfCancelled() {
        if (deps.cancelled().getAsBoolean()) {
            throw new ToolException(ErrorCode.CANCELLED, "Cancelled: the loop stopped before the next step.");
        }
    }

    /** What the model is told when a check failed: the problems with their literals stripped, and the names to use. */
    static String feedback(SqlCheck.Outcome check) {
        StringBuilder b = new StringBuilder();
        switch (check.failedAt()) {
            case GUARD -> b.append("It was refused: ");
            case NAMES -> b.append("Names that do not exist: ");
            case PERMISSION -> b.append("Not allowed for this user: ");
            case EXPLAIN -> b.append("The database rejected it: ");
            default -> { }
        }
        List<String> parts = new ArrayList<>();
        for (String p : check.problems()) {
            // Only the database's own messages can echo values; the guard's and the name check's name identifiers.
            parts.add(check.failedAt() == SqlCheck.Stage.EXPLAIN ? Sanitize.error(p) : p);
        }
        b.append(String.join(" ", parts));
        return b.toString();
    }
}
