package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import io.xugumcp.api.DialectCapabilities;
import java.util.List;
import java.util.Set;

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

    private static final Set<String> TIME_ZONE = Set.of("WITH TIME ZONE", "WITHOUT TIME ZONE");

    /** PostgreSQL's built-in types most tables use [V: every name created in a table by PostgresDialectTypesTest]. */
    private static final ColumnTypes TYPES = ColumnTypes.withArrays("PostgreSQL")
            .type(ColumnTypes.Args.NONE, "BOOLEAN", "BOOL", "SMALLINT", "INT2", "INTEGER", "INT", "INT4", "BIGINT", "INT8",
                    "REAL", "FLOAT4", "DOUBLE PRECISION", "FLOAT8", "SMALLSERIAL", "SERIAL", "BIGSERIAL", "MONEY", "TEXT",
                    "BYTEA", "DATE", "UUID", "JSON", "JSONB", "XML", "INET", "CIDR", "MACADDR", "TSVECTOR")
            .type(ColumnTypes.Args.PRECISION_SCALE, "NUMERIC", "DECIMAL")
            .type(ColumnTypes.Args.OPTIONAL_ONE, "FLOAT", "CHARACTER", "CHAR", "CHARACTER VARYING", "VARCHAR", "BIT",
                    "BIT VARYING", "VARBIT", "TIMETZ", "TIMESTAMPTZ")
            .type(ColumnTypes.Args.OPTIONAL_ONE, TIME_ZONE, "TIME", "TIMESTAMP")
            .type(ColumnTypes.Args.OPTIONAL_ONE, ColumnTypes.INTERVAL_FIELDS, "INTERVAL")
            .missing("UNSIGNED", "PostgreSQL has no unsigned integers: use the next larger signed type (INTEGER for"
                    + " SMALLINT UNSIGNED, BIGINT for INT UNSIGNED, NUMERIC(20) for BIGINT UNSIGNED), with a check"
                    + " constraint col >= 0 if negatives must be refused.")
            .missing("ZEROFILL", "Zero padding is a display matter: store the number and format it when reading.")
            .missing("ENUM", "Use VARCHAR(n) with a check constraint: col IN ('a', 'b').")
            .missing("SET", "Use TEXT[] (an array) or a separate table with one row per value.")
            .missing("YEAR", "Use SMALLINT (or DATE).")
            .missing("TINYINT", "Use SMALLINT.")
            .missing("MEDIUMINT", "Use INTEGER.")
            .missing("DATETIME", "Use TIMESTAMP.")
            .missing("CLOB", "Use TEXT.")
            .missing("TINYTEXT", "Use TEXT.")
            .missing("MEDIUMTEXT", "Use TEXT.")
            .missing("LONGTEXT", "Use TEXT.")
            .missing("BLOB", "Use BYTEA.")
            .missing("BINARY", "Use BYTEA.")
            .missing("VARBINARY", "Use BYTEA.")
            .missing("GUID", "Use UUID.")
            .missing("NVARCHAR", "Use VARCHAR (PostgreSQL strings are Unicode in a UTF8 database).")
            .missing("NCHAR", "Use CHAR.")
            .missing("NUMBER", "Use NUMERIC(p,s).")
            .missing("VARCHAR2", "Use VARCHAR(n).")
            .missing("DOUBLE", "Write DOUBLE PRECISION.");

    @Override
    public String checkType(String type) {
        return TYPES.check(type);
    }

    @Override
    public List<String> typeNames() {
        return TYPES.names();
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
        // Connections rest read-only: each toggle is a SET SESSION CHARACTERISTICS round trip, so a read-write rest
        // cost every read two (there and back), while reads are most of the calls; writes take
        // ConnectionPool.writableConnection and pay them instead.
        pool.setReadOnly(true);
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
