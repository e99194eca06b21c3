package io.xugumcp.server.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Database;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceRequest;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.security.AccessPolicy;
import java.util.Map;

/**
 * Turns the API's resources and templates into SDK specifications; each read runs inside the {@link CallEnvelope}
 * (the same identity, rate limit, permission, audit and error mapping as a tool call).
 */
public final class ResourceAdapter {
    private static final CallEnvelope.Answers<McpSchema.ReadResourceResult> ANSWERS =
            CallEnvelope.jsonRpcErrors(CallEnvelope.Kind.RESOURCE);

    private final CallEnvelope envelope;
    private final Completions completions;
    private final DatabaseService database;
    private final CatalogService catalog;

    /**
     * @param audit   receives one {@code resource} record per read
     * @param catalog the schema model for {@link ResourceRequest#catalog()}; null when there is none
     */
    public ResourceAdapter(Callers callers, AccessPolicy policy, DatabaseService database, Audit audit,
                           CatalogService catalog) {
        this.envelope = new CallEnvelope(callers, policy, audit);
        this.completions = new Completions(callers, policy);
        this.database = database;
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

    /** Completion for a template's variables, when it has completers, for the request's caller ({@link Completions}). */
    public McpServerFeatures.SyncCompletionSpecification completion(Features.Owned<ResourceTemplate> owned) {
        ResourceTemplate t = owned.item();
        CallEnvelope.Target target = new CallEnvelope.Target(CallEnvelope.Kind.RESOURCE, t.uriTemplate(),
                owned.pluginId(), owned.loader(), t.permission());
        return new McpServerFeatures.SyncCompletionSpecification(new McpSchema.ResourceReference(t.uriTemplate()),
                (exchange, req) -> completions.complete(target, exchange, t.completers(), req));
    }

    private McpSchema.ReadResourceResult read(Features.Owned<?> owned, Permission permission, Resource.Reader reader,
                                              McpSyncServerExchange exchange, String uri, Map<String, String> vars) {
        CallEnvelope.Target target = new CallEnvelope.Target(CallEnvelope.Kind.RESOURCE, uri, owned.pluginId(),
                owned.loader(), permission);
        return envelope.call(target, exchange, scope -> {
            Caller caller = scope.caller();
            Database db = database.forCall(caller, "resource", scope.callId());
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
                    return catalog.forCaller(db, caller);
                }
            };
            return new McpSchema.ReadResourceResult(ContentMapper.resources(reader.read(request)));
        }, ANSWERS);
    }
}
