package io.xugumcp.plugin.query;

import io.xugumcp.api.BatchResult;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the query tools' answers: structured content (what the output schema promises) and a compact text
 * form. Row answers come from the API ({@link QueryResult#toStructured()}, {@link QueryResult#toText()}).
 */
final class Results {
    /** Row answers have the API's one shape (shared with every plugin that answers with rows). */
    static final Map<String, Object> QUERY_SCHEMA = QueryResult.outputSchema();

    static final Map<String, Object> BATCH_SCHEMA = JsonSchema.object()
            .property("committed", JsonSchema.bool("True: every statement ran and the transaction was committed"))
            .property("results", JsonSchema.array("One entry per statement", JsonSchema.object()
                    .property("index", JsonSchema.integer("0-based position", 0, Integer.MAX_VALUE))
                    .property("kind", JsonSchema.string("Statement kind"))
                    .property("affectedRows", JsonSchema.integer("Rows changed (-1 for reads)", -1, Long.MAX_VALUE))
                    .property("result", JsonSchema.typed(List.of("object", "null"), "Rows of a read statement"))
                    .required("index", "kind", "affectedRows")
                    .build()))
            .property("elapsedMs", JsonSchema.integer("Total time, milliseconds", 0, Long.MAX_VALUE))
            .required("committed", "results", "elapsedMs")
            .build();

    static final int TEXT_MAX_ROWS = QueryResult.TEXT_MAX_ROWS;

    private Results() {
    }

    static Map<String, Object> query(QueryResult r) {
        return r.toStructured();
    }

    static String queryText(QueryResult r) {
        return r.toText();
    }

    static List<String> planLines(QueryResult r) {
        List<String> lines = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            StringBuilder sb = new StringBuilder();
            for (Object v : row) {
                if (v != null) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(v);
                }
            }
            // XuguDB joins plan lines with CRLF inside one value; H2 returns the whole plan as one value.
            for (String line : sb.toString().split("\\r?\\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    static Map<String, Object> batch(BatchResult r) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (BatchResult.Item i : r.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i.index());
            m.put("kind", i.kind().name());
            m.put("affectedRows", i.affectedRows());
            m.put("result", i.query() == null ? null : query(i.query()));
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("committed", true);
        out.put("results", items);
        out.put("elapsedMs", r.elapsedMs());
        return out;
    }

    static String batchText(BatchResult r) {
        StringBuilder sb = new StringBuilder("Committed ").append(r.results().size()).append(" statements in ")
                .append(r.elapsedMs()).append(" ms:\n");
        for (BatchResult.Item i : r.results()) {
            sb.append(i.index() + 1).append(". ").append(i.kind());
            if (i.query() != null) {
                sb.append(": ").append(i.query().rowCount()).append(" rows\n").append(queryText(i.query())).append('\n');
            } else {
                sb.append(": ").append(i.affectedRows()).append(" rows affected\n");
            }
        }
        return sb.toString().stripTrailing();
    }
}
