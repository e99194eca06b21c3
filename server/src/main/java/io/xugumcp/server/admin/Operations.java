package io.xugumcp.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Permission;
import io.xugumcp.api.admin.ReloadReport;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.ConfigSource;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.health.DatabaseProbe;
import io.xugumcp.server.mcp.Features;
import io.xugumcp.server.mcp.LiveFeatures;
import io.xugumcp.server.mcp.PromptAdapter;
import io.xugumcp.server.mcp.ResourceAdapter;
import io.xugumcp.server.mcp.ToolAdapter;
import io.xugumcp.server.metrics.AuditMeter;
import io.xugumcp.server.metrics.JvmMeter;
import io.xugumcp.server.metrics.MetricRegistry;
import io.xugumcp.server.metrics.PoolMeter;
import io.xugumcp.server.metrics.RpcTap;
import io.xugumcp.server.metrics.ServerMetrics;
import io.xugumcp.server.plugin.HostPluginManager;
import io.xugumcp.server.plugin.PluginRuntime;
import io.xugumcp.server.reload.ConfigReloader;
import io.xugumcp.server.reload.LogLevels;
import io.xugumcp.server.reload.SignalReload;
import io.xugumcp.server.security.Role;
import io.xugumcp.server.security.SecurityModule;
import io.xugumcp.server.sql.SqlGuard;
import io.xugumcp.server.trace.OtlpExporter;
import io.xugumcp.server.trace.ToolTracing;
import io.xugumcp.server.trace.TraceSettings;
import io.xugumcp.server.trace.Tracer;
import io.xugumcp.server.transport.HttpTransport;
import io.xugumcp.server.transport.MetricsServlet;
import io.xugumcp.server.transport.ReadyServlet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of the server, wired in two steps around the host's core: metrics, traces, the database probe,
 * the caches, plugin changes while running, configuration reload and the administration service behind
 * {@code ToolCall.admin()}, plus the HTTP endpoints {@code /ready} and {@code /metrics}. Kept out of the server's
 * constructor so that the core's wiring stays readable.
 */
public final class Operations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final ServerConfig startConfig;
    private volatile ServerConfig config;
    private final ConfigSource source;
    private final SecurityModule security;
    private final ConnectionPool pool;
    private final Instant startedAt = Instant.now();
    private final ServerMetrics metrics = new ServerMetrics();
    private final CacheRegistry caches = new CacheRegistry();
    private final DatabaseProbe probe;
    private final PoolMeter poolMeter;
    private final OtlpExporter exporter;
    private final ToolTracing tracing;
    private final Audit audit;
    private final List<String> transports = new CopyOnWriteArrayList<>();
    private final List<String> endpoints = new CopyOnWriteArrayList<>();
    private final String hostVersion;
    private final String apiVersion;
    private volatile LiveFeatures live;
    private PluginRuntime runtime;
    private ConfigReloader reloader;
    private AdminBackend backend;

    /**
     * Step one, before the database service exists: metrics, traces and the audit trail they listen to.
     *
     * @param source where the configuration is read again on reload; null when it cannot be (tests)
     */
    public Operations(ServerConfig config, ConfigSource source, SecurityModule security, ConnectionPool pool,
                      ObjectMapper mapper, String hostVersion, String apiVersion) {
        this.startConfig = config;
        this.config = config;
        this.source = source;
        this.security = security;
        this.pool = pool;
        this.hostVersion = hostVersion;
        this.apiVersion = apiVersion;
        String level = config.raw().hasPath("xugu-mcp.log-level") ? config.raw().getString("xugu-mcp.log-level") : "info";
        LogLevels.apply(LogLevels.validate(level));
        this.probe = new DatabaseProbe(pool::connection, pool.dialect() instanceof io.xugumcp.server.db.xugu.XuguDialect
                ? io.xugumcp.server.db.xugu.XuguDialect.TEST_QUERY : "SELECT 1");
        this.poolMeter = PoolMeter.install((HikariDataSource) pool.dataSource(), metrics,
                () -> probe.lastState().status());
        boolean tracingConfigured = bool(config, "xugu-mcp.tracing.enabled");
        TraceSettings ts = TraceSettings.from(System.getenv(), tracingConfigured, hostVersion);
        ts.problems().forEach(p -> LOG.warn("Traces: {}", p));
        if (ts.enabled()) {
            this.exporter = new OtlpExporter(ts, mapper, hostVersion);
            this.tracing = new ToolTracing(new Tracer(ts, exporter), security::redactSql, pool.dialect().name());
            LOG.info("Traces: one span per tool call and per statement, sent as OTLP/HTTP JSON to {}", ts.endpoint());
        } else {
            this.exporter = null;
            this.tracing = null;
        }
        this.audit = new AuditMeter(security.audit(), metrics, name -> live != null && live.servesTool(name), tracing);
        JvmMeter.register(metrics.registry());
        probe.refresh();
    }

    /** The audit trail with metrics and traces listening: what the host's services record into. */
    public Audit audit() {
        return audit;
    }

    /** Where plugins register their caches. */
    public CacheRegistry caches() {
        return caches;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public DatabaseProbe probe() {
        return probe;
    }

    /**
     * Step two, once plugins are loaded: the served features, plugin changes, reload, the administration service and
     * the host's gauges.
     */
    public void bind(DatabaseService database, CatalogService catalog, SqlGuard guard, HostPluginManager plugins,
                     Features features, ToolAdapter tools, ResourceAdapter resources, PromptAdapter prompts) {
        caches.register(CacheRegistry.HOST, "catalog", () -> {
            catalog.invalidate();
            return -1;
        });
        caches.register(CacheRegistry.HOST, "sql-guard", guard::clearCache);
        this.live = new LiveFeatures(features, tools, resources, prompts);
        this.runtime = new PluginRuntime(plugins, live, caches, startConfig.pluginDir());
        this.reloader = source == null ? null : new ConfigReloader(source, startConfig, security, database,
                ((HikariDataSource) pool.dataSource()).getHikariConfigMXBean(), runtime, live, audit, metrics,
                c -> this.config = c);
        this.backend = new AdminBackend(new AdminBackend.Parts(hostVersion, apiVersion, startedAt, () -> config, pool,
                poolMeter, probe, security, metrics, runtime, caches, this::reload, () -> List.copyOf(transports),
                () -> List.copyOf(endpoints), this::features));
        tools.adminService(c -> new HostAdmin(c, backend, audit));
        if (tracing != null) {
            tools.observe(tracing);
        }
        registerGauges(plugins);
        if (watching()) {
            runtime.watch(watchInterval());
        }
    }

    private boolean watching() {
        return bool(startConfig, "xugu-mcp.plugins.watch");
    }

    /** A switch the way the earlier server's variables were written too (true/yes/on/1). */
    private static boolean bool(ServerConfig c, String key) {
        if (!c.raw().hasPath(key)) {
            return false;
        }
        String v = String.valueOf(c.raw().getValue(key).unwrapped()).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new io.xugumcp.server.config.InvalidConfigException(key + ": must be true or false, got '"
                    + v + "'");
        };
    }

    private Duration watchInterval() {
        return startConfig.raw().hasPath("xugu-mcp.plugins.watch-interval")
                ? ConfigLoader.seconds(startConfig.raw(), "xugu-mcp.plugins.watch-interval") : Duration.ofSeconds(2);
    }

    private List<String> features() {
        List<String> out = new ArrayList<>();
        out.add("tracing=" + (tracing == null ? "off" : "on"));
        out.add("plugin-watch=" + (watching() ? "on" : "off"));
        out.add("metrics-token=" + (metricsToken().isEmpty() ? "off" : "on"));
        out.add("caches=" + String.join(",", caches.names()));
        return out;
    }

    public LiveFeatures live() {
        return live;
    }

    /** The JSON mapper transports use: it times every MCP request for the metrics. */
    public McpJsonMapper transportJson(McpJsonMapper json) {
        return new RpcTap(json, metrics, name -> live != null && live.servesTool(name));
    }

    /** Notes a transport being served, for server information. */
    public void serving(String transport) {
        if (!transports.contains(transport)) {
            transports.add(transport);
        }
    }

    /** Mounts {@code /ready} and {@code /metrics} next to the MCP endpoints. */
    public void mount(HttpTransport http, ServerConfig.Http settings) {
        http.mount("/ready", new ReadyServlet(this::readiness));
        http.mount("/metrics", new MetricsServlet(metrics.registry(), this::metricsToken, security.identities(),
                role -> {
                    Role r = security.policy().role(role);
                    return r != null && r.holds(Permission.ADMIN);
                }));
        endpoints.addAll(List.of(settings.mcpEndpoint(), settings.sseEndpoint(), settings.messageEndpoint(), "/health",
                "/ready", "/metrics"));
        serving("http");
        serving("sse");
    }

    private String metricsToken() {
        ServerConfig c = config;
        return c.raw().hasPath("xugu-mcp.metrics.token") ? c.raw().getString("xugu-mcp.metrics.token").trim() : "";
    }

    /** Readiness: the database answers within about a second, plugins are started, the audit trail is writable. */
    public ReadyServlet.Readiness readiness() {
        Map<String, String> checks = new LinkedHashMap<>();
        DatabaseProbe.State db = probe.check(AdminBackend.DATABASE_BOUND);
        checks.put("database", db.up() ? "ok" : "down: " + db.detail());
        boolean started = live != null;
        checks.put("plugins", started ? "ok" : "starting");
        boolean auditOk = security.auditHealthy() || !security.settings().audit().failClosed();
        checks.put("audit", auditOk ? "ok" : "cannot write the audit trail; calls are refused");
        return new ReadyServlet.Readiness(db.up() && started && auditOk, checks);
    }

    /**
     * The database for {@code /health}, never waiting: down while the pool knows it is (its last connection attempt
     * failed), and also while this server's own test query last failed – a pool that still holds connections opened
     * before an outage has made no attempt yet – unless the pool has connected since. A failed test query is checked
     * again in the background, so the answer corrects itself.
     */
    public boolean databaseUp(ConnectionPool.State pool) {
        DatabaseProbe.State seen = probe.lastState();
        if ("down".equals(seen.status())) {
            probe.refresh();
        }
        return databaseUp(pool, seen, Instant.now());
    }

    static boolean databaseUp(ConnectionPool.State pool, DatabaseProbe.State seen, Instant now) {
        if (pool.status() == ConnectionPool.Status.DOWN) {
            return false;
        }
        if (!"down".equals(seen.status()) || seen.at() == null) {
            return true;
        }
        long seenAgoMs = Duration.between(seen.at(), now).toMillis();
        return pool.status() == ConnectionPool.Status.UP && pool.ageMs() >= 0 && pool.ageMs() < seenAgoMs;
    }

    /** Reloads on SIGHUP (where the platform has the signal). */
    public void reloadOnSignal() {
        if (SignalReload.install(() -> reload(new Caller("operator", "system", "signal")))) {
            LOG.info("kill -HUP {} reloads the configuration", ProcessHandle.current().pid());
        }
    }

    public ReloadReport reload(Caller who) {
        if (reloader == null) {
            // Re-reading defaults alone would silently drop the operator's settings: refuse instead.
            return new ReloadReport(false, "none", List.of(), List.of(), List.of("this server was started without a"
                    + " configuration file to read again; restart it to change its configuration"), false);
        }
        return reloader.reload(who);
    }

    private void registerGauges(HostPluginManager plugins) {
        MetricRegistry r = metrics.registry();
        List<String> info = List.of("version", "api_version", "db_system", "mode");
        r.gauge("xugu_mcp_info", "The server's version, API version, database and mode", "gauge", info,
                out -> out.accept(MetricRegistry.sample(info, List.of(hostVersion, apiVersion, pool.dialect().name(),
                        security.settings().readWrite() ? "read-write" : "read-only"), 1)));
        r.gauge("xugu_mcp_tools", "Tools served now", () -> live.current().tools().size());
        List<String> state = List.of("state");
        r.gauge("xugu_mcp_plugins", "Plugin files by state", "gauge", state, out -> {
            Map<String, Integer> n = new LinkedHashMap<>();
            runtime.report().forEach(p -> n.merge(p.state(), 1, Integer::sum));
            n.forEach((k, v) -> out.accept(MetricRegistry.sample(state, List.of(k), v)));
        });
        List<String> scope = List.of("scope");
        r.gauge("xugu_mcp_rate_limit_refusals_total", "Calls refused by a client's rate limit (client) and statements"
                + " refused by the server-wide cap on statements in flight (in_flight)", "counter", scope, out -> {
                    var rl = security.limiter().stats();
                    out.accept(MetricRegistry.sample(scope, List.of("client"),
                            rl.clients().stream().mapToLong(c -> c.refused()).sum()));
                    out.accept(MetricRegistry.sample(scope, List.of("in_flight"), rl.refusedInFlight()));
                });
        r.gauge("xugu_mcp_statements_in_flight", "Statements running now",
                () -> security.limiter().stats().statementsInFlight());
        r.gauge("xugu_mcp_audit_queue_depth", "Audit records handed in and not yet written",
                () -> security.auditQueueDepth());
        r.gauge("xugu_mcp_audit_records_total", "Audit records written since start", "counter", List.of(),
                out -> out.accept(MetricRegistry.sample(List.of(), List.of(), security.auditRecords())));
        r.gauge("xugu_mcp_audit_healthy", "1 when the audit trail can be written", () -> security.auditHealthy() ? 1 : 0);
        if (exporter != null) {
            List<String> result = List.of("result");
            r.gauge("xugu_mcp_trace_spans_total", "Spans sent to the OTLP endpoint, failed, or dropped (queue full)",
                    "counter", result, out -> {
                        out.accept(MetricRegistry.sample(result, List.of("exported"), exporter.exported()));
                        out.accept(MetricRegistry.sample(result, List.of("failed"), exporter.failed()));
                        out.accept(MetricRegistry.sample(result, List.of("dropped"), exporter.dropped()));
                    });
        }
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }
}
