package io.xugumcp.server.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Completer;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.plugin.ContextClassLoader;
import io.xugumcp.server.security.AccessPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argument completion for prompts and resource templates, answered for the request's caller: a request without a
 * caller is refused (fail closed, never the stdio role), the caller's role must hold the item's permission as a get or
 * read would, and the completer is asked with the caller, so a completer that reads the schema shows only what that
 * caller may read. Unlike a call it is neither rate-limited nor audited: clients ask at every keystroke and nothing
 * runs on the caller's behalf beyond reading the cached catalog.
 */
public final class Completions {
    private static final Logger LOG = LoggerFactory.getLogger(Completions.class);
    /** The most values one answer carries (the MCP specification's limit). */
    static final int MAX_VALUES = 100;

    private final Callers callers;
    private final AccessPolicy policy;

    public Completions(Callers callers, AccessPolicy policy) {
        this.callers = Objects.requireNonNull(callers, "callers");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Completes {@code req} with {@code completers} of {@code target} (a prompt or a resource template). */
    public McpSchema.CompleteResult complete(CallEnvelope.Target target, McpSyncServerExchange exchange,
                                             Map<String, Completer> completers, McpSchema.CompleteRequest req) {
        CallEnvelope.Answers<McpSchema.CompleteResult> answers = CallEnvelope.jsonRpcErrors(target.kind());
        Caller caller;
        try {
            caller = callers.of(exchange);
            policy.checkAccess(caller, target.label(), target.permission());
        } catch (ToolException e) {
            return answers.refused(e);
        }
        Completer c = completers.get(req.argument().name());
        if (c == null) {
            return result(List.of());
        }
        Map<String, String> context = req.context() == null || req.context().arguments() == null
                ? Map.of() : req.context().arguments();
        String prefix = req.argument().value() == null ? "" : req.argument().value();
        try {
            List<String> all = ContextClassLoader.call(target.loader(), () -> c.complete(prefix, context, caller));
            return result(all == null ? List.of() : all);
        } catch (ToolException e) {
            return answers.refused(e);
        } catch (Exception | LinkageError e) {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("completing '{}' of {} of plugin '{}' failed (ref {})", req.argument().name(), target.label(),
                    target.pluginId(), ref, e);
            return answers.failed("Internal error completing '" + req.argument().name() + "' of " + target.label()
                    + ". The server log has the details under reference " + ref + ".");
        }
    }

    private static McpSchema.CompleteResult result(List<String> all) {
        List<String> values = all.size() > MAX_VALUES ? all.subList(0, MAX_VALUES) : all;
        return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(List.copyOf(values),
                all.size(), all.size() > values.size()));
    }
}
