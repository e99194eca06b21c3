package io.xugumcp.server.plugin;

import io.xugumcp.api.PluginContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.pf4j.AbstractExtensionFinder;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.DefaultExtensionFinder;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginRepository;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J configured for a host whose plugins must fail alone. The overrides, each for a measured reason:
 * <ol>
 *   <li>the system version is the API version, so {@code Plugin-Requires} is really checked;</li>
 *   <li>a plugin with a missing or wrong-version dependency is dropped with one log line; the rest still load
 *       (PF4J would otherwise throw and start none, or drop it silently);</li>
 *   <li>extensions are created by {@link ContextExtensionFactory}, which hands each one its plugin's context;</li>
 *   <li>the API, SLF4J and Jackson always come from the host (a plugin bundling them would otherwise get its
 *       extensions silently skipped, or LinkageErrors);</li>
 *   <li>the manifest descriptor is read before {@code plugin.properties};</li>
 *   <li>the ASM-based extension-dependency check is off (optional dependencies switch it on, and without ASM on the
 *       class path it then hides every extension of every plugin);</li>
 *   <li>plugins stop one by one (PF4J 3.15's {@code stopPlugins()} throws after the first, pf4j issue 656).</li>
 * </ol>
 */
public final class HostPluginManager extends DefaultPluginManager {
    private static final Logger LOG = LoggerFactory.getLogger(HostPluginManager.class);
    private static final List<String> PARENT_FIRST = List.of("io.xugumcp.api.", "org.slf4j.", "com.fasterxml.jackson.");

    private final Map<String, String> problems = Collections.synchronizedMap(new LinkedHashMap<>());
    private ContextExtensionFactory contextFactory;

    /**
     * @param disabled plugin ids the operator switched off
     */
    public HostPluginManager(Path pluginDir, String systemVersion, Set<String> disabled) {
        super(pluginDir);
        // initialize() ran inside super(): the factories exist, our fields are set only now.
        setSystemVersion(systemVersion);
        this.pluginStatusProvider = new ConfiguredStatus(disabled);
    }

    /** Gives the extension factory the way to build each plugin's context. Call before {@link #loadPlugins()}. */
    public void bindContexts(Function<String, PluginContext> contexts) {
        contextFactory.bind(this, contexts);
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        contextFactory = new ContextExtensionFactory();
        return contextFactory;
    }

    /** JAR plugins only: a ZIP plugin is unpacked beside itself and its folder would load again after the ZIP is gone. */
    @Override
    protected PluginRepository createPluginRepository() {
        return new JarPluginRepository(getPluginsRoots());
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new CompoundPluginDescriptorFinder()
                .add(new ManifestPluginDescriptorFinder())
                .add(new PropertiesPluginDescriptorFinder());
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        DefaultExtensionFinder finder = new DefaultExtensionFinder(this) {
            {
                for (ExtensionFinder f : finders) {
                    if (f instanceof AbstractExtensionFinder indexed) {
                        indexed.setCheckForExtensionDependencies(false);
                    }
                }
            }
        };
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new HostFirstClassLoader(pluginManager, descriptor, getClass().getClassLoader());
            }
        };
    }

    /**
     * As PF4J's, but a JAR that cannot be loaded – cut off, a library without a plugin descriptor, a second copy of
     * a plugin – gets one log line saying what is wrong and what to do (PF4J logs a stack trace), and is listed in
     * {@link #report()}.
     */
    @Override
    public void loadPlugins() {
        List<Path> paths = getPluginsRoots().stream().anyMatch(java.nio.file.Files::isDirectory)
                ? pluginRepository.getPluginPaths() : List.of();
        for (Path path : paths) {
            String why = loadOne(path);
            if (why != null) {
                String file = path.getFileName().toString();
                problems.put(file, why);
                LOG.warn("Plugin JAR {} not loaded: {}", file, why);
            }
        }
        if (!paths.isEmpty()) {
            resolvePlugins();
        } else {
            getPluginsRoots().stream().filter(r -> !java.nio.file.Files.isDirectory(r))
                    .forEach(r -> LOG.info("No plugin folder {}: no plugins, no tools", r));
        }
    }

    /** Loads one JAR; returns why it could not be loaded, or null. */
    private String loadOne(Path path) {
        String why = JarProblem.inspect(path);
        if (why != null) {
            return why;
        }
        try {
            loadPluginFromPath(path);
            return null;
        } catch (RuntimeException | LinkageError e) {
            return explainLoadFailure(path, e);
        }
    }

    /**
     * Loads a JAR added while running: one that is damaged or not a plugin fails with a message saying what to do,
     * before PF4J would log a stack trace for it.
     *
     * @throws IllegalArgumentException with that message
     */
    @Override
    public String loadPlugin(Path path) {
        String why = JarProblem.inspect(path);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return super.loadPlugin(path);
    }

    /** Why loading {@code path} threw {@code e}, in words that say what to do. */
    String explainLoadFailure(Path path, Throwable e) {
        return JarProblem.of(path, e, id -> {
            PluginWrapper loaded = getPlugin(id);
            return loaded == null ? null : loaded.getPluginPath().getFileName().toString();
        });
    }

    @Override
    protected void resolvePlugins() {
        dropPluginsWithBrokenDependencies();
        super.resolvePlugins();
    }

    /** Removes, one at a time until stable, every plugin whose required dependency is absent or of the wrong version. */
    private void dropPluginsWithBrokenDependencies() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (PluginWrapper p : new ArrayList<>(unresolvedPlugins)) {
                String reason = brokenDependency(p.getDescriptor());
                if (reason != null) {
                    String id = p.getPluginId();
                    LOG.warn("Plugin '{}' ({}) not loaded: {}", id, p.getPluginPath().getFileName(), reason);
                    problems.put(id, reason);
                    unresolvedPlugins.remove(p);
                    plugins.remove(id);
                    ClassLoader cl = pluginClassLoaders.remove(id);
                    if (cl instanceof AutoCloseable closeable) {
                        try {
                            closeable.close();
                        } catch (Exception ignored) {
                            // Closing a class loader of a plugin that never ran cannot hurt anyone.
                        }
                    }
                    changed = true;
                }
            }
        }
    }

    private String brokenDependency(PluginDescriptor d) {
        for (PluginDependency dep : d.getDependencies()) {
            if (dep.isOptional()) {
                continue;
            }
            PluginWrapper target = plugins.get(dep.getPluginId());
            if (target == null) {
                return "it requires plugin '" + dep.getPluginId() + "', which is not installed";
            }
            String support = dep.getPluginVersionSupport();
            String version = target.getDescriptor().getVersion();
            if (support != null && !support.equals("*")
                    && !getVersionManager().checkVersionConstraint(version, support)) {
                return "it requires plugin '" + dep.getPluginId() + "' " + support + " but version " + version + " is installed";
            }
        }
        return null;
    }

    @Override
    public void stopPlugins() {
        List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper p : started) {
            try {
                stopPlugin(p.getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("Plugin '{}' failed to stop cleanly: {}", p.getPluginId(), e.toString());
            }
        }
    }

    /**
     * One line per plugin file: id, version, state and, when it is not serving, why. Used by the log at start and
     * by the {@code plugins} command.
     */
    public List<PluginReport> report() {
        List<PluginReport> out = new ArrayList<>();
        for (PluginWrapper p : getPlugins()) {
            PluginDescriptor d = p.getDescriptor();
            String why = null;
            if (p.getPluginState() == PluginState.DISABLED) {
                boolean fits = getVersionManager().checkVersionConstraint(getSystemVersion(), d.getRequires());
                why = fits ? "disabled by configuration (xugu-mcp.disabled-plugins)"
                        : "requires host API " + d.getRequires() + " but this host provides " + getSystemVersion();
            } else if (p.getPluginState() == PluginState.FAILED) {
                Throwable t = p.getFailedException();
                why = "failed to start: " + (t == null ? "unknown error" : t.toString());
            }
            out.add(new PluginReport(d.getPluginId(), d.getVersion(), p.getPluginState().toString(),
                    p.getPluginPath().getFileName().toString(), why));
        }
        problems.forEach((id, why) -> out.add(new PluginReport(id, "?", "REJECTED", "", why)));
        return out;
    }

    /**
     * A resource inside the plugin's own JAR (not the host's, not another plugin's), e.g. its {@code reference.conf};
     * null when the plugin is unknown or has none.
     */
    public java.net.URL ownResource(String pluginId, String name) {
        PluginWrapper p = getPlugin(pluginId);
        ClassLoader cl = p == null ? null : p.getPluginClassLoader();
        // findResource looks only at the loader's own JAR; getResource would fall back to the host's file.
        return cl instanceof java.net.URLClassLoader own ? own.findResource(name) : null;
    }

    /** Records a failure that happened after start (e.g. an extension that threw while listing its tools). */
    public void reportProblem(String pluginId, String why) {
        problems.put(pluginId, why);
    }

    /**
     * A plugin's state and, when it is not serving, why. A JAR that could not be loaded at all is named by its file
     * ({@code id} is the file name, {@code version} is {@code ?}).
     */
    public record PluginReport(String id, String version, String state, String file, String problem) {
        @Override
        public String toString() {
            return id + ("?".equals(version) ? "" : " " + version) + " " + state + (file.isEmpty() ? "" : " (" + file + ")")
                    + (problem == null ? "" : " – " + problem);
        }

        /** True when the operator has something to fix (a plugin switched off on purpose is fine). */
        public boolean needsAttention() {
            return problem != null && !problem.startsWith("disabled by configuration");
        }
    }

    private static final class HostFirstClassLoader extends PluginClassLoader {
        HostFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
            super(manager, descriptor, parent);
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            for (String prefix : PARENT_FIRST) {
                if (className.startsWith(prefix)) {
                    return true;
                }
            }
            return super.shouldDelegateToParent(className);
        }
    }

    /**
     * The configured list of disabled plugins. PF4J asks it while loading and tells it when the host disables or
     * enables a plugin at run time (a reloaded {@code xugu-mcp.disabled-plugins}); the configuration stays the source.
     */
    private static final class ConfiguredStatus implements PluginStatusProvider {
        private final Set<String> disabled = java.util.concurrent.ConcurrentHashMap.newKeySet();

        ConfiguredStatus(Set<String> disabled) {
            this.disabled.addAll(disabled);
        }

        @Override
        public boolean isPluginDisabled(String pluginId) {
            return disabled.contains(pluginId);
        }

        @Override
        public void disablePlugin(String pluginId) {
            disabled.add(pluginId);
        }

        @Override
        public void enablePlugin(String pluginId) {
            disabled.remove(pluginId);
        }
    }

    /** True when the plugin's {@code Plugin-Requires} admits this host. */
    public boolean fitsHost(PluginWrapper p) {
        return getVersionManager().checkVersionConstraint(getSystemVersion(), p.getDescriptor().getRequires());
    }

    /** True when the configuration disables {@code pluginId}. */
    public boolean disabledByConfiguration(String pluginId) {
        return pluginStatusProvider.isPluginDisabled(pluginId);
    }

    /** Forgets a problem recorded for {@code key} (the plugin was fixed or its file replaced). */
    public void clearProblem(String key) {
        problems.remove(key);
    }
}
