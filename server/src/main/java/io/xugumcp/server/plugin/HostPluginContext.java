package io.xugumcp.server.plugin;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.llm.Llm;

/**
 * The context one plugin's extensions receive: its own config subtree and the shared host services.
 *
 * @param catalog the host's catalog, or {@code null} where there is none (then {@link #catalog()} refuses)
 * @param llm     the configured language model for work outside a call, or {@code null} for none
 */
public record HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit,
                                Catalog catalog, Llm llm) implements PluginContext {

    /** A context without a language model. */
    public HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit,
                             Catalog catalog) {
        this(pluginId, config, dialect, hostVersion, audit, catalog, null);
    }

    /** A context without a catalog. */
    public HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit) {
        this(pluginId, config, dialect, hostVersion, audit, null);
    }

    @Override
    public Catalog catalog() {
        if (catalog == null) {
            throw new UnsupportedOperationException("no catalog in this context");
        }
        return catalog;
    }

    @Override
    public Llm llm() {
        return llm == null ? PluginContext.super.llm() : llm;
    }
}
