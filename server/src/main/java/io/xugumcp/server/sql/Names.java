package io.xugumcp.server.sql;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Checks and matches names given by callers. A name is only ever compared with names read from the catalog; it is
 * never put into SQL, so anything that is not an existing name simply fails to match. What is refused up front is
 * what cannot be an identifier at all.
 */
public final class Names {
    /** XuguDB allows 127 bytes, PostgreSQL 63, H2 256 characters: nothing longer can exist. */
    static final int MAX_LENGTH = 256;

    private Names() {
    }

    /** Refuses null, blank, over-long and control-character names; returns the name without surrounding quotes. */
    public static String check(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "A " + what + " name is required.");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The " + what + " name is " + name.length()
                    + " characters long; no " + what + " name is longer than " + MAX_LENGTH + ". Send the name only.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The " + what + " name " + show(name)
                        + " contains control characters; no " + what + " name does. Send the name only.");
            }
        }
        return unquote(name.strip());
    }

    /** {@code "Name"} → {@code Name} (with doubled quotes undone); anything else unchanged. */
    public static String unquote(String s) {
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            String inner = s.substring(1, s.length() - 1);
            if (!inner.replace("\"\"", "").contains("\"")) {
                return inner.replace("\"\"", "\"");
            }
        }
        return s;
    }

    /**
     * Splits {@code schema.table} (either part may be double-quoted, dots inside quotes do not split); {@code null}
     * when the text is not exactly two parts.
     */
    public static String[] splitQualified(String s) {
        boolean quoted = false;
        int dot = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                if (dot >= 0) {
                    return null;
                }
                dot = i;
            }
        }
        if (dot <= 0 || dot == s.length() - 1) {
            return null;
        }
        return new String[] {unquote(s.substring(0, dot).strip()), unquote(s.substring(dot + 1).strip())};
    }

    /** The name as it may be shown in a message: quoted, shortened, without line breaks. */
    public static String show(String name) {
        String s = name.length() > 60 ? name.substring(0, 60) + "…" : name;
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.append('\'').toString();
    }

    /** Up to {@code max} names close to {@code wanted}: small edit distance, or one containing the other. */
    public static List<String> closest(String wanted, List<String> names, int max) {
        String w = wanted.toLowerCase(Locale.ROOT);
        record Scored(String name, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String n : names) {
            String l = n.toLowerCase(Locale.ROOT);
            int d = distance(w, l, Math.max(w.length(), l.length()));
            int limit = Math.max(2, Math.min(w.length(), l.length()) / 3);
            if (d <= limit) {
                scored.add(new Scored(n, d));
            } else if (w.length() >= 3 && (l.contains(w) || w.contains(l) && l.length() >= 3)) {
                scored.add(new Scored(n, limit + 1 + Math.abs(l.length() - w.length())));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < max; i++) {
            out.add(scored.get(i).name());
        }
        return out;
    }

    /** Levenshtein distance, giving up (returning {@code cap + 1}) once it must exceed {@code cap}. */
    public static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) > cap) {
            return cap + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > cap) {
                return cap + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
