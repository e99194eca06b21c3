package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Content;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.Security;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.security.HostSecurity;
import io.xugumcp.server.security.RateLimiter;
import io.xugumcp.server.security.RolePolicy;
import io.xugumcp.server.security.SecuritySettings;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The one envelope around tools, resources and prompts: identity fails closed, permission and rate limit come first,
 * the plugin's class loader is the context loader only while its code runs, every call leaves one audit record, and
 * faults reach the caller as a reference id, never a class name.
 */
class CallEnvelopeTest {
    private static final SecuritySettings SETTINGS = SecuritySettings.from(ConfigFactory.defaultReference().resolve(),
            true, "", Path.of("/tmp/unused"));
    private final List<Record> audit = new ArrayList<>();
    private final RolePolicy roles = new RolePolicy(SETTINGS.roles(), true, "PUBLIC");

    private record Record(Caller caller, String action, Map<String, Object> details) {
    }

    private CallEnvelope envelope(int callsPerMinute) {
        RateLimiter limiter = new RateLimiter(true, new Security.RateLimit(true, callsPerMinute, callsPerMinute),
                r -> null, 0);
        return new CallEnvelope(new Callers(), new HostSecurity(roles, limiter, () -> null),
                (caller, action, details) -> audit.add(new Record(caller, action, details)));
    }

    private static McpSyncServerExchange exchange(Caller caller) {
        McpTransportContext ctx = caller == null ? McpTransportContext.EMPTY : Callers.context(caller);
        return new McpSyncServerExchange(new McpAsyncServerExchange("s1", null,
                McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1"), ctx));
    }

    private static final CallEnvelope.Answers<String> TEXT = new CallEnvelope.Answers<>() {
        @Override
        public String refused(ToolException e) {
            return "refused:" + e.code() + ":" + e.getMessage();
        }

        @Override
        public String failed(String message) {
            return "failed:" + message;
        }
    };

    private static CallEnvelope.Target tool(String name, Permission p, ClassLoader loader) {
        return new CallEnvelope.Target(CallEnvelope.Kind.TOOL, name, "demo", loader, p);
    }

    @Test
    void aRequestWithoutACallerIsRefusedAndAuditedNotServedAsStdio() {
        boolean[] ran = {false};
        String answer = envelope(100).call(tool("execute_query", Permission.SELECT, null), exchange(null), s -> {
            ran[0] = true;
            return "ran";
        }, TEXT);
        assertFalse(ran[0], "the handler must not run for an unidentified request");
        assertTrue(answer.startsWith("refused:denied:"), answer);
        assertTrue(answer.contains("no caller identity"), answer);
        Record r = audit.get(0);
        assertEquals("unidentified", r.caller().clientId());
        assertEquals("denied", r.details().get("outcome"));
        assertEquals("execute_query", r.details().get("tool"));
    }

    @Test
    void theToolPermissionIsCheckedBeforeTheBodyAndTheDenialIsAudited() {
        Caller reader = new Caller("c1", "read_only", "http");
        boolean[] ran = {false};
        String answer = envelope(100).call(tool("drop_table", Permission.DROP, null), exchange(reader), s -> {
            ran[0] = true;
            return "ran";
        }, TEXT);
        assertFalse(ran[0]);
        assertTrue(answer.startsWith("refused:denied:"), answer);
        assertEquals("denied", audit.get(0).details().get("outcome"));
        assertTrue(String.valueOf(audit.get(0).details().get("reason")).contains("DROP"));
        assertEquals("c1", audit.get(0).caller().clientId());
    }

    @Test
    void theRateLimitRefusesTheSecondCallOfAMinute() {
        CallEnvelope e = envelope(1);
        Caller c = new Caller("c2", "admin", "http");
        assertEquals("ok", e.call(tool("t", Permission.NONE, null), exchange(c), s -> "ok", TEXT));
        String second = e.call(tool("t", Permission.NONE, null), exchange(c), s -> "ok", TEXT);
        assertTrue(second.startsWith("refused:rate_limited:"), second);
        assertEquals(List.of("ok", "denied"), audit.stream().map(r -> r.details().get("outcome")).toList());
    }

    @Test
    void thePluginLoaderIsTheContextLoaderOnlyWhileItsCodeRuns() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(new URL[0], null)) {
            AtomicReference<ClassLoader> seen = new AtomicReference<>();
            envelope(100).call(tool("t", Permission.NONE, plugin), exchange(new Caller("c", "admin", "stdio")), s -> {
                seen.set(Thread.currentThread().getContextClassLoader());
                throw new IllegalStateException("boom");
            }, TEXT);
            assertSame(plugin, seen.get());
        }
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aFaultReachesTheCallerAsAReferenceWithoutClassNames() {
        String answer = envelope(100).call(tool("t", Permission.NONE, null), exchange(new Caller("c", "admin", "stdio")),
                s -> {
                    throw new NullPointerException("secret internals");
                }, TEXT);
        assertTrue(answer.startsWith("failed:Internal error in tool 't'"), answer);
        assertTrue(answer.contains("reference"), answer);
        assertFalse(answer.contains("NullPointer") || answer.contains("secret internals") || answer.contains("java."),
                answer);
        assertEquals("internal_error", audit.get(0).details().get("code"));
    }

    @Test
    void aBodyMayMarkItsAnswerFailedAndAddAuditFields() {
        envelope(100).call(tool("t", Permission.NONE, null), exchange(new Caller("c", "admin", "stdio")), s -> {
            s.audit("rows", 3);
            s.failed();
            return "answer with isError";
        }, TEXT);
        Map<String, Object> d = audit.get(0).details();
        assertEquals("error", d.get("outcome"));
        assertEquals(3, d.get("rows"));
        assertNull(d.get("code"));
    }

    // Prompts go through the same envelope: permission-checked and audited.

    private McpServerFeatures.SyncPromptSpecification prompt(Permission needs) {
        Prompt p = new Prompt("summarise_table", "Summarise", "Summarise a table",
                List.of(new Prompt.Argument("table", "The table", true)), Map.of(),
                (args, caller) -> new Prompt.Result("d", List.of(new Prompt.Message(Prompt.Role.USER,
                        new Content.Text("Summarise " + args.get("table") + " for " + caller.role())))));
        RateLimiter limiter = new RateLimiter(false, new Security.RateLimit(true, 1, 1), r -> null, 0);
        return new PromptAdapter(new Callers(), new HostSecurity(roles, limiter, () -> null),
                (caller, action, details) -> audit.add(new Record(caller, action, details)))
                .adapt(new Features.Owned<>("demo", null, p, needs));
    }

    @Test
    void aPromptIsAuditedWithItsCaller() {
        McpSchema.GetPromptResult r = prompt(Permission.SELECT).promptHandler().apply(
                exchange(new Caller("c1", "read_only", "http")),
                new McpSchema.GetPromptRequest("summarise_table", Map.of("table", "ORDERS")));
        assertEquals("Summarise ORDERS for read_only",
                ((McpSchema.TextContent) r.messages().get(0).content()).text());
        Record rec = audit.get(0);
        assertEquals("prompt", rec.action());
        assertEquals("summarise_table", rec.details().get("prompt"));
        assertEquals("ok", rec.details().get("outcome"));
        assertEquals("SELECT", rec.details().get("permission"));
        assertEquals("c1", rec.caller().clientId());
    }

    @Test
    void aPromptNeedsItsProvidersPermission() {
        McpError e = assertThrows(McpError.class, () -> prompt(Permission.CHAT2SQL).promptHandler().apply(
                exchange(new Caller("c1", "read_only", "http")),
                new McpSchema.GetPromptRequest("summarise_table", Map.of("table", "ORDERS"))));
        assertTrue(e.getMessage().contains("CHAT2SQL"), e.getMessage());
        assertEquals(Map.of("code", "denied"), e.getJsonRpcError().data());
        assertEquals("denied", audit.get(0).details().get("outcome"));
    }

    @Test
    void aPromptWithoutACallerOrWithAnUnknownRoleIsRefused() {
        var spec = prompt(Permission.NONE);
        var req = new McpSchema.GetPromptRequest("summarise_table", Map.of("table", "ORDERS"));
        assertThrows(McpError.class, () -> spec.promptHandler().apply(exchange(null), req));
        assertThrows(McpError.class, () -> spec.promptHandler().apply(exchange(new Caller("x", "nobody", "http")), req));
        assertEquals(List.of("denied", "denied"), audit.stream().map(r -> r.details().get("outcome")).toList());
    }

    @Test
    void aPromptMissingARequiredArgumentIsAnInvalidParamsErrorAndAudited() {
        McpError e = assertThrows(McpError.class, () -> prompt(Permission.NONE).promptHandler().apply(
                exchange(new Caller("c1", "read_only", "http")), new McpSchema.GetPromptRequest("summarise_table",
                        Map.of())));
        assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, e.getJsonRpcError().code());
        assertTrue(e.getMessage().contains("'table'"), e.getMessage());
        assertEquals("error", audit.get(0).details().get("outcome"));
        assertEquals("invalid_argument", audit.get(0).details().get("code"));
    }
}
