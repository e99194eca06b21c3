package io.xugumcp.server.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns a JDBC value into a JSON-safe one: numbers that a JSON reader (a JavaScript double) holds exactly stay
 * numbers, larger ones become strings; dates and times become ISO-8601 strings (always from {@code getObject},
 * never {@code getString}, which appends " AD" in the XuguDB driver); binary becomes base64; LOBs are read.
 */
public final class ValueConverter {
    /** Integers up to 2^53 survive a JavaScript double. */
    private static final long MAX_SAFE = 9_007_199_254_740_991L;
    /** A decimal with up to 15 significant digits prints and parses back exactly as a double. */
    private static final int MAX_SAFE_DIGITS = 15;

    /** Always with seconds (LocalDateTime.toString drops ":00"), fractions only when present. */
    private static final java.time.format.DateTimeFormatter ISO_DATE_TIME = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    private static final java.time.format.DateTimeFormatter ISO_TIME = java.time.format.DateTimeFormatter.ISO_LOCAL_TIME;

    /**
     * XuguDB's non-standard JDBC type codes for DATETIME WITH TIME ZONE and TIME WITH TIME ZONE; {@code getObject}
     * gives text such as {@code "2024-01-02 03:04:05.0 -05:30"} and {@code "09:00:00 +08:00"} [V]. Its other codes
     * (INTERVAL 3001–3013, ROWVERSION 3399, GUID 3400, JSON 3700) also come back as text and are kept as the driver
     * writes them: INTERVAL in XuguDB's own form ({@code "1 1:1:1.000001"} for DAY TO SECOND), JSON as its text.
     */
    static final int XUGU_DATETIME_TZ = 3100;
    static final int XUGU_TIME_TZ = 3200;

    private static final java.util.regex.Pattern XUGU_TZ_DATETIME = java.util.regex.Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})? ([+-]\\d{2}:\\d{2})");
    private static final java.util.regex.Pattern XUGU_TZ_TIME = java.util.regex.Pattern.compile(
            "(\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})? ([+-]\\d{2}:\\d{2})");

    private ValueConverter() {
    }

    /** Reads column {@code i} (1-based) of the current row. */
    public static Object read(ResultSet rs, int i, int jdbcType) throws SQLException {
        if (jdbcType == Types.TIMESTAMP_WITH_TIMEZONE) {
            // getObject gives a Timestamp in the JVM's zone and drops the offset; ask for the offset explicitly.
            java.time.OffsetDateTime t = rs.getObject(i, java.time.OffsetDateTime.class);
            return t == null ? null : java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        Object v;
        try {
            v = rs.getObject(i);
        } catch (SQLException e) {
            return unreadable(rs, i, jdbcType, e);
        }
        if (v == null) {
            return null;
        }
        switch (jdbcType) {
            case Types.DATE:
                return dateValue(v);
            case XUGU_DATETIME_TZ:
                return v instanceof String text ? zonedDateTime(text) : convert(v);
            case XUGU_TIME_TZ:
                return v instanceof String text ? zonedTime(text) : convert(v);
            default:
                return convert(v);
        }
    }

    /**
     * A value {@code getObject} refuses (the XuguDB driver throws E50044 for NCHAR, user-defined types and a few
     * other codes [V]): its text ({@code getString}, else its character stream), else its bytes as base64. Never the text of a date or time: the XuguDB driver
     * appends the era (" AD") to it.
     */
    private static Object unreadable(ResultSet rs, int i, int jdbcType, SQLException original) throws SQLException {
        if (jdbcType == Types.DATE || jdbcType == Types.TIME || jdbcType == Types.TIMESTAMP
                || jdbcType == Types.TIME_WITH_TIMEZONE || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE
                || jdbcType == XUGU_DATETIME_TZ || jdbcType == XUGU_TIME_TZ) {
            throw original;
        }
        try {
            String text = rs.getString(i);
            if (text != null || rs.wasNull()) {
                return text;
            }
            // XuguDB NCHAR: getString gives null for a value that is not NULL; its character stream has the text [V].
            try (Reader r = rs.getCharacterStream(i)) {
                String streamed = r == null ? null : readAll(r);
                if (streamed != null && !streamed.isEmpty()) {
                    return streamed;
                }
            } catch (IOException | SQLException | RuntimeException notStreamed) {
                original.addSuppressed(notStreamed);
            }
        } catch (SQLException | RuntimeException notText) {
            original.addSuppressed(notText);
        }
        try {
            byte[] bytes = rs.getBytes(i);
            return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
        } catch (SQLException | RuntimeException notBytes) {
            original.addSuppressed(notBytes);
            throw original;
        }
    }

    /** {@code "2024-01-02 03:04:05.0 -05:30"} to ISO-8601 {@code "2024-01-02T03:04:05-05:30"}; other text as is. */
    static String zonedDateTime(String text) {
        java.util.regex.Matcher m = XUGU_TZ_DATETIME.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        try {
            java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(m.group(1) + "T" + m.group(2)
                    + (m.group(3) == null ? "" : m.group(3)) + m.group(4));
            return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        } catch (java.time.DateTimeException e) {
            return text;
        }
    }

    /** {@code "09:00:00 +08:00"} to ISO-8601 {@code "09:00:00+08:00"}; other text as is. */
    static String zonedTime(String text) {
        java.util.regex.Matcher m = XUGU_TZ_TIME.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        try {
            java.time.OffsetTime t = java.time.OffsetTime.parse(m.group(1) + (m.group(2) == null ? "" : m.group(2))
                    + m.group(3));
            return java.time.format.DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        } catch (java.time.DateTimeException e) {
            return text;
        }
    }

    /** Converts a value from {@code getObject}. */
    public static Object convert(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Long l) {
            return Math.abs(l) <= MAX_SAFE ? l : l.toString();
        }
        if (v instanceof BigDecimal d) {
            return decimal(d);
        }
        if (v instanceof BigInteger b) {
            return decimal(new BigDecimal(b));
        }
        if (v instanceof Float f) {
            // Through its decimal text: 0.1f stays 0.1 instead of becoming 0.10000000149011612.
            return Float.isFinite(f) ? (Object) Double.parseDouble(f.toString()) : f.toString();
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? (Object) d : String.valueOf(d);
        }
        if (v instanceof java.sql.Date || v instanceof java.sql.Time || v instanceof java.sql.Timestamp) {
            return dateValue(v);
        }
        if (v instanceof java.time.LocalDateTime t) {
            return ISO_DATE_TIME.format(t);
        }
        if (v instanceof java.time.LocalTime t) {
            return ISO_TIME.format(t);
        }
        if (v instanceof java.time.OffsetDateTime t) {
            return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (v instanceof TemporalAccessor) {
            return v.toString();
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Blob blob) {
            try {
                return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) Math.min(blob.length(), Integer.MAX_VALUE - 16)));
            } finally {
                blob.free();
            }
        }
        if (v instanceof Clob clob) {
            try (Reader r = clob.getCharacterStream()) {
                return readAll(r);
            } catch (IOException e) {
                throw new SQLException("could not read CLOB: " + e.getMessage(), e);
            } finally {
                clob.free();
            }
        }
        if (v instanceof InputStream in) {
            try (in) {
                return Base64.getEncoder().encodeToString(in.readAllBytes());
            } catch (IOException e) {
                throw new SQLException("could not read binary value: " + e.getMessage(), e);
            }
        }
        if (v instanceof java.sql.Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> out = new ArrayList<>(items.length);
            for (Object item : items) {
                out.add(convert(item));
            }
            return out;
        }
        if (v instanceof java.sql.SQLXML x) {
            return x.getString();
        }
        // UUID, PGobject (json, interval…), vendor types: their text form.
        return v.toString();
    }

    /**
     * A decimal keeps the scale the database gave it: {@code 1009780.00} from a DECIMAL(12,2) column stays
     * {@code 1009780.00} (the JSON text of the number), so whole values look like their neighbours. Whole numbers
     * without a fraction become integers; a value a JSON reader (a double) could not hold exactly – more than 15
     * significant digits, or an integer beyond 2^53 – becomes its plain text.
     */
    private static Object decimal(BigDecimal d) {
        if (d.scale() <= 0) {
            if (d.precision() - d.scale() <= 18) {
                long l = d.longValueExact();
                if (Math.abs(l) <= MAX_SAFE) {
                    return l;
                }
            }
            return d.toPlainString();
        }
        // Significant digits of the value itself: trailing zeros of the scale cost a double nothing.
        return d.stripTrailingZeros().precision() <= MAX_SAFE_DIGITS ? d : d.toPlainString();
    }

    private static Object dateValue(Object v) {
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Time t) {
            // toLocalTime() drops the milliseconds; the XuguDB driver's Time has them (and a date part in year 0000,
            // so getTime() is no use as milliseconds of the day) [V].
            return ISO_TIME.format(t.toLocalTime().withNano((int) Math.floorMod(t.getTime(), 1000L) * 1_000_000));
        }
        if (v instanceof java.sql.Timestamp t) {
            return ISO_DATE_TIME.format(t.toLocalDateTime());
        }
        return v.toString();
    }

    private static String readAll(Reader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = r.read(buf)) > 0) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    /** Rough JSON size of a converted value, for the byte cap. */
    public static long estimateSize(Object v) {
        if (v == null) {
            return 4;
        }
        if (v instanceof String s) {
            return s.length() + 2L + (s.length() >> 3);
        }
        if (v instanceof List<?> l) {
            long n = 2;
            for (Object o : l) {
                n += estimateSize(o) + 1;
            }
            return n;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString().length();
        }
        return v.toString().length();
    }
}
