package io.xugumcp.server.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.xugumcp.api.Caller;

/**
 * Finds the caller of a request. HTTP transports put the caller (resolved from the bearer token) into the transport
 * context; a request without one is a stdio request and gets the configured stdio caller.
 */
public final class Callers {
    /** Transport-context key under which HTTP transports store the {@link Caller}. */
    public static final String CONTEXT_KEY = "xugu-mcp.caller";

    private final Caller stdioCaller;

    public Callers(String stdioRole) {
        this.stdioCaller = new Caller("stdio", stdioRole, "stdio");
    }

    public Caller of(McpSyncServerExchange exchange) {
        McpTransportContext ctx = exchange == null ? null : exchange.transportContext();
        Object c = ctx == null ? null : ctx.get(CONTEXT_KEY);
        return c instanceof Caller caller ? caller : stdioCaller;
    }
}
