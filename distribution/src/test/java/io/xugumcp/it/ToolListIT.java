package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller's model pays before it asks anything: the {@code tools/list} of the built distribution, per role. The
 * budgets are sizes of whatever plugins the distribution ships, so when a plugin grows the list past them the failure
 * names the tools by size. Also: each caller sees only the tools its role may call (stdio and per HTTP token), a call
 * to a hidden tool is still refused by the host, and toolsets narrow the list.
 */
class ToolListIT {
    /**
     * The default caller (data_analyst, read-only) on the default zip: issue 14's goal, 16 KiB (~4k tokens). 26 tools
     * take ~14 KiB: tools/list carries no output schemas, read-only tools only the hints that mean something, and short
     * descriptions.
     */
    static final int DEFAULT_BUDGET = 16 * 1024;
    /** An admin in read-write mode with every plugin shipped: issue 14's goal, 64 KiB. 52 tools take ~43 KiB. */
    static final int ADMIN_BUDGET = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void theDefaultCallerSeesAListWithinItsBudgetAndNoAdminOrWriteTools() {
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir, Map.of()));
        try {
            List<McpSchema.Tool> tools = all(c);
            assertWithin("default caller (data_analyst, read-only)", tools, DEFAULT_BUDGET);
            Set<String> names = names(tools);
            assertTrue(names.contains("execute_query"), names.toString());
            assertFalse(names.contains("get_audit_log"), "ADMIN tools are hidden from data_analyst: " + names);
            for (McpSchema.Tool t : tools) {
                assertFalse(Boolean.TRUE.equals(t.annotations().destructiveHint()), t.name() + " is destructive");
            }
            // Hidden is not allowed: the host still refuses the call itself, saying why.
            McpSchema.CallToolResult r = Dist.call(c, "get_audit_log", Map.of());
            assertTrue(Boolean.TRUE.equals(r.isError()), Dist.text(r));
            assertTrue(Dist.text(r).contains("Denied"), Dist.text(r));
        } finally {
            c.closeGracefully();
        }
    }

    /**
     * The server checks every shipped tool's schemas when it starts and each call's arguments and result against them:
     * all with the host's own checks, so the SDK's general JSON Schema validator (~280 classes, tens of milliseconds
     * to load) never loads. Fails when a shipped schema uses a keyword the host does not check (see SchemaSubset).
     */
    @Test
    void everyShippedSchemaIsCheckedWithoutTheGeneralValidator() throws IOException {
        Path classes = dir.resolve("classes.log");
        McpSyncClient admin = Dist.stdio(Dist.home(), Dist.env(dir.resolve("v"), Map.of("XUGU_MCP_MODE", "read-write",
                "XUGU_MCP_STDIO_ROLE", "admin", "JAVA_OPTS", "-Xmx512m -Xlog:class+load:file=" + classes)));
        try {
            assertTrue(all(admin).size() > 40, "every plugin's tools");
            McpSchema.CallToolResult bad = Dist.call(admin, "execute_query", Map.of("sql", "SELECT 1", "limit", "x"));
            assertTrue(Boolean.TRUE.equals(bad.isError()), Dist.text(bad));
            assertTrue(Dist.text(bad).contains("/limit: integer expected, string found"), Dist.text(bad));
            for (Map.Entry<String, Map<String, Object>> call : Map.of(
                    "execute_query", Map.<String, Object>of("sql", "SELECT * FROM customers", "limit", 5),
                    "list_tables", Map.<String, Object>of(),
                    "describe_table", Map.<String, Object>of("table_name", "orders"),
                    "get_database_info", Map.<String, Object>of()).entrySet()) {
                McpSchema.CallToolResult r = Dist.call(admin, call.getKey(), call.getValue());
                assertFalse(Boolean.TRUE.equals(r.isError()), call.getKey() + ": " + Dist.text(r));
                assertTrue(r.structuredContent() != null, call.getKey() + " has a structured result to validate");
            }
        } finally {
            admin.closeGracefully();
        }
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("io.xugumcp.server.mcp.SchemaSubset"), "the host's checks ran");
        assertFalse(loaded.contains("com.networknt"), "the general validator was loaded: " + loaded.lines()
                .filter(l -> l.contains("com.networknt")).findFirst().orElse(""));
    }

    @Test
    void anAdminInReadWriteModeWithEveryPluginSeesAListWithinItsBudget() {
        McpSyncClient admin = Dist.stdio(Dist.home(), Dist.env(dir.resolve("a"),
                Map.of("XUGU_MCP_MODE", "read-write", "XUGU_MCP_STDIO_ROLE", "admin")));
        McpSyncClient reader = Dist.stdio(Dist.home(), Dist.env(dir.resolve("r"),
                Map.of("XUGU_MCP_MODE", "read-write", "XUGU_MCP_STDIO_ROLE", "read_only")));
        try {
            List<McpSchema.Tool> adminTools = all(admin);
            assertWithin("admin, read-write, every plugin", adminTools, ADMIN_BUDGET);
            List<McpSchema.Tool> readerTools = all(reader);
            report("read_only, read-write mode", readerTools);
            assertTrue(names(adminTools).contains("get_audit_log"), names(adminTools).toString());
            assertTrue(names(adminTools).containsAll(names(readerTools)), "a reader sees a subset of an admin's list");
            assertTrue(adminTools.size() > readerTools.size(), "the reader's list is narrower: " + names(readerTools));
            // Deterministic: the same list, in the same order, on every request.
            assertEquals(adminTools.stream().map(McpSchema.Tool::name).toList(),
                    all(admin).stream().map(McpSchema.Tool::name).toList());
        } finally {
            admin.closeGracefully();
            reader.closeGracefully();
        }
    }

    @Test
    void overHttpEachTokenSeesItsRolesTools() throws Exception {
        String analyst = "analyst-" + System.nanoTime();
        String boss = "boss-" + System.nanoTime();
        Path config = dir.resolve("application.conf");
        Files.writeString(config, "xugu-mcp.security.tokens = [\n"
                + "  { client = a, role = data_analyst, sha256 = \"" + HttpSecurityIT.sha256(analyst) + "\" },\n"
                + "  { client = b, role = admin, sha256 = \"" + HttpSecurityIT.sha256(boss) + "\" }\n]\n");
        try (Dist.HttpServer server = new Dist.HttpServer(Dist.home(), Dist.env(dir.resolve("data"), Map.of()),
                dir.resolve("server.log"), "--config", config.toString(), "--read-write")) {
            McpSyncClient a = server.streamable(Map.of("Authorization", "Bearer " + analyst));
            McpSyncClient b = server.sse(Map.of("Authorization", "Bearer " + boss));
            try {
                Set<String> seenByAnalyst = names(all(a));
                Set<String> seenByAdmin = names(all(b));
                assertFalse(seenByAnalyst.contains("get_audit_log"), seenByAnalyst.toString());
                assertTrue(seenByAdmin.contains("get_audit_log"), seenByAdmin.toString());
                assertTrue(seenByAdmin.containsAll(seenByAnalyst));
            } finally {
                a.closeGracefully();
                b.closeGracefully();
            }
        }
    }

    @Test
    void toolsetsNarrowTheListAndAnUnknownOneRefusesTheStartNamingTheKnownOnes() throws Exception {
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("q"), Map.of()), "--toolsets", "query");
        Set<String> only;
        try {
            only = names(all(c));
        } finally {
            c.closeGracefully();
        }
        McpSyncClient full = Dist.stdio(Dist.home(), Dist.env(dir.resolve("f"), Map.of("XUGU_MCP_TOOLSETS", "all")));
        try {
            Set<String> everything = names(all(full));
            assertTrue(only.contains("execute_query"), only.toString());
            assertFalse(only.contains("list_tables"), "schema tools are not in the query toolset: " + only);
            assertTrue(everything.containsAll(only) && everything.size() > only.size(), everything.toString());
        } finally {
            full.closeGracefully();
        }

        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString(), "--toolsets", "query,nope")
                .redirectErrorStream(true);
        pb.environment().putAll(Dist.env(dir.resolve("n"), Map.of()));
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the start is refused, not left hanging");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("unknown toolset nope") && out.contains("known: all,") && out.contains("schema"), out);
    }

    private static List<McpSchema.Tool> all(McpSyncClient c) {
        List<McpSchema.Tool> out = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult r = c.listTools(cursor);
            out.addAll(r.tools());
            cursor = r.nextCursor();
        } while (cursor != null);
        return out;
    }

    private static Set<String> names(List<McpSchema.Tool> tools) {
        return tools.stream().map(McpSchema.Tool::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Bytes of the list as JSON on the wire ({@code {"tools":[...]}}). */
    static int size(List<McpSchema.Tool> tools) {
        try {
            return Dist.JSON.writeValueAsString(Map.of("tools", tools)).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String breakdown(List<McpSchema.Tool> tools) {
        Map<String, Integer> bytes = new HashMap<>();
        for (McpSchema.Tool t : tools) {
            bytes.put(t.name(), size(List.of(t)));
        }
        return bytes.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .map(e -> String.format("  %6d B  %s", e.getValue(), e.getKey())).collect(Collectors.joining("\n"));
    }

    private static void report(String who, List<McpSchema.Tool> tools) {
        System.out.printf("tools/list %s: %d tools, %d bytes%n%s%n", who, tools.size(), size(tools), breakdown(tools));
    }

    private static void assertWithin(String who, List<McpSchema.Tool> tools, int budget) {
        report(who, tools);
        int size = size(tools);
        assertTrue(size <= budget, "tools/list for " + who + " is " + size + " bytes, over its budget of " + budget
                + " (" + tools.size() + " tools). Shorten descriptions and schemas of the largest:\n" + breakdown(tools));
    }
}
