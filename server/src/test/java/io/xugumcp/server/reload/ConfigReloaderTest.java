package io.xugumcp.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.admin.ReloadReport;
import io.xugumcp.server.XuguMcpServer;
import io.xugumcp.server.config.ConfigSource;
import io.xugumcp.server.plugin.TestPluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on H2 whose configuration file is rewritten and reloaded. */
class ConfigReloaderTest {
    private static final Caller ADMIN = new Caller("ops", "admin", "stdio");
    private XuguMcpServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        LogLevels.apply("info");
    }

    private static String config(Path dir, String security, String extra) {
        return "xugu-mcp {\n"
                + "  database { url = \"jdbc:h2:mem:reload" + System.nanoTime() + ";DB_CLOSE_DELAY=-1\", user = sa }\n"
                + "  data-dir = \"" + dir.resolve("data") + "\"\n"
                + "  plugin-dir = \"" + dir.resolve("plugins") + "\"\n"
                + "  security {\n    stdio-role = custom\n" + security + "\n  }\n"
                + extra + "\n}\n";
    }

    private boolean customMay(Permission p) {
        return server.security().policy().decideTool("custom", "execute_query", p).allowed();
    }

    @Test
    void aReloadAppliesWhatCanChangeLiveNamesWhatNeedsARestartAndABrokenOneChangesNothing(@TempDir Path dir)
            throws Exception {
        Files.createDirectories(dir.resolve("plugins"));
        new TestPluginJar("greeter").toolGroup("t.greeter", "greet", "hi").writeTo(dir.resolve("plugins"));
        Path file = dir.resolve("application.conf");
        String db = "jdbc:h2:mem:reload" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Files.writeString(file, config(dir, "roles.custom { permissions = [SELECT] }", "").replaceAll(
                "jdbc:h2:mem:reload\\d+;DB_CLOSE_DELAY=-1", db));
        ConfigSource source = new ConfigSource(file, dir, Map.of());
        server = new XuguMcpServer(source.load(), source);
        assertTrue(customMay(Permission.SELECT));
        assertTrue(server.operations().live().servesTool("greet"));

        Files.writeString(file, config(dir, "roles.custom { permissions = [CHAT2SQL] }\n    max-rows = 5",
                "  http.port = 9999\n  log-level = warn\n  disabled-plugins = [greeter]\n"
                        + "  database.pool.max-size = 3\n  plugins.watch-interval = 5s")
                .replaceAll("jdbc:h2:mem:reload\\d+;DB_CLOSE_DELAY=-1", db));
        ReloadReport r = server.operations().reload(ADMIN);
        assertTrue(r.applied(), r.toString());
        assertFalse(customMay(Permission.SELECT), "the role lost SELECT without a restart");
        assertTrue(customMay(Permission.CHAT2SQL));
        assertTrue(r.changed().contains("roles"), r.changed().toString());
        assertTrue(r.changed().stream().anyMatch(c -> c.startsWith("caps and timeouts")), r.changed().toString());
        assertTrue(r.changed().contains("pool (size, timeout)"), r.changed().toString());
        assertTrue(r.changed().contains("log-level warn"), r.changed().toString());
        assertTrue(r.changed().stream().anyMatch(c -> c.contains("disabled greeter")), r.changed().toString());
        assertEquals(List.of("xugu-mcp.http.port", "xugu-mcp.plugins.watch-interval"), r.restartRequired());
        assertTrue(r.toolsChanged());
        assertFalse(server.operations().live().servesTool("greet"), "the disabled plugin's tool is gone");
        assertFalse(org.slf4j.LoggerFactory.getLogger("io.xugumcp.server.Anything").isInfoEnabled());

        String beforeBroken = Files.readString(file);
        Files.writeString(file, beforeBroken.replace("permissions = [CHAT2SQL]", "permissions = [FLY]"));
        ReloadReport broken = server.operations().reload(ADMIN);
        assertFalse(broken.applied());
        assertTrue(broken.errors().get(0).contains("FLY"), broken.errors().toString());
        assertTrue(customMay(Permission.CHAT2SQL), "the configuration in force is unchanged");
        Files.writeString(file, "xugu-mcp { security { roles { custom { permissions = [SELECT] }");
        ReloadReport syntax = server.operations().reload(ADMIN);
        assertFalse(syntax.applied());
        assertFalse(customMay(Permission.SELECT), "still unchanged");

        Files.writeString(file, beforeBroken);
        assertTrue(server.operations().reload(ADMIN).changed().isEmpty(), "reloading the same file changes nothing");

        List<Security.AuditEntry> audited = server.security().search().find(new Security.AuditQuery("config.reload",
                null, null, "ops", Instant.now().minusSeconds(600), null, 10));
        assertEquals(List.of("ok", "error", "error", "ok"), audited.stream()
                .map(e -> String.valueOf(e.fields().get("outcome"))).toList(), "newest first");
    }

    @Test
    void aServerStartedWithoutAFileRefusesToReloadRatherThanFallBackToDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, config(dir, "roles.custom { permissions = [SELECT] }", ""));
        server = new XuguMcpServer(new ConfigSource(file, dir, Map.of()).load());
        ReloadReport r = server.operations().reload(ADMIN);
        assertFalse(r.applied());
        assertTrue(r.errors().get(0).contains("restart"), r.errors().toString());
        assertTrue(customMay(Permission.SELECT), "the custom role is still there");
    }
}
