package io.xugumcp.plugin.sqltools;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One declared parameter of a SQL tool: its type and constraints, the JSON schema a client sees, and the check that
 * turns an argument into the value that is bound. A value is only ever bound, never put into the SQL text.
 *
 * @param defaultValue the bound value when the argument is absent (already checked); null when there is none
 * @param min          lower bound of an integer or number; null when none
 * @param max          upper bound of an integer or number; null when none
 * @param maxLength    longest string accepted; 0 when unlimited
 * @param pattern      a string must match it as a whole; null when none
 * @param values       the allowed values of an enum; empty otherwise
 */
record Parameter(String name, Type type, String description, boolean required, Object defaultValue,
                 BigDecimal min, BigDecimal max, int maxLength, Pattern pattern, List<String> values) {

    /** The declared types. */
    enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN, DATE, ENUM;

        static Type parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("type '" + s + "' is not one of string, integer, number, boolean,"
                        + " date, enum");
            }
        }

        String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Parameter {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** The placeholder for this parameter in the statement: a date is cast, so every database reads it as a date. */
    String placeholder() {
        return type == Type.DATE ? "CAST(? AS DATE)" : "?";
    }

    /** This parameter as a property of the tool's input schema. */
    Map<String, Object> schema() {
        Map<String, Object> s = new LinkedHashMap<>();
        switch (type) {
            case STRING -> {
                s.put("type", "string");
                if (maxLength > 0) {
                    s.put("maxLength", maxLength);
                }
                if (pattern != null) {
                    s.put("pattern", pattern.pattern());
                }
            }
            case INTEGER, NUMBER -> {
                s.put("type", type == Type.INTEGER ? "integer" : "number");
                if (min != null) {
                    s.put("minimum", json(min));
                }
                if (max != null) {
                    s.put("maximum", json(max));
                }
            }
            case BOOLEAN -> s.put("type", "boolean");
            case DATE -> {
                s.put("type", "string");
                s.put("format", "date");
            }
            case ENUM -> {
                s.put("type", "string");
                s.put("enum", values);
            }
        }
        s.put("description", description + (type == Type.DATE ? " (YYYY-MM-DD)" : ""));
        if (defaultValue != null) {
            s.put("default", defaultValue);
        }
        return s;
    }

    private static Object json(BigDecimal d) {
        return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
    }

    /**
     * The value to bind for the argument {@code raw} (null: absent). Throws {@link ToolException}
     * ({@link ErrorCode#INVALID_ARGUMENT}) naming the parameter, what it must be, and what came.
     */
    Object bind(String tool, Object raw) {
        if (raw == null) {
            if (required) {
                throw invalid(tool, "is required");
            }
            return defaultValue;
        }
        return check(raw, m -> invalid(tool, m));
    }

    /** Checks a declared default (at start). */
    Object checkDefault(Object raw) {
        return check(raw, m -> new IllegalArgumentException("default " + shown(raw) + " of parameter '" + name
                + "' " + m));
    }

    private <E extends RuntimeException> Object check(Object raw, java.util.function.Function<String, E> fail) {
        switch (type) {
            case STRING -> {
                if (!(raw instanceof String s)) {
                    throw fail.apply("must be a string, got " + shown(raw));
                }
                if (maxLength > 0 && s.length() > maxLength) {
                    throw fail.apply("must be at most " + maxLength + " characters, got " + s.length());
                }
                if (pattern != null && !pattern.matcher(s).matches()) {
                    throw fail.apply("must match " + pattern.pattern() + ", got " + shown(s));
                }
                return s;
            }
            case INTEGER -> {
                BigDecimal d = number(raw, fail, "an integer");
                if (d.stripTrailingZeros().scale() > 0) {
                    throw fail.apply("must be a whole number, got " + shown(raw));
                }
                inRange(d, fail, raw);
                try {
                    return d.longValueExact();
                } catch (ArithmeticException e) {
                    throw fail.apply("is too large, got " + shown(raw));
                }
            }
            case NUMBER -> {
                BigDecimal d = number(raw, fail, "a number");
                inRange(d, fail, raw);
                return d;
            }
            case BOOLEAN -> {
                if (!(raw instanceof Boolean b)) {
                    throw fail.apply("must be true or false, got " + shown(raw));
                }
                return b;
            }
            case DATE -> {
                if (!(raw instanceof String s) || !s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    throw fail.apply("must be a date written YYYY-MM-DD, got " + shown(raw));
                }
                try {
                    return LocalDate.parse(s).toString();
                } catch (DateTimeParseException e) {
                    throw fail.apply("is not a real date, got " + shown(raw));
                }
            }
            case ENUM -> {
                if (!(raw instanceof String s) || !values.contains(s)) {
                    throw fail.apply("must be one of " + values + ", got " + shown(raw));
                }
                return s;
            }
            default -> throw new IllegalStateException(type.name());
        }
    }

    private static <E extends RuntimeException> BigDecimal number(Object raw,
                                                                  java.util.function.Function<String, E> fail,
                                                                  String what) {
        if (!(raw instanceof Number n) || raw instanceof Double d && (d.isNaN() || d.isInfinite())
                || raw instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw fail.apply("must be " + what + ", got " + shown(raw));
        }
        return new BigDecimal(n.toString());
    }

    private <E extends RuntimeException> void inRange(BigDecimal d, java.util.function.Function<String, E> fail,
                                                      Object raw) {
        if (min != null && d.compareTo(min) < 0 || max != null && d.compareTo(max) > 0) {
            throw fail.apply("must be between " + (min == null ? "-∞" : min.toPlainString()) + " and "
                    + (max == null ? "∞" : max.toPlainString()) + ", got " + shown(raw));
        }
    }

    private ToolException invalid(String tool, String what) {
        return new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument '" + name + "' of tool '" + tool + "' " + what
                + ".");
    }

    /** A value as it may appear in a message: quoted strings, at most 60 characters. */
    static String shown(Object v) {
        if (v == null) {
            return "null";
        }
        String s = v instanceof String str ? "'" + str + "'" : v instanceof Map || v instanceof List
                ? (v instanceof Map ? "an object" : "an array") : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "…" : s;
    }
}
