package io.xugumcp.plugin.chat2sql;

import java.util.regex.Pattern;

/**
 * Database error messages as a model may see them: they can echo the data that failed ("value '13812345678' too long",
 * "duplicate key (id)=(42)"), so quoted literals and numbers are replaced by {@code ?}; quoted identifiers stay (the
 * model needs them), and the text is cut to a few hundred characters.
 */
final class Sanitize {
    static final int MAX_CHARS = 600;
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern PARENTHESISED_VALUE = Pattern.compile("=\\((?:[^()]|\\([^()]*\\))*\\)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}_$#.])[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?(?![\\p{L}_])");
    private static final Pattern CHINESE_QUOTED = Pattern.compile("[“‘「『][^”’」』]*[”’」』]");

    private Sanitize() {
    }

    static String error(String message) {
        if (message == null) {
            return "";
        }
        String s = SINGLE_QUOTED.matcher(message).replaceAll("'?'");
        s = CHINESE_QUOTED.matcher(s).replaceAll("“?”");
        s = PARENTHESISED_VALUE.matcher(s).replaceAll("=(?)");
        s = NUMBER.matcher(s).replaceAll("?");
        s = s.replaceAll("\\s+", " ").strip();
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "…" : s;
    }
}
