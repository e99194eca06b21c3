package io.xugumcp.server.llm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The host's language-model settings ({@code xugu-mcp.llm}), validated at start. Most keys exist at two levels: the
 * top level, where the earlier server's variables land ({@code LLM_MODEL}, {@code LLM_BASE_URL} …) and which wins,
 * and each provider's subtree ({@code xugu-mcp.llm.<name>.*}, an alias's subtree falling back to its provider's),
 * then a built-in default. So {@code LLM_MODEL} changes the model of whichever provider is chosen, while
 * application.conf can keep a model per provider.
 *
 * @param provider the configured provider name ({@code LLM_PROVIDER}), lower case; empty when none is configured
 */
public record LlmSettings(String provider, Config tree, Duration connectTimeout, Duration totalTimeout,
                          Duration streamIdleTimeout, int maxRetries, Duration maxRetryWait) {
    static final int DEFAULT_MAX_TOKENS = 8192;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    static final int DEFAULT_MAX_CONCURRENCY = 4;
    static final String PATH = "xugu-mcp.llm";

    /** Reads and checks {@code xugu-mcp.llm}; a bad value stops the start with the key and the reason. */
    public static LlmSettings from(Config root) {
        Config tree = root.hasPath(PATH) ? root.getConfig(PATH) : ConfigFactory.empty();
        try {
            String provider = tree.hasPath("provider") ? tree.getString("provider").trim().toLowerCase(Locale.ROOT) : "";
            LlmSettings s = new LlmSettings(provider, tree,
                    duration(tree, "connect-timeout", Duration.ofSeconds(10)),
                    duration(tree, "total-timeout", Duration.ofMinutes(5)),
                    duration(tree, "stream-idle-timeout", Duration.ofSeconds(60)),
                    tree.hasPath("max-retries") ? intIn(tree, "max-retries", 0, 10) : 2,
                    duration(tree, "max-retry-wait", Duration.ofSeconds(60)));
            // Check every level now, so a typo fails the start rather than the first question.
            s.checkLevel(tree, "");
            for (String name : tree.root().keySet()) {
                if (tree.getValue(name).valueType() == com.typesafe.config.ConfigValueType.OBJECT
                        && !name.equals("retired-models")) {
                    s.checkLevel(tree.getConfig(quote(name)), name + ".");
                }
            }
            if (!provider.isEmpty()) {
                s.apiKey(provider, null);
            }
            return s;
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private void checkLevel(Config c, String prefix) {
        optionalDouble(c, "temperature", prefix);
        if (set(c, "max-tokens")) {
            intIn(c, "max-tokens", 1, 10_000_000);
        }
        if (set(c, "max-concurrency")) {
            intIn(c, "max-concurrency", 1, 1000);
        }
        if (set(c, "timeout")) {
            seconds(c, "timeout");
        }
        if (c.hasPath("base-url")) {
            String url = c.getString("base-url").trim();
            if (!url.isEmpty() && !url.matches("(?i)https?://.+")) {
                throw new InvalidConfigException(PATH + "." + prefix + "base-url: must start with http:// or https://, got '"
                        + url + "'");
            }
        }
    }

    /** A value of {@code key} for provider {@code name} (an alias) of provider {@code id}: top level, then subtrees. */
    Optional<String> value(String key, String name, String id) {
        for (String prefix : levels(name, id)) {
            if (tree.hasPath(prefix + key)) {
                String v = String.valueOf(tree.getValue(prefix + key).unwrapped()).trim();
                if (!v.isEmpty()) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    /** Path prefixes in order of precedence: the top level, the configured name, the provider's id. */
    private static java.util.List<String> levels(String name, String id) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        out.add("");
        if (name != null && !name.isEmpty()) {
            out.add(quote(name) + ".");
        }
        if (id != null && !id.isEmpty()) {
            out.add(quote(id) + ".");
        }
        return java.util.List.copyOf(out);
    }

    /** The subtree of a provider name, falling back to the provider id's subtree (alias {@code zai} → {@code zhipu}). */
    Config subtree(String name, String id) {
        Config own = tree.hasPath(quote(name)) ? tree.getConfig(quote(name)) : ConfigFactory.empty();
        Config base = tree.hasPath(quote(id)) ? tree.getConfig(quote(id)) : ConfigFactory.empty();
        return own.withFallback(base);
    }

    String model(String name, String id) {
        return value("model", name, id).orElse(null);
    }

    String baseUrl(String name, String id) {
        return value("base-url", name, id).map(LlmSettings::trimSlash).orElse(null);
    }

    Double temperature(String name, String id) {
        return value("temperature", name, id).map(Double::parseDouble).orElse(null);
    }

    int maxTokens(String name, String id) {
        return value("max-tokens", name, id).map(Integer::parseInt).orElse(DEFAULT_MAX_TOKENS);
    }

    int maxConcurrency(String name, String id) {
        return value("max-concurrency", name, id).map(Integer::parseInt).orElse(DEFAULT_MAX_CONCURRENCY);
    }

    Duration attemptTimeout(String name, String id) {
        for (String prefix : levels(name, id)) {
            String path = prefix + "timeout";
            if (tree.hasPath(path) && !String.valueOf(tree.getValue(path).unwrapped()).isBlank()) {
                return seconds(tree, path);
            }
        }
        return DEFAULT_TIMEOUT;
    }

    /**
     * The key: {@code api-key} ({@code LLM_API_KEY}), else the file named by {@code api-key-file}
     * ({@code LLM_API_KEY_FILE}), at the top level and then in the provider's subtree ({@code ANTHROPIC_API_KEY} …).
     */
    Optional<ApiKey> apiKey(String name, String id) {
        for (String prefix : levels(name, id)) {
            if (tree.hasPath(prefix + "api-key") && !tree.getString(prefix + "api-key").isBlank()) {
                return Optional.of(new ApiKey(tree.getString(prefix + "api-key").trim()));
            }
            if (tree.hasPath(prefix + "api-key-file") && !tree.getString(prefix + "api-key-file").isBlank()) {
                Path file = Path.of(tree.getString(prefix + "api-key-file").trim());
                try {
                    String key = Files.readString(file, StandardCharsets.UTF_8).trim();
                    if (key.isEmpty()) {
                        throw new InvalidConfigException(PATH + "." + prefix + "api-key-file: " + file + " is empty");
                    }
                    return Optional.of(new ApiKey(key));
                } catch (IOException e) {
                    throw new InvalidConfigException(PATH + "." + prefix + "api-key-file: cannot read " + file + " ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** Present and not blank: an empty variable ({@code LLM_MAX_TOKENS=}) means unset, as everywhere else. */
    private static boolean set(Config c, String key) {
        return c.hasPath(key) && !String.valueOf(c.getValue(key).unwrapped()).isBlank();
    }

    static String trimSlash(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    static String quote(String key) {
        return "\"" + key + "\"";
    }

    private static Duration duration(Config c, String key, Duration dflt) {
        return c.hasPath(key) ? seconds(c, key) : dflt;
    }

    private static Duration seconds(Config c, String key) {
        try {
            return ConfigLoader.seconds(c, key);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(PATH + "." + e.getMessage());
        }
    }

    private static int intIn(Config c, String key, int min, int max) {
        String raw = String.valueOf(c.getValue(key).unwrapped()).trim();
        int v;
        try {
            v = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(PATH + "." + key + ": must be a whole number, got '" + raw + "'");
        }
        if (v < min || v > max) {
            throw new InvalidConfigException(PATH + "." + key + ": must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static void optionalDouble(Config c, String key, String prefix) {
        if (!c.hasPath(key)) {
            return;
        }
        String raw = String.valueOf(c.getValue(key).unwrapped()).trim();
        if (raw.isEmpty()) {
            return;
        }
        try {
            double v = Double.parseDouble(raw);
            if (v < 0 || v > 2) {
                throw new InvalidConfigException(PATH + "." + prefix + key + ": must be between 0 and 2, got " + raw);
            }
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(PATH + "." + prefix + key + ": must be a number such as 0.2, got '" + raw
                    + "' (leave it unset to use the model's default)");
        }
    }

    @Override
    public String toString() {
        // The tree holds the key: never print it.
        return "LlmSettings[provider=" + provider + ", connectTimeout=" + connectTimeout + ", totalTimeout="
                + totalTimeout + ", maxRetries=" + maxRetries + "]";
    }
}
