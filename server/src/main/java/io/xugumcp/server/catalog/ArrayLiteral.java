package io.xugumcp.server.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL one-dimensional array literal such as {@code {1,"a b","x\"y",NULL}} into its elements. Used for
 * {@code pg_stats.histogram_bounds}, an {@code anyarray} that SQL cannot cast to {@code text[]} safely for every type,
 * so the text form is parsed here instead. Only for display: a malformed literal gives an empty list, never an error.
 */
final class ArrayLiteral {

    private ArrayLiteral() {
    }

    static List<String> parse(String literal) {
        if (literal == null) {
            return List.of();
        }
        String s = literal.strip();
        if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int depth = 0;
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < s.length() - 1) {
                    cur.append(s.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '{') {
                depth++;
                cur.append(c);
            } else if (c == '}') {
                depth--;
                cur.append(c);
            } else if (c == ',' && depth == 0) {
                out.add(element(cur, wasQuoted));
                cur.setLength(0);
                wasQuoted = false;
            } else {
                cur.append(c);
            }
        }
        if (quoted || depth != 0) {
            return List.of();
        }
        if (cur.length() > 0 || wasQuoted) {
            out.add(element(cur, wasQuoted));
        }
        return out;
    }

    private static String element(StringBuilder cur, boolean wasQuoted) {
        String v = wasQuoted ? cur.toString() : cur.toString().strip();
        return !wasQuoted && v.equalsIgnoreCase("NULL") ? null : v;
    }
}
