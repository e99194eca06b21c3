package io.xugumcp.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.xugumcp.api.Audit;
import io.xugumcp.api.admin.ServerInfo;
import io.xugumcp.server.admin.CacheRegistry;
import io.xugumcp.server.config.PluginConfigView;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.mcp.FeatureCollector;
import io.xugumcp.server.mcp.LiveFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins added, broken, removed, replaced, disabled and enabled while the server runs, with real JARs. */
class PluginRuntimeTest {
    private static final Audit NO_AUDIT = (caller, action, details) -> { };
    private HostPluginManager manager;
    private LiveFeatures live;
    private PluginRuntime runtime;
    private final CacheRegistry caches = new CacheRegistry();

    private void start(Path dir, Set<String> disabled) {
        manager = new HostPluginManager(dir, "0.3.0", disabled);
        manager.bindContexts(id -> new HostPluginContext(id, new PluginConfigView(ConfigFactory.empty(), id),
                new H2Dialect(), "0.3.0", NO_AUDIT, null, null, null, caches));
        manager.loadPlugins();
        manager.startPlugins();
        // No MCP server is registered: the adapters are used only to change servers.
        live = new LiveFeatures(FeatureCollector.collect(manager), null, null, null);
        runtime = new PluginRuntime(manager, live, caches, dir);
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
            manager.stopPlugins();
            manager.unloadPlugins();
        }
    }

    private ServerInfo.PluginInfo info(String id) {
        return runtime.report().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    @Test
    void aJarDroppedInServesOnceItSettlesAndABadOneLeavesNothingBehind(@TempDir Path dir) throws Exception {
        new TestPluginJar("alpha").toolGroup("t.alpha", "alpha_tool", "a").writeTo(dir);
        start(dir, Set.of());
        assertTrue(live.servesTool("alpha_tool"));
        assertTrue(runtime.scan().isEmpty(), "nothing new");

        Path staging = Files.createTempDirectory("staging");
        Path beta = new TestPluginJar("beta").toolGroup("t.beta", "beta_tool", "b").writeTo(staging);
        Files.copy(beta, dir.resolve(beta.getFileName()));
        assertTrue(runtime.scan().isEmpty(), "a new JAR waits one scan for its size and time to settle");
        assertFalse(live.servesTool("beta_tool"));
        List<String> done = runtime.scan();
        assertEquals(1, done.size(), done.toString());
        assertTrue(done.get(0).startsWith("added beta"), done.toString());
        assertTrue(live.servesTool("beta_tool"));
        assertEquals(List.of("beta_tool"), info("beta").tools());

        Files.write(dir.resolve("gamma-1.0.0.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 1});
        new TestPluginJar("crash").manifest("Plugin-Class", "t.crash.CrashPlugin")
                .source("t.crash.CrashPlugin", "package t.crash; public class CrashPlugin extends org.pf4j.Plugin {"
                        + " public void start() { throw new IllegalStateException(\"boom at start\"); } }", false)
                .toolGroup("t.crash", "crash_tool", "x").writeTo(staging);
        Files.copy(staging.resolve("crash-1.0.0.jar"), dir.resolve("crash-1.0.0.jar"));
        new TestPluginJar("copycat").toolGroup("t.copycat", "alpha_tool", "again").writeTo(staging);
        Files.copy(staging.resolve("copycat-1.0.0.jar"), dir.resolve("copycat-1.0.0.jar"));
        runtime.scan();
        done = runtime.scan();
        assertEquals(3, done.size(), done.toString());
        assertTrue(done.stream().allMatch(d -> d.startsWith("rejected")), done.toString());
        assertNull(manager.getPlugin("crash"), "a plugin that failed to start is unloaded again");
        assertNull(manager.getPlugin("copycat"), "a plugin whose tool name is taken is unloaded again");
        assertFalse(live.servesTool("crash_tool"));
        assertTrue(live.servesTool("alpha_tool"));
        assertEquals("alpha", live.current().tools().stream().filter(t -> t.item().name().equals("alpha_tool"))
                .findFirst().orElseThrow().pluginId(), "the first owner keeps its tool");
        String reasons = runtime.report().toString();
        assertTrue(reasons.contains("boom at start"), reasons);
        assertTrue(reasons.contains("tool 'alpha_tool' is already served by plugin 'alpha'"), reasons);
        assertTrue(reasons.contains("gamma-1.0.0.jar"), reasons);
        assertTrue(runtime.scan().isEmpty(), "a bad JAR is not tried again until it changes");
    }

    @Test
    void aRemovedOrReplacedJarLosesItsToolsAtOnce(@TempDir Path dir) throws Exception {
        Path alpha = new TestPluginJar("alpha").toolGroup("t.alpha", "alpha_tool", "a").writeTo(dir);
        Path beta = new TestPluginJar("beta").toolGroup("t.beta", "beta_tool", "b").writeTo(dir);
        caches.register("beta", "beta.cache", () -> 3);
        start(dir, Set.of());
        Files.delete(beta);
        List<String> done = runtime.scan();
        assertTrue(done.get(0).contains("was removed") && done.get(0).contains("next restart"), done.toString());
        assertFalse(live.servesTool("beta_tool"));
        assertEquals("REMOVED", info("beta").state());
        assertFalse(caches.names().contains("beta.cache"), "its caches go with it");

        Files.write(alpha, Files.readAllBytes(alpha), java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(alpha, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        done = runtime.scan();
        assertTrue(done.get(0).contains("was replaced"), done.toString());
        assertFalse(live.servesTool("alpha_tool"));
        assertEquals("REPLACED", info("alpha").state());
        assertTrue(info("alpha").problem().contains("next restart"));
    }

    @Test
    void disablingAndEnablingByConfigurationStopsAndStartsServing(@TempDir Path dir) throws Exception {
        new TestPluginJar("alpha").toolGroup("t.alpha", "alpha_tool", "a").writeTo(dir);
        new TestPluginJar("beta").toolGroup("t.beta", "beta_tool", "b").writeTo(dir);
        start(dir, Set.of("beta"));
        assertFalse(live.servesTool("beta_tool"), "disabled at start");
        List<String> changes = runtime.applyDisabled(Set.of("alpha"));
        assertEquals(List.of("disabled alpha", "enabled beta"), changes.stream().sorted().toList());
        assertFalse(live.servesTool("alpha_tool"));
        assertTrue(live.servesTool("beta_tool"), "a plugin disabled at start starts when enabled");
        assertEquals("DISABLED", info("alpha").state());
        assertTrue(info("alpha").problem().contains("disabled by configuration"));
        changes = runtime.applyDisabled(Set.of());
        assertEquals(List.of("enabled alpha"), changes);
        assertTrue(live.servesTool("alpha_tool"));
        assertTrue(runtime.applyDisabled(Set.of()).isEmpty(), "nothing to change");
    }
}
