package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.ToolException;
import java.util.function.Supplier;

/**
 * The policy the server runs with, in the order of the request's way through the house: the audit trail must be
 * writable (when it is to fail closed), the caller's rate limit must allow the call, the caller's role must hold the
 * tool's permission; then the Database service checks each statement against the role and takes a place among the
 * statements in flight.
 */
public final class HostSecurity implements AccessPolicy {
    private final Supplier<RolePolicy> roles;
    private final RateLimiter limiter;
    private final Supplier<String> auditFailure;

    /** @param auditFailure why the trail cannot be written, or null; refusing calls then is "fail closed" */
    public HostSecurity(RolePolicy roles, RateLimiter limiter, Supplier<String> auditFailure) {
        this(() -> roles, limiter, auditFailure);
    }

    /** @param roles the role policy in force now (a configuration reload replaces it) */
    public HostSecurity(Supplier<RolePolicy> roles, RateLimiter limiter, Supplier<String> auditFailure) {
        this.roles = roles;
        this.limiter = limiter;
        this.auditFailure = auditFailure;
    }

    public RolePolicy roles() {
        return roles.get();
    }

    public RateLimiter limiter() {
        return limiter;
    }

    @Override
    public void checkTool(Caller caller, String toolName, Permission permission) {
        String broken = auditFailure.get();
        if (broken != null) {
            throw new ToolException(ErrorCode.UNAVAILABLE, "The server refuses calls for now: " + broken
                    + ", and every call must be audited. An operator must fix the audit file's disk or permissions.");
        }
        limiter.acquireCall(caller);
        roles.get().checkTool(caller, toolName, permission);
    }

    @Override
    public void checkAccess(Caller caller, String item, Permission permission) {
        roles.get().checkTool(caller, item, permission);
    }

    @Override
    public void checkStatement(Caller caller, GuardVerdict verdict) {
        roles.get().checkStatement(caller, verdict);
    }

    @Override
    public boolean narrowsReads(Caller caller) {
        return roles.get().narrowsReads(caller);
    }

    @Override
    public Slot enterStatement(Caller caller) {
        return limiter.enterStatement(caller);
    }
}
