package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.CatalogJson;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.write.PlannedStatement;
import io.xugumcp.api.write.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer of every DDL tool: what happened ({@code status}), the exact statements, what the catalog says they
 * affect, how to confirm when confirmation is needed, notes, and – once applied – the object as {@code describe_table}
 * shows it, read from the catalog after the change.
 */
final class Results {

    static final Map<String, Object> OUTPUT_SCHEMA = JsonSchema.object()
            .property("status", Map.of("type", "string", "enum",
                    List.of("applied", "previewed", "confirmation_required", "declined", "unchanged"),
                    "description", "applied: ran and committed; previewed: dry run, nothing ran; confirmation_required:"
                            + " nothing ran until confirmed; declined: the person said no; unchanged: nothing to do"))
            .property("objectType", JsonSchema.string("TABLE, VIEW, INDEX, SCHEMA or DATABASE"))
            .property("objectName", JsonSchema.string("The object's exact name (what confirm_name must equal)"))
            .property("statements", JsonSchema.array("The exact statements that ran or would run, in order",
                    Map.of("type", "string")))
            .property("impact", JsonSchema.typed("object", "What the catalog says the change affects (rows, views,"
                    + " foreign keys, indexes …)"))
            .property("confirmation", JsonSchema.typed("object", "How to confirm: {confirm_token, expiresAt, reason,"
                    + " confirm_name}; send confirm_token (and confirm_name) with the same arguments"))
            .property("notes", JsonSchema.array("Remarks for the caller", Map.of("type", "string")))
            .property("elapsedMs", JsonSchema.integer("Time the statements took", 0, Long.MAX_VALUE))
            .property("object", JsonSchema.typed("object", "The object after the change, as describe_table shows it"))
            .property("backup", JsonSchema.typed("object", "backup_table: backupName, what was copied, what was not"))
            .required("status", "objectType", "objectName", "statements")
            .build();

    private Results() {
    }

    /** The answer when the plan had nothing to run. */
    static ToolResult unchanged(Plan p, Catalog catalog) {
        Map<String, Object> m = base("unchanged", p, List.of());
        List<String> notes = new ArrayList<>(p.notes());
        notes.add(0, p.unchanged());
        m.put("notes", notes);
        putObject(m, p, catalog);
        return ToolResult.structured(m, p.unchanged());
    }

    static ToolResult of(Plan p, WriteResult r, Catalog catalog, String tool) {
        String status = r.status().name().toLowerCase(Locale.ROOT);
        List<String> sql = r.statements().isEmpty() ? p.statements()
                : r.statements().stream().map(PlannedStatement::sql).toList();
        Map<String, Object> m = base(status, p, sql);
        Map<String, Object> impact = new LinkedHashMap<>(p.impact());
        r.impact().forEach(impact::putIfAbsent);
        if (!impact.isEmpty()) {
            m.put("impact", impact);
        }
        List<String> notes = new ArrayList<>(p.notes());
        for (String n : r.notes()) {
            if (!notes.contains(n)) {
                notes.add(n);
            }
        }
        if (!notes.isEmpty()) {
            m.put("notes", notes);
        }
        if (r.confirmation() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("confirm_token", r.confirmation().token());
            c.put("expiresAt", r.confirmation().expiresAt().toString());
            if (r.confirmation().reason() != null) {
                c.put("reason", r.confirmation().reason());
            }
            if (p.destructive()) {
                c.put("confirm_name", p.objectName());
            }
            m.put("confirmation", c);
        }
        m.put("elapsedMs", r.elapsedMs());
        if (!p.extra().isEmpty()) {
            m.put("backup", p.extra());
        }
        if (r.status() == WriteResult.Status.APPLIED) {
            putObject(m, p, catalog);
        }
        return ToolResult.structured(m, text(p, r, sql, tool, m));
    }

    private static Map<String, Object> base(String status, Plan p, List<String> sql) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("objectType", p.objectType());
        m.put("objectName", p.objectName());
        m.put("statements", sql);
        return m;
    }

    /** The object after the change, read from the catalog (which this server's DDL has already refreshed). */
    private static void putObject(Map<String, Object> m, Plan p, Catalog catalog) {
        Plan.After after = p.after();
        if (after == null) {
            return;
        }
        try {
            if (after.kind() == Plan.After.Kind.TABLE) {
                Catalog.Table t = catalog.table(after.schema(), after.name());
                m.put("object", CatalogJson.tableDescription(catalog.describe(t)));
            } else {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("schema", after.schema());
                s.put("tables", catalog.tables(after.schema()).stream().map(Catalog.Table::name).toList());
                m.put("object", s);
            }
        } catch (ToolException e) {
            // Not readable (e.g. no SELECT on it): the change itself stands.
            @SuppressWarnings("unchecked")
            List<String> notes = m.get("notes") instanceof List<?> l ? new ArrayList<>((List<String>) l) : new ArrayList<>();
            notes.add("The object could not be described afterwards: " + e.getMessage());
            m.put("notes", notes);
        }
    }

    private static String text(Plan p, WriteResult r, List<String> sql, String tool, Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        String what = p.objectType() + " " + p.objectName();
        switch (r.status()) {
            case APPLIED -> sb.append("Done: ").append(what).append(" (").append(sql.size())
                    .append(sql.size() == 1 ? " statement, " : " statements, ").append(r.elapsedMs()).append(" ms).\n");
            case PREVIEWED -> sb.append("Preview only – nothing was run. ").append(what).append(" would run:\n");
            case CONFIRMATION_REQUIRED -> sb.append("NOT APPLIED – the change to ").append(what)
                    .append(" needs the person's confirmation. It would run:\n");
            case DECLINED -> sb.append("NOT APPLIED: the person did not confirm the change to ").append(what)
                    .append("; nothing was changed.\n");
        }
        if (r.status() != WriteResult.Status.DECLINED) {
            for (String s : sql) {
                sb.append("  ").append(s).append(";\n");
            }
        }
        if (m.get("impact") instanceof Map<?, ?> impact && !impact.isEmpty()) {
            sb.append("Affects: ").append(impact).append('\n');
        }
        if (m.get("notes") instanceof List<?> notes) {
            for (Object n : notes) {
                sb.append("Note: ").append(n).append('\n');
            }
        }
        boolean needsToken = r.status() == WriteResult.Status.CONFIRMATION_REQUIRED
                || r.status() == WriteResult.Status.PREVIEWED && p.destructive();
        if (r.status() == WriteResult.Status.PREVIEWED && !p.destructive()) {
            sb.append("To run it, call ").append(tool).append(" again without dry_run.\n");
        }
        if (r.confirmation() != null && needsToken) {
            sb.append("To go ahead, show the person the statements and what they affect; if they agree, call ")
                    .append(tool).append(" again with exactly the same arguments plus confirm_token=\"")
                    .append(r.confirmation().token()).append('"');
            if (p.destructive()) {
                sb.append(" and confirm_name=\"").append(p.objectName()).append("\" (the name as the person types it)");
            }
            sb.append(", before ").append(r.confirmation().expiresAt()).append(".\n");
        }
        if (m.get("backup") instanceof Map<?, ?> b && b.get("notCopied") instanceof List<?> nc && !nc.isEmpty()) {
            sb.append("Not copied:\n");
            for (Object n : nc) {
                sb.append("  - ").append(n).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }
}
