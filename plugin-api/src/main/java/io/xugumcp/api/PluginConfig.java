package io.xugumcp.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin's configuration: the flat key/value view of its {@code plugins.<id>} subtree (keys are dotted paths
 * relative to that subtree). Values come from the plugin's own {@code reference.conf} (inside its JAR, written with
 * full paths: {@code plugins.my-plugin { greeting = "hello" }}), the operator's {@code application.conf} and the
 * environment variables those files name, in that order of precedence (last wins). A plugin's {@code reference.conf}
 * can only set keys under its own {@code plugins.<id>}.
 * A typed getter given a value that does not parse throws {@link IllegalArgumentException} naming the key.
 *
 * <p>Secrets: the host never shows the value of a secret key – not in its logs, not in server information. A key is
 * secret when its last part names one ({@code password}, {@code secret}, {@code token}, {@code api-key},
 * {@code credential}, {@code private-key} …) or when the plugin lists it in {@code secret-keys}
 * ({@code plugins.my-plugin.secret-keys = [dsn]}); see {@link #secretKeys()} and {@link #redacted()}.
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

    /**
     * A list of scalar values ({@code values = [a, b]}); empty when unset.
     *
     * @throws IllegalArgumentException when the value is not a list of scalars
     * @since 0.3.0
     */
    default List<String> getList(String key) {
        // Hosts before 0.3.0 flatten a list to its Java string form "[a, b]"; this reads that form back as well as
        // it can (values containing ", " cannot be told apart there). Current hosts override it exactly.
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return List.of();
        }
        String s = v.get().trim();
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new IllegalArgumentException("config key '" + key + "' must be a list such as [a, b], got '" + s + "'");
        }
        s = s.substring(1, s.length() - 1).trim();
        return s.isEmpty() ? List.of() : List.of(s.split(",\\s*"));
    }

    /**
     * A list of objects ({@code tools = [ { name = a }, { name = b } ]}), each as a configuration of its own (keys
     * relative to the item); empty when unset.
     *
     * @throws IllegalArgumentException      when the value is not a list of objects
     * @throws UnsupportedOperationException on a host before API 0.3.0
     * @since 0.3.0
     */
    default List<PluginConfig> getConfigList(String key) {
        throw new UnsupportedOperationException("this host cannot read lists of objects (API before 0.3.0)");
    }

    /**
     * The keys of {@link #asMap()} whose values are secrets (by name, or listed in {@code secret-keys}). The host
     * never logs or shows their values; a plugin should not either.
     *
     * @since 0.3.0
     */
    default Set<String> secretKeys() {
        return Set.of();
    }

    /**
     * {@link #asMap()} with the value of every secret key replaced by {@code <secret>} (an empty value stays empty,
     * so a reader can still tell whether it is set): what may be shown or logged.
     *
     * @since 0.3.0
     */
    default Map<String, String> redacted() {
        Set<String> secret = secretKeys();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : asMap().entrySet()) {
            boolean hide = secret.contains(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty();
            out.put(e.getKey(), hide ? "<secret>" : e.getValue());
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
