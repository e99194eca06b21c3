package io.xugumcp.server.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the API's prompts into SDK specifications (and their argument completions). */
public final class PromptAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PromptAdapter.class);
    private final Callers callers;

    public PromptAdapter(Callers callers) {
        this.callers = callers;
    }

    public McpServerFeatures.SyncPromptSpecification adapt(Features.Owned<Prompt> owned) {
        Prompt p = owned.item();
        List<McpSchema.PromptArgument> args = new ArrayList<>();
        for (Prompt.Argument a : p.arguments()) {
            args.add(new McpSchema.PromptArgument(a.name(), a.description(), a.required()));
        }
        McpSchema.Prompt sdk = new McpSchema.Prompt(p.name(), p.title(), p.description(), args);
        return new McpServerFeatures.SyncPromptSpecification(sdk, (exchange, req) -> {
            Map<String, String> values = new LinkedHashMap<>();
            if (req.arguments() != null) {
                req.arguments().forEach((k, v) -> values.put(k, v == null ? null : String.valueOf(v)));
            }
            for (Prompt.Argument a : p.arguments()) {
                if (a.required() && (values.get(a.name()) == null || values.get(a.name()).isBlank())) {
                    throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Prompt '" + p.name() + "' needs the argument '" + a.name() + "'.", null));
                }
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(owned.loader());
            try {
                Prompt.Result r = p.handler().render(values, callers.of(exchange));
                List<McpSchema.PromptMessage> messages = new ArrayList<>();
                for (Prompt.Message m : r.messages()) {
                    messages.add(new McpSchema.PromptMessage(m.role() == Prompt.Role.USER ? McpSchema.Role.USER
                            : McpSchema.Role.ASSISTANT, ContentMapper.content(m.content())));
                }
                return new McpSchema.GetPromptResult(r.description(), messages);
            } catch (ToolException | IllegalArgumentException e) {
                throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS, e.getMessage(), null));
            } catch (McpError e) {
                throw e;
            } catch (Exception e) {
                String ref = UUID.randomUUID().toString().substring(0, 8);
                LOG.error("Prompt '{}' of plugin '{}' failed (ref {})", p.name(), owned.pluginId(), ref, e);
                throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "Internal error in prompt '" + p.name() + "'; reference " + ref, null));
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
    }

    public McpServerFeatures.SyncCompletionSpecification completion(Features.Owned<Prompt> owned) {
        Prompt p = owned.item();
        return new McpServerFeatures.SyncCompletionSpecification(new McpSchema.PromptReference(p.name()),
                (exchange, req) -> ResourceAdapter.complete(owned.loader(), p.completers(), req));
    }
}
