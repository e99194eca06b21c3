package io.xugumcp.server.transport;

import io.xugumcp.server.config.DataDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of the {@code initialize} answer of the last start with the same inputs, so that
 * {@link StdioFrontDoor} can answer {@code initialize} before the configuration is even read (reading it takes
 * ~150 ms of a start on a small machine). The description follows from the configuration alone (see
 * {@link io.xugumcp.server.mcp.ServerDescription}), and the configuration from its inputs: this version and its jars,
 * the configuration file, the command line, and the environment variables the configuration reads ({@code ${?NAME}}
 * in the defaults or the file). Those are fingerprinted here – secret-looking variables by their presence only, and a
 * database URL without its password – so the file holds the instructions and a fingerprint, never a secret. A
 * configuration file that includes other files is not fingerprinted (its includes could change unseen): such starts
 * wait for the configuration. Whatever is answered from here is checked against the configuration once it is read.
 */
public final class DescriptionCache {
    private static final String FILE = "initialize.json";
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{\\?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");
    private static final Pattern INCLUDE = Pattern.compile("(^|[\\s{,])include\\s+(\"|required\\(|file\\(|url\\(|classpath\\()");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|"
            + "CREDENTIAL|PRIVATE).*");
    /** Variables that decide where files are, whatever the configuration says. */
    private static final List<String> ALWAYS = List.of("XUGU_MCP_HOME", "XDG_DATA_HOME", "HOME", "LOCALAPPDATA",
            "JAVA_OPTS");
    private final String version;
    private final Path home;
    private final Path configFile;
    private final List<String> args;
    private final Map<String, String> env;
    private final Path file;
    private volatile String fingerprint;
    /** What {@link #load} found ("" for nothing), read once. */
    private volatile String loaded;

    /**
     * @param configFile the configuration file this start reads (it may be missing)
     * @param args       the command line
     */
    public DescriptionCache(String version, Path home, Path configFile, List<String> args, Map<String, String> env) {
        this.version = version;
        this.home = home;
        this.configFile = configFile;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.file = DataDirs.resolve(env, System.getProperty("os.name", ""), System.getProperty("user.home"))
                .resolve("cache").resolve(FILE);
    }

    String version() {
        return version;
    }

    /** Where the description is kept (in the environment's data folder: the configuration is not read yet). */
    Path file() {
        return file;
    }

    /** The instructions kept by an earlier start with these inputs, or {@code null}. */
    String load() {
        String l = loaded;
        if (l == null) {
            l = read();
            loaded = l == null ? "" : l;
        }
        return l == null || l.isEmpty() ? null : l;
    }

    private String read() {
        try {
            return KeptAnswer.read(file, fingerprint());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code instructions} for the next start with these inputs. */
    void store(String instructions) {
        try {
            if (KeptAnswer.write(file, fingerprint(), instructions)) {
                loaded = instructions;
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(DescriptionCache.class).debug("could not keep the description: {}",
                    e.toString());
        }
    }

    /** The inputs' fingerprint, or {@code null} when they cannot be fingerprinted (a file with includes). */
    String fingerprint() throws IOException {
        String f = fingerprint;
        if (f != null) {
            return f.isEmpty() ? null : f;
        }
        StringBuilder sb = new StringBuilder(version).append('\n').append(home.toAbsolutePath()).append('\n');
        for (String a : args) {
            sb.append("arg ").append(a).append('\n');
        }
        TreeSet<String> names = new TreeSet<>(ALWAYS);
        try (InputStream in = DescriptionCache.class.getResourceAsStream("/reference.conf")) {
            if (in != null) {
                names.addAll(references(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        if (Files.isRegularFile(configFile)) {
            String conf = Files.readString(configFile, StandardCharsets.UTF_8);
            if (INCLUDE.matcher(conf).find()) {
                fingerprint = "";
                return null;
            }
            names.addAll(references(conf));
            sb.append("file ").append(Fingerprint.withoutSecrets(conf)).append('\n');
        } else {
            sb.append("no file ").append(configFile.toAbsolutePath()).append('\n');
        }
        for (String name : names) {
            String value = env.get(name);
            if (value == null) {
                continue;
            }
            sb.append("env ").append(name).append('=');
            sb.append(SECRET_NAME.matcher(name).matches() ? "(set)" : Fingerprint.withoutSecrets(value)).append('\n');
        }
        for (String jar : Fingerprint.files(home.resolve("lib"))) {
            sb.append("jar ").append(jar).append('\n');
        }
        f = Fingerprint.of("initialize", sb);
        fingerprint = f;
        return f;
    }

    private static List<String> references(String hocon) {
        List<String> out = new ArrayList<>();
        Matcher m = ENV_REFERENCE.matcher(hocon);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

}
