package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.xugumcp.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HikariCP pool for the configured database (or the embedded demo database) and its dialect.
 * The pool starts lazily: {@code initializationFailTimeout = -1} lets the server answer {@code initialize}
 * without waiting for the database, and a database that is down gives a clear error on the first call instead.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;
    private final String description;
    private final boolean demo;

    private ConnectionPool(HikariDataSource dataSource, SqlDialect dialect, String description, boolean demo) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.demo = demo;
    }

    /** Opens the pool for the configuration; with nothing configured, prepares and uses the demo database. */
    public static ConnectionPool open(ServerConfig.Database db, Path dataDir) {
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
        cfg.setDriverClassName(dialect.driverClassName());
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMinimumIdle(db.poolMinSize());
        cfg.setMaximumPoolSize(db.poolMaxSize());
        cfg.setConnectionTimeout(Math.max(250, db.poolTimeout().toMillis()));
        cfg.setInitializationFailTimeout(-1);
        cfg.setAutoCommit(true);
        dialect.configurePool(cfg);
        String described = redact(url) + " as " + user;
        return new ConnectionPool(new HikariDataSource(cfg), dialect, described, demo);
    }

    /** A connection from the pool. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
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
