package io.xugumcp.server.admin;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Security;
import io.xugumcp.api.admin.Admin;
import io.xugumcp.api.admin.CacheReport;
import io.xugumcp.api.admin.Diagnosis;
import io.xugumcp.api.admin.Health;
import io.xugumcp.api.admin.MetricsSnapshot;
import io.xugumcp.api.admin.PoolStats;
import io.xugumcp.api.admin.ReloadReport;
import io.xugumcp.api.admin.ServerInfo;
import io.xugumcp.server.audit.AuditSearch;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.diagnose.ConnectionDoctor;
import io.xugumcp.server.health.DatabaseProbe;
import io.xugumcp.server.metrics.JvmMeter;
import io.xugumcp.server.metrics.MetricRegistry;
import io.xugumcp.server.metrics.PoolMeter;
import io.xugumcp.server.metrics.ServerMetrics;
import io.xugumcp.server.plugin.PluginRuntime;
import io.xugumcp.server.security.SecurityModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the administration service answers, read from the host's parts. It enforces nothing: {@link HostAdmin} checks
 * the caller first. Nothing it returns carries a password, token or hash.
 */
public final class AdminBackend {
    /** How long readiness and {@code health_check} wait for the database. */
    public static final Duration DATABASE_BOUND = Duration.ofSeconds(1);

    /**
     * The parts it reads.
     *
     * @param transports what the server serves on ({@code stdio}, {@code http}, {@code sse})
     * @param endpoints  HTTP paths
     * @param features   optional features and their state ({@code tracing=on} …)
     */
    public record Parts(String hostVersion, String apiVersion, Instant startedAt, Supplier<ServerConfig> config,
                        ConnectionPool pool, PoolMeter poolMeter, DatabaseProbe probe, SecurityModule security,
                        ServerMetrics metrics, PluginRuntime plugins, CacheRegistry caches,
                        java.util.function.Function<Caller, ReloadReport> reloader,
                        Supplier<List<String>> transports, Supplier<List<String>> endpoints,
                        Supplier<List<String>> features) {
    }

    private final Parts p;

    public AdminBackend(Parts parts) {
        this.p = parts;
    }

    public boolean isAdmin(Caller caller) {
        io.xugumcp.server.security.Role r = p.security().policy().role(caller.role());
        return r != null && r.holds(io.xugumcp.api.Permission.ADMIN);
    }

    public ServerInfo serverInfo() {
        ServerConfig c = p.config().get();
        Security.RateLimits rl = p.security().limiter().stats();
        ServerConfig.Security s = c.security();
        ServerInfo.Limits limits = new ServerInfo.Limits(s.maxRows(), s.maxBytes(), s.queryTimeout(), s.maxSqlLength(),
                s.maxBatchStatements(), c.database().poolMaxSize(), c.database().poolTimeout(),
                rl.enabled() ? rl.defaults().perMinute() : 0, rl.maxStatementsInFlight());
        Instant now = Instant.now();
        return new ServerInfo("xugu-mcp", p.hostVersion(), p.apiVersion(), System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor", "") + ")", System.getProperty("os.name") + " "
                + System.getProperty("os.arch"), p.startedAt(), Duration.between(p.startedAt(), now),
                p.pool().dialect().name(), p.pool().description(), p.pool().isDemo(),
                p.security().settings().readWrite() ? "read-write" : "read-only", p.transports().get(),
                p.endpoints().get(), p.plugins().report(), limits, p.features().get());
    }

    public Health health(boolean detailed) {
        List<Health.Check> checks = new ArrayList<>();
        DatabaseProbe.State db = p.probe().check(DATABASE_BOUND);
        checks.add(new Health.Check("database", db.up() ? "ok" : "failed", db.elapsedMs(), db.up()
                ? "the database answered (" + p.pool().dialect().name() + ")" : "the database does not answer: "
                + db.detail() + "; diagnose_connection says why"));
        List<ServerInfo.PluginInfo> plugins = p.plugins().report();
        long serving = plugins.stream().filter(x -> "STARTED".equals(x.state())).count();
        List<String> troubled = plugins.stream().filter(x -> x.problem() != null && !x.state().equals("DISABLED"))
                .map(ServerInfo.PluginInfo::id).toList();
        checks.add(new Health.Check("plugins", troubled.isEmpty() ? "ok" : "warning", -1, serving + " plugin(s) serving"
                + (troubled.isEmpty() ? "" : "; not serving: " + String.join(", ", troubled))));
        boolean auditOk = p.security().auditHealthy();
        checks.add(new Health.Check("audit", auditOk ? "ok" : "failed", -1, auditOk
                ? p.security().auditRecords() + " records written, " + p.security().auditQueueDepth() + " queued"
                : "the audit trail cannot be written" + (p.security().settings().audit().failClosed()
                ? ": calls are refused until it can" : "")));
        if (detailed) {
            PoolStats ps = p.poolMeter().stats();
            checks.add(new Health.Check("pool", ps.waiting() > 0 ? "warning" : "ok", -1, ps.active() + " in use, "
                    + ps.idle() + " idle, " + ps.waiting() + " waiting, at most " + ps.max() + "; " + ps.timeouts()
                    + " waits timed out since start"));
            MetricsSnapshot.Jvm jvm = JvmMeter.snapshot();
            double share = jvm.heapMaxBytes() > 0 ? (double) jvm.heapUsedBytes() / jvm.heapMaxBytes() : 0;
            checks.add(new Health.Check("memory", share > 0.9 ? "warning" : "ok", -1, String.format(Locale.ROOT,
                    "heap %d of %d MiB used (%.0f%%), %d threads", jvm.heapUsedBytes() >> 20, jvm.heapMaxBytes() >> 20,
                    share * 100, jvm.threads())));
            for (ServerInfo.PluginInfo pi : plugins) {
                boolean ok = "STARTED".equals(pi.state()) || "DISABLED".equals(pi.state()) && pi.problem() != null
                        && pi.problem().startsWith("disabled by configuration");
                checks.add(new Health.Check("plugin." + pi.id(), ok ? "ok" : "warning", -1, pi.state()
                        + (pi.tools().isEmpty() ? "" : ", tools " + pi.tools()) + (pi.problem() == null ? "" : " – "
                        + pi.problem())));
            }
        }
        String status = !db.up() ? "down"
                : checks.stream().anyMatch(x -> !"ok".equals(x.status())) ? "degraded" : "ok";
        return new Health(status, Instant.now(), checks);
    }

    public PoolStats pool() {
        return p.poolMeter().stats();
    }

    public MetricsSnapshot metrics() {
        ServerMetrics m = p.metrics();
        double[] bounds = m.operations.bounds();
        List<MetricsSnapshot.Operation> ops = new ArrayList<>();
        m.operations.snapshots().forEach((labels, s) -> ops.add(new MetricsSnapshot.Operation(labels.get(0),
                blankToNull(labels.get(1)), blankToNull(labels.get(2)), s.count(), s.sum(),
                s.quantile(bounds, 0.5) * 1000, s.quantile(bounds, 0.95) * 1000)));
        ops.sort((a, b) -> Long.compare(b.count(), a.count()));
        Security.RateLimits rl = p.security().limiter().stats();
        long refused = rl.refusedInFlight() + rl.clients().stream().mapToLong(Security.ClientRate::refused).sum();
        return new MetricsSnapshot(Instant.now(), m.uptimeSeconds(), ops, joined(m.statements),
                joined(m.toolCalls), refused, p.security().auditQueueDepth(), joined(m.llmTokens),
                p.poolMeter().stats(), JvmMeter.snapshot());
    }

    private static Map<String, Long> joined(MetricRegistry.Counter c) {
        Map<String, Long> out = new TreeMap<>();
        c.values().forEach((labels, v) -> out.put(String.join(labels.size() == 3 ? "/" : ":", labels), v.longValue()));
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public Diagnosis diagnose(boolean detailed) {
        return new ConnectionDoctor(p.pool().target(), p.pool().dialect().name(), p.poolMeter()::stats)
                .diagnose(detailed);
    }

    public ReloadReport reload(Caller who) {
        return p.reloader().apply(who);
    }

    public CacheReport clearCaches() {
        return p.caches().clearAll();
    }

    /**
     * Statements from the audit trail, newest first.
     *
     * @param client a client id, or null for every client
     */
    public Admin.History history(String client, String operationType, int limit) {
        AuditSearch search = p.security().search();
        if (search == null) {
            return new Admin.History(client, client == null, List.of(), false);
        }
        String want = operationType == null || operationType.isBlank() ? null
                : operationType.trim().toUpperCase(Locale.ROOT);
        Security.AuditQuery q = new Security.AuditQuery("statement", null, null, client, null, null,
                Math.max(1, Math.min(1000, limit)));
        List<Security.AuditEntry> entries = search.find(q, r -> want == null
                || want.equalsIgnoreCase(String.valueOf(r.get("kind")))
                || String.valueOf(r.get("verb")).toUpperCase(Locale.ROOT).startsWith(want));
        return new Admin.History(client, client == null, entries, true);
    }
}
