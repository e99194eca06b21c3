package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, all scenarios) against the
 * distribution over Streamable HTTP, with the test-only conformance fixture plugin in its plugin folder.
 * The suite and a Node 22 runtime are installed from npm on first use (see src/test/conformance/run.sh).
 */
class ConformanceIT {

    @Test
    void passesTheWholeConformanceSuite(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        for (Path source : new Path[] {Dist.home().resolve("plugins"), Dist.testPlugins()}) {
            try (Stream<Path> jars = Files.list(source)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.copy(jar, plugins.resolve(jar.getFileName()));
                }
            }
        }
        Map<String, String> env = Dist.env(dir, Map.of("XUGU_MCP_PLUGINS_DIR", plugins.toString()));
        try (Dist.HttpServer server = new Dist.HttpServer(Dist.home(), env, dir.resolve("server.log"))) {
            Path script = Path.of(System.getProperty("conformance.script", "src/test/conformance/run.sh"));
            Path out = dir.resolve("conformance.txt");
            Process p = new ProcessBuilder("bash", script.toString(), "http://localhost:" + server.port + "/mcp", "--suite", "all")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(15, TimeUnit.MINUTES), "conformance suite finished in time");
            String report = Files.readString(out);
            // Shown in the failsafe report so a failure says which scenario broke.
            System.out.println(report);
            assertEquals(0, p.exitValue(), "conformance suite failed:\n" + report);
            assertTrue(report.matches("(?s).*\\b0 failed\\b.*") || !report.contains("failed"), report);
        }
    }
}
