package io.xugumcp.plugin.sqltools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the {@code :name} parameters of a declared statement and replaces each with a JDBC placeholder, so that every
 * value is bound and none can become SQL text. Text inside string literals, quoted identifiers, comments and
 * PostgreSQL dollar quotes is left alone, and {@code ::} (a PostgreSQL cast) is not a parameter. A bare {@code ?} is
 * refused: parameters are named, so the order of the values can never be mixed up.
 */
final class NamedParameters {

    /**
     * The statement with placeholders, and the parameter name of each placeholder in order.
     */
    record Parsed(String sql, List<String> names) {
    }

    private NamedParameters() {
    }

    /**
     * @param placeholders the text that replaces each parameter ({@code ?} or e.g. {@code CAST(? AS DATE)}); a name
     *                     missing here is replaced by {@code ?}
     * @throws IllegalArgumentException with a sentence saying what is wrong (an unclosed quote, a bare {@code ?})
     */
    static Parsed parse(String statement, Map<String, String> placeholders) {
        StringBuilder sql = new StringBuilder(statement.length() + 16);
        List<String> names = new ArrayList<>();
        int n = statement.length();
        int i = 0;
        while (i < n) {
            char c = statement.charAt(i);
            if (c == '\'') {
                boolean backslashes = i > 0 && (statement.charAt(i - 1) == 'E' || statement.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(statement.charAt(i - 2)));
                int end = quoted(statement, i, '\'', backslashes);
                sql.append(statement, i, end);
                i = end;
            } else if (c == '"' || c == '`') {
                int end = quoted(statement, i, c, false);
                sql.append(statement, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && statement.charAt(i + 1) == '-') {
                int end = statement.indexOf('\n', i);
                end = end < 0 ? n : end;
                sql.append(statement, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && statement.charAt(i + 1) == '*') {
                int end = statement.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("the statement has a /* comment that is never closed");
                }
                sql.append(statement, i, end + 2);
                i = end + 2;
            } else if (c == '$' && dollarTag(statement, i) != null) {
                String tag = dollarTag(statement, i);
                int end = statement.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new IllegalArgumentException("the statement has a " + tag + " quote that is never closed");
                }
                sql.append(statement, i, end + tag.length());
                i = end + tag.length();
            } else if (c == ':' && i + 1 < n && statement.charAt(i + 1) == ':') {
                sql.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(statement.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(statement.charAt(end))) {
                    end++;
                }
                String name = statement.substring(i + 1, end);
                names.add(name);
                sql.append(placeholders.getOrDefault(name, "?"));
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("the statement uses '?': name each parameter instead (:name) and"
                        + " declare it under parameters");
            } else {
                sql.append(c);
                i++;
            }
        }
        return new Parsed(sql.toString(), List.copyOf(names));
    }

    /** The index after the closing quote (a doubled quote character stands for itself). */
    private static int quoted(String s, int start, char quote, boolean backslashes) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        String what = quote == '\'' ? "string literal" : "quoted identifier";
        throw new IllegalArgumentException("the statement has a " + what + " that is never closed");
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, or null. */
    private static String dollarTag(String s, int i) {
        if (i > 0 && isNamePart(s.charAt(i - 1))) {
            return null;
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }

    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
