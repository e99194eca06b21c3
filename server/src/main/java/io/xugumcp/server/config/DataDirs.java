package io.xugumcp.server.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the server keeps its state (demo database, audit trail) when {@code xugu-mcp.data-dir} is not set:
 * {@code $XUGU_MCP_HOME}, else {@code $XDG_DATA_HOME/xugu-mcp}, else {@code $HOME/.local/share/xugu-mcp}, else the
 * JVM's {@code user.home} (on Windows {@code %LOCALAPPDATA%\xugu-mcp}).
 *
 * <p>{@code $HOME} comes before {@code user.home} on purpose: the JVM takes {@code user.home} from the account's
 * passwd entry, so with {@code HOME} pointed elsewhere (containers, CI, sandboxes) the server would open another
 * home's demo database and audit trail, while the launcher's cache follows {@code $HOME}.
 */
public final class DataDirs {

    private DataDirs() {
    }

    /** The data directory for this process's environment. */
    public static Path fromEnvironment() {
        return resolve(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home"));
    }

    /**
     * @param env      the environment variables
     * @param osName   the {@code os.name} system property
     * @param userHome the {@code user.home} system property, the last resort
     */
    public static Path resolve(Map<String, String> env, String osName, String userHome) {
        String own = env.get("XUGU_MCP_HOME");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        if (osName.startsWith("Windows")) {
            Path local = absolute(env.get("LOCALAPPDATA"));
            return (local != null ? local : Path.of(userHome, "AppData", "Local")).resolve("xugu-mcp");
        }
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored; a relative HOME is as useless.
        Path xdg = absolute(env.get("XDG_DATA_HOME"));
        if (xdg != null) {
            return xdg.resolve("xugu-mcp");
        }
        Path home = absolute(env.get("HOME"));
        return (home != null ? home : Path.of(userHome)).resolve(".local").resolve("share").resolve("xugu-mcp");
    }

    private static Path absolute(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path p = Path.of(value);
        return p.isAbsolute() ? p : null;
    }
}
