package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.xugumcp.api.Completer;
import io.xugumcp.api.Content;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.Security;
import io.xugumcp.server.security.HostSecurity;
import io.xugumcp.server.security.RateLimiter;
import io.xugumcp.server.security.RolePolicy;
import io.xugumcp.server.security.SecuritySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Completing a prompt's arguments: only for an identified caller (never the stdio role by default), only when the
 * caller's role may use the prompt, with the caller handed to the completer, without spending the caller's rate
 * limit, and a completer's fault answered with a reference id.
 */
class CompletionsTest {
    private static final SecuritySettings SETTINGS = SecuritySettings.from(ConfigFactory.defaultReference().resolve(),
            true, "", Path.of("/tmp/unused"));
    private final RolePolicy roles = new RolePolicy(SETTINGS.roles(), true, "PUBLIC");
    /** Who each completion was asked for. */
    private final List<Caller> askedFor = new ArrayList<>();

    private final Completer tables = new Completer() {
        @Override
        public List<String> complete(String prefix, Map<String, String> context) {
            throw new AssertionError("the host must ask with the caller");
        }

        @Override
        public List<String> complete(String prefix, Map<String, String> context, Caller caller) {
            askedFor.add(caller);
            if (prefix.equals("boom")) {
                throw new IllegalStateException("secret internals");
            }
            return List.of(prefix + "ORDERS");
        }
    };

    /** A prompt needing {@code needs}, behind a rate limit of one call a minute. */
    private McpServerFeatures.SyncCompletionSpecification completion(Permission needs) {
        Prompt p = new Prompt("text_to_sql", "Q", "Question to SQL", List.of(new Prompt.Argument("question", "q", true)),
                Map.of("question", tables), (args, caller) -> new Prompt.Result("d", List.of(
                        new Prompt.Message(Prompt.Role.USER, new Content.Text("x")))));
        RateLimiter limiter = new RateLimiter(true, new Security.RateLimit(true, 1, 1), r -> null, 0);
        return new PromptAdapter(new Callers(), new HostSecurity(roles, limiter, () -> null), (c, a, d) -> { })
                .completion(new Features.Owned<>("chat2sql", null, p, needs));
    }

    private static McpSyncServerExchange exchange(Caller caller) {
        McpTransportContext ctx = caller == null ? McpTransportContext.EMPTY : Callers.context(caller);
        return new McpSyncServerExchange(new McpAsyncServerExchange("s1", null,
                McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1"), ctx));
    }

    private static McpSchema.CompleteRequest request(String value) {
        return new McpSchema.CompleteRequest(new McpSchema.PromptReference("text_to_sql"),
                new McpSchema.CompleteRequest.CompleteArgument("question", value));
    }

    @Test
    void aRequestWithoutACallerIsRefusedAndAsksNoCompleter() {
        McpError e = assertThrows(McpError.class,
                () -> completion(Permission.NONE).completionHandler().apply(exchange(null), request("ord")));
        assertEquals(Map.of("code", "denied"), e.getJsonRpcError().data());
        assertTrue(e.getMessage().contains("no caller identity"), e.getMessage());
        assertTrue(askedFor.isEmpty());
    }

    @Test
    void theCallersRoleMustHoldThePromptsPermission() {
        McpError e = assertThrows(McpError.class, () -> completion(Permission.CHAT2SQL).completionHandler()
                .apply(exchange(new Caller("c1", "read_only", "http")), request("ord")));
        assertEquals(Map.of("code", "denied"), e.getJsonRpcError().data());
        assertTrue(e.getMessage().contains("CHAT2SQL"), e.getMessage());
        assertTrue(askedFor.isEmpty());
    }

    @Test
    void theCompleterIsAskedForTheCallerAndCompletionsSpendNoRateLimit() {
        Caller c = new Caller("c1", "read_only", "http");
        var spec = completion(Permission.SELECT);
        for (int i = 0; i < 3; i++) {   // the limit allows one call a minute
            McpSchema.CompleteResult r = spec.completionHandler().apply(exchange(c), request("x"));
            assertEquals(List.of("xORDERS"), r.completion().values());
        }
        assertEquals(List.of(c, c, c), askedFor);
    }

    @Test
    void aCompletersFaultIsAReferenceWithoutClassNames() {
        McpError e = assertThrows(McpError.class, () -> completion(Permission.NONE).completionHandler()
                .apply(exchange(new Caller("c1", "admin", "stdio")), request("boom")));
        assertEquals(McpSchema.ErrorCodes.INTERNAL_ERROR, e.getJsonRpcError().code());
        assertTrue(e.getMessage().contains("reference"), e.getMessage());
        assertFalse(e.getMessage().contains("IllegalState") || e.getMessage().contains("secret internals"),
                e.getMessage());
    }

    @Test
    void anArgumentWithoutACompleterHasNoValues() {
        McpSchema.CompleteResult r = completion(Permission.NONE).completionHandler().apply(
                exchange(new Caller("c1", "admin", "stdio")), new McpSchema.CompleteRequest(
                        new McpSchema.PromptReference("text_to_sql"),
                        new McpSchema.CompleteRequest.CompleteArgument("other", "o")));
        assertEquals(List.of(), r.completion().values());
        assertTrue(askedFor.isEmpty());
    }
}
