package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third-party path end to end: the example plugin in {@code examples/row-counter} is built on its own – no parent,
 * only the published artifacts in a fresh local repository (seeded by this build's install-file executions, never
 * ~/.m2) – with its own tests on the testing kit; its JAR goes into the {@code plugins/} folder of the unpacked zip,
 * and an MCP client calls its tool and gets its prompt.
 */
class ExamplePluginIT {

    @Test
    void theExampleBuildsAloneAndServesFromAnUnpackedZip(@TempDir Path dir) throws Exception {
        Path jar = buildExample(dir.resolve("build"));

        Path install = unzip(Path.of(System.getProperty("dist.zip")), dir.resolve("unpacked"));
        Files.copy(jar, install.resolve("plugins").resolve(jar.getFileName()));
        Path config = dir.resolve("application.conf");
        Files.writeString(config, """
                xugu-mcp.security.roles.guest { description = "may read nothing", permissions = [] }
                """);

        String plugins = run(install, List.of(install.resolve("bin/xugu-mcp").toString(), "plugins", "--config",
                config.toString()), dir.resolve("plugins.log"));
        assertTrue(plugins.contains("row-counter 1.0.0 STARTED") || plugins.contains("row-counter 1.0.0 RESOLVED"),
                plugins);

        Path data = dir.resolve("data");
        McpSyncClient client = Dist.stdio(install, Dist.env(data, Map.of()), "--config", config.toString());
        try {
            McpSchema.Tool tool = client.listTools().tools().stream().filter(t -> t.name().equals("count_rows"))
                    .findFirst().orElseThrow(() -> new AssertionError("count_rows is not listed"));
            assertEquals(Boolean.TRUE, tool.annotations().readOnlyHint());
            McpSchema.CallToolResult r = Dist.call(client, "count_rows", Map.of("table", "customers"));
            assertFalse(r.isError(), Dist.text(r));
            assertEquals("CUSTOMERS", Dist.structured(r).get("table"));
            assertTrue(((Number) Dist.structured(r).get("rows")).longValue() > 0, Dist.text(r));

            McpSchema.GetPromptResult p = client.getPrompt(new McpSchema.GetPromptRequest("compare_table_sizes",
                    Map.of("first", "orders", "second", "customers")));
            assertTrue(((McpSchema.TextContent) p.messages().get(0).content()).text().contains("count_rows"));
        } finally {
            client.closeGracefully();
        }

        Path guestData = dir.resolve("guest-data");
        McpSyncClient guest = Dist.stdio(install, Dist.env(guestData, Map.of("XUGU_MCP_STDIO_ROLE", "guest")),
                "--config", config.toString());
        try {
            McpSchema.CallToolResult denied = Dist.call(guest, "count_rows", Map.of("table", "customers"));
            assertTrue(denied.isError());
            assertEquals("denied", denied.meta().get("code"), Dist.text(denied));
            McpError e = assertThrows(McpError.class, () -> guest.getPrompt(new McpSchema.GetPromptRequest(
                    "compare_table_sizes", Map.of("first", "orders", "second", "customers"))));
            assertTrue(e.getMessage().contains("SELECT"), e.getMessage());
        } finally {
            guest.closeGracefully();
        }

        Audits.awaitCleanEnd(Audits.file(data));
        Audits.awaitCleanEnd(Audits.file(guestData));
        List<Map<String, Object>> mine = Audits.records(Audits.file(data));
        assertEquals("ok", only(mine, "tool", "count_rows").get("outcome"));
        assertEquals("row-counter", only(mine, "tool", "count_rows").get("plugin"));
        assertEquals("ok", only(mine, "prompt", "compare_table_sizes").get("outcome"));
        List<Map<String, Object>> guests = Audits.records(Audits.file(guestData));
        assertEquals("denied", only(guests, "prompt", "compare_table_sizes").get("outcome"));
        assertEquals("guest", only(guests, "prompt", "compare_table_sizes").get("role"));
    }

    private static Map<String, Object> only(List<Map<String, Object>> records, String action, String name) {
        List<Map<String, Object>> found = Audits.where(records, r -> action.equals(r.get("action"))
                && name.equals(r.get(action)));
        assertEquals(1, found.size(), action + " " + name + " in " + records);
        return found.get(0);
    }

    /**
     * {@code mvn -o package} of a copy of the example, against a local repository that holds only what this build
     * installed there; third-party artifacts are read from the outer build's repository through a file mirror.
     */
    private static Path buildExample(Path work) throws Exception {
        Path project = work.resolve("row-counter");
        copyTree(Path.of(System.getProperty("examples.dir")).resolve("row-counter"), project);
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>outer</id><mirrorOf>*</mirrorOf><url>"
                + Path.of(System.getProperty("outer.repo")).toUri() + "</url></mirror></mirrors></settings>");
        String mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn").toString();
        String out = run(project, List.of(mvn, "-B", "-o", "-s", settings.toString(),
                "-Daether.offline.protocols=file", "-Dmaven.repo.local=" + System.getProperty("it.repo"),
                "-f", project.resolve("pom.xml").toString(), "package"), work.resolve("mvn.log"));
        assertTrue(out.contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0"), "the example's own tests:\n" + out);
        Path jar = project.resolve("target/row-counter-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), out);
        return jar;
    }

    /** Runs a command to its end; its output must end in success. */
    private static String run(Path dir, List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("XUGU_MCP_CDS", "off");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish; output in " + log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path rel = from.relativize(f);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path t = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Unpacks the release zip as a user would; returns the folder it holds (xugu-mcp-VERSION). */
    private static Path unzip(Path zip, Path into) throws IOException {
        List<Path> top = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path t = into.resolve(e.getName()).normalize();
                if (!t.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(z, t);
                    if (t.getParent().getFileName().toString().equals("bin") && !t.toString().endsWith(".bat")) {
                        t.toFile().setExecutable(true);
                    }
                }
                Path first = into.resolve(into.relativize(t).getName(0));
                if (!top.contains(first)) {
                    top.add(first);
                }
            }
        }
        assertEquals(1, top.size(), "the zip holds one folder: " + top);
        return top.get(0);
    }
}
