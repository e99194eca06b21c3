package io.xugumcp.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration: {@code reference.conf} defaults (with the environment variables they name), then the
 * operator's {@code application.conf}, and validates it. Every problem is reported as
 * {@link InvalidConfigException} naming the key and the reason, so the server fails at start, not at first use.
 */
public final class ConfigLoader {
    /** Made on first use: a configuration without warnings is read without starting the logging library. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    }
    /** {@code xugu-mcp.config.strict}: refuse to start on a key nothing reads, instead of warning. */
    public static final String STRICT = "xugu-mcp.config.strict";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\?([A-Za-z0-9_]+)}");

    /**
     * Only our own defaults: ConfigFactory.defaultReference() would look for reference.conf in every jar of lib/
     * (a third of a second at start). Parsed, not resolved: ${?ENV} substitutions resolve against the environment
     * at each load.
     */
    private static final Config REFERENCE = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf");
    private static final UnknownKeys HOST_KEYS = UnknownKeys.ofHost(REFERENCE);
    /** Key → the environment variables that override it, read from the reference's ${?NAME} substitutions. */
    private static final Map<String, List<String>> VARIABLES =
            variables(REFERENCE.root(), new ArrayList<>(), new HashMap<>());

    private ConfigLoader() {
    }

    /**
     * @param applicationConf the operator's file; may be {@code null} or missing (defaults apply)
     * @param home            the installation directory, against which relative paths resolve
     * @param overrides       extra settings (tests, CLI flags) that win over everything
     */
    public static ServerConfig load(Path applicationConf, Path home, Map<String, ?> overrides) {
        Config config;
        List<UnknownKeys.Unknown> unknown;
        try {
            Config file = ConfigFactory.empty();
            if (applicationConf != null && Files.isRegularFile(applicationConf)) {
                file = ConfigFactory.parseFile(applicationConf.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            Config operator = ConfigFactory.parseMap(overrides == null ? Map.of() : overrides).withFallback(file);
            unknown = HOST_KEYS.in(operator);
            config = operator.withFallback(REFERENCE).resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException(explain(e));
        }
        reportUnknown(unknown, config);
        return validate(config, home);
    }

    /**
     * One warning per key nothing reads, naming the key it most likely meant; with {@link #STRICT} the start is
     * refused instead, listing them all.
     */
    public static void reportUnknown(List<UnknownKeys.Unknown> unknown, Config config) {
        if (unknown.isEmpty()) {
            return;
        }
        boolean strict;
        try {
            strict = config.hasPath(STRICT) && switch (config.getString(STRICT).trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0", "" -> false;
                default -> throw new InvalidConfigException(where(config, STRICT) + ": must be true or false, got '"
                        + config.getString(STRICT) + "'");
            };
        } catch (ConfigException e) {
            throw new InvalidConfigException(explain(e));
        }
        if (strict) {
            throw new InvalidConfigException(String.join("; ", unknown.stream().map(UnknownKeys.Unknown::message).toList())
                    + ". Fix or remove " + (unknown.size() == 1 ? "it" : "them") + " (" + STRICT
                    + " / XUGU_MCP_CONFIG_STRICT is on, so unknown settings refuse the start)");
        }
        for (UnknownKeys.Unknown u : unknown) {
            Log.LOG.warn("{} is ignored{} ({} = true refuses the start instead)", capitalized(u.what()),
                    u.hint().isEmpty() ? "" : "; " + u.hint(), STRICT);
        }
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static ServerConfig validate(Config c, Path home) {
        try {
            Config db = c.getConfig("xugu-mcp.database");
            ServerConfig.Database database = new ServerConfig.Database(
                    db.getString("url").trim(), db.getString("host").trim(),
                    range(c, "xugu-mcp.database.port", 1, 65535), db.getString("database"), db.getString("user"),
                    db.getString("password"), db.getString("charset"),
                    seconds(c, "xugu-mcp.database.connect-timeout"),
                    range(c, "xugu-mcp.database.pool.min-size", 0, 1000),
                    range(c, "xugu-mcp.database.pool.max-size", 1, 1000),
                    seconds(c, "xugu-mcp.database.pool.timeout"));
            if (database.poolMinSize() > database.poolMaxSize()) {
                throw new InvalidConfigException("xugu-mcp.database.pool.min-size (" + database.poolMinSize()
                        + ") must not exceed pool.max-size (" + database.poolMaxSize() + ")");
            }

            Config sec = c.getConfig("xugu-mcp.security");
            String mode = sec.getString("mode").trim().toLowerCase(Locale.ROOT);
            if (!mode.equals("read-only") && !mode.equals("read-write")) {
                throw new InvalidConfigException("xugu-mcp.security.mode: must be read-only or read-write, got '" + mode + "'");
            }
            ServerConfig.Security security = new ServerConfig.Security(mode.equals("read-write"),
                    sec.getString("stdio-role"), range(c, "xugu-mcp.security.max-rows", 1, 1_000_000),
                    sec.getBytes("max-bytes"), seconds(c, "xugu-mcp.security.query-timeout"),
                    range(c, "xugu-mcp.security.max-sql-length", 16, 10_000_000),
                    range(c, "xugu-mcp.security.max-batch-statements", 1, 10_000),
                    answerBytes(c, sec.getBytes("max-bytes")));

            Config http = c.getConfig("xugu-mcp.http");
            ServerConfig.Http httpConfig = new ServerConfig.Http(http.getString("host").trim(),
                    range(c, "xugu-mcp.http.port", 0, 65535), http.getString("auth-token"),
                    http.getBoolean("allow-remote-without-auth"), http.getStringList("allowed-origins"),
                    endpoint(c, "xugu-mcp.http.mcp-endpoint"), endpoint(c, "xugu-mcp.http.sse-endpoint"),
                    endpoint(c, "xugu-mcp.http.message-endpoint"));

            Path pluginDir = resolve(home, c.getString("xugu-mcp.plugin-dir"));
            String dataDir = c.getString("xugu-mcp.data-dir").trim();
            List<String> disabled = c.getStringList("xugu-mcp.disabled-plugins");
            return new ServerConfig(database, security, httpConfig, pluginDir, List.copyOf(disabled),
                    dataDir.isEmpty() ? null : resolve(home, dataDir), c);
        } catch (ConfigException e) {
            throw new InvalidConfigException(explain(e));
        }
    }

    /** {@code xugu-mcp.answers.max-bytes}: at least 1 KiB, at most the hard cap (larger is taken as the hard cap). */
    private static long answerBytes(Config c, long hardCap) {
        long v = c.getBytes("xugu-mcp.answers.max-bytes");
        if (v < 1024) {
            throw new InvalidConfigException("xugu-mcp.answers.max-bytes: must be at least 1 KiB, got " + v + " bytes");
        }
        return Math.min(v, hardCap);
    }

    private static int range(Config c, String key, int min, int max) {
        int v;
        try {
            v = c.getInt(key);
        } catch (ConfigException.WrongType e) {
            throw new InvalidConfigException(where(c, key) + ": must be a whole number, got '" + c.getValue(key).unwrapped() + "'");
        }
        if (v < min || v > max) {
            throw new InvalidConfigException(where(c, key) + ": must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    /**
     * A duration where a bare number means seconds (the earlier server's variables, such as
     * SECURITY_MAX_QUERY_EXECUTION_TIME=30, are in seconds; HOCON alone would read milliseconds).
     */
    public static Duration seconds(Config c, String key) {
        String raw = String.valueOf(c.getValue(key).unwrapped()).trim();
        Duration d;
        try {
            d = raw.matches("\\d+(\\.\\d+)?")
                    ? Duration.ofMillis((long) (Double.parseDouble(raw) * 1000))
                    : c.getDuration(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(where(c, key) + ": must be a duration such as 30s or a number of seconds, got '" + raw + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidConfigException(where(c, key) + ": must be positive, got '" + raw + "'");
        }
        return d;
    }

    private static String endpoint(Config c, String key) {
        String v = c.getString(key).trim();
        if (!v.startsWith("/")) {
            throw new InvalidConfigException(where(c, key) + ": must start with '/', got '" + v + "'");
        }
        return v;
    }

    /**
     * How to name {@code key} of {@code c} (a subtree's key is matched by its end) in a message: the environment
     * variable that set it, or the key with the operator's file and line; never a path into a jar.
     */
    public static String where(Config c, String key) {
        ConfigValue v;
        try {
            v = c.hasPath(key) ? c.getValue(key) : null;
        } catch (ConfigException e) {
            v = null;
        }
        ConfigOrigin o = v == null ? null : v.origin();
        if (o == null) {
            return key;
        }
        if ("env variables".equals(o.description())) {
            String variable = variable(key, String.valueOf(v.unwrapped()));
            return variable == null ? key + " (from the environment)" : "environment variable " + variable + " (" + key + ")";
        }
        if (o.filename() != null) {
            return key + " (" + o.filename() + (o.lineNumber() > 0 ? ":" + o.lineNumber() : "") + ")";
        }
        return key;
    }

    /** The set environment variable overriding a key ending in {@code key} with {@code value}, or null. */
    private static String variable(String key, String value) {
        for (Map.Entry<String, List<String>> e : VARIABLES.entrySet()) {
            if (e.getKey().equals(key) || e.getKey().endsWith("." + key)) {
                for (String name : e.getValue()) {
                    if (value.equals(System.getenv(name))) {
                        return name;
                    }
                }
            }
        }
        return null;
    }

    /**
     * A Typesafe Config error in our words: a value from the environment names its variable (the library says
     * "env variables: xugu-mcp.http.port has type STRING rather than NUMBER").
     */
    static String explain(ConfigException e) {
        String msg = e.getMessage();
        if (e.origin() != null && "env variables".equals(e.origin().description())) {
            for (Map.Entry<String, List<String>> v : VARIABLES.entrySet()) {
                int at = msg.indexOf(v.getKey() + " ");
                for (String name : v.getValue()) {
                    if (at >= 0 && System.getenv(name) != null) {
                        return "environment variable " + name + " (" + v.getKey() + "): "
                                + msg.substring(at + v.getKey().length()).trim();
                    }
                }
            }
        }
        return msg;
    }

    private static Map<String, List<String>> variables(ConfigObject o, List<String> at, Map<String, List<String>> out) {
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            List<String> path = new ArrayList<>(at);
            path.add(e.getKey());
            if (e.getValue() instanceof ConfigObject child) {
                variables(child, path, out);
            } else {
                Matcher m = VARIABLE.matcher(e.getValue().render());
                while (m.find()) {
                    out.computeIfAbsent(ConfigUtil.joinPath(path), k -> new ArrayList<>()).add(m.group(1));
                }
            }
        }
        return out;
    }

    private static Path resolve(Path home, String value) {
        Path p = Path.of(value);
        return p.isAbsolute() || home == null ? p : home.resolve(p).normalize();
    }
}
