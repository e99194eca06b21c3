package io.xugumcp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsMeanDemoDatabaseReadOnlyLoopback() {
        ServerConfig c = ConfigLoader.load(null, Path.of("/opt/x"), Map.of());
        assertTrue(c.database().useDemo());
        assertFalse(c.security().readWrite());
        assertEquals("127.0.0.1", c.http().host());
        assertEquals(8000, c.http().port());
        assertEquals(Path.of("/opt/x/plugins"), c.pluginDir());
        assertEquals(Duration.ofSeconds(30), c.security().queryTimeout());
    }

    @Test
    void fileThenOverridesWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, "xugu-mcp.database { host = db1, port = 6000, password = \"p w\" }\n"
                + "xugu-mcp.security.query-timeout = 7\nplugins.query.default-limit = 50\n");
        ServerConfig c = ConfigLoader.load(file, dir, Map.of("xugu-mcp.database.port", "7000"));
        assertEquals("db1", c.database().host());
        assertEquals(7000, c.database().port());
        assertEquals(Duration.ofSeconds(7), c.security().queryTimeout(), "a bare number is seconds, as in the old server");
        assertEquals("50", new PluginConfigView(c.raw(), "query").get("default-limit").orElseThrow());
        assertFalse(c.database().toString().contains("p w"), "the password never prints");
    }

    @Test
    void invalidValuesNameTheKeyAndTheReason(@TempDir Path dir) throws Exception {
        InvalidConfigException port = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, dir, Map.of("xugu-mcp.database.port", "70000")));
        assertTrue(port.getMessage().contains("port") && port.getMessage().contains("65535"), port.getMessage());
        InvalidConfigException mode = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, dir, Map.of("xugu-mcp.security.mode", "yolo")));
        assertTrue(mode.getMessage().contains("read-only or read-write"), mode.getMessage());
        InvalidConfigException timeout = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, dir, Map.of("xugu-mcp.security.query-timeout", "soon")));
        assertTrue(timeout.getMessage().contains("query-timeout"), timeout.getMessage());
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "xugu-mcp { database { port = \n");
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(broken, dir, Map.of()));
    }

    @Test
    void unknownKeysWarnAndStrictRefusesNamingThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, "xugu-mcp.security.max_rows = 10\nxugu-mcp { securty { mode = read-write } }\n");
        ServerConfig lenient = ConfigLoader.load(file, dir, Map.of());
        assertEquals(1000, lenient.security().maxRows(), "the typo is ignored (and warned about), not applied");
        InvalidConfigException strict = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(file, dir, Map.of("xugu-mcp.config.strict", "true")));
        assertTrue(strict.getMessage().contains("xugu-mcp.security.max_rows (" + file + ": 1): did you mean"
                + " xugu-mcp.security.max-rows?"), strict.getMessage());
        assertTrue(strict.getMessage().contains("xugu-mcp.securty") && strict.getMessage().contains("XUGU_MCP_CONFIG_STRICT"),
                strict.getMessage());
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariableNotAJar(@TempDir Path dir) {
        // The message is built from the value's origin; an override stands in for the file (the environment of a unit
        // test cannot be set), and the env path is covered by ConfigFileIT through the built zip.
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, dir, Map.of("xugu-mcp.http.port", "abc")));
        assertTrue(e.getMessage().startsWith("xugu-mcp.http.port"), e.getMessage());
        assertFalse(e.getMessage().contains("jar:") || e.getMessage().contains("reference.conf"), e.getMessage());
    }
}
