package io.xugumcp.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.xugumcp.api.PluginConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A plugin's flat, read-only view of its {@code plugins.<id>} subtree (or of one item of a list of objects in it).
 * Knows which keys hold secrets, and never prints their values ({@link #toString()} is redacted).
 */
public final class PluginConfigView implements PluginConfig {
    /** The list in a plugin's subtree naming further keys whose values are secrets. */
    public static final String SECRET_KEYS = "secret-keys";
    /** Key names that are secret whatever a plugin declares: fail safe for the obvious ones. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api[-_]?key|apikey|credential|private[-_]?key|access[-_]?key).*");

    private final Config sub;
    private final String where;
    private final Map<String, String> values;
    private final Set<String> secrets;

    public PluginConfigView(Config root, String pluginId) {
        this("plugins." + pluginId, subtree(root, pluginId));
    }

    /**
     * @param where its path, for messages ({@code plugins.sql-tools}, {@code plugins.sql-tools.tools[2]})
     * @param sub   the subtree, resolved
     */
    private PluginConfigView(String where, Config sub) {
        this.sub = sub;
        this.where = where;
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
            if (!e.getKey().equals(SECRET_KEYS)) {
                flat.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
            }
        }
        this.values = Collections.unmodifiableMap(flat);
        Set<String> declared = new TreeSet<>();
        if (sub.hasPath(SECRET_KEYS)) {
            declared.addAll(strings(SECRET_KEYS));
        }
        Set<String> secret = new TreeSet<>();
        for (String key : flat.keySet()) {
            if (declared.contains(key) || SECRET_NAME.matcher(lastPart(key)).matches()
                    || declared.stream().anyMatch(d -> key.startsWith(d + "."))) {
                secret.add(key);
            }
        }
        this.secrets = Collections.unmodifiableSet(secret);
    }

    static Config subtree(Config root, String pluginId) {
        String path = path(pluginId);
        return root.hasPath(path) ? root.getConfig(path) : ConfigFactory.empty();
    }

    /** The config path of a plugin's subtree. */
    static String path(String pluginId) {
        return "plugins.\"" + pluginId + "\"";
    }

    private static String lastPart(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(dot + 1);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public List<String> getList(String key) {
        if (!has(key)) {
            return List.of();
        }
        return strings(key);
    }

    private List<String> strings(String key) {
        ConfigValue v = sub.getValue(key);
        if (v.valueType() != ConfigValueType.LIST) {
            throw new IllegalArgumentException("config key '" + where + "." + key + "' must be a list such as [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (ConfigValue item : sub.getList(key)) {
            if (item.valueType() == ConfigValueType.OBJECT || item.valueType() == ConfigValueType.LIST) {
                throw new IllegalArgumentException("config key '" + where + "." + key + "' must be a list of plain"
                        + " values, but item " + (out.size() + 1) + " is " + item.valueType().name().toLowerCase());
            }
            out.add(item.unwrapped() == null ? null : String.valueOf(item.unwrapped()));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public List<PluginConfig> getConfigList(String key) {
        if (!has(key)) {
            return List.of();
        }
        List<? extends Config> items;
        try {
            items = sub.getConfigList(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException("config key '" + where + "." + key + "' must be a list of objects"
                    + " such as [ { name = a }, { name = b } ]");
        }
        List<PluginConfig> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(new PluginConfigView(where + "." + key + "[" + i + "]", items.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    private boolean has(String key) {
        try {
            return sub.hasPathOrNull(key) && !sub.getIsNull(key);
        } catch (ConfigException.BadPath e) {
            throw new IllegalArgumentException("'" + key + "' is not a valid config key: " + e.getMessage());
        }
    }

    @Override
    public Set<String> secretKeys() {
        return secrets;
    }

    @Override
    public String toString() {
        return where + redacted();
    }
}
