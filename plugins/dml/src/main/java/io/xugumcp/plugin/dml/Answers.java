package io.xugumcp.plugin.dml;

import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.write.ImportResult;
import io.xugumcp.api.write.PlannedStatement;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.WriteResult;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DML tools' answers: structured content matching the output schemas, and a short text that leads with what
 * happened – so a model that reads only text cannot mistake "held back for confirmation" for "done".
 */
final class Answers {
    private static final Map<String, Object> NULLABLE_OBJECT = Map.of("type", List.of("object", "null"));

    static final Map<String, Object> WRITE_SCHEMA = JsonSchema.object()
            .property("status", Map.of("type", "string", "enum",
                    List.of("applied", "previewed", "confirmation_required", "declined"),
                    "description", "applied: committed; previewed: dry run, nothing changed; confirmation_required:"
                            + " nothing changed until confirmed; declined: the person said no, nothing changed"))
            .property("table", JsonSchema.string("The table, schema-qualified"))
            .property("affectedRows", JsonSchema.integer("Rows changed, or that would change (-1 unknown)", -1, Long.MAX_VALUE))
            .property("exactCount", JsonSchema.bool("False when the database gave no exact count"))
            .property("inserted", JsonSchema.typed(List.of("integer", "null"), "Upserts: rows that were new, when known"))
            .property("updated", JsonSchema.typed(List.of("integer", "null"), "Upserts: rows that existed, when known"))
            .property("generatedKeys", JsonSchema.array("Generated key values per inserted row (return_keys)",
                    Map.of("type", "object")))
            .property("sample", JsonSchema.typed(List.of("object", "null"),
                    "A few rows before and after: {columns, before, after}"))
            .property("confirmation", JsonSchema.typed(List.of("object", "null"),
                    "How to confirm: {confirm_token, expiresAt, reason}; send confirm_token with the same arguments"))
            .property("statements", JsonSchema.array("The statements as run (or as they would run)",
                    JsonSchema.object()
                            .property("sql", JsonSchema.string("SQL with ? placeholders"))
                            .property("params", JsonSchema.array("Bound values of the first row", Map.of()))
                            .property("kind", JsonSchema.string("Statement kind"))
                            .property("rows", JsonSchema.integer("Rows of values it runs with", 0, Long.MAX_VALUE))
                            .required("sql", "kind", "rows")
                            .build()))
            .property("notes", JsonSchema.array("Remarks", Map.of("type", "string")))
            .property("elapsedMs", JsonSchema.integer("Time taken, milliseconds", 0, Long.MAX_VALUE))
            .required("status", "table", "affectedRows", "exactCount", "statements", "notes", "elapsedMs")
            .build();

    static final Map<String, Object> IMPORT_SCHEMA = JsonSchema.object()
            .property("status", Map.of("type", "string", "enum", List.of("complete", "failed", "cancelled", "previewed"),
                    "description", "complete: every row committed; failed: see failure and nextStartRow; cancelled:"
                            + " stopped between batches; previewed: dry run, nothing changed"))
            .property("table", JsonSchema.string("The table"))
            .property("mode", JsonSchema.string("atomic or per_batch"))
            .property("rowsRead", JsonSchema.integer("Rows taken from the data (from start_row on)", 0, Long.MAX_VALUE))
            .property("rowsCommitted", JsonSchema.integer("Rows committed by this call", 0, Long.MAX_VALUE))
            .property("batchesCommitted", JsonSchema.integer("Batches committed by this call", 0, Integer.MAX_VALUE))
            .property("nextStartRow", JsonSchema.integer("start_row for a call that finishes the job", 0, Long.MAX_VALUE))
            .property("failure", JsonSchema.typed(List.of("object", "null"),
                    "The first failing row: {row (0-based), located, message}"))
            .property("preview", NULLABLE_OBJECT)
            .property("notes", JsonSchema.array("Remarks", Map.of("type", "string")))
            .property("elapsedMs", JsonSchema.integer("Time taken, milliseconds", 0, Long.MAX_VALUE))
            .required("status", "table", "mode", "rowsRead", "rowsCommitted", "batchesCommitted", "nextStartRow", "notes",
                    "elapsedMs")
            .build();

    private Answers() {
    }

    static String tableName(TableRef t) {
        return t.schema() == null ? t.name() : t.schema() + "." + t.name();
    }

    static ToolResult write(String tool, TableRef table, WriteResult r) {
        String name = tableName(table);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status(r.status()));
        out.put("table", name);
        out.put("affectedRows", r.affectedRows());
        out.put("exactCount", r.exactCount());
        out.put("inserted", r.inserted() < 0 ? null : r.inserted());
        out.put("updated", r.updated() < 0 ? null : r.updated());
        out.put("generatedKeys", r.generatedKeys());
        out.put("sample", r.sample() == null ? null : sample(r.sample()));
        if (r.confirmation() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("confirm_token", r.confirmation().token());
            c.put("expiresAt", r.confirmation().expiresAt().toString());
            c.put("reason", r.confirmation().reason());
            out.put("confirmation", c);
        } else {
            out.put("confirmation", null);
        }
        List<Map<String, Object>> statements = new ArrayList<>();
        for (PlannedStatement s : r.statements()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sql", s.sql());
            m.put("params", s.params());
            m.put("kind", s.kind().name());
            m.put("rows", s.rows());
            statements.add(m);
        }
        out.put("statements", statements);
        out.put("notes", r.notes());
        out.put("elapsedMs", r.elapsedMs());
        return ToolResult.structured(out, text(tool, r));
    }

    private static String status(WriteResult.Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> sample(WriteResult.Sample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", s.columns());
        m.put("before", s.before());
        m.put("after", s.after());
        return m;
    }

    private static String text(String tool, WriteResult r) {
        StringBuilder sb = new StringBuilder();
        String rows = rows(r.affectedRows()) + (r.exactCount() || r.affectedRows() < 0 ? "" : " (count not exact)");
        switch (r.status()) {
            case APPLIED -> sb.append("Done: ").append(rows).append(" changed and committed.");
            case PREVIEWED -> sb.append("Dry run, nothing changed: ").append(rows).append(" would change.");
            case CONFIRMATION_REQUIRED -> sb.append("NOT APPLIED – needs confirmation: ")
                    .append(r.confirmation().reason()).append(" Show the person the preview below. If they agree, call ")
                    .append(tool).append(" again with exactly the same arguments plus confirm_token \"")
                    .append(r.confirmation().token()).append("\" (valid until ").append(r.confirmation().expiresAt())
                    .append(", once).");
            case DECLINED -> sb.append("NOT APPLIED: the person did not confirm; nothing was changed.");
            default -> sb.append(r.status());
        }
        if (r.inserted() >= 0) {
            sb.append(" Inserted ").append(r.inserted()).append(", updated ").append(r.updated()).append('.');
        }
        if (r.status() == WriteResult.Status.PREVIEWED && r.confirmation() != null) {
            sb.append(" To run exactly this, call ").append(tool).append(" with the same arguments without dry_run,")
                    .append(" plus confirm_token \"").append(r.confirmation().token()).append("\".");
        }
        for (PlannedStatement s : r.statements()) {
            sb.append("\n  ").append(s.sql());
            if (!s.params().isEmpty()) {
                String p = s.params().toString();
                sb.append("  -- values ").append(p.length() > 200 ? p.substring(0, 200) + "…" : p);
            }
            if (s.rows() > 1) {
                sb.append("  -- ×").append(s.rows()).append(" rows");
            }
        }
        if (!r.generatedKeys().isEmpty()) {
            sb.append("\nGenerated keys: ").append(r.generatedKeys().size() > 20
                    ? r.generatedKeys().subList(0, 20) + " …" : r.generatedKeys());
        }
        if (r.sample() != null) {
            if (!r.sample().before().isEmpty()) {
                sb.append("\nBefore ").append(r.sample().columns()).append(':');
                r.sample().before().forEach(row -> sb.append("\n  ").append(row));
            }
            if (!r.sample().after().isEmpty()) {
                sb.append("\nAfter ").append(r.sample().columns()).append(':');
                r.sample().after().forEach(row -> sb.append("\n  ").append(row));
            }
        }
        for (String n : r.notes()) {
            sb.append("\nNote: ").append(n);
        }
        return sb.toString();
    }

    static ToolResult imported(TableRef table, String mode, ImportResult r, List<String> notes) {
        Map<String, Object> out = new LinkedHashMap<>();
        String status = r.cancelled() ? "cancelled" : r.failure() != null ? "failed" : r.complete() ? "complete" : "failed";
        out.put("status", status);
        out.put("table", tableName(table));
        out.put("mode", mode);
        out.put("rowsRead", r.rowsRead());
        out.put("rowsCommitted", r.rowsCommitted());
        out.put("batchesCommitted", r.batchesCommitted());
        out.put("nextStartRow", r.nextStartRow());
        if (r.failure() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("row", r.failure().row());
            f.put("located", r.failure().located());
            f.put("message", r.failure().message());
            out.put("failure", f);
        } else {
            out.put("failure", null);
        }
        out.put("preview", null);
        out.put("notes", notes);
        out.put("elapsedMs", r.elapsedMs());
        StringBuilder sb = new StringBuilder();
        switch (status) {
            case "complete" -> sb.append("Imported ").append(rows(r.rowsCommitted())).append(" in ")
                    .append(r.batchesCommitted()).append(r.batchesCommitted() == 1 ? " batch" : " batches")
                    .append(" (").append(mode).append("), ").append(r.elapsedMs()).append(" ms.");
            case "cancelled" -> sb.append("Cancelled between batches: ").append(rows(r.rowsCommitted()))
                    .append(" committed").append(mode.equals("atomic") ? " (atomic: nothing stays)" : "")
                    .append(". To continue, call again with start_row ").append(r.nextStartRow()).append('.');
            default -> {
                sb.append("Import stopped: ");
                if (r.failure() != null) {
                    sb.append(r.failure().located() ? "row " + r.failure().row() : "the batch starting at row "
                            + r.failure().row()).append(" failed: ").append(r.failure().message()).append(' ');
                }
                sb.append(mode.equals("atomic") ? "Nothing was imported (atomic)."
                        : rows(r.rowsCommitted()) + " in " + r.batchesCommitted() + " batches were committed before it.")
                        .append(" Fix the row and call again with start_row ").append(r.nextStartRow())
                        .append(mode.equals("atomic") ? " (or 0)" : "").append('.');
            }
        }
        notes.forEach(n -> sb.append("\nNote: ").append(n));
        return ToolResult.structured(out, sb.toString());
    }

    static ToolResult importPreview(TableRef table, String mode, long rows, WriteResult firstBatch, List<String> notes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "previewed");
        out.put("table", tableName(table));
        out.put("mode", mode);
        out.put("rowsRead", rows);
        out.put("rowsCommitted", 0L);
        out.put("batchesCommitted", 0);
        out.put("nextStartRow", 0L);
        out.put("failure", null);
        out.put("preview", firstBatch == null ? null : write("bulk_import", table, firstBatch).structured());
        out.put("notes", notes);
        out.put("elapsedMs", firstBatch == null ? 0 : firstBatch.elapsedMs());
        StringBuilder sb = new StringBuilder("Dry run, nothing changed: read ").append(rows(rows)).append(".");
        if (firstBatch != null) {
            sb.append(" The first ").append(rows(firstBatch.affectedRows()))
                    .append(" were inserted in a transaction that was rolled back.");
        }
        notes.forEach(n -> sb.append("\nNote: ").append(n));
        return ToolResult.structured(out, sb.toString());
    }

    static String rows(long n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n) + (n == 1 ? " row" : " rows");
    }
}
