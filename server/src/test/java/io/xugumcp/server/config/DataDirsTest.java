package io.xugumcp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirsTest {

    /** What the JVM reads from the passwd entry, which may not be the HOME the user set. */
    private static final String PASSWD_HOME = "/home/ada";

    private static Path linux(Map<String, String> env) {
        return DataDirs.resolve(env, "Linux", PASSWD_HOME);
    }

    @Test
    void ownVariableWinsEverywhere() {
        assertEquals(Path.of("/opt/xm"), linux(Map.of("XUGU_MCP_HOME", "/opt/xm", "XDG_DATA_HOME", "/data", "HOME", "/tmp/h")));
        assertEquals(Path.of("/opt/xm"),
                DataDirs.resolve(Map.of("XUGU_MCP_HOME", "/opt/xm", "LOCALAPPDATA", "/win/local"), "Windows 11", PASSWD_HOME));
    }

    @Test
    void xdgDataHomeBeforeHome() {
        assertEquals(Path.of("/data/xugu-mcp"), linux(Map.of("XDG_DATA_HOME", "/data", "HOME", "/tmp/h")));
        assertEquals(Path.of("/data/xugu-mcp"), DataDirs.resolve(Map.of("XDG_DATA_HOME", "/data"), "Mac OS X", PASSWD_HOME));
    }

    @Test
    void homeVariableBeforeThePasswdEntry() {
        // The issue: HOME set elsewhere (containers, CI) and the server still used the passwd entry's home.
        assertEquals(Path.of("/tmp/ci home/.local/share/xugu-mcp"), linux(Map.of("HOME", "/tmp/ci home")));
    }

    @Test
    void userHomeWhenNothingElseIsUsable() {
        assertEquals(Path.of("/home/ada/.local/share/xugu-mcp"), linux(Map.of()));
        assertEquals(Path.of("/home/ada/.local/share/xugu-mcp"), linux(Map.of("HOME", " ", "XUGU_MCP_HOME", "")));
    }

    @Test
    void relativePathsAreIgnored() {
        assertEquals(Path.of("/tmp/h/.local/share/xugu-mcp"), linux(Map.of("XDG_DATA_HOME", "relative", "HOME", "/tmp/h")),
                "the XDG spec calls a relative XDG_DATA_HOME invalid");
        assertEquals(Path.of("/home/ada/.local/share/xugu-mcp"), linux(Map.of("HOME", "relative")));
    }

    @Test
    void windowsUsesLocalAppData() {
        assertEquals(Path.of("/win/local/xugu-mcp"),
                DataDirs.resolve(Map.of("LOCALAPPDATA", "/win/local", "XDG_DATA_HOME", "/data", "HOME", "/tmp/h"), "Windows 11", PASSWD_HOME));
        assertEquals(Path.of("/home/ada/AppData/Local/xugu-mcp"), DataDirs.resolve(Map.of(), "Windows 11", PASSWD_HOME));
    }
}
