package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Database;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema a model gets for one question: the host links the question to tables within the token budget (the
 * whole schema when it fits), and the result is rendered as M-Schema. Example values are added only when the operator
 * allowed them, never for personal-looking columns, and they are read through the caller's own database service
 * (guard, permissions, audit).
 *
 * @param linked   the host's linking answer
 * @param details  the described tables, in the order of {@code linked.hits()}
 * @param text     the M-Schema text
 * @param examples true when example values are in the text
 */
record SchemaContext(String schema, Catalog.SearchResult linked, List<Catalog.TableDetail> details, String text,
                     boolean examples) {

    /** Rows read per table to pick example values from. */
    static final int SAMPLE_ROWS = 50;

    static SchemaContext link(Catalog catalog, Database database, Settings settings, String question, String schema,
                              int maxTables, int budget) {
        String s = schema == null || schema.isBlank() ? catalog.currentSchema() : catalog.schema(schema).name();
        Catalog.SearchResult linked = catalog.search(question, new Catalog.SearchOptions(s, maxTables, budget, true));
        return render(catalog, database, settings, s, linked);
    }

    /** One table, all its columns. */
    static SchemaContext table(Catalog catalog, Database database, Settings settings, String schema, String table) {
        Catalog.Table t = catalog.table(schema, table);
        Catalog.TableDetail d = catalog.describe(t);
        Catalog.SearchHit hit = new Catalog.SearchHit(t, 0, d.columns().stream().map(Catalog.Column::name).toList(),
                List.of("name"));
        return render(catalog, database, settings, t.schema(), new Catalog.SearchResult(List.of(hit), false, 0, 1), true);
    }

    private static SchemaContext render(Catalog catalog, Database database, Settings settings, String schema,
                                        Catalog.SearchResult linked) {
        return render(catalog, database, settings, schema, linked, false);
    }

    private static SchemaContext render(Catalog catalog, Database database, Settings settings, String schema,
                                        Catalog.SearchResult linked, boolean allForeignKeys) {
        List<Catalog.TableDetail> details = new ArrayList<>();
        for (Catalog.SearchHit h : linked.hits()) {
            details.add(catalog.describe(h.table()));
        }
        Map<String, Map<String, List<String>>> examples = new LinkedHashMap<>();
        if (settings.sampleValues() && database != null && settings.maxExamples() > 0) {
            Privacy privacy = new Privacy(settings.personalColumns());
            for (int i = 0; i < details.size(); i++) {
                examples.put(details.get(i).table().name(),
                        examples(database, details.get(i), linked.hits().get(i).columns(), privacy, settings.maxExamples()));
            }
        }
        String text = MSchema.render(schema, details, linked.hits(), examples, allForeignKeys);
        return new SchemaContext(schema, linked, List.copyOf(details), text, !examples.isEmpty());
    }

    /**
     * Up to {@code max} distinct values per shown column from the first rows of the table (M-Schema's rules: one value
     * for dates and long text, none over 50 characters, none for binary or personal-looking columns).
     */
    static Map<String, List<String>> examples(Database database, Catalog.TableDetail d, List<String> shown,
                                              Privacy privacy, int max) {
        List<Catalog.Column> cols = new ArrayList<>();
        for (Catalog.Column c : d.columns()) {
            String type = c.type().toUpperCase(java.util.Locale.ROOT);
            boolean binary = type.contains("BLOB") || type.contains("BINARY") || type.contains("BYTEA")
                    || type.contains("CLOB") || type.contains("RAW") || type.contains("IMAGE");
            if ((shown.isEmpty() || shown.contains(c.name())) && !binary && !privacy.personal(c)) {
                cols.add(c);
            }
        }
        if (cols.isEmpty()) {
            return Map.of();
        }
        Dialect dialect = database.dialect();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(dialect.quoteIdentifier(cols.get(i).name()));
        }
        sql.append(" FROM ").append(dialect.qualify(d.table().schema(), d.table().name()));
        QueryResult r;
        try {
            r = database.query(sql.toString(), List.of(), QueryOptions.maxRows(SAMPLE_ROWS));
        } catch (ToolException e) {
            return Map.of(); // not readable for this caller, or failing: the schema alone will do
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            String type = cols.get(i).type().toUpperCase(java.util.Locale.ROOT);
            boolean temporal = type.contains("DATE") || type.contains("TIME");
            Set<String> values = new LinkedHashSet<>();
            for (List<Object> row : r.rows()) {
                Object v = row.get(i);
                if (v == null) {
                    continue;
                }
                String s = v.toString();
                if (s.length() > 50) {
                    continue;
                }
                values.add(s);
                int cap = temporal || s.length() > 20 ? 1 : max;
                if (values.size() >= cap) {
                    break;
                }
            }
            if (!values.isEmpty()) {
                out.put(cols.get(i).name(), List.copyOf(values));
            }
        }
        return out;
    }

    List<String> tableNames() {
        return linked.hits().stream().map(h -> h.table().name()).toList();
    }

    /** The prompt body: rules, schema, question. */
    String prompt(Dialect dialect, String question) {
        return Rules.text(dialect) + text + "【Question】\n" + question.strip() + "\n";
    }
}
