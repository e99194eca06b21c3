package io.xugumcp.server.db;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.sql.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The column types one database accepts, and a strict reader of a type as a caller wrote it. A type is a known name
 * (one or more words), optional numeric arguments in parentheses, one known modifier ({@code WITH TIME ZONE}, an
 * interval qualifier) and – where the database has arrays – {@code []}. Nothing else is accepted, so the text a
 * plugin puts into a column definition can never carry SQL of its own: the answer is rebuilt from the parsed parts.
 * Types the database lacks but callers often write (MySQL's {@code UNSIGNED}, {@code ENUM}, {@code YEAR} …) are
 * refused with the nearest type it has.
 */
public final class ColumnTypes {

    /** What may follow a type name in parentheses. */
    public enum Args {
        /** Nothing: {@code INTEGER}. */
        NONE,
        /** An optional length or precision: {@code CHAR}, {@code CHAR(10)}, {@code TIMESTAMP(3)}. */
        OPTIONAL_ONE,
        /** A required length: {@code VARCHAR(50)}. */
        REQUIRED_ONE,
        /** Optional precision and scale: {@code NUMERIC}, {@code NUMERIC(12)}, {@code NUMERIC(12,2)}. */
        PRECISION_SCALE
    }

    /** One accepted type name with its arguments and the modifiers that may follow them. */
    private record Spec(String name, Args args, Set<String> modifiers, boolean modifierRequired) {
    }

    /** Interval qualifiers, in the SQL standard's spelling (XuguDB, H2, PostgreSQL). */
    public static final Set<String> INTERVAL_FIELDS = Set.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND",
            "YEAR TO MONTH", "DAY TO HOUR", "DAY TO MINUTE", "DAY TO SECOND", "HOUR TO MINUTE", "HOUR TO SECOND",
            "MINUTE TO SECOND");

    /** Longest type text worth reading; real ones are far shorter. */
    private static final int MAX_TEXT = 120;
    /** Largest numeric argument: lengths and precisions of every supported database fit. */
    private static final long MAX_ARG = 2_147_483_647L;

    private final String database;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final Map<String, String> missing = new LinkedHashMap<>();
    private final boolean arrays;
    private int longestName = 1;

    private ColumnTypes(String database, boolean arrays) {
        this.database = database;
        this.arrays = arrays;
    }

    /** Starts the type list of {@code database} (its name as messages show it, e.g. {@code XuguDB}). */
    public static ColumnTypes of(String database) {
        return new ColumnTypes(database, false);
    }

    /** Like {@link #of} for a database with array types ({@code INTEGER[]}). */
    public static ColumnTypes withArrays(String database) {
        return new ColumnTypes(database, true);
    }

    /** Adds accepted names (aliases share the spec), each with {@code args} and the allowed modifiers. */
    public ColumnTypes type(Args args, Set<String> modifiers, String... names) {
        return add(args, modifiers, false, names);
    }

    /** Adds names that are only complete with one of {@code modifiers} ({@code INTERVAL DAY}, not {@code INTERVAL}). */
    public ColumnTypes typeWithModifier(Args args, Set<String> modifiers, String... names) {
        return add(args, modifiers, true, names);
    }

    private ColumnTypes add(Args args, Set<String> modifiers, boolean modifierRequired, String... names) {
        for (String n : names) {
            specs.put(n, new Spec(n, args, modifiers, modifierRequired));
            longestName = Math.max(longestName, n.split(" ").length);
        }
        return this;
    }

    /** Adds accepted names without modifiers. */
    public ColumnTypes type(Args args, String... names) {
        return type(args, Set.of(), names);
    }

    /**
     * Adds a name (or a word such as {@code UNSIGNED}) the database does not have, with the advice given instead.
     * The advice should name the nearest type it has.
     */
    public ColumnTypes missing(String name, String advice) {
        missing.put(name, advice);
        longestName = Math.max(longestName, name.split(" ").length);
        return this;
    }

    /** The accepted names, without arguments, in the order they were added. */
    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    /**
     * Reads {@code text} and returns the type as the database should receive it (upper case, single spaces).
     *
     * @throws ToolException {@code invalid_argument} naming what is wrong and what to write instead
     */
    public String check(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("A column type is required, e.g. VARCHAR(50), INTEGER or NUMERIC(12,2).");
        }
        String shown = shorten(text);
        if (text.length() > MAX_TEXT) {
            throw invalid("The column type " + shown + " is " + text.length() + " characters long; a type is a name with"
                    + " optional numeric arguments such as VARCHAR(50). Send the type only.");
        }
        List<String> tokens = tokenize(text, shown);
        List<String> words = leadingWords(tokens);
        int pos = 0;
        Spec spec = null;
        for (int n = Math.min(longestName, words.size()); n >= 1 && spec == null; n--) {
            spec = specs.get(String.join(" ", words.subList(0, n)));
            if (spec != null) {
                pos = n;
            }
        }
        // A longer name the database lacks (DOUBLE PRECISION on XuguDB, which has DOUBLE) gives its advice.
        for (int n = Math.min(longestName, words.size()); n > pos; n--) {
            adviseIfMissing(String.join(" ", words.subList(0, n)), shown);
        }
        if (spec == null) {
            throw unknown(words.isEmpty() ? shown : words.get(0), shown);
        }
        List<Long> args = new ArrayList<>();
        if (pos < tokens.size() && tokens.get(pos).equals("(")) {
            pos = readArgs(tokens, pos, args, shown);
        }
        List<String> modifier = new ArrayList<>();
        while (pos < tokens.size() && isWord(tokens.get(pos))) {
            modifier.add(tokens.get(pos++));
        }
        String m = String.join(" ", modifier);
        if (!modifier.isEmpty() && !spec.modifiers().contains(m)) {
            for (String w : modifier) {
                adviseIfMissing(w, shown); // UNSIGNED, ZEROFILL … (before the arguments: INT(10) UNSIGNED)
            }
            throw invalid("The column type " + shown + " has '" + m + "' after " + spec.name() + ", which " + database
                    + " does not accept there." + (spec.modifiers().isEmpty() ? " " + spec.name() + " takes no modifiers."
                    : " Allowed after " + spec.name() + ": " + String.join(", ", sorted(spec.modifiers())) + "."));
        }
        if (modifier.isEmpty() && spec.modifierRequired()) {
            throw invalid("The column type " + shown + ": " + spec.name() + " needs one of "
                    + String.join(", ", sorted(spec.modifiers())) + " after it in " + database + ", e.g. "
                    + spec.name() + " DAY TO SECOND.");
        }
        checkArgs(spec, args, shown);
        StringBuilder out = new StringBuilder(spec.name());
        if (!args.isEmpty()) {
            out.append('(');
            for (int i = 0; i < args.size(); i++) {
                out.append(i == 0 ? "" : ",").append(args.get(i));
            }
            out.append(')');
        }
        if (!modifier.isEmpty()) {
            out.append(' ').append(m);
        }
        while (arrays && pos + 1 < tokens.size() && tokens.get(pos).equals("[") && tokens.get(pos + 1).equals("]")) {
            out.append("[]");
            pos += 2;
        }
        if (pos < tokens.size()) {
            throw invalid("The column type " + shown + " has '" + tokens.get(pos) + "' where it should end. Write a type"
                    + " name with optional numeric arguments, e.g. " + example(spec) + ".");
        }
        return out.toString();
    }

    private void adviseIfMissing(String name, String shown) {
        String advice = missing.get(name);
        if (advice != null) {
            throw invalid(database + " has no " + name + " type (column type " + shown + "). " + advice);
        }
    }

    private int readArgs(List<String> tokens, int pos, List<Long> args, String shown) {
        pos++; // (
        while (true) {
            if (pos >= tokens.size() || !isNumber(tokens.get(pos))) {
                throw invalid("The column type " + shown + " must have whole numbers in its parentheses, e.g. VARCHAR(50)"
                        + " or NUMERIC(12,2).");
            }
            String digits = tokens.get(pos++);
            long v = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
            if (v > MAX_ARG) {
                throw invalid("The column type " + shown + " has the argument " + shorten(digits) + ", larger than "
                        + database + " accepts.");
            }
            args.add(v);
            if (pos < tokens.size() && tokens.get(pos).equals(",")) {
                pos++;
                continue;
            }
            if (pos < tokens.size() && tokens.get(pos).equals(")")) {
                return pos + 1;
            }
            throw invalid("The column type " + shown + " has unbalanced parentheses; write e.g. NUMERIC(12,2).");
        }
    }

    private void checkArgs(Spec spec, List<Long> args, String shown) {
        int n = args.size();
        switch (spec.args()) {
            case NONE -> {
                if (n > 0) {
                    throw invalid("The column type " + shown + ": " + spec.name() + " takes no arguments in " + database
                            + " (a display width such as INT(11) means nothing here). Write " + spec.name() + ".");
                }
            }
            case OPTIONAL_ONE -> {
                if (n > 1) {
                    throw invalid("The column type " + shown + ": " + spec.name() + " takes at most one argument, e.g. "
                            + spec.name() + "(10).");
                }
            }
            case REQUIRED_ONE -> {
                if (n != 1) {
                    throw invalid("The column type " + shown + ": " + spec.name() + " needs exactly one length in "
                            + database + ", e.g. " + spec.name() + "(100).");
                }
            }
            case PRECISION_SCALE -> {
                if (n > 2) {
                    throw invalid("The column type " + shown + ": " + spec.name() + " takes a precision and a scale at most,"
                            + " e.g. " + spec.name() + "(12,2).");
                }
                if (n == 2 && args.get(1) > args.get(0)) {
                    throw invalid("The column type " + shown + ": the scale " + args.get(1) + " is larger than the precision "
                            + args.get(0) + ".");
                }
            }
        }
        for (long a : args) {
            if (a == 0 && spec.args() != Args.PRECISION_SCALE && spec.args() != Args.OPTIONAL_ONE) {
                throw invalid("The column type " + shown + ": a length of 0 is not a length. Write e.g. " + example(spec) + ".");
            }
        }
        if (spec.args() == Args.PRECISION_SCALE && n >= 1 && args.get(0) == 0) {
            throw invalid("The column type " + shown + ": a precision of 0 is not a precision. Write e.g. "
                    + spec.name() + "(12,2).");
        }
    }

    private ToolException unknown(String word, String shown) {
        List<String> close = Names.closest(word, List.copyOf(specs.keySet()), 3);
        return invalid(database + " has no column type " + shown + "."
                + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?")
                + " Types it accepts: " + String.join(", ", specs.keySet()) + ".");
    }

    private static String example(Spec spec) {
        return switch (spec.args()) {
            case REQUIRED_ONE -> spec.name() + "(100)";
            case PRECISION_SCALE -> spec.name() + "(12,2)";
            default -> spec.name();
        };
    }

    /** Words, numbers and the punctuation a type may hold; anything else is refused with the character named. */
    private List<String> tokenize(String text, String shown) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (isAsciiLetter(c)) {
                int j = i;
                while (j < text.length() && (isAsciiLetter(text.charAt(j)) || isDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                out.add(text.substring(i, j).toUpperCase(Locale.ROOT));
                i = j;
            } else if (isDigit(c)) {
                int j = i;
                while (j < text.length() && isDigit(text.charAt(j))) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else if ("(),[]".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else {
                // ENUM('a','b') and SET(...) get their advice rather than "quote not allowed".
                List<String> words = leadingWords(out);
                if (!words.isEmpty()) {
                    adviseIfMissing(words.get(0), shown);
                }
                String what = c < 0x20 || c == 0x7f ? "a control character" : "'" + c + "'";
                throw invalid("The column type " + shown + " contains " + what + ", which no type does. Write a type name"
                        + " with optional numeric arguments, e.g. VARCHAR(50) or NUMERIC(12,2).");
            }
        }
        return out;
    }

    private static List<String> leadingWords(List<String> tokens) {
        List<String> words = new ArrayList<>();
        for (String t : tokens) {
            if (!isWord(t)) {
                break;
            }
            words.add(t);
        }
        return words;
    }

    private static boolean isWord(String t) {
        return !t.isEmpty() && isAsciiLetter(t.charAt(0));
    }

    private static boolean isNumber(String t) {
        return !t.isEmpty() && isDigit(t.charAt(0));
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static String shorten(String s) {
        StringBuilder sb = new StringBuilder("'");
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.append('\'').toString();
    }

    private static ToolException invalid(String message) {
        return new ToolException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
