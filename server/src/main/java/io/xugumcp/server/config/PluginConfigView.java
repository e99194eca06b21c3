package io.xugumcp.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.xugumcp.api.PluginConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A plugin's flat, read-only view of its {@code plugins.<id>} subtree. */
public final class PluginConfigView implements PluginConfig {
    private final Map<String, String> values;

    public PluginConfigView(Config root, String pluginId) {
        String path = "plugins.\"" + pluginId + "\"";
        Config sub = root.hasPath(path) ? root.getConfig(path) : ConfigFactory.empty();
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
            Object v = e.getValue().unwrapped();
            flat.put(e.getKey(), String.valueOf(v));
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
}
