package io.xugumcp.api;

/**
 * What the host hands to each extension of a plugin, through the extension's constructor
 * ({@code public MyTools(PluginContext context)}). It is scoped to one plugin: {@link #config()} is that
 * plugin's own configuration subtree. There are no static singletons; everything a plugin may use from the
 * host is reachable from here or from the per-request objects ({@link ToolCall}, {@link ResourceRequest}).
 */
public interface PluginContext {

    /** The id of the plugin this context belongs to (its {@code Plugin-Id}). */
    String pluginId();

    /** The plugin's own configuration subtree ({@code plugins.<id>.*}), as a flat read-only view. */
    PluginConfig config();

    /** The SQL dialect of the configured database. */
    Dialect dialect();

    /** The host's version, e.g. {@code 0.1.0}. */
    String hostVersion();

    /** The audit trail; plugins may add their own events to it. */
    Audit audit();

    /**
     * The host's schema model, for work outside a request such as completing table names. Inside a tool call or a
     * resource read use the request's {@code catalog()}, which acts for its caller; this one refuses
     * {@link Catalog#exactRowCount}, which needs a caller.
     *
     * @throws UnsupportedOperationException on a host without a catalog (API before 0.2.0)
     * @since 0.2.0
     */
    default Catalog catalog() {
        throw new UnsupportedOperationException("this host provides no catalog");
    }

    /**
     * The schema model as {@code caller} sees it, for work on a caller's behalf outside a tool call – rendering a
     * prompt, completing an argument: {@link Catalog#search} leaves out the tables the caller's role may not read.
     * Exact row counts are refused as in {@link #catalog()}. Hosts before 0.3.0 return {@link #catalog()}.
     *
     * @since 0.3.0
     */
    default Catalog catalog(Caller caller) {
        return catalog();
    }

    /**
     * The configured language model, for work outside a tool call (inside one use {@code call.llm()}).
     *
     * @since 0.3.0
     */
    default io.xugumcp.api.llm.Llm llm() {
        return io.xugumcp.api.llm.Llm.none("This server offers no language model.");
    }

    /**
     * Classifies a statement with the host's SQL guard without running it: no caller, no permission check, no database
     * access. For checking SQL a plugin is configured with when it starts (so a bad statement is reported at once);
     * inside a call, {@code call.database()} guards and checks every statement anyway.
     *
     * @throws UnsupportedOperationException on a host before API 0.3.0
     * @since 0.3.0
     */
    default GuardVerdict inspect(String sql) {
        throw new UnsupportedOperationException("this host cannot classify SQL outside a call (API before 0.3.0)");
    }

    /**
     * Registers a cache this plugin keeps, so that an operator can empty it ({@code clear_all_caches}). The host drops
     * the registration when the plugin stops. Registering the same name again replaces the earlier owner.
     *
     * @param name a short name for people, e.g. {@code chat2sql.schema-context}
     * @since 0.3.0
     */
    default void registerCache(String name, io.xugumcp.api.admin.CacheOwner owner) {
        // A host before 0.3.0 cannot clear plugin caches: the registration is simply not kept.
    }
}
