package io.xugumcp.plugin.ddl;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The condition of a check constraint, rebuilt token by token from what a caller wrote. Only the table's columns,
 * literals, comparison and arithmetic operators, a few keywords ({@code AND}, {@code IN}, {@code BETWEEN},
 * {@code LIKE}, {@code IS NULL}, {@code CASE} …) and a few pure functions ({@code LENGTH}, {@code UPPER} …) are
 * accepted; columns come back quoted in their exact spelling and literals re-escaped. So a condition cannot end the
 * statement, open a comment, call a function with side effects or read another table.
 */
final class CheckExpressions {
    static final int MAX_LENGTH = 2000;
    private static final int MAX_DEPTH = 32;

    static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "BETWEEN",
            "LIKE", "ESCAPE", "CASE", "WHEN", "THEN", "ELSE", "END");
    static final Set<String> FUNCTIONS = Set.of("LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "UPPER", "LOWER", "TRIM",
            "ABS", "MOD", "ROUND", "FLOOR", "CEIL", "COALESCE", "NULLIF", "SUBSTR");
    /** Typed literals: only before a string literal ({@code DATE '2024-01-01'}). */
    private static final Set<String> LITERAL_PREFIXES = Set.of("DATE", "TIME", "TIMESTAMP");

    private CheckExpressions() {
    }

    /**
     * @param columns resolves a caller's column name to its exact spelling, or returns {@code null} when the table has
     *                no such column
     * @param where   the argument's path for messages
     */
    static String render(String text, Function<String, String> columns, Forms forms, String where) {
        if (text == null || text.isBlank()) {
            throw invalid(where, "is empty; write a condition such as price > 0");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid(where, "is " + text.length() + " characters long; a check condition may have at most " + MAX_LENGTH);
        }
        StringBuilder out = new StringBuilder();
        int depth = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            String token;
            if (c == '\'') {
                StringBuilder lit = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw invalid(where, "has a string literal that is never closed");
                    }
                    char d = text.charAt(j);
                    if (d == '\'') {
                        if (j + 1 < n && text.charAt(j + 1) == '\'') {
                            lit.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    lit.append(d);
                    j++;
                }
                token = forms.literal(lit.toString(), where);
                i = j + 1;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
                int j = i;
                while (j < n && (isDigit(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                if (j < n && (text.charAt(j) == 'e' || text.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && isDigit(text.charAt(k))) {
                        j = k;
                        while (j < n && isDigit(text.charAt(j))) {
                            j++;
                        }
                    }
                }
                token = text.substring(i, j);
                if (token.chars().filter(ch -> ch == '.').count() > 1) {
                    throw invalid(where, "has the number '" + token + "', which is not one");
                }
                i = j;
            } else if (c == '"') {
                int j = i + 1;
                StringBuilder name = new StringBuilder();
                while (true) {
                    if (j >= n) {
                        throw invalid(where, "has a quoted name that is never closed");
                    }
                    char d = text.charAt(j);
                    if (d == '"') {
                        if (j + 1 < n && text.charAt(j + 1) == '"') {
                            name.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(d);
                    j++;
                }
                token = column(name.toString(), columns, forms, where);
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_' || text.charAt(j) == '$')) {
                    j++;
                }
                String word = text.substring(i, j);
                String upper = word.toUpperCase(Locale.ROOT);
                int next = skipSpaces(text, j);
                boolean call = next < n && text.charAt(next) == '(';
                boolean beforeLiteral = next < n && text.charAt(next) == '\'';
                // Keywords win over a column spelt the same; such a column is written in double quotes.
                String col;
                if (KEYWORDS.contains(upper)) {
                    token = upper;
                } else if (call && FUNCTIONS.contains(upper)) {
                    token = upper;
                } else if (beforeLiteral && LITERAL_PREFIXES.contains(upper)) {
                    token = upper;
                } else if ((col = columns.apply(word)) != null) {
                    token = forms.quote(col);
                } else {
                    throw invalid(where, "uses '" + Idents.show(word).replace("'", "") + "', which is neither a column of"
                            + " the table nor an allowed keyword or function. Allowed: the table's columns, literals,"
                            + " = <> < <= > >= + - * / %, ||, " + String.join(" ", KEYWORDS.stream().sorted().toList())
                            + ", and the functions " + String.join(", ", FUNCTIONS.stream().sorted().toList()));
                }
                i = j;
            } else {
                String two = i + 1 < n ? text.substring(i, i + 2) : "";
                switch (two) {
                    case "<>", "<=", ">=", "||" -> {
                        token = two;
                        i += 2;
                    }
                    case "!=" -> {
                        token = "<>";
                        i += 2;
                    }
                    case "--", "/*" -> throw invalid(where, "contains a comment marker (" + two + "); a condition has none");
                    default -> {
                        switch (c) {
                            case '=', '<', '>', '+', '-', '*', '/', '%', ',' -> token = String.valueOf(c);
                            case '(' -> {
                                if (++depth > MAX_DEPTH) {
                                    throw invalid(where, "nests parentheses deeper than " + MAX_DEPTH);
                                }
                                token = "(";
                            }
                            case ')' -> {
                                if (--depth < 0) {
                                    throw invalid(where, "closes a parenthesis that was never opened");
                                }
                                token = ")";
                            }
                            case ';' -> throw invalid(where, "contains ';'; a condition is one expression, not statements");
                            default -> throw invalid(where, "contains " + (Character.isISOControl(c) ? "a control character"
                                    : "'" + c + "'") + ", which a check condition here may not");
                        }
                        i++;
                    }
                }
            }
            append(out, token);
        }
        if (depth != 0) {
            throw invalid(where, "leaves " + depth + " parenthesis(es) open");
        }
        if (out.isEmpty()) {
            throw invalid(where, "is empty; write a condition such as price > 0");
        }
        return out.toString();
    }

    private static String column(String name, Function<String, String> columns, Forms forms, String where) {
        // Quoted: exactly this spelling, as the database would read it.
        String col = columns.apply("\"" + name.replace("\"", "\"\"") + "\"");
        if (col == null) {
            throw invalid(where, "names the column \"" + Idents.show(name).replace("'", "") + "\", which the table does not have");
        }
        return forms.quote(col);
    }

    /** Spaces between tokens, none after '(' or before ')' and ','. */
    private static void append(StringBuilder out, String token) {
        if (!out.isEmpty()) {
            char last = out.charAt(out.length() - 1);
            boolean tight = last == '(' || token.equals(")") || token.equals(",")
                    || token.equals("(") && isWordEnd(out);
            if (!tight) {
                out.append(' ');
            }
        }
        out.append(token);
    }

    /** A function name directly before '(' stays attached: LENGTH(x). */
    private static boolean isWordEnd(StringBuilder out) {
        int k = out.length() - 1;
        while (k >= 0 && (Character.isLetterOrDigit(out.charAt(k)) || out.charAt(k) == '_')) {
            k--;
        }
        String word = out.substring(k + 1).toUpperCase(Locale.ROOT);
        return FUNCTIONS.contains(word);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static ToolException invalid(String where, String what) {
        return new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " " + what + ".");
    }
}
