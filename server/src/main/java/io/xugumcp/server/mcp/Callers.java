package io.xugumcp.server.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.xugumcp.api.Caller;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;

/**
 * Finds the caller of a request. Every transport puts the caller it identified into the transport context (stdio: the
 * configured stdio caller; HTTP: the one resolved from the bearer token). A request without one is refused: it must
 * never borrow another transport's role (fail closed).
 */
public final class Callers {
    /** Transport-context key under which transports store the {@link Caller}. */
    public static final String CONTEXT_KEY = "xugu-mcp.caller";

    public Callers() {
    }

    /** The caller the request carries, or null (for traces, which must not refuse anything). */
    public static Caller peek(McpSyncServerExchange exchange) {
        McpTransportContext ctx = exchange == null ? null : exchange.transportContext();
        return ctx != null && ctx.get(CONTEXT_KEY) instanceof Caller c ? c : null;
    }

    /** The transport context that identifies {@code caller}. */
    public static McpTransportContext context(Caller caller) {
        return McpTransportContext.create(java.util.Map.of(CONTEXT_KEY, caller));
    }

    /** The caller of the request; {@link ToolException} ({@link ErrorCode#DENIED}) when the request carries none. */
    public Caller of(McpSyncServerExchange exchange) {
        McpTransportContext ctx = exchange == null ? null : exchange.transportContext();
        Object c = ctx == null ? null : ctx.get(CONTEXT_KEY);
        if (c instanceof Caller caller) {
            return caller;
        }
        throw new ToolException(ErrorCode.DENIED, "Denied: the request carries no caller identity, so it may do"
                + " nothing. Connect through the server's stdio or HTTP transport.");
    }
}
