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
}
