package io.xugumcp.plugin.admin;

import io.xugumcp.api.Security;
import io.xugumcp.api.admin.Admin;
import io.xugumcp.api.admin.CacheReport;
import io.xugumcp.api.admin.Diagnosis;
import io.xugumcp.api.admin.Health;
import io.xugumcp.api.admin.MetricsSnapshot;
import io.xugumcp.api.admin.PoolStats;
import io.xugumcp.api.admin.ReloadReport;
import io.xugumcp.api.admin.ServerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin service's records as JSON-shaped maps (times as ISO-8601 text, durations in milliseconds or seconds) and
 * as short text for clients that read only text.
 */
final class Shapes {
    private Shapes() {
    }

    static Map<String, Object> health(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.status());
        m.put("at", h.at().toString());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Health.Check c : h.checks()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", c.name());
            x.put("status", c.status());
            if (c.elapsedMs() >= 0) {
                x.put("elapsedMs", c.elapsedMs());
            }
            x.put("detail", c.detail());
            checks.add(x);
        }
        m.put("checks", checks);
        return m;
    }

    static String healthText(Health h) {
        StringBuilder b = new StringBuilder("Health: " + h.status() + "\n");
        for (Health.Check c : h.checks()) {
            b.append("  ").append(c.name()).append(": ").append(c.status()).append(" – ").append(c.detail())
                    .append(c.elapsedMs() >= 0 ? " (" + c.elapsedMs() + " ms)" : "").append('\n');
        }
        return b.toString();
    }

    static Map<String, Object> pool(PoolStats p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", p.started());
        m.put("active", p.active());
        m.put("idle", p.idle());
        m.put("total", p.total());
        m.put("waiting", p.waiting());
        m.put("max", p.max());
        m.put("minIdle", p.minIdle());
        m.put("acquireTimeoutMs", p.acquireTimeout().toMillis());
        m.put("timeouts", p.timeouts());
        m.put("created", p.created());
        m.put("evictions", p.retired());
        m.put("database", p.lastState());
        return m;
    }

    static String poolText(PoolStats p) {
        return "Pool: " + p.active() + " active, " + p.idle() + " idle, " + p.waiting() + " waiting, max " + p.max()
                + " (min idle " + p.minIdle() + ", wait up to " + p.acquireTimeout().toMillis() + " ms); since start "
                + p.created() + " opened, " + p.retired() + " closed (evicted, expired or broken), " + p.timeouts()
                + " waits timed out. Database last seen: " + p.lastState() + "."
                + (p.started() ? "" : " The pool has not opened a connection yet.");
    }

    static Map<String, Object> info(ServerInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("version", i.hostVersion());
        m.put("apiVersion", i.apiVersion());
        m.put("java", i.javaVersion());
        m.put("os", i.os());
        m.put("startedAt", i.startedAt().toString());
        m.put("uptimeSeconds", i.uptime().toSeconds());
        m.put("dialect", i.dialect());
        m.put("database", i.database());
        m.put("demoDatabase", i.demoDatabase());
        m.put("mode", i.mode());
        m.put("transports", i.transports());
        m.put("endpoints", i.endpoints());
        List<Map<String, Object>> plugins = new ArrayList<>();
        for (ServerInfo.PluginInfo p : i.plugins()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", p.id());
            x.put("version", p.version());
            x.put("state", p.state());
            x.put("description", p.description());
            x.put("file", p.file());
            x.put("tools", p.tools());
            x.put("problem", p.problem());
            plugins.add(x);
        }
        m.put("plugins", plugins);
        ServerInfo.Limits l = i.limits();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxRows", l.maxRows());
        limits.put("maxBytes", l.maxBytes());
        limits.put("queryTimeoutSeconds", seconds(l.queryTimeout()));
        limits.put("maxSqlLength", l.maxSqlLength());
        limits.put("maxBatchStatements", l.maxBatchStatements());
        limits.put("poolMaxSize", l.poolMaxSize());
        limits.put("poolTimeoutSeconds", seconds(l.poolTimeout()));
        limits.put("ratePerMinute", l.ratePerMinute());
        limits.put("maxStatementsInFlight", l.maxStatementsInFlight());
        m.put("limits", limits);
        m.put("features", i.features());
        return m;
    }

    static String infoText(ServerInfo i) {
        StringBuilder b = new StringBuilder();
        b.append(i.name()).append(' ').append(i.hostVersion()).append(" (plugin API ").append(i.apiVersion())
                .append("), Java ").append(i.javaVersion()).append(", up ").append(i.uptime().toSeconds()).append(" s\n");
        b.append("Database: ").append(i.dialect()).append(" – ").append(i.database())
                .append(i.demoDatabase() ? " (embedded demo database)" : "").append("; mode ").append(i.mode()).append('\n');
        b.append("Transports: ").append(String.join(", ", i.transports()))
                .append(i.endpoints().isEmpty() ? "" : "; endpoints " + String.join(" ", i.endpoints())).append('\n');
        ServerInfo.Limits l = i.limits();
        b.append("Limits: ").append(l.maxRows()).append(" rows / ").append(l.maxBytes() >> 20).append(" MiB per answer, ")
                .append(seconds(l.queryTimeout())).append(" s per statement, ").append(l.maxBatchStatements())
                .append(" statements per batch, ").append(l.ratePerMinute() == 0 ? "no rate limit" : l.ratePerMinute()
                + " calls/min per client").append('\n');
        b.append("Plugins:\n");
        for (ServerInfo.PluginInfo p : i.plugins()) {
            b.append("  ").append(p.id()).append(' ').append(p.version()).append(' ').append(p.state());
            if (!p.tools().isEmpty()) {
                b.append(": ").append(String.join(", ", p.tools()));
            }
            if (p.problem() != null) {
                b.append(" – ").append(p.problem());
            }
            b.append('\n');
        }
        b.append("Features: ").append(String.join(", ", i.features()));
        return b.toString();
    }

    static Map<String, Object> metrics(MetricsSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", s.at().toString());
        m.put("uptimeSeconds", s.uptimeSeconds());
        List<Map<String, Object>> ops = new ArrayList<>();
        for (MetricsSnapshot.Operation o : s.operations()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("method", o.method());
            x.put("tool", o.tool());
            x.put("errorType", o.errorType());
            x.put("count", o.count());
            x.put("totalSeconds", round(o.totalSeconds()));
            x.put("p50Ms", round(o.p50Ms()));
            x.put("p95Ms", round(o.p95Ms()));
            ops.add(x);
        }
        m.put("operations", ops);
        m.put("toolCalls", s.toolCalls());
        m.put("statements", s.statements());
        m.put("rateLimitRefusals", s.rateLimitRefusals());
        m.put("auditQueueDepth", s.auditQueueDepth());
        m.put("llmTokens", s.llmTokens());
        m.put("pool", pool(s.pool()));
        MetricsSnapshot.Jvm j = s.jvm();
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("heapUsedBytes", j.heapUsedBytes());
        jvm.put("heapMaxBytes", j.heapMaxBytes());
        jvm.put("nonHeapUsedBytes", j.nonHeapUsedBytes());
        jvm.put("gcCount", j.gcCount());
        jvm.put("gcSeconds", round(j.gcSeconds()));
        jvm.put("threads", j.threads());
        m.put("jvm", jvm);
        return m;
    }

    static String metricsText(MetricsSnapshot s) {
        StringBuilder b = new StringBuilder("Since start (" + s.uptimeSeconds() + " s):\n");
        for (MetricsSnapshot.Operation o : s.operations()) {
            b.append("  ").append(o.method()).append(o.tool() == null ? "" : " " + o.tool())
                    .append(o.errorType() == null ? "" : " [" + o.errorType() + "]").append(": ").append(o.count())
                    .append(String.format(Locale.ROOT, " calls, p50 %.1f ms, p95 %.1f ms%n", o.p50Ms(), o.p95Ms()));
        }
        b.append("Tool calls by outcome: ").append(s.toolCalls()).append('\n');
        b.append("Statements by kind and outcome: ").append(s.statements()).append('\n');
        b.append("Rate-limit refusals: ").append(s.rateLimitRefusals()).append("; audit queue: ")
                .append(s.auditQueueDepth()).append('\n');
        if (!s.llmTokens().isEmpty()) {
            b.append("LLM tokens: ").append(s.llmTokens()).append('\n');
        }
        b.append(poolText(s.pool())).append('\n');
        MetricsSnapshot.Jvm j = s.jvm();
        b.append(String.format(Locale.ROOT, "JVM: heap %d of %d MiB, %d GCs (%.2f s), %d threads",
                j.heapUsedBytes() >> 20, j.heapMaxBytes() >> 20, j.gcCount(), j.gcSeconds(), j.threads()));
        return b.toString();
    }

    static Map<String, Object> diagnosis(Diagnosis d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", d.ok());
        m.put("target", d.target());
        m.put("summary", d.summary());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Diagnosis.Step s : d.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", s.name());
            x.put("status", s.status());
            x.put("elapsedMs", s.elapsedMs());
            x.put("detail", s.detail());
            if (s.errorCode() != null) {
                x.put("errorCode", s.errorCode());
            }
            if (s.cause() != null) {
                x.put("cause", s.cause());
            }
            if (s.fix() != null) {
                x.put("fix", s.fix());
            }
            steps.add(x);
        }
        m.put("steps", steps);
        return m;
    }

    static String diagnosisText(Diagnosis d) {
        StringBuilder b = new StringBuilder((d.ok() ? "OK" : "FAILED") + ": " + d.target() + "\n");
        for (Diagnosis.Step s : d.steps()) {
            b.append("  ").append(s.name()).append(": ").append(s.status()).append(" (").append(s.elapsedMs())
                    .append(" ms) ").append(s.detail());
            if (s.errorCode() != null) {
                b.append(" [").append(s.errorCode()).append(']');
            }
            if (s.cause() != null) {
                b.append("\n      cause: ").append(s.cause());
            }
            if (s.fix() != null) {
                b.append("\n      fix: ").append(s.fix());
            }
            b.append('\n');
        }
        b.append(d.summary());
        return b.toString();
    }

    static Map<String, Object> reload(ReloadReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", r.applied());
        m.put("source", r.source());
        m.put("changed", r.changed());
        m.put("restartRequired", r.restartRequired());
        m.put("errors", r.errors());
        m.put("toolsChanged", r.toolsChanged());
        return m;
    }

    static String reloadText(ReloadReport r) {
        if (!r.applied()) {
            return "The configuration was NOT reloaded; the one in force is unchanged. Problem: "
                    + String.join("; ", r.errors()) + " (source: " + r.source() + ")";
        }
        return "Configuration reloaded from " + r.source() + ". Applied now: "
                + (r.changed().isEmpty() ? "nothing changed" : String.join("; ", r.changed()))
                + (r.restartRequired().isEmpty() ? "." : ". Changed but needs a restart: "
                + String.join(", ", r.restartRequired()) + ".")
                + (r.toolsChanged() ? " Connected clients were told to list the tools again." : "");
    }

    static Map<String, Object> caches(CacheReport r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CacheReport.Cleared c : r.caches()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", c.name());
            x.put("owner", c.owner());
            x.put("entries", c.entries());
            x.put("error", c.error());
            out.add(x);
        }
        return Map.of("caches", out);
    }

    static String cachesText(CacheReport r) {
        StringBuilder b = new StringBuilder("Cleared " + r.caches().size() + " cache(s):\n");
        for (CacheReport.Cleared c : r.caches()) {
            b.append("  ").append(c.name()).append(" (").append(c.owner()).append("): ")
                    .append(c.error() != null ? "FAILED – " + c.error()
                            : c.entries() < 0 ? "cleared" : c.entries() + " entries dropped").append('\n');
        }
        return b.toString();
    }

    private static final List<String> HISTORY_FIELDS = List.of("seq", "time", "client", "role", "tool", "kind", "verb",
            "tables", "sql", "rows", "elapsedMs", "outcome", "code", "reason", "callId");

    static Map<String, Object> history(Admin.History h, int limit) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Security.AuditEntry e : h.entries()) {
            Map<String, Object> x = new LinkedHashMap<>();
            for (String k : HISTORY_FIELDS) {
                if (e.fields().containsKey(k)) {
                    x.put(k, e.fields().get(k));
                }
            }
            entries.add(x);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client", h.allClients() ? "*" : h.client());
        m.put("count", entries.size());
        m.put("limit", limit);
        m.put("auditEnabled", h.auditEnabled());
        m.put("entries", entries);
        return m;
    }

    static String historyText(Admin.History h) {
        if (!h.auditEnabled()) {
            return "No query history: the audit trail is off (SECURITY_ENABLE_AUDIT_LOG=false).";
        }
        if (h.entries().isEmpty()) {
            return "No statements recorded" + (h.allClients() ? "." : " for client '" + h.client() + "'.");
        }
        StringBuilder b = new StringBuilder(h.entries().size() + " statement(s), newest first"
                + (h.allClients() ? ", every client" : ", client '" + h.client() + "'") + ":\n");
        for (Security.AuditEntry e : h.entries()) {
            Map<String, Object> f = e.fields();
            b.append("  ").append(f.get("time")).append(' ').append(f.get("outcome"));
            if (h.allClients()) {
                b.append(' ').append(f.get("client"));
            }
            b.append(' ').append(f.get("kind"));
            if (f.get("rows") != null) {
                b.append(" rows=").append(f.get("rows"));
            }
            if (f.get("elapsedMs") != null) {
                b.append(' ').append(f.get("elapsedMs")).append(" ms");
            }
            b.append(": ").append(f.get("sql")).append('\n');
        }
        return b.toString();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
