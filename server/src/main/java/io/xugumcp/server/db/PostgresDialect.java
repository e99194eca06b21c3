package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import io.xugumcp.api.DialectCapabilities;
import java.util.List;

/** PostgreSQL: the real server of our integration tests. pgjdbc honours setMaxRows and setQueryTimeout. */
public final class PostgresDialect extends QuotingDialect {

    /** PostgreSQL facts: ON CONFLICT, transactional DDL and TRUNCATE, 63-byte names, lower-case folding. */
    private static final DialectCapabilities CAPABILITIES = new DialectCapabilities(
            DialectCapabilities.UpsertForm.ON_CONFLICT, true, true, true, DialectCapabilities.GeneratedKeys.JDBC,
            false, DialectCapabilities.IdentifierCase.LOWER, 63, DialectCapabilities.LengthUnit.BYTES,
            true, true, true, false, true);

    @Override
    public DialectCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String driverClassName() {
        return "org.postgresql.Driver";
    }

    @Override
    public void configurePool(HikariConfig pool) {
        // Identify ourselves in pg_stat_activity; never let a broken socket hang forever.
        pool.addDataSourceProperty("ApplicationName", "xugu-mcp");
        pool.addDataSourceProperty("tcpKeepAlive", "true");
        // setReadOnly(true) is then enforced by PostgreSQL itself (BEGIN READ ONLY), also in auto-commit mode:
        // a second wall behind the SQL guard for every read the host runs.
        pool.addDataSourceProperty("readOnlyMode", "always");
    }

    /** pgjdbc sends a string as varchar, which PostgreSQL will not turn into a date, json, uuid …: send it untyped. */
    @Override
    public void bindUntyped(java.sql.PreparedStatement ps, int index, String text) throws java.sql.SQLException {
        ps.setObject(index, text, java.sql.Types.OTHER);
    }

    @Override
    public List<String> sqlRules() {
        return List.of(
                "Pagination: LIMIT n OFFSET m (or OFFSET m ROWS FETCH FIRST n ROWS ONLY).",
                "Upsert: INSERT ... ON CONFLICT (key) DO UPDATE SET ... (or MERGE INTO on PostgreSQL 15+).",
                "Unquoted identifiers fold to lower case; quote with \"double quotes\" to keep case.",
                "EXPLAIN <select> shows the plan; EXPLAIN ANALYZE would execute the statement and is not used.");
    }
}
