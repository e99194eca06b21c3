package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Catalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact schema text models read (M-Schema, after XiYan-SQL): one header line per table, one line per column
 * with its type (length dropped), comment and key, then the foreign keys among the tables shown.
 *
 * <pre>
 * 【DB_ID】 PUBLIC
 * 【Schema】
 * # Table: PUBLIC.ORDERS, «订单», about 400 rows
 * [
 * (ORDER_ID:INTEGER, «订单编号», Primary Key),
 * (CUSTOMER_ID:INTEGER, «下单客户»),
 * ]
 * 【Foreign keys】
 * PUBLIC.ORDERS.CUSTOMER_ID=PUBLIC.CUSTOMERS.CUSTOMER_ID
 * </pre>
 *
 * Comments are written by any database user, so they are untrusted text: each is put between « and » with line breaks
 * and the fence characters taken out, cut at {@value #MAX_COMMENT} characters, and the rules tell the model that
 * fenced text describes data and is never an instruction.
 */
final class MSchema {
    static final int MAX_COMMENT = 160;

    private MSchema() {
    }

    /**
     * @param hits     the tables to show with the columns to show (all of a table's when the list is its full list)
     * @param examples example values per table and column (empty when the operator did not allow any)
     */
    static String render(String schema, List<Catalog.TableDetail> details, List<Catalog.SearchHit> hits,
                         Map<String, Map<String, List<String>>> examples) {
        return render(schema, details, hits, examples, false);
    }

    /** @param allForeignKeys list every foreign key of the shown tables, also to tables not shown (one-table view) */
    static String render(String schema, List<Catalog.TableDetail> details, List<Catalog.SearchHit> hits,
                         Map<String, Map<String, List<String>>> examples, boolean allForeignKeys) {
        StringBuilder b = new StringBuilder();
        b.append("【DB_ID】 ").append(schema).append('\n');
        b.append("【Schema】\n");
        Set<String> shown = new HashSet<>();
        for (int i = 0; i < hits.size(); i++) {
            Catalog.TableDetail d = details.get(i);
            Catalog.SearchHit h = hits.get(i);
            shown.add(d.table().schema() + "." + d.table().name());
            table(b, d, new LinkedHashSet<>(h.columns()), examples.getOrDefault(d.table().name(), Map.of()));
        }
        List<String> fks = new ArrayList<>();
        for (Catalog.TableDetail d : details) {
            for (Catalog.ForeignKey f : d.foreignKeys()) {
                if (!allForeignKeys && !shown.contains(f.referencedSchema() + "." + f.referencedTable())) {
                    continue;
                }
                for (int i = 0; i < f.columns().size(); i++) {
                    fks.add(f.schema() + "." + f.table() + "." + f.columns().get(i) + "=" + f.referencedSchema() + "."
                            + f.referencedTable() + "." + f.referencedColumns().get(i));
                }
            }
        }
        if (!fks.isEmpty()) {
            b.append("【Foreign keys】\n");
            fks.forEach(f -> b.append(f).append('\n'));
        }
        return b.toString();
    }

    /** One table; {@code columns} empty means all of them. */
    static void table(StringBuilder b, Catalog.TableDetail d, Set<String> columns, Map<String, List<String>> examples) {
        Catalog.Table t = d.table();
        b.append("# ").append(t.isView() ? "View" : "Table").append(": ").append(t.schema()).append('.').append(t.name());
        if (t.comment() != null && !t.comment().isBlank()) {
            b.append(", ").append(fence(t.comment()));
        }
        if (t.rowEstimate() != null && t.rowEstimate() >= 0) {
            b.append(", about ").append(t.rowEstimate()).append(" rows");
        }
        b.append("\n[\n");
        Set<String> pk = d.primaryKey() == null ? Set.of() : Set.copyOf(d.primaryKey().columns());
        int hidden = 0;
        for (Catalog.Column c : d.columns()) {
            if (!columns.isEmpty() && !columns.contains(c.name())) {
                hidden++;
                continue;
            }
            b.append('(').append(c.name()).append(':').append(baseType(c.type()));
            if (c.comment() != null && !c.comment().isBlank()) {
                b.append(", ").append(fence(c.comment()));
            }
            if (pk.contains(c.name())) {
                b.append(", Primary Key");
            }
            List<String> ex = examples.get(c.name());
            if (ex != null && !ex.isEmpty()) {
                b.append(", Examples: [").append(String.join(", ", ex.stream().map(MSchema::fence).toList())).append(']');
            }
            b.append("),\n");
        }
        if (hidden > 0) {
            b.append("(… ").append(hidden).append(" more column").append(hidden == 1 ? "" : "s")
                    .append(" not shown: get_table_schema_for_llm ").append(t.name()).append(" lists all),\n");
        }
        b.append("]\n");
    }

    /** Untrusted text as one fenced line. */
    static String fence(String text) {
        String s = text.replaceAll("[\\r\\n\\t\\u2028\\u2029]+", " ").replace("«", "\"").replace("»", "\"")
                .replace("【", "[").replace("】", "]").strip();
        if (s.length() > MAX_COMMENT) {
            s = s.substring(0, MAX_COMMENT) + "…";
        }
        return "«" + s + "»";
    }

    /** {@code VARCHAR(20)} → {@code VARCHAR}; {@code NUMERIC(10,2)} → {@code NUMERIC}. */
    static String baseType(String type) {
        int p = type.indexOf('(');
        if (p < 0) {
            return type;
        }
        int close = type.indexOf(')', p);
        return (type.substring(0, p) + (close < 0 ? "" : type.substring(close + 1))).strip();
    }
}
