package io.xugumcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's packages must not import each other in a circle: a cycle means neither side can be read, tested or
 * changed on its own. The graph is read from the sources (imports and fully qualified names; comments ignored), one
 * node per package directly under {@code io.xugumcp.server} (subpackages such as {@code db.xugu} count as their
 * parent), so the test needs no extra library and sees exactly what a reader of the code sees.
 */
class PackageCyclesTest {

    /** The core: the SQL guard, access control, the audit trail, configuration and the database layer. */
    private static final Set<String> CORE = Set.of("sql", "security", "audit", "config", "db");

    /**
     * Cycles that exist today outside the core, listed so that a new one fails this test and a removed one is noticed
     * (then delete its line). Each entry is one strongly connected group of packages.
     */
    private static final Set<Set<String>> KNOWN = Set.of(
            // CatalogService answers Catalog.search through SchemaLinking, and linking reads catalog.SchemaSnapshot.
            Set.of("catalog", "linking"),
            // The MCP layer and what hangs off it: mcp adapts plugin tools and calls the LLM service, plugin
            // registers its tools through mcp and admin, admin reloads, traces and lists transports, and trace,
            // transport and reload reach back into mcp.
            Set.of("admin", "llm", "mcp", "plugin", "reload", "trace", "transport"));

    private static final Path SOURCES = Path.of("src/main/java/io/xugumcp/server");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.xugumcp\\.server\\.([a-z][a-z0-9_]*)\\.");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void theCorePackagesImportEachOtherWithoutCycles() {
        Map<String, Set<String>> graph = graph();
        for (Set<String> group : cycles(graph)) {
            for (String p : group) {
                assertTrue(!CORE.contains(p), "package " + p + " is in an import cycle " + group + ": "
                        + edgesWithin(graph, group));
            }
        }
    }

    @Test
    void noCyclesBeyondTheKnownOnes() {
        Map<String, Set<String>> graph = graph();
        Set<Set<String>> found = cycles(graph);
        List<String> described = new ArrayList<>();
        for (Set<String> group : found) {
            described.add(group + " via " + edgesWithin(graph, group));
        }
        assertEquals(KNOWN, found, "import cycles between server packages: " + described);
    }

    @Test
    void theGraphIsReadFromTheSources() {
        // Guards the test itself: were the source folder missing or the pattern wrong, every check would pass.
        Map<String, Set<String>> graph = graph();
        assertTrue(graph.keySet().containsAll(CORE), "packages found: " + graph.keySet());
        assertTrue(graph.get("db").contains("sql"), "db uses the SQL guard: " + graph.get("db"));
        assertTrue(graph.get("security").contains("audit"), "security opens the audit trail: " + graph.get("security"));
    }

    /** Package → the packages its classes name (itself excluded). Classes directly in the root package are "". */
    static Map<String, Set<String>> graph() {
        assertTrue(Files.isDirectory(SOURCES), "run from the server module: " + SOURCES.toAbsolutePath());
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = SOURCES.relativize(f);
                String from = rel.getNameCount() == 1 ? "" : rel.getName(0).toString();
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(COMMENT.matcher(Files.readString(f)).replaceAll(" "));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The strongly connected groups of more than one package (Tarjan). */
    static Set<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        Set<Set<String>> out = new java.util.HashSet<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                Set<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                out.add(Set.copyOf(group));
            }
        }
    }

    private static List<String> edgesWithin(Map<String, Set<String>> graph, Set<String> group) {
        List<String> edges = new ArrayList<>();
        for (String from : group) {
            for (String to : graph.getOrDefault(from, Set.of())) {
                if (group.contains(to)) {
                    edges.add(from + "→" + to);
                }
            }
        }
        return edges;
    }
}
