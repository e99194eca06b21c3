package io.xugumcp.server.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.db.Binds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a caller's JSON-shaped value into what is bound for a column of a given type – so that {@code "2024-05-01"}
 * goes to a DATE column as a date, {@code "12.50"} from a CSV file to a NUMERIC column as an exact decimal, base64 to a
 * binary column as bytes – the inverse of how values are read back (ISO-8601, base64, numbers). A value that cannot be
 * one of the column's type is refused before anything runs, naming the row, the column and the expected form.
 */
final class ColumnValues {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    /** What a column type takes, from its name as the catalog writes it. */
    enum Kind {
        TEXT(Types.VARCHAR), INTEGER(Types.BIGINT), DECIMAL(Types.NUMERIC), FLOAT(Types.DOUBLE),
        BOOLEAN(Types.BOOLEAN), DATE(Types.DATE), TIMESTAMP(Types.TIMESTAMP), TIMESTAMP_TZ(Types.TIMESTAMP),
        TIME(Types.TIME), BINARY(Types.VARBINARY), OTHER(Types.OTHER);

        final int sqlType;

        Kind(int sqlType) {
            this.sqlType = sqlType;
        }
    }

    private ColumnValues() {
    }

    static Kind kindOf(String type) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
        int paren = t.indexOf('(');
        String base = (paren < 0 ? t : t.substring(0, paren)).strip();
        if (base.endsWith("[]") || base.equals("ARRAY") || t.contains(" ARRAY")) {
            return Kind.OTHER;
        }
        if (base.contains("INTERVAL")) {
            return Kind.OTHER;
        }
        if (base.startsWith("TIMESTAMP") || base.startsWith("DATETIME")) {
            boolean zoned = (t.contains("WITH TIME ZONE") || base.equals("TIMESTAMPTZ")) && !t.contains("WITHOUT TIME ZONE");
            return zoned ? Kind.TIMESTAMP_TZ : Kind.TIMESTAMP;
        }
        if (base.equals("DATE")) {
            return Kind.DATE;
        }
        if (base.startsWith("TIME")) {
            return t.contains("WITH TIME ZONE") || base.equals("TIMETZ") ? Kind.OTHER : Kind.TIME;
        }
        if (base.equals("BOOLEAN") || base.equals("BOOL")) {
            return Kind.BOOLEAN;
        }
        if (base.equals("NUMERIC") || base.equals("DECIMAL") || base.equals("DEC") || base.equals("NUMBER")) {
            return Kind.DECIMAL;
        }
        if (base.equals("REAL") || base.startsWith("FLOAT") || base.startsWith("DOUBLE") || base.equals("DECFLOAT")) {
            return Kind.FLOAT;
        }
        if (base.equals("INT") || base.equals("INTEGER") || base.equals("BIGINT") || base.equals("SMALLINT")
                || base.equals("TINYINT") || base.matches("INT[248]") || base.endsWith("SERIAL")) {
            return Kind.INTEGER;
        }
        if (base.contains("BLOB") || base.equals("BYTEA") || base.contains("BINARY") || base.equals("RAW")
                || base.equals("LONG RAW") || base.equals("IMAGE")) {
            return Kind.BINARY;
        }
        if (base.contains("CHAR") || base.equals("TEXT") || base.contains("CLOB") || base.equals("STRING")
                || base.equals("NAME") || base.equals("CITEXT")) {
            return Kind.TEXT;
        }
        return Kind.OTHER;
    }

    /**
     * The value to bind for a column.
     *
     * @param where describes the value's place for an error message, e.g. {@code rows[3].BIRTH_DATE (DATE)}
     */
    static Object coerce(Object v, Kind kind, Supplier<String> where) {
        try {
            return convert(v, kind);
        } catch (Mismatch m) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, where.get() + ": " + m.getMessage());
        }
    }

    /** A value that is not of its column's kind; the message says what it should have been. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The value to bind for a column of {@code kind}, without building an error context up front (imports convert
     * millions of values; the place is added by the caller when a value does not fit).
     */
    static Object convert(Object v, Kind kind) throws Mismatch {
        if (v == null) {
            return kind == Kind.OTHER ? new Binds.Untyped(null) : new Binds.Null(kind.sqlType);
        }
        try {
            return switch (kind) {
                case TEXT -> text(v);
                case INTEGER -> integer(v);
                case DECIMAL -> decimal(v);
                case FLOAT -> v instanceof Number n ? (Object) n.doubleValue() : (Object) Double.parseDouble(string(v).strip());
                case BOOLEAN -> bool(v);
                case DATE -> date(string(v).strip());
                case TIMESTAMP -> timestamp(string(v), false);
                case TIMESTAMP_TZ -> timestamp(string(v), true);
                case TIME -> LocalTime.parse(string(v).strip());
                case BINARY -> Base64.getDecoder().decode(WHITESPACE.matcher(string(v)).replaceAll("").replace('-', '+').replace('_', '/'));
                case OTHER -> v instanceof Number || v instanceof Boolean ? v : new Binds.Untyped(text(v));
            };
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            // NumberFormatException and Base64's complaint are IllegalArgumentExceptions; a DateTimeParseException is
            // a DateTimeException, as is LocalDate.of's complaint about a 30th of February.
            throw invalid(v, kind);
        }
    }

    private static String string(Object v) throws Mismatch {
        if (v instanceof String s) {
            return s;
        }
        throw new Mismatch(shown(v) + " is a " + jsonType(v) + "; this column takes a string (dates yyyy-mm-dd,"
                + " timestamps yyyy-mm-ddThh:mm:ss, bytes as base64).");
    }

    private static String text(Object v) throws Mismatch {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                throw new Mismatch("the value cannot be written as JSON text.");
            }
        }
        return v.toString();
    }

    private static Object integer(Object v) throws Mismatch {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            String t = s.strip();
            if (!t.isEmpty() && t.length() < 19 && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-')) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException notPlain) {
                    // 1e3, 12.0 …: the exact path below
                }
            }
        }
        BigDecimal d;
        if (v instanceof BigDecimal b) {
            d = b;
        } else if (v instanceof BigInteger b) {
            d = new BigDecimal(b);
        } else if (v instanceof Number n) {
            d = new BigDecimal(n.toString());
        } else if (v instanceof Boolean) {
            throw new NumberFormatException();
        } else {
            d = new BigDecimal(string(v).strip());
        }
        BigDecimal whole = d.stripTrailingZeros();
        if (whole.scale() > 0) {
            throw new NumberFormatException();
        }
        return whole.toBigInteger().bitLength() < 64 ? (Object) whole.longValueExact() : whole.setScale(0);
    }

    private static BigDecimal decimal(Object v) throws Mismatch {
        if (v instanceof BigDecimal b) {
            return b;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof Boolean) {
            throw new NumberFormatException();
        }
        return new BigDecimal(string(v).strip());
    }

    private static Boolean bool(Object v) throws Mismatch {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        return switch (string(v).strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1", "on" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0", "off" -> Boolean.FALSE;
            default -> throw new NumberFormatException();
        };
    }

    /** {@code yyyy-mm-dd}; the common shape is read by hand (an import converts millions), anything else by the parser. */
    private static LocalDate date(String s) {
        if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            int y = digits(s, 0, 4);
            int m = digits(s, 5, 7);
            int d = digits(s, 8, 10);
            if (y >= 0 && m >= 0 && d >= 0) {
                return LocalDate.of(y, m, d);
            }
        }
        return LocalDate.parse(s);
    }

    /** The number in {@code s[from, to)} when it is all ASCII digits, else -1. */
    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** {@code yyyy-mm-ddThh:mm:ss[.fffffffff]} (T or a space) without an offset, by hand; else null. */
    private static LocalDateTime plainDateTime(String s) {
        int n = s.length();
        if (n < 19 || n > 29 || (s.charAt(10) != 'T' && s.charAt(10) != ' ') || s.charAt(13) != ':'
                || s.charAt(16) != ':' || n > 19 && (s.charAt(19) != '.' || n == 20)) {
            return null;
        }
        int h = digits(s, 11, 13);
        int mi = digits(s, 14, 16);
        int sec = digits(s, 17, 19);
        int nanos = 0;
        if (n > 19) {
            int f = digits(s, 20, n);
            if (f < 0) {
                return null;
            }
            nanos = f;
            for (int i = n - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (h < 0 || mi < 0 || sec < 0 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        return LocalDateTime.of(date(s.substring(0, 10)), java.time.LocalTime.of(h, mi, sec, nanos));
    }

    /** ISO-8601 with {@code T} or a space; a date alone is midnight; an offset is kept for zoned columns. */
    private static Object timestamp(String raw, boolean zoned) {
        String s = raw.strip();
        if (s.length() == 10) {
            return date(s).atStartOfDay();
        }
        LocalDateTime plain = plainDateTime(s);
        if (plain != null) {
            return plain;
        }
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        // An offset (Z, +08, +08:00, -0530) follows the time; '-' before position 10 belongs to the date.
        int sign = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
        boolean offset = s.endsWith("Z") || sign > 10;
        if (offset) {
            OffsetDateTime odt = OffsetDateTime.parse(!s.endsWith("Z") && s.length() - sign == 3 ? s + ":00" : s);
            // A column without a zone stores the wall-clock time as written.
            return zoned ? odt : odt.toLocalDateTime();
        }
        return LocalDateTime.parse(s);
    }

    private static Mismatch invalid(Object v, Kind kind) {
        String expected = switch (kind) {
            case INTEGER -> "a whole number";
            case DECIMAL -> "a number";
            case FLOAT -> "a number";
            case BOOLEAN -> "true or false";
            case DATE -> "a date written yyyy-mm-dd";
            case TIMESTAMP, TIMESTAMP_TZ -> "a timestamp written yyyy-mm-ddThh:mm:ss (optionally .fff and an offset)";
            case TIME -> "a time written hh:mm:ss";
            case BINARY -> "bytes written as base64";
            default -> "text";
        };
        return new Mismatch(shown(v) + " is not " + expected + ". Nothing was changed.");
    }

    private static String shown(Object v) {
        String s = String.valueOf(v);
        s = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return v instanceof String ? "'" + s.replaceAll("\\p{Cntrl}", "?") + "'" : s;
    }

    private static String jsonType(Object v) {
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Map<?, ?>) {
            return "object";
        }
        if (v instanceof List<?>) {
            return "array";
        }
        return "value";
    }

    /** A bound value as it is shown to a caller (JSON-safe, like values read back). */
    static Object shownValue(Object bound) {
        if (bound == null || bound instanceof Binds.Null) {
            return null;
        }
        if (bound instanceof Binds.Untyped u) {
            return u.text();
        }
        if (bound instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (bound instanceof BigDecimal d) {
            return d.precision() <= 15 ? (Object) d.doubleValue() : d.toPlainString();
        }
        if (bound instanceof Long l) {
            return Math.abs(l) <= (1L << 53) ? (Object) l : l.toString();
        }
        if (bound instanceof String || bound instanceof Number || bound instanceof Boolean) {
            return bound;
        }
        return bound.toString();
    }
}
