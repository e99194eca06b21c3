package io.xugumcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.server.admin.Operations;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.ConfigSource;
import io.xugumcp.server.config.PluginConfigs;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.llm.LlmService;
import io.xugumcp.server.llm.LlmSettings;
import io.xugumcp.server.linking.SchemaLinking;
import io.xugumcp.server.linking.Synonyms;
import io.xugumcp.server.mcp.Callers;
import io.xugumcp.server.mcp.FeatureCollector;
import io.xugumcp.server.mcp.Features;
import io.xugumcp.server.mcp.PromptAdapter;
import io.xugumcp.server.mcp.ResourceAdapter;
import io.xugumcp.server.mcp.ToolAdapter;
import io.xugumcp.server.plugin.HostPluginContext;
import io.xugumcp.server.plugin.HostPluginManager;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.SecurityModule;
import io.xugumcp.server.security.SecuritySettings;
import io.xugumcp.server.sql.SqlGuard;
import java.sql.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host assembled: config → pool → guard → policy → database service → plugins → MCP servers. One
 * {@link McpSyncServer} per transport, all built from the same feature lists. Owns everything it starts and closes it
 * in reverse order.
 */
public final class XuguMcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XuguMcpServer.class);

    private final ServerConfig config;
    /** Decimals as plain JSON numbers with their scale (1009780.00, 0.00000010), never in E notation. */
    private final ObjectMapper objectMapper = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private final McpJsonMapper json = new JacksonMcpJsonMapper(objectMapper);
    private final JsonSchemaValidator schemaValidator =
            new io.xugumcp.server.mcp.ToolSchemaValidator(() -> new DefaultJsonSchemaValidator(objectMapper));
    private static final long WARM_UP_DELAY_MS = Long.getLong("xugu-mcp.guard.warm-up-delay-ms", 0);
    private final ConnectionPool pool;
    private final SqlGuard guard;
    private final SecurityModule security;
    private final DatabaseService database;
    private final CatalogService catalog;
    private final HostPluginManager plugins;
    private final PluginConfigs pluginConfigs;
    private final LlmService llm;
    /** Metrics, traces, health, reload, plugin changes and the administration service. */
    private final Operations ops;
    private final io.xugumcp.server.mcp.ToolVisibility visibility;
    private final ToolAdapter tools;
    private final ResourceAdapter resources;
    private final PromptAdapter prompts;
    private final io.xugumcp.server.mcp.Cancellations cancellations = new io.xugumcp.server.mcp.Cancellations();
    private final List<McpSyncServer> servers = new ArrayList<>();

    public XuguMcpServer(ServerConfig config) {
        this(config, null);
    }

    /** @param source where {@code reload_config} and SIGHUP read the configuration again; null: reload re-reads defaults */
    public XuguMcpServer(ServerConfig config, ConfigSource source) {
        this.config = config;
        // Validated before anything is opened, so a bad value stops the start cleanly.
        Duration catalogTtl = ConfigLoader.seconds(config.raw(), "xugu-mcp.catalog.cache-ttl");
        LlmSettings llmSettings = LlmSettings.from(config.raw());
        io.xugumcp.server.write.WriteSettings writeSettings = io.xugumcp.server.write.WriteSettings.from(config.raw(),
                Path.of(System.getProperty("xugu-mcp.home", ".")));
        this.pool = ConnectionPool.open(config.database(), config.dataDir(), config.security().queryTimeout());
        LOG.info("Database: {} ({} dialect), mode {}", pool.description(), pool.dialect().name(),
                config.security().readWrite() ? "read-write" : "read-only");
        this.guard = new SqlGuard(pool.dialect().name(), config.security().maxSqlLength());
        this.security = new SecurityModule(SecuritySettings.from(config), guard, pool.dialect().name(),
                this::currentSchema, objectMapper, Version.HOST);
        AccessPolicy policy = security.accessPolicy();
        this.ops = new Operations(config, source, security, pool, objectMapper, Version.HOST, Version.API);
        Audit audit = ops.audit();
        this.catalog = new CatalogService(pool::connection, pool.dialect(), config.security().queryTimeout(),
                catalogTtl, new SchemaLinking(synonyms(config), guard),
                CatalogService.ReadRules.of(policy::mayRead, policy::narrowsReads));

        this.plugins = new HostPluginManager(config.pluginDir(), Version.API, new HashSet<>(config.disabledPlugins()));
        this.pluginConfigs = new PluginConfigs(config.raw(), id -> plugins.ownResource(id, "reference.conf"));
        this.llm = new LlmService(llmSettings, Version.HOST);
        plugins.bindContexts(id -> new HostPluginContext(id, pluginConfigs.of(id), pool.dialect(),
                Version.HOST, security.pluginAudit(id), catalog, guard::inspect, llm.shared(), ops.caches()));
        long t0 = System.nanoTime();
        plugins.loadPlugins();
        ConfigLoader.reportUnknown(io.xugumcp.server.config.UnknownKeys.inPluginSection(config.raw(),
                plugins.getPlugins().stream().map(org.pf4j.PluginWrapper::getPluginId).toList(),
                id -> plugins.ownResource(id, "reference.conf")), config.raw());
        plugins.startPlugins();
        llm.attach(plugins);
        Features features = io.xugumcp.server.mcp.Toolsets.from(config.raw()).select(FeatureCollector.collect(plugins),
                plugins.getPlugins().stream().map(org.pf4j.PluginWrapper::getPluginId)
                        .collect(java.util.stream.Collectors.toSet()));
        // Views are resolved to the tables they read for roles whose table rules could tell them apart: a deny, or
        // SELECT granted on some tables only.
        io.xugumcp.server.catalog.ViewResolver views =
                new io.xugumcp.server.catalog.ViewResolver(catalog, sql -> guard.inspect(sql).tables());
        this.database = new DatabaseService(pool, guard, policy, config.security(), audit, catalog::invalidate,
                new io.xugumcp.server.mcp.ChangeTools(features.tools().stream().map(Features.Owned::item).toList()),
                (caller, v) -> {
                    // The roles in force now: a configuration reload may change them.
                    java.util.Map<String, io.xugumcp.server.security.Role> roles = security.settings().roles();
                    return roles.containsKey(caller.role()) && roles.get(caller.role()).rules().stream()
                            .anyMatch(r -> !r.deny().isEmpty() || r.allow().contains(io.xugumcp.api.Permission.SELECT))
                            ? views.apply(v) : v;
                });
        LOG.info("Plugins from {}: {} in {} ms; {} tools, {} resources, {} prompts", config.pluginDir(),
                plugins.report(), (System.nanoTime() - t0) / 1_000_000, features.tools().size(),
                features.resources().size() + features.templates().size(), features.prompts().size());

        Callers callers = new Callers();
        io.xugumcp.server.write.WriteService writes = new io.xugumcp.server.write.WriteService(database, catalog,
                writeSettings, audit, config.security().readWrite());
        this.tools = new ToolAdapter(callers, policy, database, audit, json, catalog, security::view, llm, writes,
                cancellations);
        this.resources = new ResourceAdapter(callers, policy, database, audit, catalog);
        this.prompts = new PromptAdapter(callers, policy, audit);
        ops.bind(database, catalog, guard, plugins, features, tools, resources, prompts);
        // The tools in force now (plugins come and go) and the roles in force now (a reload may change them).
        this.visibility = new io.xugumcp.server.mcp.ToolVisibility(security::policy, () -> ops.live().current().tools());
        tools.afterFirstCall(this::warmUpInBackground);
    }

    /** The operator's business words for schema linking; a relative path is taken from the installation directory. */
    private static Synonyms synonyms(ServerConfig config) {
        String file = config.raw().getString("xugu-mcp.catalog.linking.synonyms-file").strip();
        if (file.isEmpty()) {
            return Synonyms.none();
        }
        java.nio.file.Path p = java.nio.file.Path.of(file);
        return new Synonyms(p.isAbsolute() ? p : java.nio.file.Path.of(System.getProperty("xugu-mcp.home", ".")).resolve(p));
    }

    /**
     * Loads and compiles the guard's parser off the request path, once, when the first tool call has been answered. Not
     * earlier: a server that is started and listed but never called – many of those a client starts – does without the
     * parser's ~750 classes (JDK 17: idle RSS 96 -> 85 MB; the class-data archive leaves them out too, see the
     * launcher). Not during that call: on two cores the two cold parses and one compiler queue slowed it down. The
     * first call is often a schema look-up, so the SQL after it finds the parser ready; a first call that is SQL parses
     * cold (JDK 17: ~0.2 s instead of ~0.1).
     */
    private void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(WARM_UP_DELAY_MS);
                guard.warmUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sql-guard-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    public McpJsonMapper json() {
        return json;
    }

    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    public ServerConfig config() {
        return config;
    }

    /** Client cancellations, for transports that see them ({@code notifications/cancelled}). */
    public io.xugumcp.server.mcp.Cancellations cancellations() {
        return cancellations;
    }

    public HostPluginManager plugins() {
        return plugins;
    }

    /** Each plugin's configuration (its own reference.conf under the operator's); {@code redacted()} may be shown. */
    public PluginConfigs pluginConfigs() {
        return pluginConfigs;
    }

    /** Identities, roles, rate limits and the audit trail. */
    public SecurityModule security() {
        return security;
    }

    /** The schema unqualified names resolve to, for table rules. */
    private String currentSchema() {
        try (Connection c = pool.connection()) {
            return c.getSchema();
        } catch (java.sql.SQLException | AbstractMethodError e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    /**
     * False while the last attempt to connect failed, or the last readiness check's test query failed (and the pool
     * has not connected since). Never blocks and never opens a connection (health checks must answer during an
     * outage): it reads the pool's {@link ConnectionPool#lastKnownState()} and the readiness probe's last result.
     */
    public boolean databaseUp() {
        return ops.databaseUp(pool.lastKnownState());
    }

    /** What is known about the database without asking it (for health: status, detail, age). */
    public ConnectionPool.State databaseState() {
        return pool.lastKnownState();
    }

    /** The audit trail as the host's services record into it (metrics and traces listen). */
    public Audit audit() {
        return ops.audit();
    }

    /** The operator's side: metrics, health, reload, plugin changes, HTTP endpoints. */
    public Operations operations() {
        return ops;
    }

    /** The JSON mapper for transports (it times every MCP request). */
    public McpJsonMapper transportJson() {
        // Resources, templates and prompts in a stable order (the SDK keeps them in hash maps).
        return ops.transportJson(new io.xugumcp.server.mcp.StableListOrder(json));
    }

    /** Serves the features on a session-based transport (stdio, legacy SSE). */
    public McpSyncServer serve(McpServerTransportProvider transport) {
        boolean stdio = transport instanceof io.xugumcp.server.transport.StdioTransport;
        ops.serving(stdio ? "stdio" : "sse");
        // The stdio transport hands each call a thread of its own (see StdioTransport#readLoop): run it there.
        return register(McpServer.sync(transport).immediateExecution(stdio));
    }

    /** Serves the features on Streamable HTTP. */
    public McpSyncServer serve(McpStreamableServerTransportProvider transport) {
        // Jetty's request threads may block, so run handlers on them instead of hopping to another pool.
        return register(McpServer.sync(transport).immediateExecution(true));
    }

    private McpSyncServer register(McpServer.SyncSpecification<?> spec) {
        return ops.live().register(features -> build(spec, features));
    }

    private McpSyncServer build(McpServer.SyncSpecification<?> spec, Features features) {
        List<McpServerFeatures.SyncCompletionSpecification> completions = new ArrayList<>();
        for (Features.Owned<ResourceTemplate> t : features.templates()) {
            if (!t.item().completers().isEmpty()) {
                completions.add(resources.completion(t));
            }
        }
        for (Features.Owned<Prompt> p : features.prompts()) {
            if (!p.item().completers().isEmpty()) {
                completions.add(prompts.completion(p));
            }
        }
        io.xugumcp.server.mcp.ServerDescription self = description();
        McpSyncServer server = spec
                .serverInfo(self.serverInfo())
                .instructions(self.instructions())
                .capabilities(self.capabilities())
                // Params of the wrong shape become -32602 naming the field, not an SDK NullPointerException.
                .jsonMapper(new io.xugumcp.server.mcp.ParamsCheckingMapper(json))
                .jsonSchemaValidator(schemaValidator)
                .requestTimeout(Duration.ofMinutes(10))
                .tools(features.tools().stream().map(tools::adapt).toList())
                .addToolFilter(visibility::isVisible)
                .resources(features.resources().stream().map(resources::adapt).toList())
                .resourceTemplates(features.templates().stream().map(t -> resources.adapt(t, true)).toList())
                .prompts(features.prompts().stream().map(prompts::adapt).toList())
                .completions(completions)
                .build();
        synchronized (servers) {
            servers.add(server);
        }
        return server;
    }

    /** What the {@code initialize} answer says (the stdio front door may have said it already). */
    public io.xugumcp.server.mcp.ServerDescription description() {
        return io.xugumcp.server.mcp.ServerDescription.of(config, Version.HOST);
    }

    @Override
    public void close() {
        tools.shutdown();
        synchronized (servers) {
            for (McpSyncServer s : servers) {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing MCP server: {}", e.toString());
                }
            }
            servers.clear();
        }
        llm.close();
        ops.close();
        plugins.stopPlugins();
        plugins.unloadPlugins();
        pool.close();
        // Last: everything above may still record events.
        security.close();
    }
}
