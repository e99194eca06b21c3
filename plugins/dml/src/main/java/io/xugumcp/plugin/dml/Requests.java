package io.xugumcp.plugin.dml;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Condition;
import io.xugumcp.api.write.Filter;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.WriteOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the DML tools' arguments (the seed's names kept: {@code table_name}, {@code rows}, {@code updates},
 * {@code where}, {@code where_params}, {@code constraint}, {@code data}, {@code batch_size}) into the API's change
 * records. Shapes only: names, values and rules are the host's business.
 */
final class Requests {

    private Requests() {
    }

    static TableRef table(Arguments a) {
        String schema = a.optionalString("schema").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        return new TableRef(schema, a.requireString("table_name").strip());
    }

    /** {@code rows}: one object, or an array of objects. */
    static List<Map<String, Object>> rows(Arguments a, String name) {
        Object v = a.asMap().get(name);
        if (v == null) {
            throw invalid("Argument '" + name + "' is required: one row as an object, or an array of row objects.");
        }
        if (v instanceof Map<?, ?> m) {
            return List.of(row(m, name));
        }
        if (!(v instanceof List<?> list)) {
            throw invalid("Argument '" + name + "' must be an object (one row) or an array of objects.");
        }
        List<Map<String, Object>> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw invalid(name + "[" + i + "] must be an object of column: value.");
            }
            out.add(row(m, name + "[" + i + "]"));
        }
        return out;
    }

    static Map<String, Object> row(Map<?, ?> m, String where) {
        Map<String, Object> row = new LinkedHashMap<>();
        m.forEach((k, v) -> row.put(String.valueOf(k), v));
        return row;
    }

    /**
     * The rows to change: {@code filter} as {@code {column: value}} (equality; null means IS NULL, an array means IN)
     * or as {@code [{column, op, value}]}, and/or the seed's {@code where} + {@code where_params}; {@code all_rows}.
     */
    static Filter filter(Arguments a) {
        List<Condition> conditions = new ArrayList<>();
        Object f = a.asMap().get("filter");
        if (f instanceof Map<?, ?> m) {
            m.forEach((k, v) -> conditions.add(new Condition(String.valueOf(k),
                    v instanceof List<?> ? Condition.Op.IN : Condition.Op.EQ, v)));
        } else if (f instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> c) || !(c.get("column") instanceof String column)) {
                    throw invalid("filter[" + i + "] must be an object {column, op, value} (op defaults to '=').");
                }
                Condition.Op op;
                try {
                    op = c.get("op") == null ? Condition.Op.EQ : Condition.Op.parse(String.valueOf(c.get("op")));
                } catch (IllegalArgumentException e) {
                    throw invalid("filter[" + i + "]: " + e.getMessage() + ".");
                }
                conditions.add(new Condition(column, op, c.get("value")));
            }
        } else if (f != null) {
            throw invalid("Argument 'filter' must be an object {column: value} or an array of {column, op, value}.");
        }
        String where = a.optionalString("where").orElse(null);
        List<Object> params = a.list("where_params");
        if (where == null && !params.isEmpty()) {
            throw invalid("where_params was given without 'where'; put a ? in 'where' for each value.");
        }
        return new Filter(conditions, where, params, a.bool("all_rows", false));
    }

    static WriteOptions options(Arguments a) {
        long max = a.optionalInt("max_affected_rows", 1, Integer.MAX_VALUE).orElse(0);
        return new WriteOptions(a.bool("dry_run", false), a.optionalString("confirm_token").orElse(null), null, max, 0);
    }

    static ToolException invalid(String message) {
        return new ToolException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
