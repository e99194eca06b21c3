package io.xugumcp.server.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The DataSource HikariCP connects through for PostgreSQL and H2: the driver's own, with every attempt's outcome
 * recorded in {@link ConnectAttempts} (XuguDB's {@code XuguDataSource} records its own).
 */
final class TrackedDataSource implements DataSource {
    private final DataSource driver;
    private final ConnectAttempts attempts;

    TrackedDataSource(DataSource driver, ConnectAttempts attempts) {
        this.driver = driver;
        this.attempts = attempts;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return attempts.attempt(driver::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return attempts.attempt(() -> driver.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return driver.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || driver.isWrapperFor(iface);
    }
}
