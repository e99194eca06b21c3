package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import io.xugumcp.api.Dialect;

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
