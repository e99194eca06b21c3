package io.xugumcp.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the configuration: {@code reference.conf} defaults (with the environment variables they name), then the
 * operator's {@code application.conf}, and validates it. Every problem is reported as
 * {@link InvalidConfigException} naming the key and the reason, so the server fails at start, not at first use.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * @param applicationConf the operator's file; may be {@code null} or missing (defaults apply)
     * @param home            the installation directory, against which relative paths resolve
     * @param overrides       extra settings (tests, CLI flags) that win over everything
     */
    public static ServerConfig load(Path applicationConf, Path home, Map<String, ?> overrides) {
        Config config;
        try {
            Config file = ConfigFactory.empty();
            if (applicationConf != null && Files.isRegularFile(applicationConf)) {
                file = ConfigFactory.parseFile(applicationConf.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            // Only our own defaults: ConfigFactory.defaultReference() would look for reference.conf in every jar of lib/
            // (a third of a second at start). ${?ENV} substitutions resolve against the environment below.
            Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf");
            config = ConfigFactory.parseMap(overrides == null ? Map.of() : overrides)
                    .withFallback(file)
                    .withFallback(reference)
                    .resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        return validate(config, home);
    }

    static ServerConfig validate(Config c, Path home) {
        try {
            Config db = c.getConfig("xugu-mcp.database");
            ServerConfig.Database database = new ServerConfig.Database(
                    db.getString("url").trim(), db.getString("host").trim(),
                    range(db, "port", 1, 65535), db.getString("database"), db.getString("user"),
                    db.getString("password"), db.getString("charset"),
                    seconds(db, "connect-timeout"),
                    range(db, "pool.min-size", 0, 1000), range(db, "pool.max-size", 1, 1000),
                    seconds(db, "pool.timeout"));
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
                    sec.getString("stdio-role"), range(sec, "max-rows", 1, 1_000_000),
                    sec.getBytes("max-bytes"), seconds(sec, "query-timeout"),
                    range(sec, "max-sql-length", 16, 10_000_000), range(sec, "max-batch-statements", 1, 10_000),
                    answerBytes(c, sec.getBytes("max-bytes")));

            Config http = c.getConfig("xugu-mcp.http");
            ServerConfig.Http httpConfig = new ServerConfig.Http(http.getString("host").trim(),
                    range(http, "port", 0, 65535), http.getString("auth-token"),
                    http.getBoolean("allow-remote-without-auth"), http.getStringList("allowed-origins"),
                    endpoint(http, "mcp-endpoint"), endpoint(http, "sse-endpoint"), endpoint(http, "message-endpoint"));

            Path pluginDir = resolve(home, c.getString("xugu-mcp.plugin-dir"));
            String dataDir = c.getString("xugu-mcp.data-dir").trim();
            List<String> disabled = c.getStringList("xugu-mcp.disabled-plugins");
            return new ServerConfig(database, security, httpConfig, pluginDir, List.copyOf(disabled),
                    dataDir.isEmpty() ? null : resolve(home, dataDir), c);
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
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
            throw new InvalidConfigException(path(c, key) + ": must be a whole number, got '" + c.getValue(key).unwrapped() + "'");
        }
        if (v < min || v > max) {
            throw new InvalidConfigException(path(c, key) + ": must be between " + min + " and " + max + ", got " + v);
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
            throw new InvalidConfigException(path(c, key) + ": must be a duration such as 30s or a number of seconds, got '" + raw + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidConfigException(path(c, key) + ": must be positive, got '" + raw + "'");
        }
        return d;
    }

    private static String endpoint(Config c, String key) {
        String v = c.getString(key).trim();
        if (!v.startsWith("/")) {
            throw new InvalidConfigException(path(c, key) + ": must start with '/', got '" + v + "'");
        }
        return v;
    }

    private static String path(Config c, String key) {
        String origin = c.origin() == null ? "" : c.origin().description();
        return key + (origin.isEmpty() ? "" : " (" + origin + ")");
    }

    private static Path resolve(Path home, String value) {
        Path p = Path.of(value);
        return p.isAbsolute() || home == null ? p : home.resolve(p).normalize();
    }
}
