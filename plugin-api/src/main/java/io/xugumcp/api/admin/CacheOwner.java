package io.xugumcp.api.admin;

/**
 * A cache a plugin keeps, registered through {@link io.xugumcp.api.PluginContext#registerCache} so that an operator
 * can empty it ({@code clear_all_caches}). Called from any thread; must not block for long.
 *
 * @since 0.3.0
 */
@FunctionalInterface
public interface CacheOwner {

    /**
     * Empties the cache.
     *
     * @return how many entries were dropped, or {@code -1} when the cache cannot tell
     */
    long clear();
}
