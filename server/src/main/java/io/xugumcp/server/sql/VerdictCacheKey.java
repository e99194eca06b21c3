package io.xugumcp.server.sql;

/**
 * The key under which the guard caches a verdict: the text with "plain" literals blanked out, so that the same
 * statement with other values ({@code WHERE id = 7}, {@code WHERE name = 'bob'}) reuses one verdict.
 *
 * <p>Only literals that every lexical reading of the guard agrees on are blanked: a single-quoted run whose content is
 * letters, digits, spaces and {@code _ . : , +} only and no prefix letter (q'…', N'…', E'…'), and digit runs that are not part of a name. The scan gives up –
 * the rest of the text stays in the key verbatim – at the first thing whose reading could depend on the lexer's
 * rules: a quoted run with any other content, a comment marker, a double-quoted or back-quoted name holding a quote,
 * or anything unterminated. So two texts share a key only when they differ solely inside such plain literals, which
 * can change neither the statement kind, nor the statement count, nor the tables.
 */
final class VerdictCacheKey {

    private VerdictCacheKey() {
    }

    static String of(String sql) {
        StringBuilder key = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int close = sql.indexOf('\'', i + 1);
                // A prefixed quote (q'…', N'…', E'…', X'…') may follow other rules in some reading: give up.
                boolean prefixed = i > 0 && namePart(sql.charAt(i - 1));
                if (prefixed || close < 0 || !plain(sql, i + 1, close) || (close + 1 < n && sql.charAt(close + 1) == '\'')) {
                    return key.append(sql, i, n).toString();
                }
                key.append("'?'");
                i = close + 1;
            } else if (c == '"' || c == '`') {
                int close = sql.indexOf(c, i + 1);
                if (close < 0 || sql.substring(i + 1, close).indexOf('\'') >= 0) {
                    return key.append(sql, i, n).toString();
                }
                key.append(sql, i, close + 1);
                i = close + 1;
            } else if (c == '#' || (c == '-' || c == '/') && i + 1 < n && sql.charAt(i + 1) == (c == '-' ? '-' : '*')) {
                return key.append(sql, i, n).toString();
            } else if (c >= '0' && c <= '9' && (i == 0 || !namePart(sql.charAt(i - 1)))) {
                int end = i;
                while (end < n && sql.charAt(end) >= '0' && sql.charAt(end) <= '9') {
                    end++;
                }
                key.append(end < n && namePart(sql.charAt(end)) ? sql.substring(i, end) : "0");
                i = end;
            } else {
                key.append(c);
                i++;
            }
        }
        return key.toString();
    }

    private static boolean plain(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ' ' || c == '_' || c == '.' || c == ':' || c == ',' || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean namePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@';
    }
}
