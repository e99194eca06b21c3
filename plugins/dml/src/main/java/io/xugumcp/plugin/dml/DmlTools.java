package io.xugumcp.plugin.dml;

import io.xugumcp.api.Arguments;
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
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.Filter;
import io.xugumcp.api.write.ImportOptions;
import io.xugumcp.api.write.ImportResult;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.WriteOptions;
import io.xugumcp.api.write.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The DML tools: {@code insert_rows}, {@code update_rows}, {@code delete_rows}, {@code upsert_rows},
 * {@code truncate_table}, {@code bulk_import}. They turn arguments into changes described as data and hand them to the
 * host's write path ({@code call.writes()}), which builds, checks, previews, confirms, runs and audits them; the tools
 * only shape arguments and answers. The earlier server's names and parameters are kept.
 */
@Extension
public final class DmlTools implements ToolGroup {
    private static final Map<String, Object> TABLE = JsonSchema.string("The table; any case; schema.table allowed");
    private static final Map<String, Object> SCHEMA = JsonSchema.string("The schema (default: the current schema)");
    private static final Map<String, Object> DRY_RUN = JsonSchema.bool("Preview only: run inside a transaction that is"
            + " rolled back, show the count and a sample, and return a confirm_token. Nothing changes.");
    private static final Map<String, Object> CONFIRM_TOKEN = JsonSchema.string("The confirm_token of a preview of exactly"
            + " these arguments, when the change needs confirmation (works once, for a few minutes)");
    private static final Map<String, Object> FILTER = JsonSchema.typed(List.of("object", "array"), "Which rows:"
            + " {column: value} (equality; null = IS NULL; an array = IN), or [{column, op, value}] with op one of =, <>,"
            + " <, <=, >, >=, like, not like, in, not in, between, is null, is not null. Conditions are ANDed.");
    private static final Map<String, Object> WHERE = JsonSchema.string("A SQL condition (without WHERE) with ? for"
            + " values, as in the earlier server; ANDed with filter. One condition only: no ';', comments or writes.");
    private static final Map<String, Object> WHERE_PARAMS = JsonSchema.array("Values for the ? in where, in order",
            Map.of("type", List.of("string", "number", "boolean", "null")));
    private static final Map<String, Object> ALL_ROWS = JsonSchema.bool("Set true to mean every row when there is no"
            + " filter; always needs confirmation");
    private static final Map<String, Object> MAX_ROWS = JsonSchema.integer("The most rows this call may change (default:"
            + " the server's); more and it is rolled back with nothing changed", 1, Integer.MAX_VALUE);
    private static final Map<String, Object> ROWS = JsonSchema.typed(List.of("object", "array"),
            "One row {column: value} or an array of rows. Dates as yyyy-mm-dd, timestamps as yyyy-mm-ddThh:mm:ss, bytes as"
                    + " base64.");
    private static final ToolAnnotations INSERT = new ToolAnnotations(false, false, false, false);
    private static final ToolAnnotations OVERWRITE = new ToolAnnotations(false, true, true, false);

    private final int defaultBatchSize;

    public DmlTools(PluginContext context) {
        this.defaultBatchSize = context.config().getInt("default-batch-size", 1000);
    }

    @Override
    public List<Tool> tools() {
        return List.of(insertRows(), updateRows(), deleteRows(), upsertRows(), truncateTable(), bulkImport());
    }

    private static final String CONFIRM_RULE = " Changes of more rows than the server's threshold, or of all rows,"
            + " need a person's confirmation: preview with dry_run (or just call; the answer says confirmation_required),"
            + " show the person, then call again with the same arguments plus confirm_token. Clients that can ask the"
            + " person directly are asked instead.";

    private Tool insertRows() {
        return Tool.builder("insert_rows")
                .title("Insert rows")
                .description("Insert one row or several into a table. Column names are checked against the table"
                        + " (unknown ones get close matches); every value is bound, never put into SQL text. Use"
                        + " return_keys for the generated ids. For thousands of rows use bulk_import.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("rows", ROWS)
                        .property("schema", SCHEMA)
                        .property("return_keys", JsonSchema.bool("Return the generated key values of the new rows"))
                        .property("dry_run", DRY_RUN)
                        .required("table_name", "rows")
                        .build())
                .outputSchema(Answers.WRITE_SCHEMA)
                .annotations(INSERT)
                .permission(Permission.INSERT)
                .handler(call -> {
                    Arguments a = call.arguments();
                    TableRef t = Requests.table(a);
                    Change c = new Change.Insert(t, Requests.rows(a, "rows"), a.bool("return_keys", false));
                    return Answers.write(call.toolName(), t, call.writes().apply(c, Requests.options(a)));
                })
                .build();
    }

    private Tool updateRows() {
        return Tool.builder("update_rows")
                .title("Update rows")
                .description("Set columns to new values on the rows a filter selects. Without filter or where it is"
                        + " refused unless all_rows is true. The count is checked against max_affected_rows inside the"
                        + " transaction." + CONFIRM_RULE)
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("updates", JsonSchema.typed("object", "The new values: {column: value}"))
                        .property("filter", FILTER)
                        .property("where", WHERE)
                        .property("where_params", WHERE_PARAMS)
                        .property("all_rows", ALL_ROWS)
                        .property("max_affected_rows", MAX_ROWS)
                        .property("schema", SCHEMA)
                        .property("dry_run", DRY_RUN)
                        .property("confirm_token", CONFIRM_TOKEN)
                        .required("table_name", "updates")
                        .build())
                .outputSchema(Answers.WRITE_SCHEMA)
                .annotations(OVERWRITE)
                .permission(Permission.UPDATE)
                .handler(call -> {
                    Arguments a = call.arguments();
                    TableRef t = Requests.table(a);
                    Object updates = a.asMap().get("updates");
                    if (!(updates instanceof Map<?, ?> m) || m.isEmpty()) {
                        throw Requests.invalid("Argument 'updates' must be an object {column: new value} with at least"
                                + " one column.");
                    }
                    Change c = new Change.Update(t, Requests.row(m, "updates"), Requests.filter(a));
                    return Answers.write(call.toolName(), t, call.writes().apply(c, Requests.options(a)));
                })
                .build();
    }

    private Tool deleteRows() {
        return Tool.builder("delete_rows")
                .title("Delete rows")
                .description("Delete the rows a filter selects. Without filter or where it is refused unless all_rows"
                        + " is true. The count is checked against max_affected_rows inside the transaction."
                        + CONFIRM_RULE)
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("filter", FILTER)
                        .property("where", WHERE)
                        .property("where_params", WHERE_PARAMS)
                        .property("all_rows", ALL_ROWS)
                        .property("max_affected_rows", MAX_ROWS)
                        .property("schema", SCHEMA)
                        .property("dry_run", DRY_RUN)
                        .property("confirm_token", CONFIRM_TOKEN)
                        .required("table_name")
                        .build())
                .outputSchema(Answers.WRITE_SCHEMA)
                .annotations(OVERWRITE)
                .permission(Permission.DELETE)
                .handler(call -> {
                    Arguments a = call.arguments();
                    TableRef t = Requests.table(a);
                    Change c = new Change.Delete(t, Requests.filter(a));
                    return Answers.write(call.toolName(), t, call.writes().apply(c, Requests.options(a)));
                })
                .build();
    }

    private Tool upsertRows() {
        return Tool.builder("upsert_rows")
                .title("Insert or update rows by key")
                .description("Insert rows, or update the existing row with the same key: the primary key by default,"
                        + " or key_columns, or the columns of the unique constraint named in constraint. Runs as the"
                        + " database's own upsert (XuguDB MERGE INTO … USING DUAL, H2 MERGE … KEY, PostgreSQL ON"
                        + " CONFLICT) and says how many rows were inserted and updated.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("rows", ROWS)
                        .property("constraint", JsonSchema.string("A primary key or unique constraint whose columns"
                                + " identify a row"))
                        .property("key_columns", JsonSchema.array("The columns that identify a row (a primary or unique"
                                + " key)", Map.of("type", "string")))
                        .property("max_affected_rows", MAX_ROWS)
                        .property("schema", SCHEMA)
                        .property("dry_run", DRY_RUN)
                        .required("table_name", "rows")
                        .build())
                .outputSchema(Answers.WRITE_SCHEMA)
                .annotations(OVERWRITE)
                .permission(Permission.UPDATE)
                .handler(call -> {
                    Arguments a = call.arguments();
                    TableRef t = Requests.table(a);
                    Change c = new Change.Upsert(t, Requests.rows(a, "rows"), a.stringList("key_columns"),
                            a.optionalString("constraint").orElse(null));
                    return Answers.write(call.toolName(), t, call.writes().apply(c, Requests.options(a)));
                })
                .build();
    }

    private Tool truncateTable() {
        return Tool.builder("truncate_table")
                .title("Remove every row of a table")
                .description("Remove every row of a table at once (TRUNCATE). It cannot be undone on XuguDB and H2,"
                        + " so it always needs a person's confirmation: the first call (or dry_run) counts the rows and"
                        + " returns a confirm_token; call again with it once the person agreed. Clients that can ask"
                        + " the person directly are asked instead.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("schema", SCHEMA)
                        .property("dry_run", DRY_RUN)
                        .property("confirm_token", CONFIRM_TOKEN)
                        .required("table_name")
                        .build())
                .outputSchema(Answers.WRITE_SCHEMA)
                .annotations(OVERWRITE)
                .permission(Permission.TRUNCATE)
                .handler(call -> {
                    Arguments a = call.arguments();
                    TableRef t = Requests.table(a);
                    WriteOptions o = new WriteOptions(a.bool("dry_run", false),
                            a.optionalString("confirm_token").orElse(null), null, 0, 0);
                    return Answers.write(call.toolName(), t, call.writes().apply(new Change.Truncate(t), o));
                })
                .build();
    }

    // ------------------------------------------------------------------------------------------------ bulk import

    private Tool bulkImport() {
        return Tool.builder("bulk_import")
                .title("Import many rows")
                .description("Import rows in batches of bound values: 'data' as an array of row objects, or as CSV text"
                        + " with a header line (format csv), or 'file': a CSV or JSON file in the operator's import"
                        + " folder (keeps large data out of the conversation). mode atomic (default): all rows or none;"
                        + " per_batch: each batch commits, and a failure says which row failed and the start_row to"
                        + " resume from. Progress is reported per batch; cancelling stops between batches.")
                .inputSchema(JsonSchema.object()
                        .property("table_name", TABLE)
                        .property("data", JsonSchema.typed(List.of("array", "string"), "Rows: an array of objects, or"
                                + " CSV text whose first line names the columns (or JSON text with format json)"))
                        .property("format", Map.of("type", "string", "enum", List.of("json", "csv"), "description",
                                "How to read data given as text, or the file (default: by the file's extension;"
                                        + " text data: csv)"))
                        .property("file", JsonSchema.string("A CSV or JSON file inside the server's import folder"
                                + " (xugu-mcp.writes.import-dir), instead of data"))
                        .property("batch_size", JsonSchema.integer("Rows per batch (default 1000)", 1, 100_000))
                        .property("mode", Map.of("type", "string", "enum", List.of("atomic", "per_batch"),
                                "description", "atomic (default): one transaction, nothing stays on failure;"
                                        + " per_batch: each batch commits on its own"))
                        .property("start_row", JsonSchema.integer("0-based row to start from, to resume an import",
                                0, Long.MAX_VALUE))
                        .property("delimiter", JsonSchema.string("CSV field separator (default ',')"))
                        .property("encoding", JsonSchema.string("Character set of the file (default UTF-8)"))
                        .property("schema", SCHEMA)
                        .property("dry_run", JsonSchema.bool("Read all the data and try the first batch in a transaction"
                                + " that is rolled back; nothing changes"))
                        .required("table_name")
                        .build())
                .outputSchema(Answers.IMPORT_SCHEMA)
                .annotations(INSERT)
                .permission(Permission.INSERT)
                .handler(this::bulkImportCall)
                .build();
    }

    private ToolResult bulkImportCall(ToolCall call) {
        Arguments a = call.arguments();
        TableRef t = Requests.table(a);
        String modeArg = a.optionalString("mode").orElse("atomic").strip().toLowerCase(Locale.ROOT);
        ImportOptions.Mode mode = switch (modeArg) {
            case "atomic" -> ImportOptions.Mode.ATOMIC;
            case "per_batch", "per-batch", "perbatch" -> ImportOptions.Mode.PER_BATCH;
            default -> throw Requests.invalid("Argument 'mode' must be atomic or per_batch, got '" + modeArg + "'.");
        };
        int batchSize = a.optionalInt("batch_size", 1, 100_000).orElse(defaultBatchSize);
        long startRow = startRow(a);
        List<String> notes = new ArrayList<>();
        try (Source source = source(call, a)) {
            if (a.bool("dry_run", false)) {
                return preview(call, t, source.rows, batchSize, startRow, modeArg, notes);
            }
            ImportResult r = call.writes().importRows(t, source.rows, new ImportOptions(batchSize, mode, startRow, null));
            return Answers.imported(t, mode == ImportOptions.Mode.ATOMIC ? "atomic" : "per_batch", r, notes);
        }
    }

    private static long startRow(Arguments a) {
        Object v = a.asMap().get("start_row");
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw Requests.invalid("Argument 'start_row' must be a whole number from 0.");
        }
        return n.longValue();
    }

    /** Dry run: every row is read (to find malformed data), the first batch is tried and rolled back. */
    private static ToolResult preview(ToolCall call, TableRef t, Iterator<Map<String, Object>> rows, int batchSize,
                                      long startRow, String mode, List<String> notes) {
        long index = 0;
        List<Map<String, Object>> first = new ArrayList<>();
        while (rows.hasNext()) {
            Map<String, Object> row;
            try {
                row = rows.next();
            } catch (ToolException e) {
                throw new ToolException(e.code(), "Dry run: the data cannot be read at row " + index + ": "
                        + e.getMessage() + " Nothing was changed.");
            }
            if (index >= startRow && first.size() < batchSize) {
                first.add(row);
            }
            index++;
        }
        WriteResult r = first.isEmpty() ? null
                : call.writes().apply(new Change.Insert(t, first, false), WriteOptions.DRY_RUN);
        notes.add("Only the first batch was tried; a later row can still fail in the import itself.");
        return Answers.importPreview(t, mode, Math.max(0, index - startRow), r, notes);
    }

    /** Where the rows come from, and the stream to close after. */
    private record Source(Iterator<Map<String, Object>> rows, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() {
            if (closer != null) {
                try {
                    closer.close();
                } catch (Exception ignored) {
                    // Reading is over; nothing to save.
                }
            }
        }
    }

    private static Source source(ToolCall call, Arguments a) {
        Object data = a.asMap().get("data");
        String file = a.optionalString("file").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if ((data == null) == (file == null)) {
            throw Requests.invalid("Give the rows either in 'data' (an array of objects, or CSV text) or as 'file' (a"
                    + " file in the server's import folder) – exactly one of them.");
        }
        String format = a.optionalString("format").map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse(null);
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw Requests.invalid("Argument 'format' must be csv or json, got '" + format + "'.");
        }
        char delimiter = delimiter(a);
        if (data instanceof List<?> list) {
            return new Source(ImportData.rows(list), null);
        }
        if (data instanceof String text) {
            Reader r = new StringReader(text);
            return new Source("json".equals(format) ? ImportData.json(r) : ImportData.csv(r, delimiter), r);
        }
        if (data != null) {
            throw Requests.invalid("Argument 'data' must be an array of row objects or CSV text.");
        }
        String kind = format != null ? format : file.toLowerCase(Locale.ROOT).endsWith(".json") ? "json" : "csv";
        Charset cs;
        try {
            cs = a.optionalString("encoding").map(Charset::forName).orElse(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Requests.invalid("Argument 'encoding' is not a known character set: " + a.asMap().get("encoding") + ".");
        }
        InputStream in = call.writes().openImportFile(file);
        Reader r = new InputStreamReader(in, cs);
        try {
            return new Source(kind.equals("json") ? ImportData.json(r) : ImportData.csv(r, delimiter), r);
        } catch (RuntimeException e) {
            try {
                r.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    private static char delimiter(Arguments a) {
        String d = a.optionalString("delimiter").orElse(",");
        if (d.equals("\\t") || d.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'delimiter' must be one character other than"
                    + " a quote or a line break (or 'tab').");
        }
        return d.charAt(0);
    }
}
