package io.xugumcp.server.llm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.xugumcp.api.PluginConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A provider's flat view of its subtree ({@code xugu-mcp.llm.<name>}, falling back to {@code xugu-mcp.llm.<id>}),
 * without the key and the host's own bookkeeping: a provider never sees the key except through
 * {@code Exchange.apiKey()}, so it cannot log it by listing its settings.
 */
final class ProviderSettings implements PluginConfig {
    private final Map<String, String> values;

    ProviderSettings(Config subtree) {
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : subtree.entrySet()) {
            String k = e.getKey();
            if (k.equals("api-key") || k.equals("api-key-file") || k.startsWith("retired-models.")) {
                continue;
            }
            flat.put(k, String.valueOf(e.getValue().unwrapped()));
        }
        this.values = Collections.unmodifiableMap(flat);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Map<String, String> asMap() {
        return values;
    }

    /** The operator's extra request headers ({@code headers { X-Foo = bar }}). */
    Map<String, String> headers() {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.forEach((k, v) -> {
            if (k.startsWith("headers.")) {
                h.put(k.substring("headers.".length()).replace("\"", ""), v);
            }
        });
        return h;
    }
}
