package com.example.rowcounter;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
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
 * One tool, {@code count_rows}: the exact row count of a table. The table name is resolved through the host's catalog
 * (so it is a real table, never SQL text), and the count runs through the caller's database service: guarded,
 * permission-checked, time-limited and audited by the host.
 */
@Extension
public final class RowCounterTools implements ToolGroup {
    private final long maxEstimate;

    /** The host hands every extension its plugin's context; read configuration here, once. */
    public RowCounterTools(PluginContext context) {
        this.maxEstimate = context.config().getInt("max-estimate", 1_000_000);
    }

    @Override
    public List<Tool> tools() {
        return List.of(Tool.builder("count_rows")
                .title("Count the rows of a table")
                .description("Counts the rows of one table exactly (SELECT COUNT(*)). Tables the catalog estimates"
                        + " above " + maxEstimate + " rows need confirm=true.")
                .inputSchema(JsonSchema.object()
                        .property("table", JsonSchema.string("Table name, optionally schema.table"))
                        .property("confirm", JsonSchema.bool("Count even a very large table"))
                        .required("table")
                        .closed()
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("schema", JsonSchema.string("Schema of the table"))
                        .property("table", JsonSchema.string("Table name as the catalog spells it"))
                        .property("rows", JsonSchema.integer("Exact row count", 0, Long.MAX_VALUE))
                        .required("schema", "table", "rows")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.SELECT)
                .handler(this::count)
                .build());
    }

    private ToolResult count(ToolCall call) {
        String name = call.arguments().requireString("table");
        call.client().progress(0, 2.0, "finding " + name);
        Catalog.Table table = call.catalog().table(null, name);
        if (table.rowEstimate() != null && table.rowEstimate() > maxEstimate && !call.arguments().bool("confirm", false)) {
            throw new ToolException(ErrorCode.LIMIT_EXCEEDED, "Table " + table.name() + " holds about "
                    + table.rowEstimate() + " rows; counting it exactly takes a while. Call again with confirm=true.");
        }
        call.client().progress(1, 2.0, "counting " + table.name());
        long rows = call.catalog().exactRowCount(table);
        call.client().progress(2, 2.0, "done");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", table.schema());
        out.put("table", table.name());
        out.put("rows", rows);
        return ToolResult.structured(out, table.schema() + "." + table.name() + ": " + rows + " rows");
    }
}
