package io.xugumcp.server.plugin;

import io.xugumcp.api.Tool;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.PluginConfigs;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.config.UnknownKeys;
import io.xugumcp.server.db.SqlDialect;
import io.xugumcp.server.mcp.FeatureCollector;
import io.xugumcp.server.mcp.Features;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.pf4j.PluginWrapper;

/**
 * {@code xugu-mcp plugins}: every JAR in the plugin folder with its state, description and tools, and for each one
 * that does not serve, why. Exit code 1 when the operator has something to fix (a JAR that cannot be loaded, a plugin
 * that failed or does not fit this host); a plugin switched off in the configuration is not a fault.
 * No database is opened: plugins get a context without one, which is enough to list their tools.
 */
public final class PluginsCommand {

    private PluginsCommand() {
    }

    /**
     * @param languageModel one line about the configured language model, given the loaded plugins
     */
    public static int run(ServerConfig config, String hostVersion, String apiVersion, PrintStream out,
                          Function<HostPluginManager, String> languageModel) {
        HostPluginManager plugins = new HostPluginManager(config.pluginDir(), apiVersion,
                new HashSet<>(config.disabledPlugins()));
        PluginConfigs configs = new PluginConfigs(config.raw(), id -> plugins.ownResource(id, "reference.conf"));
        SqlDialect dialect = dialect(config.database());
        plugins.bindContexts(id -> new HostPluginContext(id, configs.of(id), dialect, hostVersion,
                (caller, action, details) -> { }));
        plugins.loadPlugins();
        try {
            ConfigLoader.reportUnknown(UnknownKeys.inPluginSection(config.raw(),
                    plugins.getPlugins().stream().map(PluginWrapper::getPluginId).toList(),
                    id -> plugins.ownResource(id, "reference.conf")), config.raw());
            plugins.startPlugins();
            Map<String, List<String>> tools = new LinkedHashMap<>();
            Features features = FeatureCollector.collect(plugins);
            for (Features.Owned<Tool> t : features.tools()) {
                tools.computeIfAbsent(t.pluginId(), k -> new java.util.ArrayList<>()).add(t.item().name());
            }
            out.println("Plugins in " + config.pluginDir() + " (host API " + apiVersion + "):");
            boolean attention = false;
            for (HostPluginManager.PluginReport r : plugins.report().stream()
                    .sorted(java.util.Comparator.comparing(HostPluginManager.PluginReport::id)).toList()) {
                out.println("  " + r);
                attention |= r.needsAttention();
                PluginWrapper p = plugins.getPlugin(r.id());
                String description = p == null ? null : p.getDescriptor().getPluginDescription();
                if (description != null && !description.isBlank()) {
                    out.println("      " + description.strip());
                }
                if (tools.containsKey(r.id())) {
                    out.println("      tools: " + tools.get(r.id()).stream().sorted().collect(Collectors.joining(", ")));
                }
            }
            out.println("Language model: " + languageModel.apply(plugins));
            if (attention) {
                out.println("Some plugin JARs need attention (see above); the server starts without them.");
            }
            return attention ? 1 : 0;
        } finally {
            plugins.stopPlugins();
            plugins.unloadPlugins();
        }
    }

    /** The dialect of the configured database, without connecting; plugins may shape their tools by it. */
    private static SqlDialect dialect(ServerConfig.Database db) {
        String url = db.url().isBlank() ? (db.host().isBlank() ? "jdbc:h2:mem:" : "jdbc:xugu:") : db.url().trim();
        try {
            return SqlDialect.forUrl(url);
        } catch (IllegalArgumentException e) {
            return SqlDialect.forUrl("jdbc:h2:mem:");
        }
    }
}
