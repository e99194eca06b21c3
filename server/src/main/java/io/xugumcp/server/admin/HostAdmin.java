package io.xugumcp.server.admin;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.admin.Admin;
import io.xugumcp.api.admin.CacheReport;
import io.xugumcp.api.admin.Diagnosis;
import io.xugumcp.api.admin.Health;
import io.xugumcp.api.admin.MetricsSnapshot;
import io.xugumcp.api.admin.PoolStats;
import io.xugumcp.api.admin.ReloadReport;
import io.xugumcp.api.admin.ServerInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link Admin} service of one caller. Access is enforced here, in the host, whatever tool asks: metrics (they
 * show what every client does), a reload and clearing caches (they change the server's state), and another client's
 * query history need the caller's role to hold ADMIN.
 */
public final class HostAdmin implements Admin {
    private final Caller caller;
    private final AdminBackend backend;
    private final Audit audit;

    public HostAdmin(Caller caller, AdminBackend backend, Audit audit) {
        this.caller = caller;
        this.backend = backend;
        this.audit = audit;
    }

    private void requireAdmin(String what) {
        if (!backend.isAdmin(caller)) {
            throw new ToolException(ErrorCode.DENIED, "Denied: " + what + " needs the ADMIN permission; role '"
                    + caller.role() + "' does not have it.");
        }
    }

    @Override
    public ServerInfo serverInfo() {
        return backend.serverInfo();
    }

    @Override
    public Health health(boolean detailed) {
        return backend.health(detailed);
    }

    @Override
    public PoolStats pool() {
        return backend.pool();
    }

    @Override
    public MetricsSnapshot metrics() {
        requireAdmin("the server's metrics (every client's activity)");
        return backend.metrics();
    }

    @Override
    public Diagnosis diagnose(boolean detailed) {
        return backend.diagnose(detailed);
    }

    @Override
    public ReloadReport reload() {
        requireAdmin("reloading the configuration");
        return backend.reload(caller);
    }

    @Override
    public CacheReport clearCaches() {
        requireAdmin("clearing the server's caches");
        CacheReport r = backend.clearCaches();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("outcome", r.caches().stream().allMatch(c -> c.error() == null) ? "ok" : "error");
        d.put("caches", r.caches().stream().map(CacheReport.Cleared::name).toList());
        audit.record(caller, "admin.clear_caches", d);
        return r;
    }

    @Override
    public History queryHistory(String client, String operationType, int limit) {
        String who = client == null || client.isBlank() ? null : client.trim();
        if (who == null || who.equals(caller.clientId())) {
            return backend.history(caller.clientId(), operationType, limit);
        }
        requireAdmin("the query history of " + ("*".equals(who) ? "every client" : "client '" + who + "'"));
        return backend.history("*".equals(who) ? null : who, operationType, limit);
    }
}
