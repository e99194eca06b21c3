package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio launcher with its class-data archive switched on (the other ITs switch it off): a {@code $HOME} holding a
 * space starts and keeps its archive there; the cache holds one archive per installation and JDK, and at most
 * {@code XUGU_MCP_CDS_KEEP} in all. The first serving run records its classes, the next start builds the archive in
 * the background, so each run here is a whole stdio session that ends by closing stdin.
 */
class LauncherIT {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

    @TempDir
    Path dir;

    @Test
    void aHomeWithASpaceStartsAndKeepsItsOneArchiveThere() throws Exception {
        Path home = dir.resolve("home with space");
        Files.createDirectories(home);
        Map<String, String> env = env(home, Map.of());
        Path cache = home.resolve(".cache/xugu-mcp");
        Set<String> first = archiveAfterTwoStarts(env, cache);
        assertEquals(1, first.size(), "one archive after the first serving runs: " + first);
        serve(env);
        assertEquals(first, archives(cache), "a later run maps the same archive, it does not add one");
    }

    @Test
    void theCacheKeepsOneArchivePerInstallationAndJdkAndTheNewestKeepInAll() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = env(home, Map.of("XUGU_MCP_CDS_KEEP", "3"));
        Path cache = home.resolve(".cache/xugu-mcp");
        String current = archiveAfterTwoStarts(env, cache).iterator().next();
        // This installation's archive for an older set of jars, and four of other installations or JDKs.
        String stale = current.replaceFirst("-\\d+(\\.\\w+)$", "-1$1");
        Files.move(cache.resolve(current), cache.resolve(stale));
        Instant now = Instant.now();
        touch(cache.resolve(stale), now.minus(5, ChronoUnit.HOURS));
        for (int i = 1; i <= 4; i++) {
            touch(cache.resolve("xugu-mcp-17-" + (900 + i) + "-1.jsa"), now.minus(i, ChronoUnit.HOURS));
        }

        serve(env);
        assertEquals(new TreeSet<>(List.of("xugu-mcp-17-901-1.jsa", "xugu-mcp-17-902-1.jsa")), archives(cache),
                "the stale archive of this installation is gone, the two newest others are kept for the new one");
        assertEquals(new TreeSet<>(List.of(current, "xugu-mcp-17-901-1.jsa", "xugu-mcp-17-902-1.jsa")),
                archiveAfterTwoStarts(env, cache), "three in all once the new one is built");
    }

    /**
     * The launcher's memory and compiler options (one C1 compiler thread, native-heap trimming where the JDK has it,
     * lower compile thresholds with C1 only) on every JDK installed here: a serving run works with the defaults and
     * with the full JIT a user may ask for (C2 needs two compiler threads: the JVM refuses one), the trim option is
     * there exactly when the JDK knows it, the thresholds are the JDK's own with C2, the young generation starts small on JDK 17.
     */
    @Test
    void theMemoryOptionsSuitEveryJdkHere() throws Exception {
        for (Path jdk : jdks()) {
            for (String opts : List.of("", "-XX:TieredStopAtLevel=4")) {
                Map<String, String> env = new HashMap<>(Dist.env(dir.resolve("mem"), Map.of()));
                env.put("JAVA_HOME", jdk.toString());
                env.put("JAVA_OPTS", opts + " -XX:+PrintFlagsFinal");
                ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString(), "--version")
                        .redirectErrorStream(true);
                pb.environment().putAll(env);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), jdk + " with '" + opts + "': " + out.lines().limit(5).toList());
                boolean knowsTrim = out.contains("TrimNativeHeapInterval");
                assertEquals(knowsTrim, out.matches("(?s).*TrimNativeHeapInterval\\s+=\\s+5000.*"),
                        jdk + ": trimming on exactly when the JDK has the option");
                assertTrue(out.matches("(?s).*Tier3InvocationThreshold\\s+=\\s+" + (opts.isEmpty() ? "50" : "200") + "\\s.*"),
                        jdk + " with '" + opts + "': a call's path compiled sooner with C1 only, the JDK's thresholds with C2");
                assertEquals(feature(jdk) == 17, out.matches("(?s).*size_t NewSize\\s+=\\s+2097152\\s.*"),
                        jdk + ": the young generation starts at 2 MB on JDK 17 only");
            }
        }
    }

    /**
     * From JDK 24 on, the archive the launcher builds holds its classes loaded and linked ahead of time (JEP 483), and
     * a later run uses them: on every such JDK installed here.
     */
    @Test
    void fromJdk24OnTheArchiveHoldsItsClassesLinkedAheadOfTime() throws Exception {
        List<Path> newer = jdks().stream().filter(j -> feature(j) >= 24).toList();
        Assumptions.assumeFalse(newer.isEmpty(), "no JDK 24 or later installed here");
        for (Path jdk : newer) {
            Path home = dir.resolve("home " + jdk.getFileName());
            Files.createDirectories(home);
            Map<String, String> env = env(home, Map.of());
            env.put("JAVA_HOME", jdk.toString());
            assertEquals(1, archiveAfterTwoStarts(env, home.resolve(".cache/xugu-mcp")).size(), jdk.toString());
            env.put("JAVA_OPTS", "-Xlog:aot=info:stderr");
            Path log = dir.resolve("aot " + jdk.getFileName() + ".log");
            serve(env, ProcessBuilder.Redirect.to(log.toFile()));
            String vm = Files.readString(log);
            assertTrue(vm.contains("Using AOT-linked classes: true"), jdk + ": "
                    + vm.lines().filter(l -> l.contains("AOT-linked")).toList());
        }
    }

    /**
     * The archive leaves the SQL guard's parser out (it is mapped whole into every run, and most started servers are
     * never called): after a SQL call the parser's classes come from their jar, the host's from the archive – even
     * when the run that recorded the classes had loaded the parser.
     */
    @Test
    void theArchiveLeavesTheSqlParserOut() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = env(home, Map.of());
        String query = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\","
                + "\"arguments\":{\"sql\":\"SELECT COUNT(*) FROM products\"}}}\n";
        serve(env, ProcessBuilder.Redirect.DISCARD, query); // the recording run: it loads the parser
        serve(env);                                         // builds the archive in the background
        Path cache = home.resolve(".cache/xugu-mcp");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (archives(cache).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(1, archives(cache).size(), archives(cache).toString());
        Path classes = dir.resolve("classes.log");
        env.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        serve(env, ProcessBuilder.Redirect.DISCARD, query);
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" io.xugumcp.server.XuguMcpServer source: shared objects file")),
                "the host's classes come from the archive");
        // Verifying the archived guard classes pulls a few parser classes in; the operator table and the rest stay out.
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" org.apache.calcite.sql.fun.SqlStdOperatorTable source: ")
                && !l.contains("shared objects file")), "the parser's operator table comes from its jar: "
                + loaded.stream().filter(l -> l.contains("SqlStdOperatorTable ")).toList());
    }

    /** The JDKs installed here (a Debian layout), else the one running the tests. */
    private static List<Path> jdks() {
        List<Path> jdks = new ArrayList<>();
        try (Stream<Path> all = Files.list(Path.of("/usr/lib/jvm"))) {
            all.filter(j -> Files.isExecutable(j.resolve("bin/java")) && Files.isRegularFile(j.resolve("release"))
                    && !Files.isSymbolicLink(j)).forEach(jdks::add);
        } catch (IOException none) {
            // not a Debian layout: the JDK running the tests
        }
        if (jdks.isEmpty()) {
            jdks.add(Path.of(System.getProperty("java.home")));
        }
        return jdks;
    }

    /** The JDK's feature release (17, 25, …) from its release file; 0 when it cannot be read. */
    private static int feature(Path jdk) {
        try {
            return Files.readAllLines(jdk.resolve("release")).stream()
                    .filter(l -> l.startsWith("JAVA_VERSION=\""))
                    .map(l -> l.substring("JAVA_VERSION=\"".length()).split("[.\"+-]")[0])
                    .mapToInt(Integer::parseInt).findFirst().orElse(0);
        } catch (IOException | NumberFormatException unreadable) {
            return 0;
        }
    }

    /** The first run records the classes, the second builds the archive in the background: wait for it. */
    private Set<String> archiveAfterTwoStarts(Map<String, String> env, Path cache) throws Exception {
        Set<String> before = archives(cache);
        serve(env);
        serve(env);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (archives(cache).size() == before.size() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return archives(cache);
    }

    private Map<String, String> env(Path home, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Dist.env(dir.resolve("data " + home.getFileName()), extra));
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", "");
        env.put("XUGU_MCP_CDS", "on");
        env.put("JAVA_OPTS", "");
        return env;
    }

    /** One stdio session: initialize, tools/list, stdin closed; every stdout line must be JSON-RPC. */
    private static void serve(Map<String, String> env) throws IOException, InterruptedException {
        serve(env, ProcessBuilder.Redirect.DISCARD);
    }

    /** One stdio session as above; {@code more} (requests with id 3, whole lines) are sent after tools/list, each
     *  answered before the next. */
    private static void serve(Map<String, String> env, ProcessBuilder.Redirect stderr, String... more)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString()).redirectError(stderr);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
            in.flush();
            lines.add(String.valueOf(out.readLine()));
            in.write(LIST.getBytes(StandardCharsets.UTF_8));
            in.flush();
            lines.add(String.valueOf(out.readLine()));
            for (String line : more) { // a request with "id":3; its answer awaited (notifications may come first)
                in.write(line.getBytes(StandardCharsets.UTF_8));
                in.flush();
                for (String l = out.readLine(); l != null; l = l.contains("\"id\":3") ? null : out.readLine()) {
                    lines.add(l);
                }
            }
            in.close();
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                lines.add(l);
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the server ends when stdin closes");
        assertEquals(0, p.exitValue(), lines.toString());
        assertTrue(lines.get(1).contains("\"id\":2") && lines.get(1).contains("execute_query"), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{")), "stdout carries JSON-RPC only: " + lines);
    }

    private static Set<String> archives(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("xugu-mcp-.*\\.(jsa|aot)"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void touch(Path file, Instant time) throws IOException {
        if (!Files.exists(file)) {
            Files.write(file, new byte[] {1});
        }
        Files.setLastModifiedTime(file, FileTime.from(time));
    }
}
