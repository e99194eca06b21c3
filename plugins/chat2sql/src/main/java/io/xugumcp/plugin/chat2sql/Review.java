package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic review of a draft statement, from the catalog and the plan – no model: unknown names with their
 * fixes, tables joined without a condition, {@code SELECT *} on a wide table, no limit on a large table, a predicate
 * that hides a column from its index, a full scan of a large table in the plan, and tables the question is about that
 * the statement does not read.
 */
final class Review {

    /** One remark: {@code severity} is error (the statement is wrong or will fail), warning or info. */
    record Suggestion(String code, String severity, String message, String fix) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", code);
            m.put("severity", severity);
            m.put("message", message);
            m.put("fix", fix);
            return m;
        }
    }

    private Review() {
    }

    static List<Suggestion> review(SqlCheck.Outcome check, Catalog catalog, Settings settings, String question) {
        List<Suggestion> out = new ArrayList<>();
        if (check.failedAt() == SqlCheck.Stage.GUARD) {
            for (String p : check.problems()) {
                out.add(new Suggestion("refused", "error", p, "Send one read-only SELECT statement."));
            }
            return out;
        }
        Catalog.Resolution names = check.names();
        for (Catalog.UnknownName u : names.unknown()) {
            List<String> options = new ArrayList<>(u.bySpelling());
            u.byMeaning().stream().filter(x -> !options.contains(x)).forEach(options::add);
            String code = switch (u.kind()) {
                case "table" -> "unknown_table";
                case "column" -> "unknown_column";
                case "ambiguous" -> "ambiguous_column";
                case "denied" -> "denied_table";
                default -> "unknown_" + u.kind();
            };
            out.add(new Suggestion(code, "error", u.message(), options.isEmpty() ? null
                    : "Write " + String.join(" or ", options) + " instead of " + u.name() + "."));
        }
        for (Catalog.Finding f : names.findings()) {
            switch (f.code()) {
                case "missing_join_condition" -> out.add(new Suggestion(f.code(), "error", f.message(), f.fix()));
                case "select_star" -> {
                    int cols = f.table() == null ? 0 : catalog.describe(f.table()).columns().size();
                    if (cols >= settings.wideColumns()) {
                        out.add(new Suggestion(f.code(), "warning", f.message() + " It is a wide table.", f.fix()));
                    }
                }
                case "no_limit" -> {
                    Long rows = f.table() == null ? null : f.table().rowEstimate();
                    if (rows != null && rows >= settings.largeRows()) {
                        out.add(new Suggestion(f.code(), "warning", f.message() + " It holds about " + rows + " rows.",
                                f.fix()));
                    } else if (f.table() != null && rows == null) {
                        out.add(new Suggestion(f.code(), "info", f.message() + " Its size is unknown (no statistics).",
                                f.fix()));
                    }
                }
                case "non_sargable" -> {
                    String index = f.table() == null || f.column() == null ? null : indexOn(catalog, f.table(), f.column());
                    out.add(new Suggestion(f.code(), index != null ? "warning" : "info", f.message()
                            + (index != null ? " The index " + index + " covers that column." : ""), f.fix()));
                }
                default -> out.add(new Suggestion(f.code(), "info", f.message(), f.fix()));
            }
        }
        if (check.plan() != null) {
            fullScans(check.planText(), names, settings, out);
        } else if (check.planError() != null) {
            out.add(new Suggestion("explain_failed", "error", "EXPLAIN failed: " + check.planError(), null));
        }
        if (question != null && !question.isBlank()) {
            missingTables(question, names, catalog, out);
        }
        return out;
    }

    /** The name of an index whose first column is {@code column}, or {@code null}. */
    static String indexOn(Catalog catalog, Catalog.Table table, String column) {
        for (Catalog.Index i : catalog.describe(table).indexes()) {
            if (!i.columns().isEmpty() && i.columns().get(0).equalsIgnoreCase(column)) {
                return i.name();
            }
        }
        return null;
    }

    /** Plan lines that scan a large table whole (PostgreSQL "Seq Scan on t", H2 "T.tableScan", "TABLE ACCESS FULL"). */
    private static void fullScans(String plan, Catalog.Resolution names, Settings settings, List<Suggestion> out) {
        String p = plan.toLowerCase(Locale.ROOT);
        for (Catalog.Table t : names.tables()) {
            String n = t.name().toLowerCase(Locale.ROOT);
            boolean scanned = p.contains("seq scan on " + n) || p.contains(n + ".tablescan")
                    || p.contains("table access full") && p.contains(n) || p.contains("full scan") && p.contains(n);
            if (scanned && t.rowEstimate() != null && t.rowEstimate() >= settings.largeRows()) {
                out.add(new Suggestion("full_scan", "warning", "The plan reads all of " + t.name() + " (about "
                        + t.rowEstimate() + " rows).", "Filter on an indexed column of " + t.name()
                        + ", or add an index on the columns the WHERE clause compares."));
            }
        }
    }

    /** Tables the question clearly points at that the statement does not read. */
    private static void missingTables(String question, Catalog.Resolution names, Catalog catalog, List<Suggestion> out) {
        List<Catalog.SearchHit> hits;
        try {
            hits = catalog.search(question, Catalog.SearchOptions.ranked(3)).hits();
        } catch (RuntimeException e) {
            return;
        }
        if (hits.isEmpty() || names.tables().isEmpty()) {
            return;
        }
        double top = hits.get(0).score();
        for (Catalog.SearchHit h : hits) {
            boolean read = names.tables().stream().anyMatch(t -> t.name().equals(h.table().name()));
            if (!read && h.score() >= 0.6 * top && !h.table().isView()) {
                out.add(new Suggestion("question_table_unused", "info", "The question points at " + h.table().name()
                        + (h.table().comment() == null ? "" : " (" + MSchema.fence(h.table().comment()) + ")")
                        + ", which the statement does not read.", "Check whether " + h.table().name()
                        + " should be joined."));
            }
        }
    }
}
