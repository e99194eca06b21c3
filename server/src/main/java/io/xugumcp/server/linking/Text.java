package io.xugumcp.server.linking;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How names, comments and questions are cut into the pieces the linker compares: Latin words (identifiers split at
 * {@code _}, other separators, camelCase humps and letter–digit boundaries; lower case; plural endings folded) and
 * CJK characters and two-character pieces (Chinese has no spaces, so 订单金额 yields 订单, 单金, 金额 and the single
 * characters).
 */
final class Text {

    /** Function characters that carry no subject in a question; they separate Chinese pieces. */
    static final String CJK_STOP = "的了是吗呢吧啊哪些个和与及或在里这那都请我你们有什么怎样如何把被从以其每各按给并且将该此找显示多少几表";

    /** English words that say nothing about which table is meant. */
    static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "with", "by", "from", "is", "are", "was",
            "were", "be", "been", "which", "what", "where", "who", "whom", "whose", "how", "show", "list", "find",
            "get", "give", "me", "all", "any", "each", "every", "that", "this", "these", "those", "do", "does",
            "did", "there", "have", "has", "had", "about", "please", "i", "we", "my", "our", "it", "its", "their",
            "them", "they", "than", "then", "as", "at", "also", "but", "not", "no", "yes", "many", "much", "number",
            "count", "total", "sum", "average", "avg", "mean", "max", "maximum", "min", "minimum", "most", "least",
            "more", "less", "greater", "larger", "smaller", "fewer", "highest", "lowest", "top", "first", "last",
            "ordered", "sort", "sorted", "descending", "ascending", "distinct", "different", "unique", "return",
            "tell", "know", "want", "can", "could", "would", "should", "will", "one", "two", "three", "both",
            "either", "other", "only", "same", "such", "into", "per", "between", "over", "under", "whether", "when",
            "while", "if", "so", "up", "out", "off", "just", "some", "ones", "s", "t", "name", "names", "id", "ids",
            "data", "info", "information", "table", "tables", "record", "records", "value", "values", "result",
            "results", "corresponding", "respectively", "including", "include", "includes", "along", "together",
            "having", "being");

    /**
     * Words kept as stop words only in questions: in names they do mean something ({@code order_id}, {@code name}),
     * but a question says "order by" and "the name of" without pointing at a table.
     */
    static boolean questionStop(String w) {
        return STOP_WORDS.contains(w);
    }

    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("people", "person"), Map.entry("children", "child"), Map.entry("men", "man"),
            Map.entry("women", "woman"), Map.entry("feet", "foot"), Map.entry("teeth", "tooth"),
            Map.entry("mice", "mouse"), Map.entry("geese", "goose"), Map.entry("data", "data"),
            Map.entry("series", "series"), Map.entry("species", "species"), Map.entry("status", "status"),
            Map.entry("address", "address"), Map.entry("business", "business"), Map.entry("analysis", "analysis"),
            Map.entry("bus", "bus"), Map.entry("campus", "campus"), Map.entry("gas", "gas"),
            Map.entry("news", "news"), Map.entry("class", "class"), Map.entry("access", "access"));

    private Text() {
    }

    /** Full-width forms to ASCII (ＯＲＤＥＲ → order), lower case. */
    static String normalize(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }

    static boolean hasCjk(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isCjk(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * A word's comparison key: plural endings folded (orders → order, categories → category, people → person), then
     * -ing and -ed (hiring, hired → hir; published → publish), then a final e (hire → hir), so the forms of one word
     * meet. Applied alike to names and questions; short words stay as they are.
     */
    static String stem(String w) {
        String irregular = IRREGULAR.get(w);
        if (irregular != null) {
            return irregular;
        }
        String s = plural(w);
        if (s.length() > 5 && s.endsWith("ing") && vowelIn(s, s.length() - 3)) {
            s = undouble(s.substring(0, s.length() - 3));
        } else if (s.length() > 4 && s.endsWith("ed") && !s.endsWith("eed") && vowelIn(s, s.length() - 2)) {
            s = undouble(s.substring(0, s.length() - 2));
        }
        if (s.length() > 3 && s.endsWith("e") && !s.endsWith("ee")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String plural(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")
                || w.endsWith("zes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** True when the first {@code end} characters hold a vowel (sing-ing has a stem, str-ing does not count). */
    private static boolean vowelIn(String s, int end) {
        if (end < 3) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            if ("aeiouy".indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** running → run, planned → plan (but fall, miss, buzz keep their pair). */
    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "aeiouslz".indexOf(s.charAt(n - 1)) < 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    /**
     * The Latin words of an identifier or a text, lower case: split at anything not a letter or digit, at camelCase
     * humps ({@code orderItem}, {@code HTTPServer} → http, server) and between letters and digits; CJK characters
     * separate words and are not returned.
     */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean alnum = Character.isLetterOrDigit(c) && !isCjk(c);
            if (!alnum) {
                flush(cur, out);
                continue;
            }
            if (cur.length() > 0) {
                char p = cur.charAt(cur.length() - 1);
                boolean hump = Character.isUpperCase(c) && Character.isLowerCase(p);
                // HTTPServer: the S starts a word when a lower-case letter follows it.
                boolean acronymEnd = Character.isUpperCase(c) && Character.isUpperCase(p) && i + 1 < n
                        && Character.isLowerCase(s.charAt(i + 1));
                boolean digitEdge = Character.isDigit(c) != Character.isDigit(p);
                if (hump || acronymEnd || digitEdge) {
                    flush(cur, out);
                }
            }
            cur.append(c);
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (cur.length() > 0) {
            out.add(normalize(cur.toString()));
            cur.setLength(0);
        }
    }

    /** The runs of CJK characters of a text (normalized), in order. */
    static List<String> cjkRuns(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isCjk(cp)) {
                run.appendCodePoint(cp);
            } else if (run.length() > 0) {
                out.add(run.toString());
                run.setLength(0);
            }
        }
        if (run.length() > 0) {
            out.add(run.toString());
        }
        return out;
    }

    /** The single characters and two-character pieces of a CJK run. */
    static void grams(String run, List<String> out) {
        int[] cps = run.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            out.add(new String(cps, i, 1));
            if (i + 1 < cps.length) {
                out.add(new String(cps, i, 2));
            }
        }
    }

    /** A CJK run of a question cut at function characters (的, 哪, 些 …), which belong to no name. */
    static List<String> questionRuns(String run) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        run.codePoints().forEach(cp -> {
            if (CJK_STOP.indexOf(cp) >= 0) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.appendCodePoint(cp);
            }
        });
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
