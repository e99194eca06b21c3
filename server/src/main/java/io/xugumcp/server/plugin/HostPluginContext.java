package io.xugumcp.server.plugin;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.PluginContext;

/** The context one plugin's extensions receive: its own config subtree and the shared host services. */
public record HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit)
        implements PluginContext {
}
