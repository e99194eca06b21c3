package io.xugumcp.server.reload;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.zaxxer.hikari.HikariConfigMXBean;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.admin.ReloadReport;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.ConfigSource;
import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.mcp.LiveFeatures;
import io.xugumcp.server.metrics.ServerMetrics;
import io.xugumcp.server.plugin.PluginRuntime;
import io.xugumcp.server.security.SecurityModule;
import io.xugumcp.server.security.SecuritySettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration again and applies what can change while the server runs: roles and table rules, the mode,
 * tokens, default and stdio roles, rate limits, caps and timeouts, the pool's size and wait, disabled plugins, the log
 * level and the metrics token. Everything is read and validated first; on any error nothing changes and the report
 * names the key and the problem. Any other setting that changed is reported as needing a restart (database address,
 * HTTP address, audit file, plugin settings …) – a rule that also covers keys added later. Every reload is audited.
 */
public final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** Settings applied live: a changed key under one of these is not a restart. */
    private static final List<String> LIVE = List.of("xugu-mcp.security.", "xugu-mcp.http.auth-token",
            "xugu-mcp.database.pool.", "xugu-mcp.disabled-plugins", "xugu-mcp.log-level", "xugu-mcp.metrics.token");
    /** Exceptions inside {@link #LIVE}: read once at start. */
    private static final List<String> NOT_LIVE = List.of("xugu-mcp.security.audit.", "xugu-mcp.security.max-sql-length");

    private final ConfigSource source;
    private final SecurityModule security;
    private final DatabaseService database;
    private final HikariConfigMXBean pool;
    private final PluginRuntime plugins;
    private final LiveFeatures live;
    private final Audit audit;
    private final ServerMetrics metrics;
    private final Consumer<ServerConfig> commit;
    private ServerConfig current;

    /**
     * @param pool   the pool's live settings, or null
     * @param commit told the configuration in force after a reload (metrics token, server information)
     */
    public ConfigReloader(ConfigSource source, ServerConfig current, SecurityModule security, DatabaseService database,
                          HikariConfigMXBean pool, PluginRuntime plugins, LiveFeatures live, Audit audit,
                          ServerMetrics metrics, Consumer<ServerConfig> commit) {
        this.source = source;
        this.current = current;
        this.security = security;
        this.database = database;
        this.pool = pool;
        this.plugins = plugins;
        this.live = live;
        this.audit = audit;
        this.metrics = metrics;
        this.commit = commit;
    }

    /** Reloads on behalf of {@code who} (a tool's caller, or the operator's SIGHUP). */
    public synchronized ReloadReport reload(Caller who) {
        ServerConfig next;
        SecuritySettings nextSecurity;
        String level;
        try {
            next = source.load();
            nextSecurity = SecuritySettings.from(next);
            level = LogLevels.validate(string(next.raw(), "xugu-mcp.log-level", "info"));
            ConfigLoader.seconds(next.raw(), "xugu-mcp.catalog.cache-ttl");
        } catch (InvalidConfigException | IllegalArgumentException e) {
            return refused(who, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Reading the configuration failed", e);
            return refused(who, "the configuration could not be read (" + e.getClass().getSimpleName()
                    + "); the server log has the details");
        }

        ServerConfig old = current;
        List<String> changed = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (String key : changedKeys(old.raw(), next.raw())) {
            if (isLive(key)) {
                continue;
            }
            restart.add(key);
        }

        // Apply. Everything below was validated above and is not expected to fail.
        List<String> securityChanges = security.reload(nextSecurity);
        for (String c : securityChanges) {
            if (!c.startsWith("restart:")) {
                changed.add(c);
            }
        }
        ServerConfig.Security a = old.security();
        ServerConfig.Security b = next.security();
        if (a.maxRows() != b.maxRows() || a.maxBytes() != b.maxBytes() || !a.queryTimeout().equals(b.queryTimeout())
                || a.maxBatchStatements() != b.maxBatchStatements()) {
            // The SQL guard read max-sql-length at start: the service keeps checking against the same value.
            database.updateLimits(new ServerConfig.Security(b.readWrite(), b.stdioRole(), b.maxRows(), b.maxBytes(),
                    b.queryTimeout(), a.maxSqlLength(), b.maxBatchStatements()));
            changed.add("caps and timeouts (max-rows, max-bytes, query-timeout, max-batch-statements)");
        }
        if (pool != null && applyPool(old.database(), next.database())) {
            changed.add("pool (size, timeout)");
        }
        List<String> pluginChanges = new HashSet<>(old.disabledPlugins()).equals(new HashSet<>(next.disabledPlugins()))
                ? List.of() : plugins.applyDisabled(new HashSet<>(next.disabledPlugins()));
        if (!pluginChanges.isEmpty()) {
            changed.add("disabled-plugins: " + String.join("; ", pluginChanges));
        }
        String oldLevel = string(old.raw(), "xugu-mcp.log-level", "info");
        if (!oldLevel.equalsIgnoreCase(level)) {
            if (LogLevels.apply(level)) {
                changed.add("log-level " + level);
            } else {
                restart.add("xugu-mcp.log-level");
            }
        }
        if (!Objects.equals(string(old.raw(), "xugu-mcp.metrics.token", ""), string(next.raw(), "xugu-mcp.metrics.token", ""))) {
            changed.add("metrics token");
        }
        // What a caller may call changed: clients list the tools again (tool lists may depend on the role).
        boolean notify = !pluginChanges.isEmpty() || securityChanges.contains("roles") || securityChanges.contains("mode")
                || securityChanges.contains("default-role/stdio-role");
        if (notify) {
            live.notifyToolsChanged();
        }
        current = next;
        commit.accept(next);
        ReloadReport report = new ReloadReport(true, source.describe(), changed, restart, List.of(), notify);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("outcome", "ok");
        d.put("source", report.source());
        d.put("changed", changed);
        d.put("restartRequired", restart);
        d.put("toolsChanged", notify);
        audit.record(who, "config.reload", d);
        metrics.reloads.inc("applied");
        LOG.info("Configuration reloaded from {}: {}{}", report.source(), changed.isEmpty() ? "nothing to apply live"
                : "applied " + String.join(", ", changed), restart.isEmpty() ? "" : "; needs a restart: " + restart);
        return report;
    }

    private ReloadReport refused(Caller who, String why) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("outcome", "error");
        d.put("code", "invalid_config");
        d.put("source", source.describe());
        d.put("reason", why);
        audit.record(who, "config.reload", d);
        metrics.reloads.inc("refused");
        LOG.warn("Configuration reload refused, the configuration in force is unchanged: {}", why);
        return new ReloadReport(false, source.describe(), List.of(), List.of(), List.of(why), false);
    }

    private boolean applyPool(ServerConfig.Database a, ServerConfig.Database b) {
        boolean changed = false;
        if (a.poolMaxSize() != b.poolMaxSize() || a.poolMinSize() != b.poolMinSize()) {
            // Order matters: Hikari refuses a minimum above the maximum in force at that moment.
            if (b.poolMaxSize() >= pool.getMaximumPoolSize()) {
                pool.setMaximumPoolSize(b.poolMaxSize());
                pool.setMinimumIdle(b.poolMinSize());
            } else {
                pool.setMinimumIdle(b.poolMinSize());
                pool.setMaximumPoolSize(b.poolMaxSize());
            }
            changed = true;
        }
        if (!a.poolTimeout().equals(b.poolTimeout())) {
            pool.setConnectionTimeout(Math.max(250, b.poolTimeout().toMillis()));
            changed = true;
        }
        return changed;
    }

    private static boolean isLive(String key) {
        for (String n : NOT_LIVE) {
            if (key.startsWith(n) || key.equals(n)) {
                return false;
            }
        }
        for (String l : LIVE) {
            if (key.startsWith(l) || key.equals(l)) {
                return true;
            }
        }
        return false;
    }

    /** Every leaf key whose value differs (added, removed or changed); values are never reported. */
    static List<String> changedKeys(Config a, Config b) {
        Map<String, String> x = leaves(a);
        Map<String, String> y = leaves(b);
        TreeSet<String> keys = new TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(x.get(k), y.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    private static Map<String, String> leaves(Config c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String root : List.of("xugu-mcp", "plugins")) {
            if (c.hasPath(root)) {
                for (Map.Entry<String, ConfigValue> e : c.getConfig(root).entrySet()) {
                    out.put(root + "." + e.getKey(), String.valueOf(e.getValue().unwrapped()));
                }
            }
        }
        return out;
    }

    private static String string(Config c, String path, String dflt) {
        return c.hasPath(path) ? c.getString(path).trim() : dflt;
    }
}
