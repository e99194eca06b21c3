package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.BatchResult;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.Database;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.UpdateResult;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.ImportOptions;
import io.xugumcp.api.write.ImportResult;
import io.xugumcp.api.write.PlannedStatement;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.Transaction;
import io.xugumcp.api.write.WriteOptions;
import io.xugumcp.api.write.WritePlan;
import io.xugumcp.api.write.WriteResult;
import io.xugumcp.api.write.Writes;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.db.PostgresDialect;
import io.xugumcp.server.db.SqlDialect;
import io.xugumcp.server.sql.SqlGuard;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the DDL tools' handlers outside the server: the host's real dialects, SQL guard and catalog service (on a real
 * H2 or PostgreSQL, or a canned catalog for XuguDB), and in place of the host's write path – which these unit tests
 * do not cover – a recorder that runs the statements on the test's own connection (or, without one, only records
 * them). The end-to-end tests through the built distribution use the real write path.
 */
final class Harness implements AutoCloseable {
    static final String PG_URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    final Dialect dialect;
    final Catalog catalog;
    final Connection conn;
    final String schema;
    final List<Change.SchemaChange> changes = new ArrayList<>();
    final List<WriteOptions> options = new ArrayList<>();
    final Map<String, Tool> tools = new HashMap<>();
    private final Runnable cleanup;
    /** One guard for the harness, as the server has one (its verdict cache included). */
    private final TestDatabase database;

    private Harness(Dialect dialect, Catalog catalog, Connection conn, String schema, Ctx.Settings settings,
                    Runnable cleanup) {
        this.dialect = dialect;
        this.conn = conn;
        this.database = new TestDatabase();
        // Exact counts run as a caller, through a database service, as in the server.
        this.catalog = catalog instanceof CatalogService service ? service.forCaller(database) : catalog;
        this.schema = schema;
        this.cleanup = cleanup;
        for (Tool t : new DdlTools(settings, CLOCK).tools()) {
            tools.put(t.name(), t);
        }
    }

    /** A fresh in-memory H2 database. */
    static Harness h2() throws SQLException {
        return h2(Ctx.Settings.DEFAULTS);
    }

    static Harness h2(Ctx.Settings settings) throws SQLException {
        String url = "jdbc:h2:mem:ddl" + System.nanoTime();
        Connection keep = DriverManager.getConnection(url, "sa", "");
        SqlDialect d = new H2Dialect();
        CatalogService c = new CatalogService(() -> DriverManager.getConnection(url, "sa", ""), d,
                java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(10));
        return new Harness(d, c, keep, "PUBLIC", settings, () -> { });
    }

    /** A schema of its own on the shared PostgreSQL, dropped on close. */
    static Harness postgres() throws SQLException {
        String schema = "xmcp_ddl_" + System.nanoTime();
        Connection admin = DriverManager.getConnection(PG_URL, "postgres", "");
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = PG_URL + "?currentSchema=" + schema;
        Connection conn = DriverManager.getConnection(url, "postgres", "");
        SqlDialect d = new PostgresDialect();
        // One connection for every catalog read (as the server's pool would keep one), instead of a new login each.
        Connection catalogConn = DriverManager.getConnection(url, "postgres", "");
        Connection kept = (Connection) java.lang.reflect.Proxy.newProxyInstance(Harness.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, m, a) -> {
                    if (m.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return m.invoke(catalogConn, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CatalogService c = new CatalogService(() -> kept, d, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMinutes(10));
        return new Harness(d, c, conn, schema, Ctx.Settings.DEFAULTS, () -> {
            try (Statement s = admin.createStatement()) {
                catalogConn.close();
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                admin.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A canned catalog and no connection: statements are only recorded (XuguDB). */
    static Harness recording(Dialect dialect, Catalog catalog, Ctx.Settings settings) {
        return new Harness(dialect, catalog, null, catalog.currentSchema(), settings, () -> { });
    }

    void sql(String... statements) throws SQLException {
        try (Statement s = conn.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
        catalog.refresh();
    }

    List<List<Object>> rows(String query) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** Calls a tool's handler as the server would (errors become ToolExceptions, as the host maps them). */
    ToolResult call(String tool, Map<String, Object> args) {
        Tool t = tools.get(tool);
        if (t == null) {
            throw new IllegalArgumentException("no tool " + tool);
        }
        try {
            return t.handler().handle(new Call(tool, new Arguments(args)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> structured(String tool, Map<String, Object> args) {
        return (Map<String, Object>) call(tool, args).structured();
    }

    /** The statements of the last change handed to the write path. */
    List<String> last() {
        return changes.get(changes.size() - 1).statements();
    }

    /** The statements a tool would hand over, without running anything. */
    List<String> statements(String tool, Map<String, Object> args) {
        Map<String, Object> a = new HashMap<>(args);
        a.put("dry_run", true);
        call(tool, a);
        return last();
    }

    Catalog.TableDetail describe(String table) {
        catalog.refresh();
        return catalog.describe(catalog.table(schema, table));
    }

    @Override
    public void close() throws SQLException {
        if (conn != null) {
            conn.close();
        }
        cleanup.run();
    }

    private final class Call implements ToolCall {
        private final String tool;
        private final Arguments args;

        Call(String tool, Arguments args) {
            this.tool = tool;
            this.args = args;
        }

        @Override
        public String toolName() {
            return tool;
        }

        @Override
        public Arguments arguments() {
            return args;
        }

        @Override
        public Caller caller() {
            return new Caller("test", "admin", "stdio");
        }

        @Override
        public Database database() {
            return database;
        }

        @Override
        public ClientChannel client() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Catalog catalog() {
            return catalog;
        }

        @Override
        public Writes writes() {
            return new RecordingWrites();
        }
    }

    /** The guard is the host's; reads run on the test's connection (EXPLAIN of a view's SELECT). */
    private final class TestDatabase implements Database {
        private final SqlGuard guard = new SqlGuard(dialect.name());

        @Override
        public Dialect dialect() {
            return dialect;
        }

        @Override
        public GuardVerdict inspect(String sql) {
            return guard.inspect(sql);
        }

        @Override
        public QueryResult query(String sql, List<?> params, QueryOptions options) {
            if (guard.inspect(sql).kind() != io.xugumcp.api.StatementKind.READ) {
                throw new ToolException("not_a_read", "reads only");
            }
            try {
                List<List<Object>> rows = Harness.this.rows(sql);
                return new QueryResult(List.of(), rows, rows.size(), false, null, 0);
            } catch (SQLException e) {
                throw new ToolException("database_error", e.getMessage());
            }
        }

        @Override
        public UpdateResult execute(String sql, List<?> params) {
            throw new UnsupportedOperationException("not used by the DDL tools");
        }

        @Override
        public BatchResult batch(List<String> statements, QueryOptions options) {
            throw new UnsupportedOperationException("not used by the DDL tools");
        }

        @Override
        public QueryResult explain(String sql, QueryOptions options) {
            GuardVerdict v = guard.inspect(sql);
            if (v.kind() != io.xugumcp.api.StatementKind.READ) {
                throw new ToolException("not_a_read", "Only read statements are explained here.");
            }
            if (conn != null) {
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(dialect.explain(sql))) {
                    while (rs.next()) {
                        // drained: the database accepted the SELECT
                    }
                } catch (SQLException e) {
                    throw new ToolException("database_error", e.getMessage());
                }
            }
            return new QueryResult(List.of(), List.of(), 0, false, null, 0);
        }
    }

    /** Records each change; runs it on the test's connection unless it is a dry run (or there is no connection). */
    private final class RecordingWrites implements Writes {
        @Override
        public WritePlan plan(Change change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult apply(Change change, WriteOptions o) {
            Change.SchemaChange sc = (Change.SchemaChange) change;
            changes.add(sc);
            options.add(o);
            List<PlannedStatement> planned = sc.statements().stream()
                    .map(s -> new PlannedStatement(s, List.of(), io.xugumcp.api.StatementKind.DDL, 1)).toList();
            if (o.dryRun() || conn == null) {
                return new WriteResult(WriteResult.Status.PREVIEWED, planned, -1, false, -1, -1, List.of(), null,
                        new WriteResult.Confirmation("token", Instant.now().plusSeconds(300), "test"), List.of(),
                        sc.impact(), 0);
            }
            try (Statement s = conn.createStatement()) {
                for (String sql : sc.statements()) {
                    s.execute(sql);
                }
            } catch (SQLException e) {
                throw new ToolException("database_error", e.getMessage() + " [" + sc.statements() + "]");
            } finally {
                catalog.refresh();
            }
            return new WriteResult(WriteResult.Status.APPLIED, planned, -1, false, -1, -1, List.of(), null, null,
                    List.of(), sc.impact(), 1);
        }

        @Override
        public ImportResult importRows(TableRef table, java.util.Iterator<Map<String, Object>> rows, ImportOptions o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T inTransaction(Function<Transaction, T> work) {
            throw new UnsupportedOperationException();
        }
    }
}
