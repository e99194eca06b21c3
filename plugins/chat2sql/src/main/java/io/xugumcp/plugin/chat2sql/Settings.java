package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.PluginConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plugin's configuration ({@code plugins.chat2sql.*}, see the host's reference.conf), read once at start; a bad
 * value stops the plugin with the key and the reason.
 *
 * @param standalone       {@code CHAT2SQL_MODE=standalone}: the server asks the configured model too
 * @param tokenBudget      schema text a question may cost, in estimated tokens
 * @param maxTables        default cap on linked tables; 0 = the budget decides
 * @param maxRounds        model rounds of the correction loop
 * @param sampleValues     send example values of columns to models (off: schema only)
 * @param maxExamples      example values per column when they are sent
 * @param personalColumns  extra name or comment pieces of columns whose values are never sent
 * @param wideColumns      a table with at least this many columns is "wide" for SELECT *
 * @param largeRows        a table with at least this many (estimated) rows is "large" for a missing LIMIT
 * @param answerTokens     the most output tokens one model answer may use (0 = the provider's configured limit)
 */
record Settings(boolean standalone, int tokenBudget, int maxTables, int maxRounds, boolean sampleValues,
                int maxExamples, List<String> personalColumns, int wideColumns, long largeRows, int answerTokens) {

    static final Settings DEFAULTS = new Settings(false, 1500, 0, 3, false, 3, List.of(), 12, 10_000, 0);

    static Settings from(PluginConfig c) {
        String mode = c.getString("mode", "lightweight").strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("lightweight") && !mode.equals("standalone")) {
            throw new IllegalArgumentException("config key 'mode' (CHAT2SQL_MODE) must be lightweight or standalone, got '"
                    + mode + "'");
        }
        return new Settings(mode.equals("standalone"),
                bounded(c, "token-budget", DEFAULTS.tokenBudget, 200, 200_000),
                bounded(c, "max-tables", DEFAULTS.maxTables, 0, 1000),
                bounded(c, "max-rounds", DEFAULTS.maxRounds, 1, 10),
                c.getBoolean("sample-values", DEFAULTS.sampleValues),
                bounded(c, "max-examples", DEFAULTS.maxExamples, 0, 10),
                list(c.getString("personal-columns", "")),
                bounded(c, "review.wide-columns", DEFAULTS.wideColumns, 1, 10_000),
                bounded(c, "review.large-rows", (int) DEFAULTS.largeRows, 0, Integer.MAX_VALUE),
                bounded(c, "answer-max-tokens", DEFAULTS.answerTokens, 0, 200_000));
    }

    private static int bounded(PluginConfig c, String key, int def, int min, int max) {
        int v = c.getInt(key, def);
        if (v < min || v > max) {
            throw new IllegalArgumentException("config key '" + key + "' must be between " + min + " and " + max
                    + ", got " + v);
        }
        return v;
    }

    /** A HOCON list as the flat view shows it ({@code [a, b]}), or a comma-separated string. */
    static List<String> list(String raw) {
        String s = raw.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.strip();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1);
            }
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    Settings withSampleValues(boolean on) {
        return new Settings(standalone, tokenBudget, maxTables, maxRounds, on, maxExamples, personalColumns,
                wideColumns, largeRows, answerTokens);
    }
}
