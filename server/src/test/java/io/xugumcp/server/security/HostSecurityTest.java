package io.xugumcp.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.ToolException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The order of the checks before a handler runs: audit trail writable, rate limit, then the tool's permission. */
class HostSecurityTest {
    private final RolePolicy roles = RolePolicyTest.policy(true);
    private final Caller reader = new Caller("r", "read_only", "http");

    @Test
    void refusesEveryCallWhileTheAuditTrailCannotBeWritten() {
        AtomicReference<String> failure = new AtomicReference<>();
        HostSecurity h = new HostSecurity(roles, new RateLimiter(false, new Security.RateLimit(true, 1, 1), r -> null, 0),
                failure::get);
        h.checkTool(reader, "execute_query", Permission.SELECT);
        failure.set("the audit file audit.log cannot be written (IOException)");
        ToolException e = assertThrows(ToolException.class, () -> h.checkTool(reader, "execute_query", Permission.SELECT));
        assertEquals("unavailable", e.code());
        assertTrue(e.getMessage().contains("must be audited"), e.getMessage());
        failure.set(null);
        h.checkTool(reader, "execute_query", Permission.SELECT);
    }

    @Test
    void theRateLimitComesBeforeThePermissionAndDeniedCallsCount() {
        AtomicInteger asked = new AtomicInteger();
        HostSecurity h = new HostSecurity(roles, new RateLimiter(true, new Security.RateLimit(true, 1, 2), r -> {
            asked.incrementAndGet();
            return null;
        }, 0), () -> null);
        assertEquals("denied", assertThrows(ToolException.class,
                () -> h.checkTool(reader, "delete_rows", Permission.DELETE)).code());
        h.checkTool(reader, "execute_query", Permission.SELECT);
        assertEquals("rate_limited", assertThrows(ToolException.class,
                () -> h.checkTool(reader, "execute_query", Permission.SELECT)).code());
        assertTrue(asked.get() >= 3);
    }
}
