package io.xugumcp.server.db.xugu;

import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The DataSource HikariCP connects through for XuguDB. Every connection it hands out has been opened within a
 * deadline and proven alive, because the driver itself guarantees neither [V]:
 * <ul>
 *   <li>it has no TCP connect timeout and ignores {@code setLoginTimeout}: a silent server holds {@code connect}
 *       for the driver's one-hour read timeout. So the driver connects on a worker thread that the caller waits for
 *       at most {@code connect-timeout}, and {@code connect_timeout} (really the socket READ timeout, in ms) is put
 *       in the URL so the worker itself is freed at about the same time;</li>
 *   <li>with {@code connect_timeout} a silent login ends in an unchecked RuntimeException, which callers catching
 *       SQLException miss: it becomes an SQLException with SQLState 08001;</li>
 *   <li>a reset during the login returns a "successful" dead connection: each new connection runs
 *       {@code select 1 from dual} before it is handed out;</li>
 *   <li>the read timeout is kept in a STATIC field that {@code setNetworkTimeout}/{@code getNetworkTimeout} of any
 *       connection overwrite and that a new connection's socket is seeded from (the connection writes its own
 *       {@code connect_timeout} there first, but another thread can overwrite it before the socket is opened). So the
 *       deadline above, not the seed, bounds the login, and each new connection gets its read timeout set explicitly
 *       once it is up.</li>
 * </ul>
 * It also records each connection's server session id (for {@link XuguStatementKiller}) and the outcome of the last
 * attempt (for the pool's fail-fast path).
 */
public final class XuguDataSource implements DataSource {

    /** Session id of the current connection [P: xugudb-notes; also used by third-party Xugu tools]. */
    static final String SESSION_ID_SQL = "SELECT SYS_CONTEXT('USERENV','SESSIONID') FROM DUAL";
    /** The driver's own way to ask the same [P: driver template Statement.select_sessionid, ExecuteInnerSQL.properties]. */
    static final String SESSION_ID_FALLBACK_SQL = "select USERENV('SESSIONID')";

    /** The driver ignores the executor of setNetworkTimeout (it only checks it is not null) [V]. */
    private static final java.util.concurrent.Executor SAME_THREAD = Runnable::run;

    private static final ExecutorService CONNECTING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xugu-connect");
        t.setDaemon(true);
        return t;
    });

    private final Driver driver;
    private final String url;
    private final String user;
    private final String password;
    private final long connectTimeoutMs;
    private final int readTimeoutMs;
    private final SessionIds sessions = new SessionIds();
    private final io.xugumcp.server.db.ConnectAttempts attempts = new io.xugumcp.server.db.ConnectAttempts();

    /**
     * @param url            {@code jdbc:xugu://...}; {@code connect_timeout} is replaced by the connect deadline
     * @param connectTimeout how long one connection may take, login and validation included
     * @param readTimeout    the read timeout a connection keeps between statements (statements set their own)
     */
    public XuguDataSource(String url, String user, String password, Duration connectTimeout, Duration readTimeout) {
        this.driver = loadDriver();
        this.connectTimeoutMs = Math.max(1, connectTimeout.toMillis());
        this.url = withConnectTimeout(withCharset(url), connectTimeoutMs);
        this.user = user;
        this.password = password;
        this.readTimeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, readTimeout.toMillis()));
    }

    private static Driver loadDriver() {
        try {
            return (Driver) Class.forName(new XuguDialect().driverClassName()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the XuguDB driver com.xugudb:xugu-jdbc is missing from lib/", e);
        }
    }

    /** {@code url} with {@code char_set=UTF8} unless it names a charset: the driver's default GBK mangles text [V]. */
    static String withCharset(String url) {
        if (url.toLowerCase(java.util.Locale.ROOT).matches(".*[?&]char_set=.*")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "char_set=UTF8";
    }

    /** {@code url} with {@code connect_timeout=ms}, replacing any value the operator set (the deadline rules). */
    static String withConnectTimeout(String url, long ms) {
        String stripped = url.replaceAll("(?i)([?&])connect_timeout=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return stripped + (stripped.contains("?") ? "&" : "?") + "connect_timeout=" + ms;
    }

    /** The URL the driver is given (no secrets: user and password travel as properties). */
    public String url() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return open(connectTimeoutMs);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("xugu-mcp passes the credentials when it creates the data source");
    }

    /**
     * Opens, validates and registers one connection within {@code deadlineMs}. Also used directly (not through the
     * pool) for control connections and for the pool's probes.
     */
    public Connection open(long deadlineMs) throws SQLException {
        return attempts.attempt(() -> connectWithin(deadlineMs));
    }

    /** The outcomes of this data source's attempts (for the pool's breaker and health). */
    public io.xugumcp.server.db.ConnectAttempts attempts() {
        return attempts;
    }

    /** The last attempt's failure, or {@code null} when the last attempt succeeded (or none was made). */
    public io.xugumcp.server.db.ConnectAttempts.Failure lastFailure() {
        return attempts.lastFailure();
    }

    /** The deadline of one connection attempt, login and validation included. */
    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** The server session id of a connection handed out here (or a pool proxy of one), or {@code null}. */
    public Long sessionOf(Connection c) {
        return sessions.of(c);
    }

    private Connection connectWithin(long deadlineMs) throws SQLException {
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<Connection> attempt = CONNECTING.submit(() -> {
            Connection c = connectAndValidate();
            if (abandoned.get()) {
                closeQuietly(c);
                return null;
            }
            return c;
        });
        try {
            return attempt.get(deadlineMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(attempt, abandoned);
            throw silent(deadlineMs, e);
        } catch (InterruptedException e) {
            abandon(attempt, abandoned);
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while connecting to XuguDB", "08001", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            throw unchecked(cause, connectTimeoutMs);
        }
    }

    /**
     * The one message for a login that got no answer, whichever fires first: our deadline, or the driver's read
     * timeout (connect_timeout, set to the same value) as an unchecked exception.
     */
    private static SQLException silent(long ms, Throwable cause) {
        return new SQLException("no answer from the XuguDB server within " + seconds(ms) + " while logging in (silent"
                + " server or network black hole); raise xugu-mcp.database.connect-timeout only if the server is known"
                + " to be that slow", "08001", cause);
    }

    /** Makes sure a connection that arrives after the caller gave up is closed, not leaked. */
    private static void abandon(Future<Connection> attempt, AtomicBoolean abandoned) {
        abandoned.set(true);
        if (!attempt.cancel(true)) {
            try {
                closeQuietly(attempt.get());
            } catch (InterruptedException | ExecutionException | RuntimeException ignored) {
                // It failed after all: nothing to close.
            }
        }
    }

    /**
     * The driver's unchecked failures (a RuntimeException around a SocketTimeoutException, ...) as SQLExceptions;
     * {@code readTimeoutMs} is the connect_timeout the driver was given.
     */
    static SQLException unchecked(Throwable cause, long readTimeoutMs) {
        Throwable root = cause instanceof RuntimeException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SocketTimeoutException) {
            return silent(readTimeoutMs, cause);
        }
        return new SQLException("connecting to XuguDB failed: " + root, "08001", cause);
    }

    private Connection connectAndValidate() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("the XuguDB driver does not accept the URL " + url, "08001");
        }
        try {
            // The socket may have been seeded with another connection's read timeout (static field): set ours.
            c.setNetworkTimeout(SAME_THREAD, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMs));
            validate(c);
            sessions.put(c, readSessionId(c));
            c.setNetworkTimeout(SAME_THREAD, readTimeoutMs);
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** A reset during the login leaves a connection that looks open and is dead (first statement: E50022) [V]. */
    private static void validate(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(XuguDialect.TEST_QUERY)) {
            if (!rs.next()) {
                throw new SQLException("the validation query '" + XuguDialect.TEST_QUERY + "' returned no row", "08006");
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw e;
            }
            throw new SQLException("the connection died right after the login (validation query failed: "
                    + e.getMessage() + ")", "08006", e.getErrorCode(), e);
        }
    }

    /**
     * The server session id, for killing a timed-out statement later. A server that answers neither query only
     * loses that ability; a broken connection still fails the attempt.
     */
    private static Long readSessionId(Connection c) throws SQLException {
        for (String sql : new String[] {SESSION_ID_SQL, SESSION_ID_FALLBACK_SQL}) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (rs.next()) {
                    String v = rs.getString(1);
                    if (v != null && v.strip().matches("\\d{1,18}")) {
                        return Long.parseLong(v.strip());
                    }
                }
            } catch (SQLException e) {
                if (XuguErrors.breaksConnection(e.getErrorCode())) {
                    throw e;
                }
            }
        }
        return null;
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // Closing a broken connection may fail; it is gone either way.
            }
        }
    }

    private static String seconds(long ms) {
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0)) + " s";
    }

    // DataSource boilerplate: Hikari reads and sets these; the deadline above is what bounds a login.

    private volatile int loginTimeoutSeconds;

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Never: the driver's log writer could end up on stdout.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
