package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.ToolException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Security} view of one caller. Access is enforced here, in the host: whatever tool asks, another role's
 * details, the audit trail and the rate limiter's state need the caller's role to hold ADMIN.
 */
public final class SecurityView implements Security {

    /** What the view reads from; implemented by the server's security module. */
    public interface Source {
        SecuritySettings settings();

        RolePolicy policy();

        RateLimiter limiter();

        GuardVerdict inspect(String sql);

        /** Null when the trail is off. */
        io.xugumcp.server.audit.AuditSearch search();

        boolean auditHealthy();

        long auditRecords();

        int httpTokens();
    }

    private final Caller caller;
    private final Source source;

    public SecurityView(Caller caller, Source source) {
        this.caller = caller;
        this.source = source;
    }

    private RolePolicy policy() {
        return source.policy();
    }

    private void requireAdmin(String what) {
        io.xugumcp.server.security.Role r = policy().role(caller.role());
        if (r == null || !r.holds(Permission.ADMIN)) {
            throw new ToolException(ErrorCode.DENIED, "Denied: " + what + " needs the ADMIN permission; role '" + caller.role()
                    + "' does not have it.");
        }
    }

    private io.xugumcp.server.security.Role named(String name) {
        String n = name == null || name.isBlank() ? caller.role() : name.trim();
        if (!n.equals(caller.role())) {
            requireAdmin("looking at another role than your own");
        }
        io.xugumcp.server.security.Role r = policy().role(n);
        if (r == null) {
            throw new ToolException(ErrorCode.NOT_FOUND, "No role '" + n + "' is configured; roles: " + knownRoles() + ".");
        }
        return r;
    }

    private String knownRoles() {
        io.xugumcp.server.security.Role r = policy().role(caller.role());
        return r != null && r.holds(Permission.ADMIN) ? String.join(", ", policy().roles().keySet()) : "(ask an admin)";
    }

    @Override
    public Security.Role callerRole() {
        io.xugumcp.server.security.Role r = policy().role(caller.role());
        if (r == null) {
            throw new ToolException(ErrorCode.NOT_FOUND, "The caller's role '" + caller.role() + "' is not configured.");
        }
        return r.describe();
    }

    @Override
    public List<Security.Role> roles() {
        requireAdmin("listing roles");
        List<Security.Role> out = new ArrayList<>();
        for (io.xugumcp.server.security.Role r : policy().roles().values()) {
            out.add(r.describe());
        }
        return out;
    }

    @Override
    public Optional<Security.Role> role(String name) {
        String n = name == null || name.isBlank() ? caller.role() : name.trim();
        if (!n.equals(caller.role())) {
            requireAdmin("looking at another role than your own");
        }
        io.xugumcp.server.security.Role r = policy().role(n);
        return r == null ? Optional.empty() : Optional.of(r.describe());
    }

    @Override
    public Decision check(String role, Permission permission, String table) {
        io.xugumcp.server.security.Role r = named(role);
        return policy().decide(r.name(), permission, table);
    }

    @Override
    public Decision checkStatement(String role, String sql) {
        io.xugumcp.server.security.Role r = named(role);
        GuardVerdict v = source.inspect(sql);
        if (!v.acceptable()) {
            return new Decision(false, r.name(), null, null, "Rejected for every role: the statement "
                    + String.join(" ", v.problems()));
        }
        return policy().decide(r.name(), v);
    }

    @Override
    public List<AuditEntry> auditLog(AuditQuery query) {
        requireAdmin("reading the audit log");
        return search().find(query);
    }

    @Override
    public AuditStatistics auditStatistics(Instant since) {
        requireAdmin("audit statistics");
        return search().statistics(since, Instant.now());
    }

    private io.xugumcp.server.audit.AuditSearch search() {
        io.xugumcp.server.audit.AuditSearch s = source.search();
        if (s == null) {
            throw new ToolException(ErrorCode.UNAVAILABLE, "The audit trail is off on this server (SECURITY_ENABLE_AUDIT_LOG ="
                    + " false), so there is nothing to read.");
        }
        return s;
    }

    @Override
    public RateLimits rateLimits() {
        requireAdmin("rate limit statistics");
        return source.limiter().stats();
    }

    @Override
    public Status status() {
        SecuritySettings s = source.settings();
        RateLimiter l = source.limiter();
        return new Status(s.readWrite() ? "read-write" : "read-only", caller, s.audit().enabled(),
                source.auditHealthy(), source.auditRecords(), s.audit().redactLiterals(), l.enabled(), l.defaults(),
                l.maxInFlight(), s.httpAuthRequired(), source.httpTokens(), s.defaultRole(), s.stdioRole(),
                List.copyOf(policy().roles().keySet()), RolePolicy.deniedByDefault());
    }
}
