package io.xugumcp.server.transport;

import com.typesafe.config.ConfigRenderOptions;
import io.xugumcp.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The stdio caller's {@code tools/list} answer of an earlier start, kept in the data folder, so that
 * {@link StdioFrontDoor} can answer the {@code tools/list} a client sends right after {@code initialize} while the host
 * is still loading its plugins. It is used only by a start with the same version, configuration (the stdio role and
 * toolsets included) and jars in {@code lib/} and the plugin folder; the file holds the answer, the plugin folder and a
 * fingerprint of those (secrets left out, {@link Fingerprint#withoutSecrets}), never the configuration itself.
 * Whatever the file says, the host answers the same request too, and a different answer is sent to the client as
 * {@code notifications/tools/list_changed} and kept for the next start.
 *
 * <p>Two ways to tell "the same configuration": {@link #ToolListCache(ServerConfig, String, Path) the configuration as
 * read}, or {@link #beforeConfiguration its inputs} – the fingerprint {@link DescriptionCache} takes of the files,
 * command line and environment it is read from – which lets the list be answered before the configuration is read
 * (~50 ms sooner on a small machine). The plugin folder follows from those inputs; before the configuration is read it
 * is taken from the kept file and its jars checked.
 */
public final class ToolListCache {
    private static final String FILE = "tools-list.json";
    private final Path file;
    private final Path home;
    /** What the list depends on besides the jars; null when it cannot be told (a configuration with includes). */
    private final Callable<String> inputs;
    /** The plugin folder, once the configuration is read; before, the one the kept file names. */
    private volatile Path pluginDir;
    /** The fingerprint last taken, and for which plugin folder. */
    private volatile Taken taken;

    private record Taken(Path plugins, String fingerprint) {
    }

    /** @param home the installation folder (its {@code lib/} is part of the fingerprint) */
    public ToolListCache(ServerConfig config, String version, Path home) {
        this(dataDir(config).resolve("cache").resolve(FILE), home,
                () -> version + '\n' + Fingerprint.withoutSecrets(config.raw().root().render(ConfigRenderOptions.concise())));
        this.pluginDir = config.pluginDir();
    }

    private ToolListCache(Path file, Path home, Callable<String> inputs) {
        this.file = file;
        this.home = home;
        this.inputs = inputs;
    }

    /**
     * A kept list told by the inputs of the configuration, usable before it is read; {@link #configured} names the
     * plugin folder once it is. Kept next to {@code initialize}'s description.
     */
    public static ToolListCache beforeConfiguration(DescriptionCache inputs, Path home) {
        return new ToolListCache(inputs.file().resolveSibling(FILE), home, () -> {
            String f = inputs.fingerprint();
            return f == null ? null : "inputs " + f;
        });
    }

    /** Whether this start's inputs can be told at all (a configuration with includes cannot). */
    boolean usable() {
        try {
            return inputs.call() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** The configuration is read: its plugin folder (as {@code read} has it) is the one to check and keep. */
    void configured(ToolListCache read) {
        pluginDir = read.pluginDir;
    }

    /** The answer kept by an earlier start with this fingerprint, or {@code null}. */
    String load() {
        try {
            String[] kept = KeptAnswer.readWhole(file);
            if (kept == null) {
                return null;
            }
            int newline = kept[1].indexOf('\n');
            if (newline <= 0) {
                return null;
            }
            Path dir = Path.of(kept[1].substring(0, newline));
            Path known = pluginDir;
            if (known != null && !known.toAbsolutePath().equals(dir)) {
                return null;
            }
            String f = fingerprint(dir);
            return f != null && f.equals(kept[0]) ? kept[1].substring(newline + 1).strip() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code resultJson} (one line of JSON) for the next start; needs the plugin folder. */
    void store(String resultJson) {
        try {
            Path dir = pluginDir;
            String f = dir == null ? null : fingerprint(dir.toAbsolutePath());
            if (f != null) {
                KeptAnswer.write(file, f, dir.toAbsolutePath() + "\n" + resultJson);
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ToolListCache.class).debug("could not keep the tool list: {}", e.toString());
        }
    }

    /** In the data folder: the configured one, else the environment's (as the rest of the server decides). */
    private static Path dataDir(ServerConfig config) {
        return config.dataDir() != null ? config.dataDir() : io.xugumcp.server.config.DataDirs.fromEnvironment();
    }

    /** The inputs and the names, sizes and times of the jars in {@code lib/} and {@code plugins} ({@link Fingerprint}). */
    String fingerprint(Path plugins) throws IOException {
        Taken t = taken;
        if (t != null && t.plugins().equals(plugins)) {
            return t.fingerprint();
        }
        String base;
        try {
            base = inputs.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        if (base == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(base).append('\n');
        for (Path dir : new Path[] {home.resolve("lib").toAbsolutePath(), plugins}) {
            sb.append(dir).append('\n');
            for (String jar : Fingerprint.files(dir)) {
                sb.append(jar).append('\n');
            }
        }
        String f = Fingerprint.of("tools/list", sb);
        taken = new Taken(plugins, f);
        return f;
    }
}
