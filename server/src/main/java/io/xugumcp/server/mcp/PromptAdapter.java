package io.xugumcp.server.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Audit;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.security.AccessPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the API's prompts into SDK specifications (and their argument completions). Getting a prompt runs inside the
 * {@link CallEnvelope}: the caller must be identified, within its rate limit and hold the provider's permission, and
 * every get is audited like a tool call.
 */
public final class PromptAdapter {
    private static final CallEnvelope.Answers<McpSchema.GetPromptResult> ANSWERS =
            CallEnvelope.jsonRpcErrors(CallEnvelope.Kind.PROMPT);
    private final CallEnvelope envelope;
    private final Completions completions;

    public PromptAdapter(Callers callers, AccessPolicy policy, Audit audit) {
        this.envelope = new CallEnvelope(callers, policy, audit);
        this.completions = new Completions(callers, policy);
    }

    public McpServerFeatures.SyncPromptSpecification adapt(Features.Owned<Prompt> owned) {
        Prompt p = owned.item();
        List<McpSchema.PromptArgument> args = new ArrayList<>();
        for (Prompt.Argument a : p.arguments()) {
            args.add(new McpSchema.PromptArgument(a.name(), a.description(), a.required()));
        }
        McpSchema.Prompt sdk = new McpSchema.Prompt(p.name(), p.title(), p.description(), args);
        CallEnvelope.Target target = target(owned);
        return new McpServerFeatures.SyncPromptSpecification(sdk, (exchange, req) -> envelope.call(target, exchange,
                scope -> render(p, req, scope), ANSWERS));
    }

    private static McpSchema.GetPromptResult render(Prompt p, McpSchema.GetPromptRequest req, CallEnvelope.Scope scope)
            throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        if (req.arguments() != null) {
            req.arguments().forEach((k, v) -> values.put(k, v == null ? null : String.valueOf(v)));
        }
        for (Prompt.Argument a : p.arguments()) {
            if (a.required() && (values.get(a.name()) == null || values.get(a.name()).isBlank())) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Prompt '" + p.name() + "' needs the argument '"
                        + a.name() + "'.");
            }
        }
        Prompt.Result r;
        try {
            r = p.handler().render(values, scope.caller());
        } catch (IllegalArgumentException e) {
            // The API lets a prompt refuse a bad argument this way; its message is written for the caller.
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        List<McpSchema.PromptMessage> messages = new ArrayList<>();
        for (Prompt.Message m : r.messages()) {
            messages.add(new McpSchema.PromptMessage(m.role() == Prompt.Role.USER ? McpSchema.Role.USER
                    : McpSchema.Role.ASSISTANT, ContentMapper.content(m.content())));
        }
        return new McpSchema.GetPromptResult(r.description(), messages);
    }

    /** Completion of the prompt's arguments, for the request's caller ({@link Completions}). */
    public McpServerFeatures.SyncCompletionSpecification completion(Features.Owned<Prompt> owned) {
        Prompt p = owned.item();
        CallEnvelope.Target target = target(owned);
        return new McpServerFeatures.SyncCompletionSpecification(new McpSchema.PromptReference(p.name()),
                (exchange, req) -> completions.complete(target, exchange, p.completers(), req));
    }

    private static CallEnvelope.Target target(Features.Owned<Prompt> owned) {
        return new CallEnvelope.Target(CallEnvelope.Kind.PROMPT, owned.item().name(), owned.pluginId(),
                owned.loader(), owned.permission());
    }
}
