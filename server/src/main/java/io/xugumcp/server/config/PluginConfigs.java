package io.xugumcp.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.xugumcp.api.PluginConfig;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each plugin's configuration: its own {@code reference.conf} (inside its JAR) under the operator's settings and the
 * environment. A plugin's defaults may only fill its own {@code plugins.<id>} subtree; anything else in its file is
 * ignored with one warning, so a plugin can neither change the host's settings nor another plugin's.
 * Built once per plugin; the views know their secret keys, so {@link #redacted()} is what may be shown.
 */
public final class PluginConfigs {
    private static final Logger LOG = LoggerFactory.getLogger(PluginConfigs.class);

    private final Config root;
    private final Function<String, URL> ownReference;
    private final Map<String, PluginConfigView> views = new ConcurrentHashMap<>();

    /**
     * @param root         the host's resolved configuration (reference, application.conf, environment)
     * @param ownReference a plugin's own {@code reference.conf}, or null when it has none
     */
    public PluginConfigs(Config root, Function<String, URL> ownReference) {
        this.root = root;
        this.ownReference = ownReference;
    }

    /**
     * The configuration of {@code pluginId}.
     *
     * @throws IllegalArgumentException when its {@code reference.conf} cannot be read or resolved (the message names
     *                                  the file and the problem)
     */
    public PluginConfig of(String pluginId) {
        return views.computeIfAbsent(pluginId, this::load);
    }

    private PluginConfigView load(String pluginId) {
        URL own = ownReference == null ? null : ownReference.apply(pluginId);
        if (own == null) {
            return new PluginConfigView(root, pluginId);
        }
        String path = PluginConfigView.path(pluginId);
        try {
            Config defaults = ConfigFactory.parseURL(own);
            Set<String> top = defaults.root().keySet();
            boolean foreign = top.stream().anyMatch(k -> !k.equals("plugins"))
                    || (defaults.root().get("plugins") instanceof com.typesafe.config.ConfigObject plugins
                    && plugins.keySet().stream().anyMatch(k -> !k.equals(pluginId)));
            if (foreign) {
                LOG.warn("Plugin '{}': its reference.conf sets keys outside {}; only that subtree is used", pluginId,
                        "plugins." + pluginId);
            }
            Config merged = root.withFallback(defaults.withOnlyPath(path)).resolve();
            return new PluginConfigView(merged, pluginId);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("plugin '" + pluginId + "': its reference.conf cannot be used: "
                    + e.getMessage(), e);
        }
    }

    /** Every plugin read so far, with secret values hidden: what logs and server information may show. */
    public Map<String, Map<String, String>> redacted() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        views.forEach((id, v) -> out.put(id, v.redacted()));
        return out;
    }
}
