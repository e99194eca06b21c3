package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import io.xugumcp.api.Dialect;
import io.xugumcp.server.db.xugu.XuguDialect;
import java.sql.SQLException;

/**
 * The host's side of a dialect: what the published {@link Dialect} says, plus how to connect and how to cap a
 * query's rows in SQL. One implementation per supported database.
 */
public interface SqlDialect extends Dialect {

    /** The JDBC driver class. */
    String driverClassName();

    /** Applies the dialect's pool settings (test query, driver properties). */
    void configurePool(HikariConfig pool);

    /**
     * Rewrites a SELECT so the database itself stops after {@code maxRows} rows, or returns it unchanged when
     * {@code Statement.setMaxRows} is enough for this driver.
     */
    String capRows(String select, int maxRows);

    /** True when {@code Statement.setQueryTimeout} really stops the statement on the server. */
    boolean honoursQueryTimeout();

    /**
     * The dialect's own reading of a driver error, for drivers whose SQLStates carry no meaning; {@code null} lets
     * {@link SqlErrors} classify by SQLState.
     */
    default ErrorReading readError(SQLException e) {
        return null;
    }

    /**
     * True when {@code e} is what the driver throws once the wait bounded by {@code Connection.setNetworkTimeout}
     * runs out (it may also mean a broken connection: the caller tells them apart by the time spent). Only asked
     * of dialects that do not {@link #honoursQueryTimeout() honour the query timeout}.
     */
    default boolean isReadTimeout(SQLException e) {
        return false;
    }

    /**
     * Binds text whose type the database should infer from the context ({@link Binds.Untyped}); plain text by
     * default, which every database but PostgreSQL converts to the column's type by itself.
     */
    default void bindUntyped(java.sql.PreparedStatement ps, int index, String text) throws SQLException {
        ps.setString(index, text);
    }

    /** Binds a timestamp with an offset; drivers that know {@code OffsetDateTime} take it as is. */
    default void bindTimestampWithZone(java.sql.PreparedStatement ps, int index, java.time.OffsetDateTime value)
            throws SQLException {
        ps.setObject(index, value);
    }

    /**
     * The dialect a pool for {@code db} will use, without connecting: the demo database's (H2) when nothing is
     * configured, else the URL's (built from host, port and database for XuguDB when no URL is given).
     */
    static SqlDialect forDatabase(io.xugumcp.server.config.ServerConfig.Database db) {
        if (db.useDemo()) {
            return new H2Dialect();
        }
        return forUrl(db.url().isBlank() ? XuguDialect.buildUrl(db) : db.url());
    }

    /** Picks the dialect for a JDBC URL. */
    static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:xugu:")) {
            return new XuguDialect();
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return new H2Dialect();
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + jdbcUrl.replaceAll("[?;].*", "")
                + "': xugu-mcp supports jdbc:xugu:, jdbc:h2: and jdbc:postgresql:");
    }
}
