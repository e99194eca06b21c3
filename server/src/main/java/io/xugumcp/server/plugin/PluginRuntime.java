package io.xugumcp.server.plugin;

import io.xugumcp.api.admin.ServerInfo;
import io.xugumcp.server.admin.CacheRegistry;
import io.xugumcp.server.mcp.FeatureCollector;
import io.xugumcp.server.mcp.Features;
import io.xugumcp.server.mcp.LiveFeatures;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.PluginAlreadyLoadedException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin changes while the server runs, under one lock:
 * <ul>
 *   <li>a reloaded {@code xugu-mcp.disabled-plugins}: newly disabled plugins stop serving at once, newly enabled ones
 *       start and serve;</li>
 *   <li>with {@code xugu-mcp.plugins.watch = true}, the plugin folder is scanned: a new JAR (once its size and time
 *       stopped changing) is loaded, started and served; a bad one is unloaded again with one log line, so nothing
 *       is left half-loaded, and is not tried again until the file changes. A removed or replaced JAR's tools are
 *       disabled at once, and the change itself "takes effect at the next restart": PF4J keeps a loaded JAR's classes
 *       (calls may still run in them, and Windows keeps the file locked), as mature hosts do for code.</li>
 * </ul>
 */
public final class PluginRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final HostPluginManager plugins;
    private final LiveFeatures live;
    private final CacheRegistry caches;
    private final Path dir;
    /** The JARs seen at the last scan, with their size and time. */
    private final Map<Path, Stamp> known = new HashMap<>();
    /** New JARs waiting for their size and time to settle. */
    private final Map<Path, Stamp> settling = new HashMap<>();
    /** JARs that could not be loaded, and why; tried again only when they change. */
    private final Map<Path, Stamp> rejected = new HashMap<>();
    /** Plugins whose JAR was removed or replaced: id → what happened. */
    private final Map<String, String> gone = new LinkedHashMap<>();
    private Thread watcher;
    private volatile boolean closed;

    private record Stamp(long size, long modified) {
    }

    public PluginRuntime(HostPluginManager plugins, LiveFeatures live, CacheRegistry caches, Path dir) {
        this.plugins = plugins;
        this.live = live;
        this.caches = caches;
        this.dir = dir;
        for (Path jar : jars()) {
            Stamp s = stamp(jar);
            if (s != null) {
                known.put(jar.toAbsolutePath().normalize(), s);
            }
        }
    }

    // -------------------------------------------------------------------------------------------- disabled plugins

    /**
     * Applies a reloaded list of disabled plugins.
     *
     * @return one line per plugin that changed, e.g. {@code disabled audit} / {@code enabled audit}
     */
    public synchronized List<String> applyDisabled(Set<String> disabled) {
        List<String> changes = new ArrayList<>();
        for (PluginWrapper p : new ArrayList<>(plugins.getPlugins())) {
            String id = p.getPluginId();
            boolean want = disabled.contains(id);
            boolean was = plugins.disabledByConfiguration(id);
            if (want && !was) {
                boolean served = live.remove(id);
                caches.unregister(id);
                plugins.disablePlugin(id);
                changes.add("disabled " + id + (served ? "" : " (it was not serving)"));
                LOG.info("Plugin '{}' disabled by configuration: its tools are gone", id);
            } else if (!want && was) {
                plugins.enablePlugin(id);
                if (gone.containsKey(id)) {
                    changes.add("enabled " + id + " (its JAR was " + gone.get(id) + "; takes effect at the next restart)");
                } else if (!plugins.fitsHost(p)) {
                    changes.add("enabled " + id + " (not started: it requires host API " + p.getDescriptor().getRequires()
                            + ")");
                } else {
                    String why = startAndServe(id);
                    changes.add("enabled " + id + (why == null ? "" : " (not serving: " + why + ")"));
                }
            }
        }
        return changes;
    }

    /** Starts a loaded plugin and serves its features; on failure stops it again and returns why. */
    private String startAndServe(String id) {
        PluginState state;
        try {
            state = plugins.startPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            state = PluginState.FAILED;
        }
        if (state != PluginState.STARTED) {
            PluginWrapper p = plugins.getPlugin(id);
            Throwable t = p == null ? null : p.getFailedException();
            return "failed to start: " + (t == null ? state : t.toString());
        }
        try {
            Features f = FeatureCollector.collectPlugin(plugins, id);
            String clash = live.add(id, f);
            if (clash == null) {
                LOG.info("Plugin '{}' serves {} tool(s): {}", id, f.tools().size(), live.toolsOf(id));
                return null;
            }
            stopQuietly(id);
            return clash;
        } catch (Exception | LinkageError e) {
            stopQuietly(id);
            return "its extensions could not be loaded: " + e;
        }
    }

    // ---------------------------------------------------------------------------------------------------- watching

    /** Scans the plugin folder every {@code interval} on a daemon thread. */
    public synchronized void watch(Duration interval) {
        if (watcher != null) {
            return;
        }
        watcher = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(interval.toMillis());
                    scan();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("Plugin folder scan failed: {}", e.toString());
                }
            }
        }, "plugin-watch");
        watcher.setDaemon(true);
        watcher.start();
        LOG.info("Watching {} for plugin JARs every {} ms (xugu-mcp.plugins.watch)", dir, interval.toMillis());
    }

    /** One scan of the plugin folder; returns what it did, one line per change. */
    public synchronized List<String> scan() {
        List<String> done = new ArrayList<>();
        Map<Path, Stamp> now = new HashMap<>();
        for (Path jar : jars()) {
            Stamp s = stamp(jar);
            if (s != null) {
                now.put(jar.toAbsolutePath().normalize(), s);
            }
        }
        for (Map.Entry<Path, Stamp> e : new ArrayList<>(known.entrySet())) {
            Path jar = e.getKey();
            Stamp s = now.get(jar);
            if (s == null) {
                known.remove(jar);
                rejected.remove(jar);
                disableTools(jar, "removed", done);
            } else if (!s.equals(e.getValue())) {
                if (rejected.containsKey(jar)) {
                    // A bad JAR that changed is tried again, as a new one, once it settles.
                    rejected.remove(jar);
                    known.remove(jar);
                } else {
                    known.put(jar, s);
                    disableTools(jar, "replaced", done);
                }
            }
        }
        for (Map.Entry<Path, Stamp> e : now.entrySet()) {
            Path jar = e.getKey();
            if (known.containsKey(jar) && !settling.containsKey(jar)) {
                continue;
            }
            Stamp before = settling.put(jar, e.getValue());
            if (e.getValue().equals(before)) {
                settling.remove(jar);
                known.put(jar, e.getValue());
                done.add(load(jar));
            }
        }
        settling.keySet().retainAll(now.keySet());
        return done;
    }

    private void disableTools(Path jar, String what, List<String> done) {
        String id = idOf(jar);
        if (id == null) {
            return;
        }
        boolean served = live.remove(id);
        caches.unregister(id);
        gone.put(id, what);
        String msg = "Plugin '" + id + "': its JAR " + jar.getFileName() + " was " + what + "; its tools are disabled"
                + " now" + (served ? "" : " (it served none)") + ", and the change takes effect at the next restart";
        LOG.warn(msg);
        done.add(msg);
    }

    private String load(Path jar) {
        String file = jar.getFileName().toString();
        String id;
        try {
            id = plugins.loadPlugin(jar);
        } catch (PluginAlreadyLoadedException e) {
            return reject(jar, file, "plugin '" + e.getPluginId() + "' is already loaded from another JAR; a new"
                    + " version takes effect at the next restart (remove one of the two JARs)");
        } catch (IllegalArgumentException e) {
            return reject(jar, file, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return reject(jar, file, plugins.explainLoadFailure(jar, e));
        }
        PluginWrapper p = id == null ? null : plugins.getPlugin(id);
        if (p == null) {
            return reject(jar, file, "its dependencies are missing (see the log line above)");
        }
        if (p.getPluginState() == PluginState.DISABLED) {
            String why = plugins.fitsHost(p) ? "disabled by configuration (xugu-mcp.disabled-plugins)"
                    : "it requires host API " + p.getDescriptor().getRequires() + " but this host provides "
                    + plugins.getSystemVersion();
            LOG.warn("Plugin '{}' added from {} but not started: {}", id, file, why);
            return "added " + id + " from " + file + " (not started: " + why + ")";
        }
        String why = startAndServe(id);
        if (why != null) {
            unloadQuietly(id);
            return reject(jar, file, why);
        }
        plugins.clearProblem(file);
        LOG.info("Plugin '{}' {} added from {} while running: tools {}", id, p.getDescriptor().getVersion(), file,
                live.toolsOf(id));
        return "added " + id + " from " + file + ": " + live.toolsOf(id);
    }

    private String reject(Path jar, String file, String why) {
        Stamp s = known.get(jar);
        if (s != null) {
            rejected.put(jar, s);
        }
        plugins.reportProblem(file, why);
        LOG.warn("Plugin JAR {} not loaded: {}", file, why);
        return "rejected " + file + ": " + why;
    }

    private void stopQuietly(String id) {
        caches.unregister(id);
        try {
            plugins.stopPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("stopping plugin {}: {}", id, e.toString());
        }
    }

    private void unloadQuietly(String id) {
        try {
            plugins.unloadPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("unloading plugin {}: {}", id, e.toString());
        }
    }

    private String idOf(Path jar) {
        for (PluginWrapper p : plugins.getPlugins()) {
            if (p.getPluginPath().toAbsolutePath().normalize().equals(jar)) {
                return p.getPluginId();
            }
        }
        return null;
    }

    private List<Path> jars() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.toString());
        }
        return out;
    }

    private static Stamp stamp(Path p) {
        try {
            return new Stamp(Files.size(p), Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------------ report

    /** Every plugin file, its state and tools; removed and replaced JARs say so. */
    public synchronized List<ServerInfo.PluginInfo> report() {
        List<ServerInfo.PluginInfo> out = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (PluginWrapper p : plugins.getPlugins()) {
            String id = p.getPluginId();
            listed.add(id);
            String state = p.getPluginState().toString();
            String problem = null;
            if (gone.containsKey(id)) {
                state = gone.get(id).toUpperCase(java.util.Locale.ROOT);
                problem = "its JAR was " + gone.get(id) + " while running; its tools are disabled until the next restart";
            } else if (p.getPluginState() == PluginState.DISABLED) {
                problem = plugins.fitsHost(p) ? "disabled by configuration (xugu-mcp.disabled-plugins)"
                        : "requires host API " + p.getDescriptor().getRequires() + " but this host provides "
                        + plugins.getSystemVersion();
            } else if (p.getPluginState() == PluginState.FAILED) {
                Throwable t = p.getFailedException();
                problem = "failed to start: " + (t == null ? "unknown error" : t.toString());
            }
            out.add(new ServerInfo.PluginInfo(id, p.getDescriptor().getVersion(), state,
                    p.getDescriptor().getPluginDescription(), p.getPluginPath().getFileName().toString(),
                    live.toolsOf(id), problem));
        }
        for (HostPluginManager.PluginReport r : plugins.report()) {
            if ("REJECTED".equals(r.state()) && !listed.contains(r.id())) {
                out.add(new ServerInfo.PluginInfo(r.id(), r.version(), r.state(), null, r.file(), List.of(), r.problem()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        Thread w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null) {
            w.interrupt();
        }
    }
}
