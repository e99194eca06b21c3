package io.xugumcp.server.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Tool;
import io.xugumcp.server.security.RolePolicy;
import java.util.List;
import java.util.function.Supplier;

/**
 * Shows a caller only the tools its role may call: {@code tools/list} is filtered per request by the caller in the
 * transport context (stdio: the stdio role; HTTP: the bearer token's role), which the spec allows ("MAY vary by the
 * authorization on the request"). A tool a role could never call only costs the model context and invites a refused
 * call. This is presentation only: {@link CallEnvelope} still checks every call, so a client that calls a tool it was
 * not shown is refused exactly as before. No caller in the context: nothing is shown (fail closed, like the envelope).
 * The SDK's list filter is the hook (one server per transport stays; no server per role is needed).
 */
public final class ToolVisibility implements McpSyncListFilter<McpSchema.Tool> {
    private final Supplier<RolePolicy> policy;
    private final Supplier<List<Features.Owned<Tool>>> tools;

    /**
     * @param policy the role policy in force (a configuration reload may replace it)
     * @param tools  the tools served now (plugins may be added and removed while the server runs)
     */
    public ToolVisibility(Supplier<RolePolicy> policy, Supplier<List<Features.Owned<Tool>>> tools) {
        this.policy = policy;
        this.tools = tools;
    }

    @Override
    public boolean isVisible(McpTransportContext context, McpSchema.Tool tool) {
        Object c = context == null ? null : context.get(Callers.CONTEXT_KEY);
        if (!(c instanceof Caller caller)) {
            return false;
        }
        return visibleTo(caller.role(), tool.name());
    }

    /**
     * Would {@code role} be allowed to call the tool (its permission, capped by the server's mode)? In read-only mode a
     * tool that declares it writes is not listed either (say execute_batch, which needs only SELECT to be called but
     * exists to change data): the mode leaves it nothing to do.
     */
    public boolean visibleTo(String role, String toolName) {
        Tool t = null;
        for (Features.Owned<Tool> o : tools.get()) {
            if (o.item().name().equals(toolName)) {
                t = o.item();
                break;
            }
        }
        RolePolicy p = policy.get();
        if (t == null || (!p.readWrite() && !t.annotations().readOnly())) {
            return false;
        }
        return p.decideTool(role, toolName, t.permission()).allowed();
    }
}
