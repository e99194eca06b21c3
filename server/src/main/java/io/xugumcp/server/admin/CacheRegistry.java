package io.xugumcp.server.admin;

import io.xugumcp.api.admin.CacheOwner;
import io.xugumcp.api.admin.CacheReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caches {@code clear_all_caches} empties: the host's own (catalog, SQL guard verdicts) and those plugins
 * registered through their context. A plugin's registrations go when it stops. A cache that throws is reported, and
 * the others are still cleared.
 */
public final class CacheRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(CacheRegistry.class);
    /** Owner name of the host's own caches. */
    public static final String HOST = "host";

    private record Entry(String owner, CacheOwner cache) {
    }

    private final Map<String, Entry> caches = new LinkedHashMap<>();

    /** Registers (or replaces) the cache {@code name} of {@code owner}. */
    public synchronized void register(String owner, String name, CacheOwner cache) {
        if (name == null || name.isBlank() || cache == null) {
            throw new IllegalArgumentException("a cache needs a name and an owner object");
        }
        caches.put(name.trim(), new Entry(owner, cache));
    }

    /** Drops every cache {@code owner} registered (it stopped). */
    public synchronized void unregister(String owner) {
        caches.values().removeIf(e -> e.owner().equals(owner));
    }

    public synchronized List<String> names() {
        return List.copyOf(caches.keySet());
    }

    /** Empties every cache, host caches first. */
    public CacheReport clearAll() {
        Map<String, Entry> now;
        synchronized (this) {
            now = new LinkedHashMap<>(caches);
        }
        List<CacheReport.Cleared> out = new ArrayList<>();
        now.forEach((name, e) -> {
            try {
                out.add(new CacheReport.Cleared(name, e.owner(), e.cache().clear(), null));
            } catch (RuntimeException | LinkageError ex) {
                LOG.warn("Cache '{}' of {} could not be cleared: {}", name, e.owner(), ex.toString());
                out.add(new CacheReport.Cleared(name, e.owner(), -1, "clearing it failed ("
                        + ex.getClass().getSimpleName() + "); the server log has the details"));
            }
        });
        return new CacheReport(out);
    }
}
