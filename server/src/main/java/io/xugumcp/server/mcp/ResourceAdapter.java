package io.xugumcp.server.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Completer;
import io.xugumcp.api.Database;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceRequest;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.security.AccessPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the API's resources and templates into SDK specifications, with the same caller and permission rules as tools. */
public final class ResourceAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceAdapter.class);

    private final Callers callers;
    private final AccessPolicy policy;
    private final DatabaseService database;
    private final Audit audit;
    private final CatalogService catalog;

    /**
     * @param audit   receives one {@code resource} record per read
     * @param catalog the schema model for {@link ResourceRequest#catalog()}; null when there is none
     */
    public ResourceAdapter(Callers callers, AccessPolicy policy, DatabaseService database, Audit audit,
                           CatalogService catalog) {
        this.callers = callers;
        this.policy = policy;
        this.database = database;
        this.audit = audit;
        this.catalog = catalog;
    }

    public McpServerFeatures.SyncResourceSpecification adapt(Features.Owned<Resource> owned) {
        Resource r = owned.item();
        McpSchema.Resource sdk = McpSchema.Resource.builder().uri(r.uri()).name(r.name()).title(r.title())
                .description(r.description()).mimeType(r.mimeType()).build();
        return new McpServerFeatures.SyncResourceSpecification(sdk,
                (exchange, req) -> read(owned, r.permission(), r.reader(), exchange, req.uri(), Map.of()));
    }

    public McpServerFeatures.SyncResourceTemplateSpecification adapt(Features.Owned<ResourceTemplate> owned, boolean unused) {
        ResourceTemplate t = owned.item();
        DefaultMcpUriTemplateManager matcher = new DefaultMcpUriTemplateManager(t.uriTemplate());
        McpSchema.ResourceTemplate sdk = McpSchema.ResourceTemplate.builder().uriTemplate(t.uriTemplate()).name(t.name())
                .title(t.title()).description(t.description()).mimeType(t.mimeType()).build();
        return new McpServerFeatures.SyncResourceTemplateSpecification(sdk,
                (exchange, req) -> read(owned, t.permission(), t.reader(), exchange, req.uri(),
                        matcher.extractVariableValues(req.uri())));
    }

    /** Completion for a template's variables, when it has completers. */
    public McpServerFeatures.SyncCompletionSpecification completion(Features.Owned<ResourceTemplate> owned) {
        ResourceTemplate t = owned.item();
        return new McpServerFeatures.SyncCompletionSpecification(new McpSchema.ResourceReference(t.uriTemplate()),
                (exchange, req) -> complete(owned.loader(), t.completers(), req));
    }

    static McpSchema.CompleteResult complete(ClassLoader loader, Map<String, Completer> completers, McpSchema.CompleteRequest req) {
        Completer c = completers.get(req.argument().name());
        if (c == null) {
            return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(List.of(), 0, false));
        }
        Map<String, String> context = req.context() == null || req.context().arguments() == null
                ? Map.of() : req.context().arguments();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            String prefix = req.argument().value() == null ? "" : req.argument().value();
            List<String> all = c.complete(prefix, context);
            List<String> values = all.size() > 100 ? all.subList(0, 100) : all;
            return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(List.copyOf(values),
                    all.size(), all.size() > values.size()));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private McpSchema.ReadResourceResult read(Features.Owned<?> owned, Permission permission, Resource.Reader reader,
                                              McpSyncServerExchange exchange, String uri, Map<String, String> vars) {
        Caller caller = callers.of(exchange);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        long start = System.nanoTime();
        String outcome = "error";
        String code = null;
        String callId = UUID.randomUUID().toString().substring(0, 13);
        try {
            policy.checkTool(caller, "resource " + uri, permission);
            Database db = database.forCall(caller, "resource", callId);
            ResourceRequest request = new ResourceRequest() {
                @Override
                public String uri() {
                    return uri;
                }

                @Override
                public Map<String, String> variables() {
                    return vars == null ? Map.of() : vars;
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
                public Catalog catalog() {
                    return catalog.forCaller(db);
                }
            };
            thread.setContextClassLoader(owned.loader());
            McpSchema.ReadResourceResult result = new McpSchema.ReadResourceResult(ContentMapper.resources(reader.read(request)));
            outcome = "ok";
            return result;
        } catch (ToolException e) {
            code = e.code();
            outcome = "denied".equals(code) || "rate_limited".equals(code) || "rejected".equals(code) ? "denied"
                    : "timeout".equals(code) ? "timeout" : "error";
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS, e.getMessage(), null));
        } catch (Exception e) {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Resource '{}' of plugin '{}' failed (ref {})", uri, owned.pluginId(), ref, e);
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
                    "Internal error reading " + uri + "; the server log has the details under reference " + ref, null));
        } finally {
            thread.setContextClassLoader(previous);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("uri", uri);
            d.put("plugin", owned.pluginId());
            d.put("callId", callId);
            d.put("outcome", outcome);
            if (code != null) {
                d.put("code", code);
            }
            d.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
            audit.record(caller, "resource", d);
        }
    }
}
