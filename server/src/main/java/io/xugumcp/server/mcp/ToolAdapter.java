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
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.Security;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.llm.LlmService;
import io.xugumcp.server.llm.LlmUsage;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.RateLimitedException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a plugin's {@link Tool} into an SDK tool specification whose handler runs the plugin's handler inside the
 * {@link CallEnvelope} (identity, rate limit, permission, class loader, audit, error mapping) and maps its result.
 * Errors become {@code isError} results with a message for the caller and the error code in {@code _meta.code}.
 */
public final class ToolAdapter {
    private final CallEnvelope envelope;
    private final DatabaseService database;
    private final McpJsonMapper json;
    private final CatalogService catalog;
    private final Function<Caller, Security> security;
    private final LlmService llm;
    private final io.xugumcp.server.write.WriteService writes;
    private final Cancellations cancellations;
    private volatile boolean shuttingDown;
    private volatile CallObserver observer = CallObserver.NONE;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> firstCall = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Function<Caller, io.xugumcp.api.admin.Admin> admin;

    /**
     * @param catalog  the schema model for {@link ToolCall#catalog()}; null when there is none
     * @param security the security view of a caller, for {@link ToolCall#security()}; null when there is none
     * @param llm      the language-model service for {@link ToolCall#llm()}; null when there is none
     */
    public ToolAdapter(Callers callers, AccessPolicy policy, DatabaseService database, Audit audit, McpJsonMapper json,
                       CatalogService catalog, Function<Caller, Security> security, LlmService llm) {
        this(callers, policy, database, audit, json, catalog, security, llm, null, null);
    }

    /**
     * @param writes        the write path for {@link ToolCall#writes()}; null when there is none
     * @param cancellations client cancellations recorded by the transport; null when none are recorded
     */
    public ToolAdapter(Callers callers, AccessPolicy policy, DatabaseService database, Audit audit, McpJsonMapper json,
                       CatalogService catalog, Function<Caller, Security> security, LlmService llm,
                       io.xugumcp.server.write.WriteService writes, Cancellations cancellations) {
        this.writes = writes;
        this.cancellations = cancellations;
        this.envelope = new CallEnvelope(callers, policy, audit);
        this.database = database;
        this.json = json;
        this.catalog = catalog;
        this.security = security;
        this.llm = llm;
    }

    /** Tells {@code observer} of every call's start and end (traces). */
    public void observe(CallObserver observer) {
        this.observer = observer == null ? CallObserver.NONE : observer;
    }

    /** Gives calls the administration service of their caller ({@link ToolCall#admin()}). */
    public void adminService(Function<Caller, io.xugumcp.api.admin.Admin> admin) {
        this.admin = admin;
    }

    /**
     * Runs {@code task} once, when the first tool call has been answered: work an unused server should not pay for,
     * started where it does not compete with that call.
     */
    public void afterFirstCall(Runnable task) {
        firstCall.set(task);
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
                .annotations(annotations(tool.annotations()));
        // No output schema in tools/list: the spec makes it optional, and every conversation would pay ~40 % of the
        // list's bytes for it on every turn. The answers still carry structuredContent; the plugin's schema stays the
        // contract its tests check (plugin-testing validates each result against it).
        return new McpServerFeatures.SyncToolSpecification(b.build(),
                (exchange, request) -> call(owned, exchange, request));
    }

    /**
     * No annotation title (it would repeat the tool's title in every tools/list), and for a read-only tool no
     * destructive/idempotent hints: the spec gives them meaning only when readOnlyHint is false.
     */
    static McpSchema.ToolAnnotations annotations(io.xugumcp.api.ToolAnnotations a) {
        boolean readOnly = a.readOnly();
        return new McpSchema.ToolAnnotations(null, readOnly, readOnly ? null : a.destructive(),
                readOnly ? null : a.idempotent(), a.openWorld(), null);
    }

    McpSchema.CallToolResult call(Features.Owned<Tool> owned, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        CallObserver.Handle observed = observer.toolCall(owned.item().name(), owned.pluginId(), Callers.peek(exchange),
                request.meta(), exchange == null ? null : exchange.sessionId());
        McpSchema.CallToolResult result = null;
        try {
            result = enveloped(owned, exchange, request);
            return result;
        } finally {
            boolean error = result == null || Boolean.TRUE.equals(result.isError());
            Object code = result == null || result.meta() == null ? null : result.meta().get("code");
            observed.end(!error ? "ok" : code == null ? "error" : CallEnvelope.outcomeOf(code.toString()),
                    code == null ? null : code.toString(), error);
            Runnable first = firstCall.get() == null ? null : firstCall.getAndSet(null);
            if (first != null) {
                first.run();
            }
        }
    }

    private McpSchema.CallToolResult enveloped(Features.Owned<Tool> owned, McpSyncServerExchange exchange,
                                               McpSchema.CallToolRequest request) {
        Tool tool = owned.item();
        CallEnvelope.Target target = new CallEnvelope.Target(CallEnvelope.Kind.TOOL, tool.name(), owned.pluginId(),
                owned.loader(), tool.permission());
        Object requestId = Cancellations.requestId(request.meta());
        return envelope.call(target, exchange, scope -> {
            Object token = request.meta() == null ? null : request.meta().get("progressToken");
            Thread thread = Thread.currentThread();
            LlmUsage llmUsage = new LlmUsage();
            Call call = new Call(tool.name(), new Arguments(request.arguments()), scope.caller(),
                    database.forCall(scope.caller(), tool.name(), scope.callId()), new ExchangeChannel(exchange, token, json),
                    llm == null ? null : llm.forCall(() -> shuttingDown || thread.isInterrupted(), llmUsage),
                    scope.callId(), requestId);
            ToolResult result;
            try {
                result = tool.handler().handle(call);
            } finally {
                if (cancellations != null) {
                    cancellations.finished(requestId);
                }
                // The tokens the call spent go into its audit record, whether it succeeded or not.
                if (!llmUsage.isEmpty()) {
                    scope.audit("llm", llmUsage.toAudit());
                }
            }
            if (result == null) {
                throw new IllegalStateException("tool handler returned null");
            }
            if (result.error()) {
                scope.failed();
            }
            return toSdk(result);
        }, ANSWERS);
    }

    /** A tool answers every error with an {@code isError} result; its code is in {@code _meta.code}. */
    private static final CallEnvelope.Answers<McpSchema.CallToolResult> ANSWERS = new CallEnvelope.Answers<>() {
        @Override
        public McpSchema.CallToolResult refused(ToolException e) {
            if (e instanceof RateLimitedException rl) {
                return rateLimited(e.getMessage(), rl.retryAfterSeconds());
            }
            return error(e.getMessage(), e.code());
        }

        @Override
        public McpSchema.CallToolResult failed(String message) {
            return error(message, ErrorCode.INTERNAL.code());
        }
    };

    private McpSchema.CallToolResult toSdk(ToolResult r) throws java.io.IOException {
        List<McpSchema.Content> content = ContentMapper.contents(r.content());
        if (content.isEmpty() && r.structured() != null) {
            // Clients that only read content still get the answer (and the SDK never has to serialize it for us,
            // which ToolSchemaValidator relies on).
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
                .meta(Map.of("code", ErrorCode.RATE_LIMITED.code(), "retryAfterSeconds", retryAfterSeconds))
                .build();
    }

    static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(message)))
                .isError(true)
                .build();
    }

    static McpSchema.CallToolResult error(String message, String code) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(message)))
                .isError(true)
                .meta(code == null ? null : Map.of("code", code))
                .build();
    }

    private final class Call implements ToolCall {
        private final String name;
        private final Arguments arguments;
        private final Caller caller;
        private final Database db;
        private final ClientChannel client;
        private final io.xugumcp.api.llm.Llm model;
        private final String callId;
        private final Object requestId;

        Call(String name, Arguments arguments, Caller caller, Database db, ClientChannel client,
             io.xugumcp.api.llm.Llm model, String callId, Object requestId) {
            this.name = name;
            this.arguments = arguments;
            this.caller = caller;
            this.db = db;
            this.client = client;
            this.model = model;
            this.callId = callId;
            this.requestId = requestId;
        }

        @Override
        public String callId() {
            return callId;
        }

        @Override
        public io.xugumcp.api.write.Writes writes() {
            if (writes == null) {
                return ToolCall.super.writes();
            }
            return writes.forCall(new io.xugumcp.server.write.WriteCall(caller, name, callId, arguments.asMap(), client,
                    this::isCancelled));
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
            return catalog.forCaller(db, caller);
        }

        @Override
        public boolean isCancelled() {
            return shuttingDown || Thread.currentThread().isInterrupted()
                    || cancellations != null && cancellations.isCancelled(requestId);
        }

        @Override
        public Security security() {
            return security == null ? ToolCall.super.security() : security.apply(caller);
        }

        @Override
        public io.xugumcp.api.llm.Llm llm() {
            return model == null ? ToolCall.super.llm() : model;
        }

        @Override
        public io.xugumcp.api.admin.Admin admin() {
            Function<Caller, io.xugumcp.api.admin.Admin> a = admin;
            return a == null ? ToolCall.super.admin() : a.apply(caller);
        }
    }
}
