package io.xugumcp.server.llm;

import java.util.regex.Pattern;

/**
 * Removes an API key from text before it reaches a log line or an error message. Vendors echo keys back in errors,
 * whole or in part ({@code Incorrect API key provided: sk-proj-abcd****wxyz}), so any run of at least
 * {@value #MIN_FRAGMENT} characters that also occurs in the key is cut, and so is anything shaped like a bearer token
 * or a well-known key prefix, whoever's key it is.
 */
public final class Redactor {
    static final int MIN_FRAGMENT = 8;
    static final String MARK = "[redacted]";
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "(?i)(bearer\\s+)[^\\s\"',;]+|\\b(sk-|sk-ant-|sk-proj-)[A-Za-z0-9_*\\-]{6,}");

    private final String key;

    /** @param key the key to remove, or {@code null} when there is none */
    public Redactor(String key) {
        this.key = key == null || key.isBlank() ? null : key;
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (key != null) {
            out = out.replace(key, MARK);
            out = fragments(out);
        }
        return KEY_SHAPED.matcher(out).replaceAll(m -> m.group(1) != null ? m.group(1) + MARK : MARK);
    }

    /** Cuts every maximal run of the text that is a substring of the key and at least MIN_FRAGMENT long. */
    private String fragments(String text) {
        int min = Math.min(MIN_FRAGMENT, key.length());
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int len = longestKeyRunAt(text, i);
            if (len >= min) {
                out.append(MARK);
                i += len;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private int longestKeyRunAt(String text, int at) {
        int best = 0;
        for (int k = 0; k < key.length(); k++) {
            int n = 0;
            while (at + n < text.length() && k + n < key.length() && text.charAt(at + n) == key.charAt(k + n)) {
                n++;
            }
            best = Math.max(best, n);
        }
        return best;
    }
}
