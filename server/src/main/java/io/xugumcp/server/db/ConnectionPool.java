package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.xugumcp.server.config.DataDirs;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.xugu.XuguDataSource;
import io.xugumcp.server.db.xugu.XuguDialect;
import io.xugumcp.server.db.xugu.XuguStatementKiller;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HikariCP pool for the configured database (or the embedded demo database) and its dialect.
 * The pool starts lazily: {@code initializationFailTimeout = -1} lets the server answer {@code initialize}
 * without waiting for the database, and a database that is down gives a clear error on the first call instead.
 *
 * <p>Every attempt to open a connection is recorded ({@link ConnectAttempts}; for XuguDB through
 * {@link XuguDataSource}, which also bounds it by a deadline). That is a circuit breaker in front of the pool: once an
 * attempt has failed, callers are told at once that the database is unreachable instead of each waiting the pool's
 * whole timeout while Hikari retries with back-off; one caller at a time, every {@link #PROBE_INTERVAL_MS}, tries a
 * connection of its own (closed for real after use) and closes the breaker when it opens. See {@link #connection()}.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** How often a waiting caller looks whether the pool's connection attempts have started failing. */
    private static final long SLICE_MS = 100;
    /** How long a caller waits for an idle connection while the breaker is open. */
    private static final long IDLE_GRACE_MS = 50;
    /** While the database is unreachable, a caller tries a connection of its own at most this often. */
    static final long PROBE_INTERVAL_MS = 2_000;

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;
    private final String description;
    private final boolean demo;
    /** XuguDB only: the pool's own connector; {@code null} for other databases. */
    private final XuguDataSource xugu;
    private final ServerSideCancel serverSideCancel;
    private final ConnectAttempts attempts;
    /** Opens one connection outside the pool, recording the outcome: the breaker's probe. */
    private final ConnectAttempts.Opener probe;
    /** Where the pool connects, for checks that must not go through the pool (diagnose_connection). */
    private Target target;

    /** The pool's JDBC URL and credentials; {@link #toString()} hides the password. */
    public record Target(String url, String user, String password) {
        @Override
        public String toString() {
            return "Target[" + redact(url) + " as " + user + "]";
        }
    }

    private ConnectionPool(HikariDataSource dataSource, SqlDialect dialect, String description, boolean demo,
                           XuguDataSource xugu, ConnectAttempts attempts, ConnectAttempts.Opener probe) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.demo = demo;
        this.xugu = xugu;
        this.serverSideCancel = xugu == null ? null : new XuguStatementKiller(xugu);
        this.attempts = attempts;
        this.probe = probe;
    }

    /** Opens the pool for the configuration; with nothing configured, prepares and uses the demo database. */
    public static ConnectionPool open(ServerConfig.Database db, Path dataDir) {
        return open(db, dataDir, Duration.ofSeconds(30));
    }

    /**
     * Opens the pool for the configuration; with nothing configured, prepares and uses the demo database.
     *
     * @param readTimeout how long a XuguDB connection waits for the server between statements (each statement sets
     *                    its own limit); the statement timeout is a good value
     */
    public static ConnectionPool open(ServerConfig.Database db, Path dataDir, Duration readTimeout) {
        String url;
        String user;
        String password;
        boolean demo = db.useDemo();
        if (demo) {
            Path dir = dataDir != null ? dataDir : DataDirs.fromEnvironment();
            DemoDatabase.Credentials c;
            try {
                c = new DemoDatabase(dir).prepare();
            } catch (java.io.IOException | java.sql.SQLException e) {
                throw new IllegalStateException("cannot prepare the demo database in " + dir + ": " + e.getMessage(), e);
            }
            url = c.jdbcUrl();
            user = c.user();
            password = c.password();
            LOG.info("No database configured: using the embedded H2 demo database at {} (set XUGU_DB_HOST or XUGU_DB_URL"
                    + " to use your own)", dir);
        } else {
            url = db.url().isBlank() ? XuguDialect.buildUrl(db) : db.url();
            LoginUser login = LoginUser.of(url, db.user(), System.getProperty("user.name"));
            if (login.overridden() != null) {
                LOG.warn("The database URL names the user {}; xugu-mcp.database.user (XUGU_DB_USER) '{}' is not used",
                        login.shown(), login.overridden());
            }
            user = login.name();
            LoginPassword secret = LoginPassword.of(url, db.password());
            if (secret.configuredIgnored()) {
                LOG.warn("The database URL carries its own password; xugu-mcp.database.password (XUGU_DB_PASSWORD) is"
                        + " not used");
            }
            password = secret.value();
        }
        SqlDialect dialect = SqlDialect.forUrl(url);
        if (dialect instanceof XuguDialect) {
            XuguDialect.checkPassword(password);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("xugu-mcp");
        cfg.setMinimumIdle(db.poolMinSize());
        cfg.setMaximumPoolSize(db.poolMaxSize());
        cfg.setConnectionTimeout(Math.max(250, db.poolTimeout().toMillis()));
        cfg.setInitializationFailTimeout(-1);
        cfg.setAutoCommit(true);
        dialect.configurePool(cfg);
        XuguDataSource xugu = null;
        ConnectAttempts attempts;
        ConnectAttempts.Opener probe;
        if (dialect instanceof XuguDialect) {
            // Hikari's own connect path would meet every driver trap at once (no connect timeout, unchecked
            // exceptions, zombie connections): it goes through our DataSource instead, which holds the credentials.
            Duration idleRead = readTimeout.compareTo(db.connectTimeout()) > 0 ? readTimeout : db.connectTimeout();
            XuguDataSource x = new XuguDataSource(url, user, password, db.connectTimeout(), idleRead);
            xugu = x;
            cfg.setDataSource(x);
            attempts = x.attempts();
            probe = () -> x.open(x.connectTimeoutMs());
        } else {
            java.util.Properties props = new java.util.Properties();
            props.putAll(cfg.getDataSourceProperties());
            if (dialect instanceof PostgresDialect) {
                // A silent server must not hold an attempt longer than the connect deadline (the URL may say otherwise).
                String seconds = String.valueOf(Math.max(1, (db.connectTimeout().toMillis() + 999) / 1000));
                props.putIfAbsent("connectTimeout", seconds);
                props.putIfAbsent("loginTimeout", seconds);
            }
            attempts = new ConnectAttempts();
            TrackedDataSource tracked = new TrackedDataSource(new com.zaxxer.hikari.util.DriverDataSource(url,
                    dialect.driverClassName(), props, user, password), attempts);
            cfg.setDataSource(tracked);
            probe = tracked::getConnection;
        }
        String described = redact(url) + " as " + (user.isEmpty() ? "(empty user)" : user);
        ConnectionPool pool = new ConnectionPool(new HikariDataSource(cfg), dialect, described, demo, xugu, attempts,
                probe);
        pool.target = new Target(url, user, password);
        return pool;
    }

    /**
     * A connection from the pool, or at once a "database unreachable" error while the database is known to be
     * unreachable:
     * <ul>
     *   <li>normally the caller waits for a pooled connection up to the pool timeout (busy pools are normal), but an
     *       attempt to open a connection that fails while it waits ends the wait at once with that failure;</li>
     *   <li>once an attempt has failed (the breaker is open), the caller takes an idle pooled connection if one is
     *       there within a moment; otherwise one caller per {@link #PROBE_INTERVAL_MS} opens a connection of its own
     *       (closed for real after use; bounded by the connect deadline), which closes the breaker when it works, and
     *       every other caller is told at once that the database is unreachable and why.</li>
     * </ul>
     * So an outage costs the first caller at most one connect attempt, and the others nothing; a wrong password costs
     * each caller nothing after the first.
     */
    public Connection connection() throws SQLException {
        HikariPool hikari = (HikariPool) dataSource.getHikariPoolMXBean();
        long start = System.nanoTime();
        long deadline = start + dataSource.getConnectionTimeout() * 1_000_000L;
        while (true) {
            ConnectAttempts.Failure failure = attempts.lastFailure();
            if (failure != null) {
                if (failure.endedNanos() - start >= 0) {
                    throw new DatabaseUnreachable(failure, false);
                }
                return whileUnreachable(hikari, failure);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            try {
                return hikari.getConnection(Math.max(1, Math.min(SLICE_MS, left)));
            } catch (SQLTransientConnectionException e) {
                if (left <= SLICE_MS) {
                    throw e;
                }
            }
        }
    }

    /**
     * A connection for statements that change data: read-write even where connections rest read-only (PostgreSQL,
     * {@link SqlDialect#configurePool}). The pool makes it read-only again when it comes back.
     */
    public Connection writableConnection() throws SQLException {
        Connection c = connection();
        if (dataSource.isReadOnly()) {
            try {
                c.setReadOnly(false);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** The breaker is open: an idle connection, a probe of our own, or the error at once. */
    private Connection whileUnreachable(HikariPool hikari, ConnectAttempts.Failure failure) throws SQLException {
        try {
            // Hikari validates a connection that sat idle before handing it out: one that comes back works.
            Connection c = hikari.getConnection(IDLE_GRACE_MS);
            attempts.succeeded();
            return c;
        } catch (SQLTransientConnectionException none) {
            // nothing idle: probe, or fail fast
        }
        if (!attempts.startProbe(PROBE_INTERVAL_MS * 1_000_000L)) {
            throw new DatabaseUnreachable(failure, true);
        }
        try {
            return probe.open();
        } catch (SQLException e) {
            ConnectAttempts.Failure now = attempts.lastFailure();
            throw new DatabaseUnreachable(now != null ? now : failure, false);
        } finally {
            attempts.endProbe();
        }
    }

    /**
     * What is known about the database without asking it, for health checks: never blocks, never opens a
     * connection.
     */
    public State lastKnownState() {
        ConnectAttempts.Failure f = attempts.lastFailure();
        if (f != null) {
            return new State(Status.DOWN, DatabaseUnreachable.reason(f.error()),
                    (System.nanoTime() - f.endedNanos()) / 1_000_000L);
        }
        if (!attempts.everSucceeded()) {
            return new State(Status.UNKNOWN, "no connection attempted yet", -1);
        }
        return new State(Status.UP, stats(), (System.nanoTime() - attempts.lastSuccessNanos()) / 1_000_000L);
    }

    /** Up, down, or not known yet (no connection attempted). */
    public enum Status { UP, DOWN, UNKNOWN }

    /**
     * @param detail  for DOWN the last failure (no secrets: the driver's message), otherwise the pool's counts
     * @param ageMs   how long ago the state was last confirmed (the failure or the last successful open), -1 if never
     */
    public record State(Status status, String detail, long ageMs) {
    }

    /** Where the pool connects (URL and credentials), for a check on a connection of its own. */
    public Target target() {
        return target;
    }

    /** How to stop a timed-out statement on the server, or {@code null} when the driver's own timeout does. */
    public ServerSideCancel serverSideCancel() {
        return serverSideCancel;
    }

    /** The most connections the pool opens. */
    int maxSize() {
        return dataSource.getMaximumPoolSize();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** The URL (without secrets) and user, for logs and server info. */
    public String description() {
        return description;
    }

    /** True when running on the embedded demo database. */
    public boolean isDemo() {
        return demo;
    }

    /** Connections in use and idle, for health and metrics. */
    public String stats() {
        var mx = dataSource.getHikariPoolMXBean();
        return mx == null ? "not started" : "active=" + mx.getActiveConnections() + " idle=" + mx.getIdleConnections();
    }

    /** Removes passwords from a JDBC URL (password=..., user:pass@host). */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
