package io.xugumcp.api.admin;

import java.util.List;

/**
 * What {@link Admin#clearCaches()} emptied.
 *
 * @since 0.3.0
 */
public record CacheReport(List<Cleared> caches) {

    public CacheReport {
        caches = List.copyOf(caches);
    }

    /**
     * One cache.
     *
     * @param owner   {@code host} or the plugin id that registered it
     * @param entries entries dropped, {@code -1} when the cache cannot tell
     * @param error   why clearing it failed, or {@code null}
     */
    public record Cleared(String name, String owner, long entries, String error) {
    }
}
