package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration file with typos, through the built distribution: each unknown key is one warning naming the key
 * meant; with the strict switch the server refuses to start, with exit code 2 and a clear line; a bad value from the
 * environment names the variable.
 */
class ConfigFileIT {
    private static final String TYPOS = """
            xugu-mcp {
              security.max_rows = 10
              securty { mode = read-write }
            }
            plugins.ddl.allow_drop_database = true
            """;

    record Run(int exit, String output) {
    }

    /** {@code bin/xugu-mcp} with {@code args} and {@code env}, stdin closed; its exit code and all its output. */
    static Run run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Dist.home().resolve("bin/xugu-mcp").toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(Dist.env(dir.resolve("data"), env));
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void typosWarnOnceEachNamingTheKeyMeant(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, TYPOS);
        Run r = run(dir, Map.of(), "plugins", "--config", conf.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("Unknown setting xugu-mcp.security.max_rows (" + conf + ": 2) is ignored; did you"
                + " mean xugu-mcp.security.max-rows?"), r.output());
        assertTrue(r.output().contains("Unknown setting xugu-mcp.securty (" + conf + ": 3) is ignored; did you mean"
                + " xugu-mcp.security?"), r.output());
        assertTrue(r.output().contains("Unknown setting plugins.ddl.allow_drop_database (" + conf + ": 5) is ignored;"
                + " did you mean plugins.ddl.allow-drop-database?"), "checked against the DDL plugin's reference.conf:\n"
                + r.output());
        assertEquals(3, r.output().lines().filter(l -> l.contains("Unknown setting")).count(), r.output());
        assertFalse(r.output().contains("Unknown setting xugu-mcp.llm") || r.output().contains("Unknown setting xugu-mcp.metrics"),
                "the keys the host reads are all known:\n" + r.output());
    }

    @Test
    void aTypoInTheSectionOfAPluginWithFewOrNoSettingsIsFoundToo(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, """
                plugins {
                  query.default_limit = 100
                  audit.default-limt = 50
                  admin.history_limit = 20
                  dml.default-batch-sise = 500
                  schema.cache-ttl = 10m
                  query.default-limit = 100
                }
                """);
        Run r = run(dir, Map.of(), "plugins", "--config", conf.toString());
        assertEquals(0, r.exit(), r.output());
        for (String[] typo : new String[][] {{"query.default_limit", "2", "query.default-limit"},
                {"audit.default-limt", "3", "audit.default-limit"}, {"admin.history_limit", "4", "admin.history-limit"},
                {"dml.default-batch-sise", "5", "dml.default-batch-size"}}) {
            assertTrue(r.output().contains("Unknown setting plugins." + typo[0] + " (" + conf + ": " + typo[1]
                    + ") is ignored; did you mean plugins." + typo[2] + "?"), typo[0] + ":\n" + r.output());
        }
        // The schema plugin reads no settings: whatever stands in its section is unknown.
        assertTrue(r.output().contains("Unknown setting plugins.schema.cache-ttl (" + conf + ": 6) is ignored"),
                r.output());
        assertEquals(5, r.output().lines().filter(l -> l.contains("Unknown setting")).count(), r.output());
    }

    @Test
    void strictRefusesToStartWithAClearLine(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, TYPOS);
        Run r = run(dir, Map.of("XUGU_MCP_CONFIG_STRICT", "true"), "--config", conf.toString());
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("xugu-mcp: invalid configuration: unknown setting xugu-mcp.security.max_rows"),
                r.output());
        assertTrue(r.output().contains("did you mean xugu-mcp.security.max-rows?"), r.output());
        assertFalse(r.output().contains("\tat ") || r.output().contains("Exception"), r.output());

        // A typo only in a plugin's section is found once the plugins are loaded, and refuses the start too.
        Files.writeString(conf, "plugins.ddl.allow_drop_database = true\n");
        Run plugin = run(dir, Map.of("XUGU_MCP_CONFIG_STRICT", "true"), "--config", conf.toString());
        assertEquals(2, plugin.exit(), plugin.output());
        assertTrue(plugin.output().contains("unknown setting plugins.ddl.allow_drop_database"), plugin.output());
    }

    @Test
    void aBadPortFromTheEnvironmentNamesTheVariable(@TempDir Path dir) throws Exception {
        Run r = run(dir, Map.of("HTTP_SERVER_PORT", "abc"), "plugins");
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("environment variable HTTP_SERVER_PORT (xugu-mcp.http.port): must be a whole"
                + " number, got 'abc'"), r.output());
        assertFalse(r.output().contains("jar:") || r.output().contains("reference.conf"), r.output());
    }
}
