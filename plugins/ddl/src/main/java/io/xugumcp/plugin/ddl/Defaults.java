package io.xugumcp.plugin.ddl;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A column default as SQL. Only values become defaults – a JSON string, number, boolean or null, written as a literal
 * – plus the few clock expressions every supported database has ({@code CURRENT_TIMESTAMP} …). Arbitrary expressions
 * are not accepted: the text would reach SQL unchecked.
 */
final class Defaults {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> NUMERIC_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "NUMERIC",
            "DECIMAL", "FLOAT", "DOUBLE", "REAL", "DOUBLE PRECISION", "DECFLOAT", "INT2", "INT4", "INT8", "FLOAT4",
            "FLOAT8");

    private Defaults() {
    }

    /**
     * @param type  the checked column type (to write {@code "5"} as a number for a numeric column), or {@code null}
     * @param where the argument's path for messages
     */
    static String render(Object value, String type, Forms forms, String where) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " is not a finite number.");
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number n) {
            return number(n.toString(), where);
        }
        if (value instanceof String s) {
            String keyword = s.strip().toUpperCase(Locale.ROOT);
            if (forms.defaultKeywords().contains(keyword)) {
                return keyword;
            }
            if (isNumeric(type) && NUMBER.matcher(s.strip()).matches()) {
                return number(s.strip(), where);
            }
            return forms.literal(s, where);
        }
        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " must be a string, number, boolean or"
                + " null (or one of " + String.join(", ", forms.defaultKeywords().stream().sorted().toList()) + ").");
    }

    private static String number(String text, String where) {
        try {
            return new BigDecimal(text).toPlainString();
        } catch (NumberFormatException e) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " is not a finite number.");
        }
    }

    static boolean isNumeric(String type) {
        if (type == null) {
            return false;
        }
        String base = type.replaceAll("\\(.*", "").replace("[]", "").strip();
        return NUMERIC_TYPES.contains(base) && !type.endsWith("[]");
    }
}
