package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Database;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks every SQL text from a model goes through before anything runs, in order: the SQL guard (one statement,
 * and a read), every table and column resolved against the catalog, then the dialect's plain EXPLAIN through the
 * caller's database service – which also checks the caller's permissions table by table. Nothing is executed.
 */
final class SqlCheck {
    /** Plan rows kept. */
    static final int PLAN_ROWS = 200;

    /** The stage a check failed at. */
    enum Stage {
        GUARD, NAMES, PERMISSION, EXPLAIN
    }

    /**
     * What the checks found.
     *
     * @param failedAt  the first stage that failed, or {@code null} when all passed
     * @param problems  sentences for the caller (or the model), in stage order
     * @param names     the catalog's resolution, or {@code null} when the guard refused the text first
     * @param plan      the EXPLAIN rows, or {@code null} when it did not run
     */
    record Outcome(GuardVerdict verdict, Stage failedAt, List<String> problems, Catalog.Resolution names,
                   QueryResult plan, String planError) {

        boolean ok() {
            return failedAt == null;
        }

        String planText() {
            return plan == null ? null : SqlCheck.planText(plan);
        }

        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("valid", ok());
            out.put("failedAt", failedAt == null ? null : failedAt.name().toLowerCase(java.util.Locale.ROOT));
            out.put("problems", problems);
            Map<String, Object> guard = new LinkedHashMap<>();
            guard.put("kind", verdict.kind().name());
            guard.put("verb", verdict.verb());
            guard.put("isRead", verdict.kind() == StatementKind.READ);
            guard.put("statements", verdict.statementCount());
            guard.put("parsed", verdict.parsed());
            guard.put("tables", List.copyOf(verdict.tables()));
            guard.put("problems", verdict.problems());
            out.put("guard", guard);
            out.put("names", names == null ? null : SqlCheck.names(names));
            Map<String, Object> explain = new LinkedHashMap<>();
            explain.put("ran", plan != null);
            explain.put("plan", planText());
            explain.put("error", planError);
            out.put("explain", explain);
            return out;
        }
    }

    private SqlCheck() {
    }

    static Outcome run(Database db, Catalog catalog, String sql) {
        GuardVerdict v = db.inspect(sql);
        List<String> problems = new ArrayList<>();
        if (!v.acceptable()) {
            for (String p : v.problems()) {
                problems.add("The SQL guard refuses the text: it " + p + ".");
            }
            return new Outcome(v, Stage.GUARD, problems, null, null, null);
        }
        if (v.kind() != StatementKind.READ) {
            problems.add("This is " + article(v.verb()) + " statement (" + v.kind() + "); only one read-only SELECT"
                    + " (or WITH … SELECT) is accepted here, and nothing that changes data is ever run by these tools.");
            return new Outcome(v, Stage.GUARD, problems, null, null, null);
        }
        Catalog.Resolution names = catalog.resolve(sql);
        for (Catalog.UnknownName u : names.unknown()) {
            problems.add(u.message());
        }
        if (!names.unknown().isEmpty()) {
            boolean denied = names.unknown().stream().allMatch(u -> u.kind().equals("denied"));
            return new Outcome(v, denied ? Stage.PERMISSION : Stage.NAMES, problems, names, null, null);
        }
        try {
            QueryResult plan = db.explain(sql, QueryOptions.maxRows(PLAN_ROWS));
            return new Outcome(v, null, problems, names, plan, null);
        } catch (ToolException e) {
            Stage stage = ErrorCode.DENIED.code().equals(e.code()) ? Stage.PERMISSION : Stage.EXPLAIN;
            problems.add((stage == Stage.PERMISSION ? "" : "EXPLAIN failed: ") + e.getMessage());
            return new Outcome(v, stage, problems, names, null, e.getMessage());
        }
    }

    private static String article(String verb) {
        String w = verb == null || verb.isBlank() ? "UNKNOWN" : verb;
        return ("AEIOU".indexOf(Character.toUpperCase(w.charAt(0))) >= 0 ? "an " : "a ") + w;
    }

    static Map<String, Object> names(Catalog.Resolution r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("parsed", r.parsed());
        out.put("tables", r.tables().stream().map(t -> t.schema() + "." + t.name()).toList());
        out.put("columns", r.columns());
        List<Object> unknown = new ArrayList<>();
        for (Catalog.UnknownName u : r.unknown()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", u.kind());
            m.put("name", u.name());
            m.put("scope", u.scope());
            m.put("message", u.message());
            m.put("bySpelling", u.bySpelling());
            m.put("byMeaning", u.byMeaning());
            unknown.add(m);
        }
        out.put("unknown", unknown);
        return out;
    }

    /** The plan rows as lines. */
    static String planText(QueryResult plan) {
        StringBuilder b = new StringBuilder();
        for (List<Object> row : plan.rows()) {
            for (int i = 0; i < row.size(); i++) {
                b.append(i == 0 ? "" : " | ").append(row.get(i));
            }
            b.append('\n');
        }
        return b.toString().strip();
    }
}
