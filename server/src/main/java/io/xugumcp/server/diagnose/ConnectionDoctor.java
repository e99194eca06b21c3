package io.xugumcp.server.diagnose;

import io.xugumcp.api.admin.Diagnosis;
import io.xugumcp.api.admin.PoolStats;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.xugu.XuguDataSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Checks the way to the database step by step for a person stuck at "cannot connect": name resolution, TCP connect,
 * login, a query, the version, and the privileges the server's features need (reading the catalog; stopping a
 * timed-out statement from another session). It never uses the pool: it opens one connection of its own with short
 * timeouts, so it works – and says why – when the pool itself is broken. Each step is timed; a failed step says the
 * likely cause and the fix, and the steps after it are skipped.
 */
public final class ConnectionDoctor {
    static final int NETWORK_TIMEOUT_MS = 3_000;
    static final int LOGIN_TIMEOUT_S = 5;
    static final int QUERY_TIMEOUT_S = 5;

    private final ConnectionPool.Target target;
    private final String dialect;
    private final Supplier<PoolStats> pool;

    /**
     * @param dialect {@code xugu}, {@code postgresql} or {@code h2}
     * @param pool    the pool's state (read, never used to connect); may be null
     */
    public ConnectionDoctor(ConnectionPool.Target target, String dialect, Supplier<PoolStats> pool) {
        this.target = target;
        this.dialect = dialect;
        this.pool = pool;
    }

    /** Runs every step. */
    public Diagnosis diagnose(boolean detailed) {
        NetworkAddress at = NetworkAddress.of(target.url());
        List<Diagnosis.Step> steps = new ArrayList<>();
        String blocked = null;
        if (at.embedded()) {
            steps.add(skipped("dns", "embedded database: no network involved"));
            steps.add(skipped("tcp", "embedded database: no network involved"));
        } else {
            Diagnosis.Step dns = dns(at, detailed);
            steps.add(dns);
            blocked = failed(dns) ? "dns" : null;
            if (blocked == null) {
                Diagnosis.Step tcp = tcp(at);
                steps.add(tcp);
                blocked = failed(tcp) ? "tcp" : null;
            } else {
                steps.add(skipped("tcp", "skipped: " + blocked + " failed"));
            }
        }
        Connection c = null;
        try {
            if (blocked == null) {
                long t0 = System.nanoTime();
                try {
                    c = login();
                    steps.add(new Diagnosis.Step("login", "ok", ms(t0), "logged in as " + target.user()
                            + (at.database() == null || at.database().isBlank() ? "" : " to " + at.database()), null,
                            null, null));
                } catch (Exception | LinkageError e) {
                    Failures.Advice a = Failures.login(dialect, e instanceof Exception ex ? ex : new Exception(e),
                            target.user(), at.database());
                    steps.add(new Diagnosis.Step("login", "failed", ms(t0), clean(e), a.errorCode(), a.cause(), a.fix()));
                    blocked = "login";
                }
            }
            if (blocked != null) {
                for (String s : List.of("login", "query", "version", "privileges.catalog", "privileges.kill-session")) {
                    if (steps.stream().noneMatch(x -> x.name().equals(s))) {
                        steps.add(skipped(s, "skipped: " + blocked + " failed"));
                    }
                }
            } else {
                steps.add(query(c));
                steps.add(version(c, detailed));
                steps.add(catalog(c));
                steps.add(killSession(c));
            }
        } finally {
            close(c);
        }
        steps.add(poolStep());
        boolean ok = steps.stream().noneMatch(ConnectionDoctor::failed);
        return new Diagnosis(ok, describe(at), steps, summary(ok, steps, at));
    }

    // ------------------------------------------------------------------------------------------------------- steps

    private Diagnosis.Step dns(NetworkAddress at, boolean detailed) {
        long t0 = System.nanoTime();
        try {
            InetAddress[] all = InetAddress.getAllByName(at.host());
            String addresses = detailed ? Arrays.stream(all).map(InetAddress::getHostAddress).toList().toString()
                    : all[0].getHostAddress() + (all.length > 1 ? " and " + (all.length - 1) + " more" : "");
            return new Diagnosis.Step("dns", "ok", ms(t0), at.host() + " resolves to " + addresses, null, null, null);
        } catch (UnknownHostException e) {
            Failures.Advice a = Failures.dns(e, at.host(), hostSetting());
            return new Diagnosis.Step("dns", "failed", ms(t0), "cannot resolve " + at.host(), a.errorCode(), a.cause(),
                    a.fix());
        }
    }

    private Diagnosis.Step tcp(NetworkAddress at) {
        long t0 = System.nanoTime();
        Exception last = null;
        try {
            for (InetAddress a : InetAddress.getAllByName(at.host())) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a, at.port()), NETWORK_TIMEOUT_MS);
                    return new Diagnosis.Step("tcp", "ok", ms(t0), "connected to " + a.getHostAddress() + ":" + at.port(),
                            null, null, null);
                } catch (Exception e) {
                    last = e;
                }
            }
        } catch (UnknownHostException e) {
            last = e;
        }
        Failures.Advice a = Failures.tcp(last, at.host(), at.port(), portSetting(), defaultPort());
        String what = last instanceof java.net.SocketTimeoutException ? "no answer within " + NETWORK_TIMEOUT_MS + " ms"
                : "connection refused or failed";
        return new Diagnosis.Step("tcp", "failed", ms(t0), what + " at " + at.host() + ":" + at.port(), a.errorCode(),
                a.cause(), a.fix());
    }

    private Connection login() throws SQLException {
        switch (dialect) {
            case "xugu" -> {
                XuguDataSource ds = new XuguDataSource(target.url(), target.user(), target.password(),
                        Duration.ofSeconds(LOGIN_TIMEOUT_S), Duration.ofSeconds(QUERY_TIMEOUT_S));
                return ds.getConnection();
            }
            case "postgresql" -> {
                Properties p = credentials();
                p.setProperty("connectTimeout", Integer.toString(NETWORK_TIMEOUT_MS / 1000));
                p.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_S));
                p.setProperty("socketTimeout", Integer.toString(QUERY_TIMEOUT_S * 2));
                p.setProperty("ApplicationName", "xugu-mcp diagnose_connection");
                return connect("org.postgresql.Driver", p);
            }
            default -> {
                return connect("org.h2.Driver", credentials());
            }
        }
    }

    private Connection connect(String driverClass, Properties p) throws SQLException {
        Driver d;
        try {
            d = (Driver) Class.forName(driverClass).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("the JDBC driver " + driverClass + " is missing from lib/", "08001", e);
        }
        Connection c = d.connect(target.url(), p);
        if (c == null) {
            throw new SQLException("the driver does not accept the URL", "08001");
        }
        return c;
    }

    private Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        p.setProperty("password", target.password());
        return p;
    }

    private Diagnosis.Step query(Connection c) {
        // [P] "select 1 from dual" is XuguDB's keep-alive (xugudb-notes, dialect cheat-sheet).
        String sql = dialect.equals("xugu") ? "select 1 from dual" : "SELECT 1";
        long t0 = System.nanoTime();
        try {
            Object v = first(c, sql);
            return new Diagnosis.Step("query", "ok", ms(t0), sql + " answered " + v, null, null, null);
        } catch (SQLException e) {
            return new Diagnosis.Step("query", "failed", ms(t0), clean(e), code(e), "the connection logs in but cannot"
                    + " run a query (broken session, or the server refuses statements)", "check the server's log;"
                    + " try again; for XuguDB check the user's rights on the database");
        }
    }

    private Diagnosis.Step version(Connection c, boolean detailed) {
        // [P] XuguDB: SELECT VERSION() FROM DUAL answers "XuGu SQL Server x.y.z" or "XuguDB x.y.z" (xugudb-notes).
        String sql = switch (dialect) {
            case "xugu" -> "SELECT VERSION() FROM DUAL";
            case "postgresql" -> "SELECT version()";
            default -> "SELECT H2VERSION()";
        };
        long t0 = System.nanoTime();
        try {
            String v = String.valueOf(first(c, sql));
            String driver = "";
            if (detailed) {
                try {
                    driver = "; driver " + c.getMetaData().getDriverName() + " " + c.getMetaData().getDriverVersion();
                } catch (SQLException | RuntimeException ignored) {
                    // the version is what matters
                }
            }
            return new Diagnosis.Step("version", "ok", ms(t0), v + driver, null, null, null);
        } catch (SQLException e) {
            return new Diagnosis.Step("version", "warning", ms(t0), "the version query failed: " + clean(e), code(e),
                    "the server does not answer " + sql, "nothing to do for the connection itself; report it if the"
                    + " database is a supported version");
        }
    }

    private Diagnosis.Step catalog(Connection c) {
        // [P] ALL_TABLES is the XuguDB catalog view the schema tools read (xugudb-notes, "Catalog SQL").
        String sql = switch (dialect) {
            case "xugu" -> "SELECT COUNT(*) FROM ALL_TABLES";
            case "postgresql" -> "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";
            default -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'";
        };
        long t0 = System.nanoTime();
        try {
            long n = ((Number) first(c, sql)).longValue();
            if (n == 0) {
                return new Diagnosis.Step("privileges.catalog", "warning", ms(t0), "the catalog is readable but shows"
                        + " no tables to user " + target.user(), null, "the user has no rights on any table, or the"
                        + " database is empty", "grant the user SELECT on the tables it should see (for XuguDB: GRANT"
                        + " SELECT ANY TABLE IN SCHEMA s TO " + target.user() + ")");
            }
            return new Diagnosis.Step("privileges.catalog", "ok", ms(t0), n + " tables visible in the catalog", null,
                    null, null);
        } catch (SQLException | RuntimeException e) {
            return new Diagnosis.Step("privileges.catalog", "failed", ms(t0), clean(e), e instanceof SQLException s
                    ? code(s) : null, "the user cannot read the catalog views the schema tools need",
                    dialect.equals("xugu") ? "grant the user access to ALL_TABLES, ALL_COLUMNS, ALL_SCHEMAS,"
                            + " ALL_INDEXES, ALL_CONSTRAINTS and ALL_VIEWS, or use a user who has it"
                            : "grant the user USAGE on its schemas and SELECT on the tables it should see");
        }
    }

    private Diagnosis.Step killSession(Connection c) {
        long t0 = System.nanoTime();
        switch (dialect) {
            case "xugu" -> {
                // [P] The statement killer reads SYS_ALL_SESSIONS, then runs DBMS_DBA.KILL_SESSION_TRANS (xugudb-notes).
                try {
                    Object n = first(c, "SELECT COUNT(*) FROM SYS_ALL_SESSIONS");
                    return new Diagnosis.Step("privileges.kill-session", "ok", ms(t0), "SYS_ALL_SESSIONS is readable ("
                            + n + " sessions); whether DBMS_DBA.KILL_SESSION_TRANS may run cannot be tested without"
                            + " ending a session", null, null, null);
                } catch (SQLException e) {
                    return new Diagnosis.Step("privileges.kill-session", "warning", ms(t0), clean(e), code(e),
                            "the user cannot read SYS_ALL_SESSIONS, so a statement past the time limit cannot be"
                                    + " stopped on the server and may keep running there", "use a user who may read"
                            + " SYS_ALL_SESSIONS and run DBMS_DBA, or keep statements short");
                }
            }
            case "postgresql" -> {
                try {
                    Object may = first(c, "SELECT pg_has_role(current_user, 'pg_signal_backend', 'MEMBER')"
                            + " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)");
                    return new Diagnosis.Step("privileges.kill-session", "ok", ms(t0), "not needed: PostgreSQL stops a"
                            + " statement past the time limit itself" + (Boolean.TRUE.equals(may)
                            ? " (the user could also cancel other sessions)" : ""), null, null, null);
                } catch (SQLException e) {
                    return new Diagnosis.Step("privileges.kill-session", "ok", ms(t0), "not needed: PostgreSQL stops a"
                            + " statement past the time limit itself", null, null, null);
                }
            }
            default -> {
                return skipped("privileges.kill-session", "not needed: H2 stops a statement past the time limit itself");
            }
        }
    }

    private Diagnosis.Step poolStep() {
        if (pool == null) {
            return skipped("pool", "no pool");
        }
        PoolStats s = pool.get();
        if (!s.started()) {
            return new Diagnosis.Step("pool", "ok", 0, "the pool has not opened a connection yet", null, null, null);
        }
        String detail = s.active() + " in use, " + s.idle() + " idle, " + s.waiting() + " waiting, at most " + s.max()
                + "; " + s.timeouts() + " waits timed out since start; database last seen " + s.lastState();
        boolean broken = s.total() == 0 && "down".equals(s.lastState());
        return new Diagnosis.Step("pool", broken ? "warning" : "ok", 0, detail, null, broken ? "the pool holds no"
                + " connection and the last health check failed" : null, broken ? "fix what the steps above report;"
                + " the pool reconnects by itself once the database answers" : null);
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    private static Object first(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            try {
                st.setQueryTimeout(QUERY_TIMEOUT_S);
            } catch (SQLException | RuntimeException ignored) {
                // XuguDB ignores it; its connection has a read timeout instead
            }
            try (ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // it is being thrown away
            }
        }
    }

    private String clean(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!target.password().isEmpty()) {
            m = m.replace(target.password(), "***");
        }
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    private static String code(SQLException e) {
        if (e.getErrorCode() != 0) {
            return e.getSQLState() != null && e.getSQLState().startsWith("xugu") ? "E" + e.getErrorCode()
                    : Integer.toString(e.getErrorCode());
        }
        return e.getSQLState();
    }

    private static boolean failed(Diagnosis.Step s) {
        return "failed".equals(s.status());
    }

    private static Diagnosis.Step skipped(String name, String why) {
        return new Diagnosis.Step(name, "skipped", 0, why, null, null, null);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private String describe(NetworkAddress at) {
        String where = at.embedded() ? "embedded " + at.database() : at.host() + ":" + at.port() + "/" + at.database();
        return dialect + " at " + where + " as " + target.user();
    }

    private String summary(boolean ok, List<Diagnosis.Step> steps, NetworkAddress at) {
        if (ok) {
            long total = steps.stream().mapToLong(Diagnosis.Step::elapsedMs).sum();
            String version = steps.stream().filter(s -> s.name().equals("version") && s.status().equals("ok"))
                    .map(Diagnosis.Step::detail).findFirst().orElse(dialect);
            List<String> warnings = steps.stream().filter(s -> s.status().equals("warning")).map(Diagnosis.Step::name)
                    .toList();
            return "The database answers: " + version + ", " + total + " ms for all steps"
                    + (warnings.isEmpty() ? "." : "; see the warnings for " + String.join(", ", warnings) + ".");
        }
        Diagnosis.Step f = steps.stream().filter(ConnectionDoctor::failed).findFirst().orElseThrow();
        return "Step '" + f.name() + "' failed: " + f.cause() + ". Fix: " + f.fix() + ".";
    }

    private String hostSetting() {
        return dialect.equals("postgresql") || dialect.equals("h2") ? "XUGU_DB_URL"
                : "XUGU_DB_HOST (or the host in XUGU_DB_URL)";
    }

    private String portSetting() {
        return dialect.equals("xugu") ? "XUGU_DB_PORT (or XUGU_DB_URL)" : "XUGU_DB_URL";
    }

    private int defaultPort() {
        return switch (dialect) {
            case "xugu" -> 5138;
            case "postgresql" -> 5432;
            default -> 9092;
        };
    }
}
