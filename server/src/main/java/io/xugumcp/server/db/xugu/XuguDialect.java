package io.xugumcp.server.db.xugu;

import com.zaxxer.hikari.HikariConfig;
import io.xugumcp.api.DialectCapabilities;
import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ColumnTypes;
import io.xugumcp.server.db.ErrorReading;
import io.xugumcp.server.db.QuotingDialect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * XuguDB through {@code com.xugudb:xugu-jdbc} 12.2.0. The driver's traps (see xugudb-notes) decide the settings:
 * isValid is broken, so Hikari validates with a test query; setQueryTimeout is ignored and setMaxRows only works up
 * to 2000 rows, so rows are capped in SQL with LIMIT (XuguDB rejects FETCH FIRST); SQLStates are {@code xuguNNNNN},
 * so errors are read by code ({@link XuguErrors}). Connecting goes through {@link XuguDataSource}.
 */
public final class XuguDialect extends QuotingDialect {

    /** Keep-alive and validation query [P: vendor DBeaver plugin]. */
    public static final String TEST_QUERY = "select 1 from dual";

    /**
     * XuguDB facts (writes notes §3, §4): MERGE … USING (SELECT … FROM DUAL), DDL and TRUNCATE treated as committing
     * at once until proven otherwise, server batches answer -2 per row, generated keys one row at a time,
     * {@code DROP INDEX t.i}, 127-byte names, no RELEASE SAVEPOINT, native BACKUP TABLE. Rename column is unproven.
     */
    private static final DialectCapabilities CAPABILITIES = new DialectCapabilities(
            DialectCapabilities.UpsertForm.MERGE_USING_DUAL, false, false, false,
            DialectCapabilities.GeneratedKeys.JDBC_PER_ROW, true, DialectCapabilities.IdentifierCase.UPPER, 127,
            DialectCapabilities.LengthUnit.BYTES, true, false, true, true, false);

    @Override
    public DialectCapabilities capabilities() {
        return CAPABILITIES;
    }

    private static final Set<String> TIME_ZONE = Set.of("WITH TIME ZONE");

    /**
     * XuguDB's column types [P: EF Core provider's XuguTypeMappingSource, Hibernate dialect troubleshooting §4, §11;
     * writes-notes "DDL types"]: no unsigned integers, no ENUM, no YEAR. Not run on a server: the strict list keeps
     * to the documented names (BINARY takes no length; VARCHAR needs one).
     */
    private static final ColumnTypes TYPES = ColumnTypes.of("XuguDB")
            .type(ColumnTypes.Args.NONE, "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "FLOAT", "DOUBLE",
                    "CLOB", "BLOB", "BINARY", "DATE", "GUID", "JSON")
            .type(ColumnTypes.Args.PRECISION_SCALE, "NUMERIC", "DECIMAL")
            .type(ColumnTypes.Args.OPTIONAL_ONE, "CHAR")
            .type(ColumnTypes.Args.REQUIRED_ONE, "VARCHAR")
            .type(ColumnTypes.Args.OPTIONAL_ONE, TIME_ZONE, "TIME", "TIMESTAMP")
            .type(ColumnTypes.Args.NONE, TIME_ZONE, "DATETIME")
            .typeWithModifier(ColumnTypes.Args.NONE, ColumnTypes.INTERVAL_FIELDS, "INTERVAL")
            .missing("UNSIGNED", "XuguDB has no unsigned integers: use the next larger signed type (SMALLINT for TINYINT"
                    + " UNSIGNED, INTEGER for SMALLINT UNSIGNED, BIGINT for INT UNSIGNED, NUMERIC(20) for BIGINT UNSIGNED),"
                    + " with a check constraint col >= 0 if negatives must be refused.")
            .missing("ZEROFILL", "Zero padding is a display matter: store the number and format it when reading.")
            .missing("ENUM", "Use VARCHAR(n) with a check constraint: col IN ('a', 'b').")
            .missing("SET", "Use VARCHAR(n) holding a list, or a separate table with one row per value.")
            .missing("YEAR", "Use SMALLINT (or DATE).")
            .missing("MEDIUMINT", "Use INTEGER.")
            .missing("SERIAL", "Use INTEGER with identity: true (XuguDB writes IDENTITY(1,1)).")
            .missing("BIGSERIAL", "Use BIGINT with identity: true (XuguDB writes IDENTITY(1,1)).")
            .missing("SMALLSERIAL", "Use SMALLINT with identity: true.")
            .missing("TEXT", "Use CLOB, or VARCHAR(n) for text of known length.")
            .missing("TINYTEXT", "Use VARCHAR(255).")
            .missing("MEDIUMTEXT", "Use CLOB.")
            .missing("LONGTEXT", "Use CLOB.")
            .missing("BYTEA", "Use BLOB.")
            .missing("VARBINARY", "Use BINARY or BLOB.")
            .missing("UUID", "Use GUID.")
            .missing("JSONB", "Use JSON.")
            .missing("DOUBLE PRECISION", "Write DOUBLE.")
            .missing("REAL", "Use FLOAT.")
            .missing("TIMESTAMPTZ", "Use TIMESTAMP WITH TIME ZONE.")
            .missing("TIMETZ", "Use TIME WITH TIME ZONE.")
            .missing("BIT", "Use BOOLEAN.")
            .missing("NVARCHAR", "Use VARCHAR(n) (connect with char_set=UTF8).")
            .missing("NCHAR", "Use CHAR(n).")
            .missing("CHARACTER VARYING", "Write VARCHAR(n).")
            .missing("NUMBER", "Use NUMERIC(p,s).")
            .missing("VARCHAR2", "Use VARCHAR(n).")
            .missing("MONEY", "Use NUMERIC(19,4).");

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
        return "xugu";
    }

    @Override
    public String driverClassName() {
        return "com.xugu.cloudjdbc.Driver";
    }

    @Override
    public void configurePool(HikariConfig pool) {
        // isValid(s) treats seconds as milliseconds and closes the connection [V]: a test query instead.
        pool.setConnectionTestQuery(TEST_QUERY);
        // The driver's SQLStates are "xugu" + code, which Hikari does not recognise as a broken connection [V].
        pool.setExceptionOverride(new XuguEvictionPolicy());
    }

    @Override
    public String capRows(String select, int maxRows) {
        // [P] XuguDB accepts LIMIT on a derived table; FETCH FIRST is rejected (E19132).
        return "SELECT * FROM (" + stripTrailingSemicolon(select) + ") mcp_q LIMIT " + maxRows;
    }

    @Override
    public String explain(String sql) {
        // [P] EXPLAIN <dml>; the plan comes back as text rows.
        return super.explain(sql);
    }

    /** The driver's setObject knows LocalDate and LocalDateTime but not OffsetDateTime [V bytecode]: the instant as a Timestamp. */
    @Override
    public void bindTimestampWithZone(java.sql.PreparedStatement ps, int index, java.time.OffsetDateTime value)
            throws SQLException {
        ps.setTimestamp(index, java.sql.Timestamp.from(value.toInstant()));
    }

    @Override
    public boolean honoursQueryTimeout() {
        return false;
    }

    @Override
    public ErrorReading readError(SQLException e) {
        return XuguErrors.read(e);
    }

    @Override
    public boolean isReadTimeout(SQLException e) {
        // A read past setNetworkTimeout ends in E50022 and a closed connection [V].
        return e.getErrorCode() == XuguErrors.BROKEN;
    }

    @Override
    public List<String> sqlRules() {
        return List.of(
                "Pagination: LIMIT n [OFFSET m], LIMIT m,n, TOP n or ROWNUM; OFFSET ... FETCH FIRST is rejected (E19132).",
                "Upsert: MERGE INTO t USING (...) s ON (...) WHEN MATCHED THEN UPDATE ... WHEN NOT MATCHED THEN INSERT ...",
                "EXPLAIN [VERBOSE] <dml> shows the plan; there is no EXPLAIN ANALYZE.",
                "Identifiers: unquoted names fold to UPPER case; quote with \"double quotes\" to keep case.",
                "Use FROM DUAL for a SELECT without a table; sequences: seq.nextval and CURRVAL('seq').");
    }

    /**
     * Builds {@code jdbc:xugu://host:port/db?char_set=UTF8} from the configuration. A password with a space or a
     * single quote cannot be sent: the driver puts it unquoted into a clear-text login string [V].
     */
    public static String buildUrl(ServerConfig.Database db) {
        checkPassword(db.password());
        return "jdbc:xugu://" + db.host() + ":" + db.port() + "/" + db.database()
                + "?char_set=" + URLEncoder.encode(db.charset(), StandardCharsets.UTF_8);
    }

    /** Rejects, before any connection attempt, a password the driver's login string cannot carry [V]. */
    public static void checkPassword(String password) {
        if (password.indexOf(' ') >= 0 || password.indexOf('\'') >= 0) {
            throw new InvalidConfigException("xugu-mcp.database.password (XUGU_DB_PASSWORD): the XuguDB driver cannot send a"
                    + " password containing a space or a single quote; change the database user's password");
        }
    }
}
