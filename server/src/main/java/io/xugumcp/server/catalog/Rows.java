package io.xugumcp.server.catalog;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Clob;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lenient readers for catalog values: drivers disagree on types (XuguDB returns BIGINT as BigDecimal, booleans may
 * come back as numbers or {@code T}/{@code F}, PostgreSQL arrays as {@link Array}).
 */
final class Rows {

    private Rows() {
    }

    static String str(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Clob c) {
            long n = c.length();
            return n == 0 ? "" : c.getSubString(1, (int) Math.min(n, Integer.MAX_VALUE));
        }
        return v.toString();
    }

    /** A trimmed string, {@code null} for null or blank (comments and remarks: blank means none). */
    static String text(Object v) throws SQLException {
        String s = str(v);
        if (s == null) {
            return null;
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    static Long lng(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n instanceof BigDecimal d ? d.longValue() : n.longValue();
        }
        try {
            return new BigDecimal(v.toString().trim()).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int integer(Object v, int fallback) {
        Long l = lng(v);
        return l == null ? fallback : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
    }

    static Double dbl(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.valueOf(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True for Boolean true, non-zero numbers, and the texts t, true, y, yes, 1, on (any case). */
    static boolean bool(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
            case "t": case "true": case "y": case "yes": case "1": case "on":
                return true;
            default:
                return false;
        }
    }

    /** A JDBC array (or Java array) of texts as a list; {@code null} gives an empty list. */
    static List<String> strings(Object v) throws SQLException {
        if (v == null) {
            return List.of();
        }
        Object raw = v instanceof Array a ? a.getArray() : v;
        List<String> out = new ArrayList<>();
        if (raw instanceof Object[] items) {
            for (Object o : items) {
                out.add(o == null ? null : o.toString());
            }
            return out;
        }
        out.add(raw.toString());
        return out;
    }
}
