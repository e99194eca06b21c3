package io.xugumcp.server.transport;

import com.typesafe.config.ConfigRenderOptions;
import io.xugumcp.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The stdio caller's {@code tools/list} answer of an earlier start, kept in the data folder, so that
 * {@link StdioFrontDoor} can answer the {@code tools/list} a client sends right after {@code initialize} while the host
 * is still loading its plugins. It is used only by a start with the same version, configuration (the stdio role and
 * toolsets included) and jars in {@code lib/} and the plugin folder; the file holds the answer and a fingerprint of
 * those (secrets left out, {@link Fingerprint#withoutSecrets}), never the configuration itself. Whatever the file says, the host answers the same request too, and a
 * different answer is sent to the client as {@code notifications/tools/list_changed} and kept for the next start.
 */
public final class ToolListCache {
    private static final String FILE = "tools-list.json";
    private final ServerConfig config;
    private final String version;
    private final Path home;
    private volatile String fingerprint;

    /** @param home the installation folder (its {@code lib/} is part of the fingerprint) */
    public ToolListCache(ServerConfig config, String version, Path home) {
        this.config = config;
        this.version = version;
        this.home = home;
    }

    /** The answer kept by an earlier start with this fingerprint, or {@code null}. */
    String load() {
        try {
            return KeptAnswer.read(file(), fingerprint());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code resultJson} (one line of JSON) for the next start. */
    void store(String resultJson) {
        try {
            KeptAnswer.write(file(), fingerprint(), resultJson);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ToolListCache.class).debug("could not keep the tool list: {}", e.toString());
        }
    }

    /** In the data folder: the configured one, else the environment's (as the rest of the server decides). */
    private Path file() {
        Path data = config.dataDir() != null ? config.dataDir() : io.xugumcp.server.config.DataDirs.fromEnvironment();
        return data.resolve("cache").resolve(FILE);
    }

    /**
     * The version, the whole configuration as resolved (environment and command line included) and the names, sizes
     * and times of the jars ({@link Fingerprint}).
     */
    String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            StringBuilder sb = new StringBuilder(version).append('\n');
            sb.append(Fingerprint.withoutSecrets(config.raw().root().render(ConfigRenderOptions.concise()))).append('\n');
            for (Path dir : List.of(home.resolve("lib"), config.pluginDir())) {
                sb.append(dir.toAbsolutePath()).append('\n');
                for (String jar : Fingerprint.files(dir)) {
                    sb.append(jar).append('\n');
                }
            }
            f = Fingerprint.of("tools/list", sb);
            fingerprint = f;
        }
        return f;
    }
}
