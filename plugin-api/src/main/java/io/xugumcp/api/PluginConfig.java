package io.xugumcp.api;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's configuration: the flat key/value view of its {@code plugins.<id>} subtree (keys are dotted paths
 * relative to that subtree). Values come from the plugin's {@code reference.conf}, the operator's
 * {@code application.conf} and the environment, in that order of precedence (last wins).
 * A typed getter given a value that does not parse throws {@link IllegalArgumentException} naming the key.
 */
public interface PluginConfig {

    /** The raw value of {@code key}, if set. */
    Optional<String> get(String key);

    /** All keys and values of the subtree. */
    Map<String, String> asMap();

    /** The value of {@code key}, or {@code defaultValue} when unset. */
    default String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** The integer value of {@code key}, or {@code defaultValue} when unset. */
    default int getInt(String key, int defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + key + "' must be an integer, got '" + v.get() + "'");
        }
    }

    /** The boolean value of {@code key} ({@code true}/{@code false}/{@code yes}/{@code no}/{@code on}/{@code off}). */
    default boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        switch (v.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new IllegalArgumentException("config key '" + key + "' must be true or false, got '" + v.get() + "'");
        }
    }

    /** A duration: ISO-8601 ({@code PT5S}) or a number with unit ({@code 500ms}, {@code 30s}, {@code 2m}). */
    default Duration getDuration(String key, Duration defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            }
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config key '" + key + "' must be a duration such as 30s, got '" + v.get() + "'");
        }
    }
}
