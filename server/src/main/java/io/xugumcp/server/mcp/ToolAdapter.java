package io.xugumcp.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Arguments;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.Database;
import io.xugumcp.api.Security;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.RateLimitedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a plugin's {@link Tool} into an SDK tool specification whose handler: resolves the caller, checks the tool's
 * permission, runs the plugin's handler with the plugin's class loader as context loader, maps the result, and audits
 * the call. Errors become {@code isError} results with a message for the caller; unexpected exceptions are logged
 * with a reference id and never sent to the client with their stack trace.
 */
public final class ToolAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ToolAdapter.class);

    private final Callers callers;
    private final AccessPolicy policy;
    private final DatabaseService database;
    private final Audit audit;
    private final McpJsonMapper json;
    private final CatalogService catalog;
    private final Function<Caller, Security> security;
    private volatile boolean shuttingDown;
    /** Error codes that mean the host refused the call (rather than the call failing). */
    private static final Set<String> DENIALS = Set.of("denied", "rejected", "not_a_read", "rate_limited");

    /**
     * @param catalog  the schema model for {@link ToolCall#catalog()}; null when there is none
     * @param security the security view of a caller, for {@link ToolCall#security()}; null when there is none
     */
    public ToolAdapter(Callers callers, AccessPolicy policy, DatabaseService database, Audit audit, McpJsonMapper json,
                       CatalogService catalog, Function<Caller, Security> security) {
        this.callers = callers;
        this.policy = policy;
        this.database = database;
        this.audit = audit;
        this.json = json;
        this.catalog = catalog;
        this.security = security;
    }

    /** Marks calls as cancelled so long-running handlers can stop. */
    public void shutdown() {
        shuttingDown = true;
    }

    public McpServerFeatures.SyncToolSpecification adapt(Features.Owned<Tool> owned) {
        Tool tool = owned.item();
        McpSchema.Tool.Builder b = McpSchema.Tool.builder()
                .name(tool.name())
                .title(tool.title())
                .description(tool.description())
                .inputSchema(tool.inputSchema())
                .annotations(new McpSchema.ToolAnnotations(tool.title(), tool.annotations().readOnly(),
                        tool.annotations().destructive(), tool.annotations().idempotent(),
                        tool.annotations().openWorld(), null));
        if (tool.outputSchema() != null) {
            b.outputSchema(tool.outputSchema());
        }
        return new McpServerFeatures.SyncToolSpecification(b.build(),
                (exchange, request) -> call(owned, exchange, request));
    }

    McpSchema.CallToolResult call(Features.Owned<Tool> owned, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Tool tool = owned.item();
        Caller caller = callers.of(exchange);
        long start = System.nanoTime();
        String outcome = "ok";
        String code = null;
        String reason = null;
        String callId = UUID.randomUUID().toString().substring(0, 13);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            policy.checkTool(caller, tool.name(), tool.permission());
            Object token = request.meta() == null ? null : request.meta().get("progressToken");
            Call call = new Call(tool.name(), new Arguments(request.arguments()), caller,
                    database.forCall(caller, tool.name(), callId), new ExchangeChannel(exchange, token, json));
            thread.setContextClassLoader(owned.loader());
            ToolResult result = tool.handler().handle(call);
            if (result == null) {
                throw new IllegalStateException("tool handler returned null");
            }
            if (result.error()) {
                outcome = "error";
            }
            return toSdk(result);
        } catch (ToolException e) {
            code = e.code();
            outcome = DENIALS.contains(code) ? "denied" : "timeout".equals(code) ? "timeout" : "error";
            reason = "denied".equals(outcome) ? e.getMessage() : null;
            if (e instanceof RateLimitedException rl) {
                return rateLimited(e.getMessage(), rl.retryAfterSeconds());
            }
            return error(e.getMessage());
        } catch (Exception | LinkageError e) {
            outcome = "error";
            code = "internal_error";
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Tool '{}' of plugin '{}' failed (ref {})", tool.name(), owned.pluginId(), ref, e);
            return error("Internal error in tool '" + tool.name() + "' (" + e.getClass().getSimpleName()
                    + "). The server log has the details under reference " + ref + ".");
        } finally {
            thread.setContextClassLoader(previous);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("tool", tool.name());
            d.put("plugin", owned.pluginId());
            d.put("callId", callId);
            d.put("permission", tool.permission().name());
            d.put("outcome", outcome);
            if (code != null) {
                d.put("code", code);
            }
            if (reason != null) {
                d.put("reason", reason);
            }
            d.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
            audit.record(caller, "tool", d);
        }
    }

    private McpSchema.CallToolResult toSdk(ToolResult r) throws java.io.IOException {
        List<McpSchema.Content> content = ContentMapper.contents(r.content());
        if (content.isEmpty() && r.structured() != null) {
            // Clients that only read content still get the answer (and the SDK never has to serialize it for us,
            // which SampledOutputValidator relies on).
            content = List.of(new McpSchema.TextContent(json.writeValueAsString(r.structured())));
        }
        McpSchema.CallToolResult.Builder b = McpSchema.CallToolResult.builder()
                .content(content)
                .isError(r.error());
        if (r.structured() != null) {
            b.structuredContent(r.structured());
        }
        return b.build();
    }

    /** A rate-limit refusal: the text says when to retry, and so does {@code _meta.retryAfterSeconds}. */
    static McpSchema.CallToolResult rateLimited(String message, long retryAfterSeconds) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(message)))
                .isError(true)
                .meta(Map.of("code", "rate_limited", "retryAfterSeconds", retryAfterSeconds))
                .build();
    }

    static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(message)))
                .isError(true)
                .build();
    }

    private final class Call implements ToolCall {
        private final String name;
        private final Arguments arguments;
        private final Caller caller;
        private final Database db;
        private final ClientChannel client;

        Call(String name, Arguments arguments, Caller caller, Database db, ClientChannel client) {
            this.name = name;
            this.arguments = arguments;
            this.caller = caller;
            this.db = db;
            this.client = client;
        }

        @Override
        public String toolName() {
            return name;
        }

        @Override
        public Arguments arguments() {
            return arguments;
        }

        @Override
        public Caller caller() {
            return caller;
        }

        @Override
        public Database database() {
            return db;
        }

        @Override
        public ClientChannel client() {
            return client;
        }

        @Override
        public Catalog catalog() {
            return catalog.forCaller(db);
        }

        @Override
        public boolean isCancelled() {
            return shuttingDown || Thread.currentThread().isInterrupted();
        }

        @Override
        public Security security() {
            return security == null ? ToolCall.super.security() : security.apply(caller);
        }
    }
}
