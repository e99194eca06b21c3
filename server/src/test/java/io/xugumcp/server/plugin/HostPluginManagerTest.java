package io.xugumcp.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.server.config.PluginConfigView;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.mcp.FeatureCollector;
import io.xugumcp.server.mcp.Features;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin manager against real plugin JARs compiled at test time: one bad plugin never takes the others down. */
class HostPluginManagerTest {
    private static final Audit NO_AUDIT = (caller, action, details) -> { };

    private static HostPluginManager manager(Path dir, Set<String> disabled, String config) {
        HostPluginManager m = new HostPluginManager(dir, "0.1.0", disabled);
        m.bindContexts(id -> new HostPluginContext(id, new PluginConfigView(ConfigFactory.parseString(config), id),
                new H2Dialect(), "0.1.0", NO_AUDIT));
        m.loadPlugins();
        m.startPlugins();
        return m;
    }

    private static Map<String, Tool> tools(HostPluginManager m) {
        Features f = FeatureCollector.collect(m);
        return f.tools().stream().collect(Collectors.toMap(t -> t.item().name(), Features.Owned::item));
    }

    private static String problem(HostPluginManager m, String id) {
        return m.report().stream().filter(r -> r.id().equals(id) && r.problem() != null)
                .map(HostPluginManager.PluginReport::problem).findFirst().orElse(null);
    }

    @Test
    void badPluginsAreReportedOneByOneAndTheGoodOnesServe(@TempDir Path dir) throws Exception {
        new TestPluginJar("good").toolGroup("t.good", "hello", "hi").writeTo(dir);
        new TestPluginJar("future").manifest("Plugin-Requires", ">=99.0.0").toolGroup("t.future", "future_tool", "x").writeTo(dir);
        new TestPluginJar("orphan").manifest("Plugin-Dependencies", "nope@>=1.0.0").toolGroup("t.orphan", "orphan_tool", "x").writeTo(dir);
        new TestPluginJar("oldfriend").manifest("Plugin-Dependencies", "good@>=2.0.0").toolGroup("t.old", "old_tool", "x").writeTo(dir);
        new TestPluginJar("crash").manifest("Plugin-Class", "t.crash.CrashPlugin")
                .source("t.crash.CrashPlugin", "package t.crash; public class CrashPlugin extends org.pf4j.Plugin {"
                        + " public void start() { throw new IllegalStateException(\"boom at start\"); } }", false)
                .toolGroup("t.crash", "crash_tool", "x").writeTo(dir);
        new TestPluginJar("broken").source("t.broken.Tools", "package t.broken; import io.xugumcp.api.*; import java.util.List;"
                + " @org.pf4j.Extension public class Tools implements ToolGroup {"
                + " public List<Tool> tools() { throw new RuntimeException(\"cannot list\"); } }", true).writeTo(dir);
        new TestPluginJar("dup").toolGroup("t.dup", "hello", "second").writeTo(dir);

        HostPluginManager m = manager(dir, Set.of(), "");
        try {
            Map<String, Tool> tools = tools(m);
            assertEquals(Set.of("hello"), tools.keySet(), "only the good plugin's tool is served");
            assertTrue(problem(m, "future").contains("requires host API >=99.0.0"), problem(m, "future"));
            assertTrue(problem(m, "orphan").contains("requires plugin 'nope'"), problem(m, "orphan"));
            assertTrue(problem(m, "oldfriend").contains("version 1.0.0 is installed"), problem(m, "oldfriend"));
            assertTrue(problem(m, "crash").contains("boom at start"), problem(m, "crash"));
            assertTrue(problem(m, "broken").contains("cannot list"), problem(m, "broken"));
            assertTrue(problem(m, "dup").contains("already provided"), problem(m, "dup"));
        } finally {
            m.stopPlugins();
            m.unloadPlugins();
        }
    }

    @Test
    void aCutOffJarALibraryAndASecondCopyGetOneLineEachSayingWhatToDo(@TempDir Path dir) throws Exception {
        Path good = new TestPluginJar("good").toolGroup("t.good2", "hello", "hi").writeTo(dir);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(dir.resolve("cut.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (java.util.jar.JarOutputStream lib = new java.util.jar.JarOutputStream(
                Files.newOutputStream(dir.resolve("some-library-1.0.jar")), manifest())) {
            lib.putNextEntry(new java.util.jar.JarEntry("lib/Thing.class"));
            lib.write(new byte[] {1, 2, 3});
        }
        Path copy = dir.resolve("good-copy.jar");
        Files.copy(good, copy);
        // The copy is the newer file: PF4J loads the oldest first, so the original is the one kept.
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(good).toMillis() + 60_000));

        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        HostPluginManager m;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            m = manager(dir, Set.of(), "");
        } finally {
            System.setErr(before);
        }
        try {
            assertEquals(Set.of("hello"), tools(m).keySet(), "the good plugin serves");
            assertTrue(problem(m, "cut.jar").startsWith("not a readable JAR (damaged or cut off"), problem(m, "cut.jar"));
            assertTrue(problem(m, "some-library-1.0.jar").startsWith("not a plugin (its manifest has no Plugin-Id"),
                    problem(m, "some-library-1.0.jar"));
            assertEquals("a second copy of plugin 'good', which is already loaded from good-1.0.0.jar. Remove one of"
                    + " the two JARs (the one loaded is kept until then)", problem(m, "good-copy.jar"));
            assertTrue(m.report().stream().filter(r -> r.id().endsWith(".jar")).allMatch(
                    HostPluginManager.PluginReport::needsAttention));
            String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(!log.contains("\tat ") && !log.contains("Exception"), "no stack trace, no class names:\n" + log);
            assertEquals(3, log.lines().filter(l -> l.contains("not loaded")).count(), log);
        } finally {
            m.stopPlugins();
            m.unloadPlugins();
        }
    }

    private static java.util.jar.Manifest manifest() {
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Implementation-Title", "some library");
        return mf;
    }

    @Test
    void eachPluginGetsItsOwnConfigAndRemovingTheJarRemovesTheTools(@TempDir Path dir) throws Exception {
        Path jar = new TestPluginJar("greeter").toolGroup("t.greet", "greet", "default").writeTo(dir);
        HostPluginManager m = manager(dir, Set.of(), "plugins.greeter.greeting = \"你好\"\nplugins.other.greeting = wrong");
        Tool greet = tools(m).get("greet");
        assertEquals("你好", ((io.xugumcp.api.Content.Text) greet.handler().handle(null).content().get(0)).text());
        m.stopPlugins();
        m.unloadPlugins();

        Files.delete(jar);
        HostPluginManager again = manager(dir, Set.of(), "");
        assertTrue(tools(again).isEmpty());
        again.unloadPlugins();
    }

    @Test
    void disabledPluginsStayOffAndSayWhy(@TempDir Path dir) throws Exception {
        new TestPluginJar("greeter").toolGroup("t.greet2", "greet", "x").writeTo(dir);
        HostPluginManager m = manager(dir, Set.of("greeter"), "");
        assertTrue(tools(m).isEmpty());
        assertTrue(problem(m, "greeter").contains("disabled by configuration"));
        m.unloadPlugins();
    }

    @Test
    void aPluginThatBundlesTheApiStillGetsTheHostsApi(@TempDir Path dir) throws Exception {
        Path jar = new TestPluginJar("bundler").toolGroup("t.bundle", "bundled", "ok").writeTo(dir);
        TestPluginJar.addClassBytes(jar, ToolGroup.class);
        HostPluginManager m = manager(dir, Set.of(), "");
        assertEquals(List.of("bundled"), List.copyOf(tools(m).keySet()), "parent-first API: the extension is found");
        m.stopPlugins();
        m.unloadPlugins();
    }

    @Test
    void eachPluginReadsItsOwnReferenceConfUnderTheOperatorsSettings(@TempDir Path dir) throws Exception {
        new TestPluginJar("greeter").toolGroup("t.greet3", "greet", "code default")
                .resource("reference.conf", "plugins.greeter { greeting = \"from its reference.conf\", dsn = \"x://u:pw@h\","
                        + " secret-keys = [dsn] }\n"
                        + "xugu-mcp.security.mode = read-write\n")
                .writeTo(dir);
        new TestPluginJar("plain").toolGroup("t.plain", "plain_greet", "code default").writeTo(dir);
        new TestPluginJar("overridden").toolGroup("t.over", "over_greet", "code default")
                .resource("reference.conf", "plugins.overridden.greeting = default-of-the-plugin\n").writeTo(dir);
        com.typesafe.config.Config root = ConfigFactory.parseString(
                "plugins.overridden.greeting = the-operators\nxugu-mcp.security.mode = read-only").resolve();
        HostPluginManager m = new HostPluginManager(dir, "0.1.0", Set.of());
        io.xugumcp.server.config.PluginConfigs configs = new io.xugumcp.server.config.PluginConfigs(root,
                id -> m.ownResource(id, "reference.conf"));
        m.bindContexts(id -> new HostPluginContext(id, configs.of(id), new H2Dialect(), "0.1.0", NO_AUDIT));
        m.loadPlugins();
        m.startPlugins();
        try {
            Map<String, Tool> tools = tools(m);
            assertEquals("from its reference.conf", text(tools.get("greet")));
            assertEquals("code default", text(tools.get("plain_greet")), "a plugin without one gets no host defaults");
            assertEquals("the-operators", text(tools.get("over_greet")), "the operator's setting wins");
            Map<String, String> shown = configs.redacted().get("greeter");
            assertEquals("<secret>", shown.get("dsn"));
            assertTrue(!configs.of("greeter").toString().contains("pw@h"), configs.of("greeter").toString());
            assertEquals(Set.of("greeting", "dsn"), configs.of("greeter").asMap().keySet(),
                    "only its own subtree; secret-keys is not a setting");
        } finally {
            m.stopPlugins();
            m.unloadPlugins();
        }
    }

    private static String text(Tool t) throws Exception {
        return ((io.xugumcp.api.Content.Text) t.handler().handle(null).content().get(0)).text();
    }
}
