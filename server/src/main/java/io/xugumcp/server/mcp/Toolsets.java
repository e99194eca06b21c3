package io.xugumcp.server.mcp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.xugumcp.api.Tool;
import io.xugumcp.server.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The toolsets an operator chose ({@code xugu-mcp.toolsets}, {@code XUGU_MCP_TOOLSETS}, {@code --toolsets}): plugin ids,
 * or {@code all}. Every tool in the list costs context in every conversation, so an operator who needs only queries and
 * schema browsing says so. The chosen tools are ordered by plugin id (stable within a plugin) so that {@code tools/list}
 * is the same on every start, whatever order the plugin folder lists its files in (clients and prompt caches key on it).
 */
public final class Toolsets {
    public static final String ALL = "all";
    private final Set<String> chosen;

    private Toolsets(Set<String> chosen) {
        this.chosen = chosen;
    }

    /** Reads {@code xugu-mcp.toolsets}: a list or one comma-separated string (the form an environment variable has). */
    public static Toolsets from(Config raw) {
        String key = "xugu-mcp.toolsets";
        if (!raw.hasPath(key)) {
            return new Toolsets(Set.of(ALL));
        }
        List<String> names = new ArrayList<>();
        if (raw.getValue(key).valueType() == ConfigValueType.LIST) {
            for (String s : raw.getStringList(key)) {
                names.addAll(split(s));
            }
        } else {
            names.addAll(split(raw.getString(key)));
        }
        if (names.isEmpty()) {
            throw new InvalidConfigException(key + ": empty; name the toolsets to offer (plugin ids) or 'all'");
        }
        return new Toolsets(new LinkedHashSet<>(names));
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * The tools of the chosen toolsets, ordered by plugin id. A name that is neither {@code all} nor a plugin present
     * refuses the start, naming the known ones (a typo must not silently leave a model without its tools).
     *
     * @param present the ids of the plugins in the plugin folder
     */
    public Features select(Features features, Set<String> present) {
        Set<String> unknown = new TreeSet<>(chosen);
        unknown.remove(ALL);
        unknown.removeAll(present);
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException("xugu-mcp.toolsets: unknown toolset " + String.join(", ", unknown)
                    + "; known: " + ALL + ", " + String.join(", ", new TreeSet<>(present)));
        }
        List<Features.Owned<Tool>> tools = new ArrayList<>();
        for (Features.Owned<Tool> t : features.tools()) {
            if (chosen.contains(ALL) || chosen.contains(t.pluginId())) {
                tools.add(t);
            }
        }
        tools.sort(Comparator.comparing(Features.Owned::pluginId));
        return new Features(tools, features.resources(), features.templates(), features.prompts());
    }

    @Override
    public String toString() {
        return String.join(",", chosen);
    }
}
