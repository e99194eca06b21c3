/**
 * Server administration (API 0.3.0): what an operator asks a running server – its version, plugins and limits, its
 * health, the connection pool, the metrics, a connection diagnosis, a configuration reload, the caches – reached
 * through {@link io.xugumcp.api.ToolCall#admin()}. The host enforces who may do what inside the service itself:
 * whatever tool asks, answers that show other clients' activity and calls that change the server's state need the
 * caller's role to hold {@link io.xugumcp.api.Permission#ADMIN}. Nothing here ever returns a secret.
 *
 * <p>Plugins that keep a cache register it with {@link io.xugumcp.api.PluginContext#registerCache} so that
 * {@link io.xugumcp.api.admin.Admin#clearCaches()} can empty it.
 *
 * @since 0.3.0
 */
package io.xugumcp.api.admin;
