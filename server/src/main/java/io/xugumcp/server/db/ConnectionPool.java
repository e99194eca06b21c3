package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
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
 * <p>For XuguDB, Hikari connects through {@link XuguDataSource} (deadline, validation, session ids), and a caller is
 * not left waiting the whole pool timeout while Hikari retries a dead server with back-off: see {@link #connection()}.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** How often a waiting caller looks whether the pool's connection attempts have started failing. */
    private static final long SLICE_MS = 100;
    /** How long a caller waits for an idle connection once the last attempt to open one failed. */
    private static final long IDLE_GRACE_MS = 50;

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;
    private final String description;
    private final boolean demo;
    /** XuguDB only: the pool's own connector, for the fail-fast path; {@code null} for other databases. */
    private final XuguDataSource xugu;
    private final ServerSideCancel serverSideCancel;

    private ConnectionPool(HikariDataSource dataSource, SqlDialect dialect, String description, boolean demo,
                           XuguDataSource xugu) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.demo = demo;
        this.xugu = xugu;
        this.serverSideCancel = xugu == null ? null : new XuguStatementKiller(xugu);
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
            Path dir = dataDir != null ? dataDir : DemoDatabase.defaultDataDir();
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
        } else if (!db.url().isBlank()) {
            url = db.url();
            user = db.user();
            password = db.password();
        } else {
            url = XuguDialect.buildUrl(db);
            user = db.user();
            password = db.password();
        }
        SqlDialect dialect = SqlDialect.forUrl(url);
        if (dialect instanceof XuguDialect) {
            XuguDialect.checkPassword(password);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("xugu-mcp");
        XuguDataSource xugu = null;
        if (dialect instanceof XuguDialect) {
            // Hikari's own connect path would meet every driver trap at once (no connect timeout, unchecked
            // exceptions, zombie connections): it goes through our DataSource instead, which holds the credentials.
            Duration idleRead = readTimeout.compareTo(db.connectTimeout()) > 0 ? readTimeout : db.connectTimeout();
            xugu = new XuguDataSource(url, user, password, db.connectTimeout(), idleRead);
            cfg.setDataSource(xugu);
        } else {
            cfg.setDriverClassName(dialect.driverClassName());
            cfg.setJdbcUrl(url);
            cfg.setUsername(user);
            cfg.setPassword(password);
        }
        cfg.setMinimumIdle(db.poolMinSize());
        cfg.setMaximumPoolSize(db.poolMaxSize());
        cfg.setConnectionTimeout(Math.max(250, db.poolTimeout().toMillis()));
        cfg.setInitializationFailTimeout(-1);
        cfg.setAutoCommit(true);
        dialect.configurePool(cfg);
        String described = redact(url) + " as " + user;
        return new ConnectionPool(new HikariDataSource(cfg), dialect, described, demo, xugu);
    }

    /**
     * A connection from the pool. For XuguDB, when the pool cannot give one because its attempts to open one fail,
     * the caller does not wait the whole pool timeout while Hikari retries with back-off (up to 5 s between
     * attempts): an attempt that failed since this call began is reported at once; after an older failure, the
     * caller connects directly, so it either gets today's error now or a connection of its own (closed for real
     * after use) while the pool recovers.
     */
    public Connection connection() throws SQLException {
        if (xugu == null) {
            return dataSource.getConnection();
        }
        HikariPool hikari = (HikariPool) dataSource.getHikariPoolMXBean();
        long start = System.nanoTime();
        long deadline = start + dataSource.getConnectionTimeout() * 1_000_000L;
        while (true) {
            XuguDataSource.Failure failure = xugu.lastFailure();
            if (failure != null && failure.startedNanos() - start >= 0) {
                SQLException e = failure.error();
                throw new SQLException(e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
            if (failure != null) {
                try {
                    return hikari.getConnection(IDLE_GRACE_MS);
                } catch (SQLTransientConnectionException none) {
                    return xugu.getConnection();
                }
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

    /** How to stop a timed-out statement on the server, or {@code null} when the driver's own timeout does. */
    public ServerSideCancel serverSideCancel() {
        return serverSideCancel;
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
