package io.xugumcp.server.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the configuration comes from, kept so that it can be read again ({@code reload_config}, SIGHUP): the
 * operator's file, the installation directory, and the command line's settings, which keep winning over the file.
 * Environment variables are the process's own and cannot change while it runs.
 *
 * @param file may be null or missing (defaults and environment only)
 */
public record ConfigSource(Path file, Path home, Map<String, ?> overrides) {

    public ConfigSource {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** Reads and validates the configuration; {@link InvalidConfigException} names the key and what is wrong. */
    public ServerConfig load() {
        return ConfigLoader.load(file, home, overrides);
    }

    /** What to call the source in messages. */
    public String describe() {
        return file != null && java.nio.file.Files.isRegularFile(file) ? file.toString()
                : "defaults and environment (no " + (file == null ? "configuration file" : file) + ")";
    }
}
