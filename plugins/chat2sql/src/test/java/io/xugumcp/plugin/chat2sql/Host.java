package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Audit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.Database;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.linking.SchemaLinking;
import io.xugumcp.server.linking.Synonyms;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.RolePolicy;
import io.xugumcp.server.security.SecuritySettings;
import io.xugumcp.server.sql.SqlGuard;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real host services the plugin runs on – SQL guard, catalog with schema linking and name resolution, database
 * service with the server-wide read-only policy and an audit sink – over an in-memory H2 copy of the demo shop
 * (schema and data), plus a tool call as the host makes it.
 */
final class Host implements AutoCloseable {
    private static final AtomicInteger DB = new AtomicInteger();
    final String url;
    final ConnectionPool pool;
    final CatalogService catalog;
    final DatabaseService service;
    final List<Map<String, Object>> audited = Collections.synchronizedList(new ArrayList<>());
    final Caller caller = new Caller("test", "data_analyst", "stdio");
    private final Connection keepAlive;

    Host() throws Exception {
        url = "jdbc:h2:mem:chat2sql" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        keepAlive = DriverManager.getConnection(url, "sa", "");
        try (Statement s = keepAlive.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/demo/shop-schema.sql' CHARSET 'UTF-8'");
            s.execute("RUNSCRIPT FROM 'classpath:/demo/shop-data.sql' CHARSET 'UTF-8'");
            s.execute("ANALYZE");
        }
        ServerConfig.Database cfg = new ServerConfig.Database(url, "", 5138, "SYSTEM", "sa", "", "UTF8",
                Duration.ofSeconds(5), 1, 4, Duration.ofSeconds(5));
        pool = ConnectionPool.open(cfg, null);
        ServerConfig.Security limits = new ServerConfig.Security(false, "data_analyst", 1000, 1 << 20,
                Duration.ofSeconds(10), 100_000, 10);
        SqlGuard guard = new SqlGuard("h2");
        AccessPolicy readOnly = AccessPolicy.globalMode(false);
        // What callers may read comes from real roles: the built-in ones plus one denied ORDER_ITEMS.
        Config roles = ConfigFactory.parseString("xugu-mcp.security.roles.no_items { permissions = [SELECT],"
                + " tables = [{ pattern = \"ORDER_ITEMS\", deny = [ALL] }] }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        RolePolicy readers = new RolePolicy(SecuritySettings.from(roles, false, "", Path.of("unused")).roles(), false,
                "PUBLIC");
        catalog = new CatalogService(pool::connection, pool.dialect(), limits.queryTimeout(), Duration.ofMinutes(10),
                new SchemaLinking(Synonyms.none(), guard), readers::mayRead);
        Audit audit = (c, action, details) -> audited.add(details);
        service = new DatabaseService(pool, guard, readOnly, limits, audit, catalog::invalidate);
    }

    Dialect dialect() {
        return pool.dialect();
    }

    /** A single value of the demo data, read directly (to look for it in prompts). */
    List<String> values(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = keepAlive.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    long count(String table) throws Exception {
        return Long.parseLong(values("SELECT COUNT(*) FROM " + table).get(0));
    }

    Call call(String tool, Map<String, Object> args, Llm llm) {
        return new Call(tool, new Arguments(args), service.forCall(caller, tool, "c1"),
                catalog.forCaller(service.forCall(caller, tool, "c1"), caller), llm);
    }

    PluginContext context(Map<String, String> config, Llm llm) {
        Host host = this;
        return new PluginContext() {
            @Override
            public String pluginId() {
                return "chat2sql";
            }

            @Override
            public PluginConfig config() {
                return new PluginConfig() {
                    @Override
                    public Optional<String> get(String key) {
                        return Optional.ofNullable(config.get(key));
                    }

                    @Override
                    public Map<String, String> asMap() {
                        return config;
                    }
                };
            }

            @Override
            public Dialect dialect() {
                return host.dialect();
            }

            @Override
            public String hostVersion() {
                return "test";
            }

            @Override
            public Audit audit() {
                return (c, a, d) -> { };
            }

            @Override
            public Catalog catalog() {
                return host.catalog;
            }

            @Override
            public Catalog catalog(Caller caller) {
                return host.catalog.forCaller(null, caller);
            }

            @Override
            public Llm llm() {
                return llm;
            }
        };
    }

    /** Runs a tool's handler as the host would (minus the MCP transport). */
    static ToolResult run(List<Tool> tools, String name, ToolCall call) throws Exception {
        for (Tool t : tools) {
            if (t.name().equals(name)) {
                return t.handler().handle(call);
            }
        }
        throw new AssertionError("no tool " + name);
    }

    @Override
    public void close() throws Exception {
        pool.close();
        keepAlive.close();
    }

    /** A tool call; {@link #cancel} marks it cancelled as a client's notifications/cancelled would. */
    static final class Call implements ToolCall {
        final String name;
        final Arguments args;
        final Database db;
        final Catalog catalog;
        final Llm llm;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final List<String> progress = Collections.synchronizedList(new ArrayList<>());

        Call(String name, Arguments args, Database db, Catalog catalog, Llm llm) {
            this.name = name;
            this.args = args;
            this.db = db;
            this.catalog = catalog;
            this.llm = llm;
        }

        void cancel() {
            cancelled.set(true);
        }

        @Override
        public String toolName() {
            return name;
        }

        @Override
        public Arguments arguments() {
            return args;
        }

        @Override
        public Caller caller() {
            return new Caller("test", "data_analyst", "stdio");
        }

        @Override
        public Database database() {
            return db;
        }

        @Override
        public ClientChannel client() {
            return new ClientChannel() {
                @Override
                public void progress(double p, Double total, String message) {
                    progress.add(message);
                }

                @Override
                public void log(LogLevel level, String logger, String message) {
                }

                @Override
                public Map<String, Object> createMessage(Map<String, Object> request) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Map<String, Object> elicit(Map<String, Object> request) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public Catalog catalog() {
            return catalog;
        }

        @Override
        public Llm llm() {
            return llm;
        }
    }
}
