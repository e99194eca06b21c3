package io.xugumcp.server.write;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The first of two checks on a raw {@code where} text (the seed tools' parameter): it must be one boolean condition
 * and nothing else – no statement separator, no comment, balanced parentheses (so it cannot close the host's
 * parentheses and escape the structured conditions it is ANDed with), no words that write or change the schema, and
 * exactly as many {@code ?} as {@code where_params} has values. The second check is the SQL guard's reading of the
 * whole statement built around it ({@link StatementPlanner}): one statement of the expected kind.
 */
final class WhereFragment {
    static final int MAX_LENGTH = 4000;

    /** Words that have no business in a condition: they write, change the schema or control the session. */
    private static final Set<String> FORBIDDEN = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE",
            "DROP", "CREATE", "ALTER", "TRUNCATE", "RENAME", "GRANT", "REVOKE", "CALL", "EXEC", "EXECUTE", "DO",
            "COPY", "INTO", "SET", "COMMIT", "ROLLBACK", "SAVEPOINT", "BEGIN", "DECLARE", "LOCK", "RETURNING",
            "SHUTDOWN", "BACKUP", "RESTORE", "FLASHBACK", "PURGE", "USE", "LOAD", "NOTIFY", "LISTEN", "VACUUM");

    private WhereFragment() {
    }

    /** Checks the fragment; returns it stripped. */
    static String check(String where, int params) {
        String w = where.strip();
        if (w.length() > MAX_LENGTH) {
            throw refused("is " + w.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        int depth = 0;
        int placeholders = 0;
        int i = 0;
        int n = w.length();
        while (i < n) {
            char c = w.charAt(i);
            if (c == '\'') {
                i = skipQuoted(w, i, '\'');
                continue;
            }
            if (c == '"') {
                i = skipQuoted(w, i, '"');
                continue;
            }
            if (c == ';') {
                throw refused("contains ';': send one condition, not statements");
            }
            if (c == '-' && i + 1 < n && w.charAt(i + 1) == '-' || c == '/' && i + 1 < n && w.charAt(i + 1) == '*'
                    || c == '*' && i + 1 < n && w.charAt(i + 1) == '/' || c == '#') {
                throw refused("contains a comment marker (--, /*, */ or #)");
            }
            if (c == '\\' || c == '`' || c == '$' || c == '{' || c == '}') {
                throw refused("contains '" + c + "'; quote names with double quotes and pass values in where_params");
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                throw refused("contains a control character");
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) {
                    throw refused("closes a parenthesis it did not open");
                }
            } else if (c == '?') {
                placeholders++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(w.charAt(i)) || w.charAt(i) == '_')) {
                    i++;
                }
                String word = Normalizer.normalize(w.substring(start, i), Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
                if (FORBIDDEN.contains(word)) {
                    throw refused("contains " + word + ", which has no place in a condition");
                }
                // E'…' / U&'…' / X'…' literals follow other escaping rules in some databases: values go in where_params.
                if (i < n && w.charAt(i) == '\'' && word.length() <= 2) {
                    throw refused("contains a prefixed literal (" + word + "'…'); pass the value in where_params");
                }
                continue;
            }
            i++;
        }
        if (depth != 0) {
            throw refused("leaves " + depth + " parenthesis(es) open");
        }
        if (placeholders != params) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The where condition has " + placeholders
                    + " ? placeholder(s) but where_params has " + params + " value(s); give one value per ?.");
        }
        return w;
    }

    /** The index after the closing quote; a doubled quote is an escaped one. */
    private static int skipQuoted(String w, int open, char q) {
        int i = open + 1;
        while (i < w.length()) {
            if (w.charAt(i) == q) {
                if (i + 1 < w.length() && w.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (w.charAt(i) == '\\') {
                throw refused("contains a backslash inside a quoted text; pass such values in where_params");
            }
            i++;
        }
        throw refused("has an unterminated " + (q == '\'' ? "string" : "quoted name"));
    }

    private static ToolException refused(String why) {
        return new ToolException(ErrorCode.REJECTED, "The where condition " + why
                + ". Use 'filter' for structured conditions, or one SQL condition with ? for every value. Nothing was changed.");
    }
}
