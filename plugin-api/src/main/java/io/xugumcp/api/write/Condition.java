package io.xugumcp.api.write;

import java.util.List;
import java.util.Objects;

/**
 * One structured filter condition: {@code column op value}. The column is checked against the catalog and quoted;
 * the value is always bound, never spliced into SQL.
 *
 * @param value a JSON-shaped value; a list for {@link Op#IN}, {@link Op#NOT_IN} and {@link Op#BETWEEN} (two
 *              elements); ignored for {@link Op#IS_NULL} and {@link Op#IS_NOT_NULL}
 * @since 0.3.0
 */
public record Condition(String column, Op op, Object value) {
    public Condition {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(op, "op");
        if (value instanceof List<?> l) {
            value = List.copyOf(l);
        }
    }

    /** {@code column = value}. */
    public static Condition eq(String column, Object value) {
        return new Condition(column, Op.EQ, value);
    }

    /** The comparison operators a structured filter offers. */
    public enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("LIKE"), NOT_LIKE("NOT LIKE"),
        IN("IN"), NOT_IN("NOT IN"), BETWEEN("BETWEEN"), IS_NULL("IS NULL"), IS_NOT_NULL("IS NOT NULL");

        private final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        /** The SQL operator. */
        public String sql() {
            return sql;
        }

        /** Parses {@code =}, {@code eq}, {@code in}, {@code is_null}, {@code not like} … (case-insensitive). */
        public static Op parse(String text) {
            String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('_', ' ');
            for (Op op : values()) {
                if (op.sql.equals(t) || op.name().replace('_', ' ').equals(t)) {
                    return op;
                }
            }
            return switch (t) {
                case "==" -> EQ;
                case "!=" -> NE;
                default -> throw new IllegalArgumentException("unknown operator '" + text + "'; use one of "
                        + "=, <>, <, <=, >, >=, like, not like, in, not in, between, is null, is not null");
            };
        }
    }
}
