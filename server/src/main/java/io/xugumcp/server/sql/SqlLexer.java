package io.xugumcp.server.sql;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A conservative SQL tokenizer. It does not try to understand SQL; it only has to find out reliably where literals,
 * quoted identifiers and comments begin and end, because that decides where a statement ends and which words are code.
 * Lexical rules that differ between databases are {@link Feature}s, so the guard can lex a text once per plausible rule
 * set and keep the most dangerous reading.
 */
final class SqlLexer {

    /** Lexical rules that not every database shares. */
    enum Feature {
        /** MySQL style: a backslash escapes the next character inside '…' and "…". */
        BACKSLASH_ESCAPES,
        /** MySQL style: {@code #} starts a comment up to the end of the line. */
        HASH_COMMENTS,
        /** MySQL style: the body of {@code /*! … *}{@code /} is executed, so it is code, not a comment. */
        EXECUTABLE_COMMENTS,
        /** PostgreSQL style: {@code $tag$ … $tag$} is a string literal. */
        DOLLAR_QUOTES,
        /** Oracle style: {@code q'[ … ]'} is a string literal with its own delimiter. */
        Q_QUOTES,
        /** PostgreSQL style: block comments nest. */
        NESTED_COMMENTS,
        /** PostgreSQL style: {@code E'…'} strings use backslash escapes whatever the other settings are. */
        E_STRINGS
    }

    enum Type { WORD, QUOTED, STRING, NUMBER, PARAM, SYMBOL }

    /**
     * One token. {@code text} is the source text, except for quoted identifiers, where it is the name inside the
     * quotes. {@code key} is the upper-case, NFKC-normalised form of a word (null for other types), used for keyword
     * tests so that full-width look-alike letters cannot disguise a keyword.
     */
    record Token(Type type, String text, String key, int start, int end) {

        boolean is(String keyword) {
            return type == Type.WORD && keyword.equals(key);
        }

        boolean isSymbol(char c) {
            return type == Type.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }

        boolean isName() {
            return type == Type.WORD || type == Type.QUOTED;
        }
    }

    /**
     * @param doubts   reasons the token stream may not be what the database sees (unterminated literal or comment):
     *                 the statement kind then becomes UNKNOWN
     * @param problems reasons to refuse the text outright (look-alike or control characters)
     */
    record Result(String source, List<Token> tokens, Set<String> doubts, Set<String> problems) {
    }

    private SqlLexer() {
    }

    static Result lex(String sql, Set<Feature> features) {
        return new Run(sql, features).run();
    }

    /** Upper-case keyword form of a word; NFKC first, so that 'ＤＥＬＥＴＥ' is seen as DELETE. */
    static String keyOf(String word) {
        String w = word;
        for (int i = 0; i < w.length(); i++) {
            if (w.charAt(i) >= 0x80) {
                w = Normalizer.normalize(w, Normalizer.Form.NFKC);
                break;
            }
        }
        return w.toUpperCase(Locale.ROOT);
    }

    /** Mutable state of one tokenizer pass. */
    private static final class Run {
        private final String s;
        private final int n;
        private final Set<Feature> f;
        private final List<Token> tokens = new ArrayList<>();
        private final Set<String> doubts = new LinkedHashSet<>();
        private final Set<String> problems = new LinkedHashSet<>();
        private int i;
        private boolean inExecutableComment;

        Run(String sql, Set<Feature> features) {
            this.s = sql;
            this.n = sql.length();
            this.f = features;
        }

        Result run() {
            while (i < n) {
                step();
            }
            if (inExecutableComment) {
                doubts.add("has an unterminated /*! … */ comment");
            }
            return new Result(s, List.copyOf(tokens), doubts, problems);
        }

        private void step() {
            char c = s.charAt(i);
            char c1 = at(i + 1);
            if (isSpace(c)) {
                i++;
            } else if (c == '-' && c1 == '-' || c == '#' && f.contains(Feature.HASH_COMMENTS)) {
                lineComment();
            } else if (c == '/' && c1 == '*') {
                if (f.contains(Feature.EXECUTABLE_COMMENTS) && (at(i + 2) == '!' || at(i + 2) == 'M' && at(i + 3) == '!')) {
                    openExecutableComment();
                } else {
                    blockComment();
                }
            } else if (c == '*' && c1 == '/' && inExecutableComment) {
                inExecutableComment = false;
                i += 2;
            } else if (c == '\'') {
                quoted(i, '\'', Type.STRING, f.contains(Feature.BACKSLASH_ESCAPES));
            } else if (c == '"') {
                quoted(i, '"', Type.QUOTED, f.contains(Feature.BACKSLASH_ESCAPES));
            } else if (c == '`') {
                quoted(i, '`', Type.QUOTED, false);
            } else if (c == '$' && f.contains(Feature.DOLLAR_QUOTES) && dollarQuote()) {
                // consumed
            } else if ((c == '$' || c == '?') && (c == '?' || isDigit(c1))) {
                int start = i++;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                add(Type.PARAM, start);
            } else if (c == ':' && c1 == ':') {
                i += 2;
                add(Type.SYMBOL, i - 2);
            } else if (c == ':' && (isDigit(c1) || isIdentStart(s.codePointAt(i + 1 < n ? i + 1 : i)))) {
                // Oracle bind variables, named (:dept) or positional (:1)
                int start = i++;
                skipIdentifierPart();
                add(Type.PARAM, start);
            } else if (isIdentStart(s.codePointAt(i))) {
                word();
            } else if (isDigit(c) || c == '.' && isDigit(c1)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
                    i++;
                }
                add(Type.NUMBER, start);
            } else {
                symbol();
            }
        }

        private void symbol() {
            int cp = s.codePointAt(i);
            int start = i;
            i += Character.charCount(cp);
            if (cp == 0) {
                problems.add("contains a NUL character; remove it");
            } else if (cp < 0x20 || cp == 0x7f || cp >= 0x80 && cp < 0xa0 || Character.getType(cp) == Character.FORMAT) {
                // Invisible characters outside literals can split or join keywords differently in the database.
                problems.add(String.format("contains the invisible character U+%04X outside quotes; remove it", cp));
                doubts.add("contains an invisible character outside quotes");
            } else if (cp >= 0x80) {
                // Full-width '；', '＇' and friends: some tools normalise them to ASCII, so they could end a statement.
                problems.add(String.format("contains '%s' (U+%04X) outside quotes; use ASCII punctuation instead "
                        + "(look-alike characters can hide a second statement)", new String(Character.toChars(cp)), cp));
                doubts.add("contains non-ASCII punctuation outside quotes");
            }
            add(Type.SYMBOL, start);
        }

        private void word() {
            int start = i;
            skipIdentifierPart();
            String w = s.substring(start, i);
            char next = at(i);
            if (next == '\'' && f.contains(Feature.Q_QUOTES) && (w.equalsIgnoreCase("q") || w.equalsIgnoreCase("nq"))
                    && i + 1 < n && !isSpace(s.charAt(i + 1))) {
                qQuote(start);
            } else if (next == '\'' && f.contains(Feature.E_STRINGS) && w.equalsIgnoreCase("e")) {
                quoted(start, '\'', Type.STRING, true);
            } else if (next == '&' && at(i + 1) == '"' && w.equalsIgnoreCase("u")) {
                // U&"\0065mp" names the table emp: the name as written is not the name the database uses.
                doubts.add("has a U&\"…\" identifier, whose escapes the guard does not decode");
                i++;
                quoted(start, '"', Type.QUOTED, false);
            } else {
                tokens.add(new Token(Type.WORD, w, keyOf(w), start, i));
            }
        }

        private void skipIdentifierPart() {
            while (i < n) {
                int cp = s.codePointAt(i);
                // With MySQL '#' comments, 'a#b' is the word a followed by a comment, not one word.
                if (!isIdentPart(cp) || cp == '#' && f.contains(Feature.HASH_COMMENTS)) {
                    return;
                }
                i += Character.charCount(cp);
            }
        }

        /** A literal or quoted identifier opening at {@code i}; {@code start} may be earlier (prefix such as E). */
        private void quoted(int start, char quote, Type type, boolean backslash) {
            int j = i + 1;
            StringBuilder name = new StringBuilder();   // only kept for quoted identifiers
            while (j < n) {
                char ch = s.charAt(j);
                if (ch == 0) {
                    problems.add("contains a NUL character; remove it");
                }
                if (backslash && ch == '\\' && j + 1 < n) {
                    name.append(s.charAt(j + 1));
                    j += 2;
                } else if (ch == quote && at(j + 1) == quote) {
                    name.append(quote);
                    j += 2;
                } else if (ch == quote) {
                    i = j + 1;
                    String text = type == Type.QUOTED ? name.toString() : s.substring(start, i);
                    tokens.add(new Token(type, text, null, start, i));
                    return;
                } else {
                    if (type == Type.QUOTED) {
                        name.append(ch);
                    }
                    j++;
                }
            }
            doubts.add(type == Type.STRING ? "has an unterminated string literal" : "has an unterminated quoted identifier");
            i = n;
            tokens.add(new Token(type, s.substring(start), null, start, n));
        }

        /** Oracle q'X…X' literal; the word q or nq has already been consumed and {@code i} is at the quote. */
        private void qQuote(int start) {
            char open = s.charAt(i + 1);
            char close = switch (open) {
                case '[' -> ']';
                case '(' -> ')';
                case '{' -> '}';
                case '<' -> '>';
                default -> open;
            };
            int end = s.indexOf(close + "'", i + 2);
            if (end < 0) {
                doubts.add("has an unterminated q'…' literal");
                i = n;
            } else {
                i = end + 2;
            }
            tokens.add(new Token(Type.STRING, s.substring(start, i), null, start, i));
        }

        /** PostgreSQL $tag$…$tag$; returns false when the text at {@code i} is not a dollar quote opener. */
        private boolean dollarQuote() {
            int j = i + 1;
            if (j < n && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
            }
            if (at(j) != '$') {
                return false;
            }
            String tag = s.substring(i, j + 1);
            int end = s.indexOf(tag, j + 1);
            int start = i;
            if (end < 0) {
                doubts.add("has an unterminated $$ literal");
                i = n;
            } else {
                i = end + tag.length();
            }
            tokens.add(new Token(Type.STRING, s.substring(start, i), null, start, i));
            return true;
        }

        private void lineComment() {
            while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                char ch = s.charAt(i);
                if (ch == '\u000b' || ch == '\f' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') {
                    // Some lexers end a line comment here and some do not: the rest of the line is ambiguous.
                    problems.add(String.format("has the unusual line break U+%04X inside a -- comment; use \\n", (int) ch));
                } else if (ch == 0) {
                    problems.add("contains a NUL character; remove it");
                }
                i++;
            }
        }

        private void blockComment() {
            boolean nested = f.contains(Feature.NESTED_COMMENTS);
            int depth = 1;
            int j = i + 2;
            while (j < n) {
                if (s.charAt(j) == '*' && at(j + 1) == '/') {
                    j += 2;
                    if (--depth == 0) {
                        i = j;
                        return;
                    }
                } else if (nested && s.charAt(j) == '/' && at(j + 1) == '*') {
                    depth++;
                    j += 2;
                } else {
                    j++;
                }
            }
            doubts.add("has an unterminated /* comment");
            i = n;
        }

        private void openExecutableComment() {
            i += s.charAt(i + 2) == 'M' ? 4 : 3;
            while (i < n && isDigit(s.charAt(i))) {
                i++;   // MySQL version number: /*!50000 … */
            }
            inExecutableComment = true;
        }

        private void add(Type type, int start) {
            String text = s.substring(start, i);
            tokens.add(new Token(type, text, null, start, i));
        }

        private char at(int k) {
            return k < n ? s.charAt(k) : '\0';
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b'
                || c >= 0xa0 && (Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(int cp) {
        return Character.isLetter(cp) || cp == '_';
    }

    private static boolean isIdentPart(int cp) {
        // '$' and '#' belong to Oracle identifiers (SYS$X, EMP#).
        int type = Character.getType(cp);
        return Character.isLetterOrDigit(cp) || cp == '_' || cp == '$' || cp == '#'
                || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
