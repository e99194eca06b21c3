package io.xugumcp.server.plugin;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.admin.CacheOwner;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.server.admin.CacheRegistry;
import java.util.function.Function;

/**
 * The context one plugin's extensions receive: its own config subtree and the shared host services.
 *
 * @param catalog the host's catalog, or {@code null} where there is none (then {@link #catalog()} refuses)
 * @param guard   the host's SQL guard, or {@code null} where there is none (then {@link #inspect} refuses)
 * @param llm     the configured language model for work outside a call, or {@code null} for none
 * @param caches  where {@link #registerCache} registers, or {@code null} (registrations are then dropped)
 */
public record HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit,
                                Catalog catalog, Function<String, GuardVerdict> guard, Llm llm, CacheRegistry caches)
        implements PluginContext {

    /** A context without a catalog, guard, language model or cache registry. */
    public HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit) {
        this(pluginId, config, dialect, hostVersion, audit, null, null, null, null);
    }

    /** A context without a guard, language model or cache registry. */
    public HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit,
                             Catalog catalog) {
        this(pluginId, config, dialect, hostVersion, audit, catalog, null, null, null);
    }

    /** A context without a cache registry. */
    public HostPluginContext(String pluginId, PluginConfig config, Dialect dialect, String hostVersion, Audit audit,
                             Catalog catalog, Function<String, GuardVerdict> guard, Llm llm) {
        this(pluginId, config, dialect, hostVersion, audit, catalog, guard, llm, null);
    }

    @Override
    public Catalog catalog() {
        if (catalog == null) {
            throw new UnsupportedOperationException("no catalog in this context");
        }
        return catalog;
    }

    @Override
    public GuardVerdict inspect(String sql) {
        if (guard == null) {
            throw new UnsupportedOperationException("no SQL guard in this context");
        }
        return guard.apply(sql);
    }

    @Override
    public Llm llm() {
        return llm == null ? PluginContext.super.llm() : llm;
    }

    @Override
    public void registerCache(String name, CacheOwner owner) {
        if (caches != null) {
            caches.register(pluginId, name, owner);
        }
    }

    @Override
    public Catalog catalog(Caller caller) {
        return catalog() instanceof io.xugumcp.server.catalog.CatalogService s ? s.forCaller(null, caller) : catalog();
    }
}
