package io.xugumcp.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import io.modelcontextprotocol.util.ToolInputValidator;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.PromptProvider;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceProvider;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.llm.LlmProvider;
import io.xugumcp.server.Version;
import io.xugumcp.server.audit.PluginAudit;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.PluginConfigs;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.linking.SchemaLinking;
import io.xugumcp.server.linking.Synonyms;
import io.xugumcp.server.llm.LlmService;
import io.xugumcp.server.llm.LlmSettings;
import io.xugumcp.server.mcp.Callers;
import io.xugumcp.server.mcp.Features;
import io.xugumcp.server.mcp.PromptAdapter;
import io.xugumcp.server.mcp.ResourceAdapter;
import io.xugumcp.server.mcp.ToolAdapter;
import io.xugumcp.server.plugin.HostPluginContext;
import io.xugumcp.server.security.SecurityModule;
import io.xugumcp.server.security.SecuritySettings;
import io.xugumcp.server.sql.SqlGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A host in a box for testing one plugin, in the spirit of Trino's testing connector context: the plugin's tools,
 * resources and prompts run in process against an H2 database, through the host's real services – the SQL guard, the
 * role policy with rate limits, the Database service (guarded, permission-checked, capped, audited), the catalog, the
 * plugin's own configuration (its {@code reference.conf} under the settings the test gives), the LLM service (with
 * the provider a test brings) and the same call envelope and adapters the server uses. Only the transport is left out: the client is a {@link RecordingClient}.
 *
 * <pre>{@code
 * try (TestingHost host = TestingHost.builder().pluginId("hello").role("read_only")
 *         .setUp("CREATE TABLE greetings (id INT PRIMARY KEY, text VARCHAR(50))").build()) {
 *     host.install(new HelloTools(host.context()));
 *     Answer a = host.call("count_rows", Map.of("table", "GREETINGS"));
 *     assertFalse(a.error(), a.text());
 *     assertEquals("ok", host.audit().last("tool").get("outcome"));
 * }
 * }</pre>
 *
 * Not thread-safe for set-up ({@link #install}, {@link #as}); calls may run from several threads.
 */
public final class TestingHost implements AutoCloseable {
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };

    private final Path home;
    private final String pluginId;
    private final ServerConfig config;
    private final ConnectionPool pool;
    private final SecurityModule security;
    private final CapturedAudit audit;
    private final DatabaseService database;
    private final CatalogService catalog;
    private final LlmService llm;
    private final PluginContext context;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final McpJsonMapper json = new JacksonMcpJsonMapper(objectMapper);
    private final JsonSchemaValidator validator = new DefaultJsonSchemaValidator(objectMapper);
    private final ToolAdapter tools;
    private final ResourceAdapter resources;
    private final PromptAdapter prompts;
    private final RecordingClient client = new RecordingClient(json);
    private final Map<String, McpServerFeatures.SyncToolSpecification> installedTools = new LinkedHashMap<>();
    private final Map<String, McpServerFeatures.SyncResourceSpecification> installedResources = new LinkedHashMap<>();
    private final List<TemplateSpec> installedTemplates = new ArrayList<>();
    private final Map<String, McpServerFeatures.SyncPromptSpecification> installedPrompts = new LinkedHashMap<>();
    private final Map<String, McpServerFeatures.SyncCompletionSpecification> installedCompletions =
            new LinkedHashMap<>();
    private final String ownerUrl;
    private volatile Caller caller;

    private record TemplateSpec(DefaultMcpUriTemplateManager matcher,
                                McpServerFeatures.SyncResourceTemplateSpecification spec) {
    }

    private TestingHost(Builder b) throws IOException, SQLException {
        this.home = Files.createTempDirectory("xugu-mcp-testing-");
        this.pluginId = b.pluginId;
        String db = "testing-" + UUID.randomUUID().toString().substring(0, 8);
        this.ownerUrl = "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1";
        // The database exists before the pool opens: set-up runs as its owner, like a DBA preparing a schema.
        try (Connection c = java.sql.DriverManager.getConnection(ownerUrl, "sa", "");
             Statement s = c.createStatement()) {
            if (b.demoShop) {
                s.execute("RUNSCRIPT FROM 'classpath:/demo/shop-schema.sql' CHARSET 'UTF-8'");
                s.execute("RUNSCRIPT FROM 'classpath:/demo/shop-data.sql' CHARSET 'UTF-8'");
            }
            for (String sql : b.setUp) {
                s.execute(sql);
            }
        }
        Path conf = home.resolve("application.conf");
        Files.writeString(conf, applicationConf(b), StandardCharsets.UTF_8);
        this.config = ConfigLoader.load(conf, home, Map.of());
        this.pool = ConnectionPool.open(config.database(), home, config.security().queryTimeout());
        SqlGuard guard = new SqlGuard(pool.dialect().name(), config.security().maxSqlLength());
        this.security = new SecurityModule(SecuritySettings.from(config), guard, pool.dialect().name(), () -> "PUBLIC",
                objectMapper, Version.HOST);
        this.audit = new CapturedAudit(security.audit());
        // As the server wires it: searches link, and mayRead answers, by the caller's role and table rules.
        this.catalog = new CatalogService(pool::connection, pool.dialect(), config.security().queryTimeout(),
                Duration.ofMinutes(10), new SchemaLinking(Synonyms.none(), guard),
                CatalogService.ReadRules.of(security.accessPolicy()::mayRead, security.accessPolicy()::narrowsReads));
        this.database = new DatabaseService(pool, guard, security.accessPolicy(), config.security(), audit,
                catalog::invalidate);
        URL reference = b.referenceSet ? b.reference : ownReferenceConf();
        PluginConfigs configs = new PluginConfigs(config.raw(), id -> id.equals(pluginId) ? reference : null);
        this.llm = new LlmService(LlmSettings.from(config.raw()), Version.HOST);
        List<LlmService.Loaded> providers = new ArrayList<>();
        for (LlmProvider p : b.llmProviders) {
            providers.add(new LlmService.Loaded(p, "test-llm", p.getClass().getClassLoader()));
        }
        llm.attach(providers);
        this.context = new HostPluginContext(pluginId, configs.of(pluginId), pool.dialect(), Version.HOST,
                PluginAudit.of(audit, pluginId), catalog, guard::inspect, llm.shared());
        Callers callers = new Callers();
        // The host's write path as the server wires it (ToolCall.writes()), under the test's xugu-mcp.writes settings.
        io.xugumcp.server.write.WriteService writes = new io.xugumcp.server.write.WriteService(database, catalog,
                io.xugumcp.server.write.WriteSettings.from(config.raw(), home), audit, config.security().readWrite());
        this.tools = new ToolAdapter(callers, security.accessPolicy(), database, audit, json, catalog, security::view,
                llm, writes, null);
        this.resources = new ResourceAdapter(callers, security.accessPolicy(), database, audit, catalog);
        this.prompts = new PromptAdapter(callers, security.accessPolicy(), audit);
        this.caller = new Caller(b.clientId, b.role, b.transport);
    }

    private String applicationConf(Builder b) {
        StringBuilder sb = new StringBuilder();
        sb.append("xugu-mcp.database.url = \"").append(ownerUrl).append("\"\n");
        sb.append("xugu-mcp.database.user = sa\nxugu-mcp.database.password = \"\"\n");
        sb.append("xugu-mcp.database.pool.max-size = 4\n");
        sb.append("xugu-mcp.security.mode = ").append(b.readWrite ? "read-write" : "read-only").append('\n');
        sb.append("xugu-mcp.security.stdio-role = \"\"\nxugu-mcp.security.default-role = \"\"\n");
        sb.append("xugu-mcp.security.audit.enabled = true\nxugu-mcp.security.audit.path = \"\"\n");
        sb.append("xugu-mcp.data-dir = ").append(quote(home.toString())).append('\n');
        sb.append("xugu-mcp.plugin-dir = ").append(quote(home.resolve("plugins").toString())).append('\n');
        // No model unless the test brings a provider; the developer's LLM_* variables never leak in.
        sb.append("xugu-mcp.llm { provider = ")
                .append(quote(b.llmProviders.isEmpty() ? "" : b.llmProviders.get(0).id()))
                .append(", model = \"\", api-key = \"\", api-key-file = \"\", base-url = \"\", temperature = \"\" }\n");
        sb.append(b.hostConfig).append('\n');
        sb.append("plugins.\"").append(pluginId).append("\" {\n").append(b.pluginConfig).append("\n}\n");
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * The plugin's own {@code reference.conf} on the test class path: the first one that is not the host's (test
     * resources come before main resources on Maven's test class path).
     */
    private static URL ownReferenceConf() throws IOException {
        URL hostLocation = ConfigLoader.class.getProtectionDomain().getCodeSource().getLocation();
        String host = hostLocation.toString();
        for (URL url : Collections.list(TestingHost.class.getClassLoader().getResources("reference.conf"))) {
            String u = url.toString();
            boolean fromHost = u.startsWith(host) || u.startsWith("jar:" + host);
            if (!fromHost) {
                return url;
            }
        }
        return null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the host is set up; every setting has a default that works. */
    public static final class Builder {
        private String pluginId = "plugin-under-test";
        private String role = "data_analyst";
        private String clientId = "test-client";
        private String transport = "stdio";
        private boolean readWrite;
        private boolean demoShop;
        private final StringBuilder pluginConfig = new StringBuilder();
        private final StringBuilder hostConfig = new StringBuilder();
        private final List<String> setUp = new ArrayList<>();
        private URL reference;
        private boolean referenceSet;
        private final List<LlmProvider> llmProviders = new ArrayList<>();

        private Builder() {
        }

        /** The plugin's id: its configuration is {@code plugins.<id>} (default {@code plugin-under-test}). */
        public Builder pluginId(String id) {
            this.pluginId = id;
            return this;
        }

        /** The caller's role (default {@code data_analyst}; the roles of the server's {@code reference.conf}). */
        public Builder role(String role) {
            this.role = role;
            return this;
        }

        /** The caller's client id and transport (default {@code test-client} over {@code stdio}). */
        public Builder client(String clientId, String transport) {
            this.clientId = clientId;
            this.transport = transport;
            return this;
        }

        /** Server mode: read-write lets roles that hold write permissions write (default read-only). */
        public Builder readWrite(boolean readWrite) {
            this.readWrite = readWrite;
            return this;
        }

        /** HOCON inside the plugin's {@code plugins.<id> { … }}, as an operator would write it. */
        public Builder pluginConfig(String hocon) {
            pluginConfig.append(hocon).append('\n');
            return this;
        }

        /** HOCON for the host, e.g. custom roles: {@code xugu-mcp.security.roles.auditor { permissions = [SELECT] }}. */
        public Builder hostConfig(String hocon) {
            hostConfig.append(hocon).append('\n');
            return this;
        }

        /** Statements run as the database owner before the services start (tables, rows). */
        public Builder setUp(String... statements) {
            setUp.addAll(List.of(statements));
            return this;
        }

        /** Seeds the server's demo shop schema and data (customers, products, orders … with Chinese comments). */
        public Builder demoShop() {
            this.demoShop = true;
            return this;
        }

        /**
         * The plugin's own {@code reference.conf}; null for none. By default the first {@code reference.conf} on the
         * test class path that is not the host's.
         */
        public Builder pluginReference(URL reference) {
            this.reference = reference;
            this.referenceSet = true;
            return this;
        }

        /**
         * A language-model provider for {@code call.llm()} and {@code context.llm()}, through the host's real LLM
         * service (retries, cancellation, token usage in the audit record): a fake that answers in process, or a real
         * provider plugin's class pointed at a mock server ({@code hostConfig("xugu-mcp.llm.base-url = …")}). The
         * first one given is the configured provider; one that needs a key gets it from
         * {@code hostConfig("xugu-mcp.llm.api-key = test")}. Without any, the model is "not configured", as on a
         * server without provider plugins.
         */
        public Builder llmProvider(LlmProvider provider) {
            llmProviders.add(provider);
            return this;
        }

        public TestingHost build() {
            try {
                return new TestingHost(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("set-up SQL failed: " + e.getMessage(), e);
            }
        }
    }

    /** The context the host hands the plugin's extensions: {@code new MyTools(host.context())}. */
    public PluginContext context() {
        return context;
    }

    /** The database's dialect (H2). */
    public Dialect dialect() {
        return pool.dialect();
    }

    /** Every audit record written so far. */
    public CapturedAudit audit() {
        return audit;
    }

    /** The client: what it received, and the answers it will give. */
    public RecordingClient client() {
        return client;
    }

    /** The caller of the next calls. */
    public Caller caller() {
        return caller;
    }

    /** Makes the next calls come from a caller with {@code role} (same client id and transport). */
    public TestingHost as(String role) {
        this.caller = new Caller(caller.clientId(), role, caller.transport());
        return this;
    }

    /** Makes the next calls come from {@code caller}. */
    public TestingHost as(Caller caller) {
        this.caller = caller;
        return this;
    }

    /** Registers the tools of a group; their names must be unique, as on a real server. */
    public TestingHost install(ToolGroup group) {
        for (Tool t : group.tools()) {
            if (installedTools.containsKey(t.name())) {
                throw new IllegalStateException("tool '" + t.name() + "' is installed twice");
            }
            installedTools.put(t.name(), tools.adapt(owned(t, null)));
        }
        return this;
    }

    /** Registers the resources and templates of a provider. */
    public TestingHost install(ResourceProvider provider) {
        for (Resource r : provider.resources()) {
            installedResources.put(r.uri(), resources.adapt(owned(r, null)));
        }
        for (ResourceTemplate t : provider.resourceTemplates()) {
            installedTemplates.add(new TemplateSpec(new DefaultMcpUriTemplateManager(t.uriTemplate()),
                    resources.adapt(owned(t, null), true)));
        }
        return this;
    }

    /** Registers the prompts of a provider (with the provider's permission). */
    public TestingHost install(PromptProvider provider) {
        Permission needs = provider.permission() == null ? Permission.NONE : provider.permission();
        for (Prompt p : provider.prompts()) {
            installedPrompts.put(p.name(), prompts.adapt(owned(p, needs)));
            installedCompletions.put(p.name(), prompts.completion(owned(p, needs)));
        }
        return this;
    }

    private <T> Features.Owned<T> owned(T item, Permission permission) {
        // The test class path has one loader; the envelope still swaps it in, as for a plugin JAR.
        return new Features.Owned<>(pluginId, Thread.currentThread().getContextClassLoader(), item, permission);
    }

    /** The tool as a client lists it (name, schemas, annotations). */
    public McpSchema.Tool tool(String name) {
        return toolSpec(name).tool();
    }

    /** The installed tools, as a client lists them. */
    public List<McpSchema.Tool> tools() {
        return installedTools.values().stream().map(McpServerFeatures.SyncToolSpecification::tool).toList();
    }

    private McpServerFeatures.SyncToolSpecification toolSpec(String name) {
        McpServerFeatures.SyncToolSpecification spec = installedTools.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no tool '" + name + "' is installed; installed: " + installedTools.keySet());
        }
        return spec;
    }

    /**
     * Calls a tool as the current caller, as the server would: the arguments are checked against the input schema
     * first (as the MCP SDK does), then the call runs inside the host's envelope, and structured content is checked
     * against the output schema. The client asked for progress, so progress notifications are recorded.
     */
    public Answer call(String name, Map<String, Object> arguments) {
        McpServerFeatures.SyncToolSpecification spec = toolSpec(name);
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        McpSchema.CallToolResult invalid = ToolInputValidator.validate(spec.tool(), args, true, validator);
        if (invalid != null) {
            return toolAnswer(invalid);
        }
        McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder().name(name).arguments(args)
                .meta(Map.of("progressToken", "test-" + UUID.randomUUID())).build();
        McpSchema.CallToolResult result = spec.callHandler().apply(exchange(), request);
        if (!Boolean.TRUE.equals(result.isError()) && spec.tool().outputSchema() != null) {
            JsonSchemaValidator.ValidationResponse v = validator.validate(spec.tool().outputSchema(),
                    result.structuredContent());
            if (!v.valid()) {
                return new Answer(true, "internal_error", "The structured content of '" + name
                        + "' does not match its output schema: " + v.errorMessage(), null);
            }
        }
        return toolAnswer(result);
    }

    private Answer toolAnswer(McpSchema.CallToolResult r) {
        Map<String, Object> structured = r.structuredContent() == null ? null : asClientSeesIt(r.structuredContent());
        Object code = r.meta() == null ? null : r.meta().get("code");
        boolean error = Boolean.TRUE.equals(r.isError());
        return new Answer(error, code == null ? (error ? "invalid_argument" : null) : String.valueOf(code),
                texts(r.content()), structured);
    }

    /** Through JSON text and back, so that values have the types a client reads (numbers as JSON numbers …). */
    private Map<String, Object> asClientSeesIt(Object structured) {
        try {
            return json.readValue(json.writeValueAsString(structured), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a resource (or a template's resource) as the current caller. */
    public Answer read(String uri) {
        McpSyncServerExchange exchange = exchange();
        McpSchema.ReadResourceRequest req = new McpSchema.ReadResourceRequest(uri);
        try {
            McpSchema.ReadResourceResult r;
            McpServerFeatures.SyncResourceSpecification exact = installedResources.get(uri);
            if (exact != null) {
                r = exact.readHandler().apply(exchange, req);
            } else {
                TemplateSpec t = installedTemplates.stream().filter(s -> s.matcher().matches(uri)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no installed resource or template matches "
                                + uri));
                r = t.spec().readHandler().apply(exchange, req);
            }
            List<String> texts = new ArrayList<>();
            for (McpSchema.ResourceContents c : r.contents()) {
                if (c instanceof McpSchema.TextResourceContents t) {
                    texts.add(t.text());
                }
            }
            return new Answer(false, null, String.join("\n", texts), null);
        } catch (McpError e) {
            return errorAnswer(e);
        }
    }

    /** Gets a prompt as the current caller. */
    public Answer prompt(String name, Map<String, String> arguments) {
        McpServerFeatures.SyncPromptSpecification spec = installedPrompts.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no prompt '" + name + "' is installed; installed: "
                    + installedPrompts.keySet());
        }
        Map<String, Object> args = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
        try {
            McpSchema.GetPromptResult r = spec.promptHandler().apply(exchange(), new McpSchema.GetPromptRequest(name, args));
            List<McpSchema.Content> content = r.messages().stream().map(McpSchema.PromptMessage::content).toList();
            return new Answer(false, null, texts(content), null);
        } catch (McpError e) {
            return errorAnswer(e);
        }
    }

    /**
     * Completes a prompt's argument as the current caller, as {@code completion/complete} would: the values one per
     * line in {@link Answer#text()} and as {@code values} in {@link Answer#structured()}; a refusal (no permission) is
     * an error answer with its code.
     */
    public Answer complete(String prompt, String argument, String value) {
        McpServerFeatures.SyncCompletionSpecification spec = installedCompletions.get(prompt);
        if (spec == null) {
            throw new IllegalArgumentException("no prompt '" + prompt + "' is installed; installed: "
                    + installedPrompts.keySet());
        }
        try {
            McpSchema.CompleteResult r = spec.completionHandler().apply(exchange(), new McpSchema.CompleteRequest(
                    new McpSchema.PromptReference(prompt), new McpSchema.CompleteRequest.CompleteArgument(argument,
                    value)));
            List<String> values = r.completion().values();
            return new Answer(false, null, String.join("\n", values), Map.of("values", values));
        } catch (McpError e) {
            return errorAnswer(e);
        }
    }

    private static Answer errorAnswer(McpError e) {
        Object data = e.getJsonRpcError() == null ? null : e.getJsonRpcError().data();
        Object code = data instanceof Map<?, ?> m ? m.get("code") : null;
        return new Answer(true, code == null ? null : String.valueOf(code), e.getMessage(), null);
    }

    private static String texts(List<? extends McpSchema.Content> content) {
        List<String> out = new ArrayList<>();
        for (McpSchema.Content c : content) {
            if (c instanceof McpSchema.TextContent t) {
                out.add(t.text());
            }
        }
        return String.join("\n", out);
    }

    private McpSyncServerExchange exchange() {
        return new McpSyncServerExchange(new McpAsyncServerExchange("testing-session", client, client.capabilities(),
                new McpSchema.Implementation("xugu-mcp-testing", Version.HOST), Callers.context(caller)));
    }

    /**
     * Runs a read as the database owner, around the host (no guard, no audit): for checking what a plugin changed.
     * Values as JDBC returns them.
     */
    public List<List<Object>> queryAsOwner(String sql, Object... params) {
        try (Connection c = java.sql.DriverManager.getConnection(ownerUrl, "sa", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(Collections.unmodifiableList(row));
                }
            }
            return Collections.unmodifiableList(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement as the database owner, around the host (no guard, no audit). */
    public void executeAsOwner(String sql) {
        try (Connection c = java.sql.DriverManager.getConnection(ownerUrl, "sa", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        catalog.invalidate();
    }

    /** The folder holding this host's files (configuration, audit trail); deleted on close. */
    public Path home() {
        return home;
    }

    @Override
    public void close() {
        tools.shutdown();
        try {
            executeAsOwner("SHUTDOWN");
        } catch (RuntimeException ignored) {
            // Already gone: nothing to free.
        }
        pool.close();
        llm.close();
        security.close();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // A temporary folder left behind is not worth failing a test for.
        }
    }

    @Override
    public String toString() {
        return "TestingHost[plugin=" + pluginId + ", caller=" + caller + ", home=" + home + "]";
    }
}
