package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import io.xugumcp.api.DialectCapabilities;
import java.util.List;
import java.util.Set;

/** H2 2.x: the embedded demo database. Its driver honours setMaxRows and setQueryTimeout. */
public final class H2Dialect extends QuotingDialect {

    /** H2 2.x facts: MERGE … KEY, DDL and TRUNCATE commit at once, exact batch counts, 256-character names. */
    private static final DialectCapabilities CAPABILITIES = new DialectCapabilities(
            DialectCapabilities.UpsertForm.MERGE_KEY, false, false, true, DialectCapabilities.GeneratedKeys.JDBC,
            false, DialectCapabilities.IdentifierCase.UPPER, 256, DialectCapabilities.LengthUnit.CHARACTERS,
            false, true, true, false, true);

    @Override
    public DialectCapabilities capabilities() {
        return CAPABILITIES;
    }

    private static final Set<String> TIME_ZONE = Set.of("WITH TIME ZONE", "WITHOUT TIME ZONE");

    /** H2 2.x data types [V: every name created in a table by H2DialectTypesTest]. */
    private static final ColumnTypes TYPES = ColumnTypes.of("H2")
            .type(ColumnTypes.Args.NONE, "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "REAL",
                    "DOUBLE PRECISION", "DATE", "UUID", "JSON")
            .type(ColumnTypes.Args.PRECISION_SCALE, "NUMERIC", "DECIMAL")
            .type(ColumnTypes.Args.OPTIONAL_ONE, "FLOAT", "DECFLOAT", "CHARACTER", "CHAR", "CHARACTER VARYING", "VARCHAR",
                    "VARCHAR_IGNORECASE", "CHARACTER LARGE OBJECT", "CLOB", "BINARY", "BINARY VARYING", "VARBINARY",
                    "BINARY LARGE OBJECT", "BLOB")
            .type(ColumnTypes.Args.OPTIONAL_ONE, TIME_ZONE, "TIME", "TIMESTAMP")
            .typeWithModifier(ColumnTypes.Args.NONE, ColumnTypes.INTERVAL_FIELDS, "INTERVAL")
            .missing("UNSIGNED", "H2 has no unsigned integers: use the next larger signed type (SMALLINT for TINYINT"
                    + " UNSIGNED, INTEGER for SMALLINT UNSIGNED, BIGINT for INT UNSIGNED, NUMERIC(20) for BIGINT UNSIGNED),"
                    + " with a check constraint col >= 0 if negatives must be refused.")
            .missing("ZEROFILL", "Zero padding is a display matter: store the number and format it when reading.")
            .missing("ENUM", "Use VARCHAR(n) with a check constraint: col IN ('a', 'b').")
            .missing("SET", "Use VARCHAR(n) holding a list, or a separate table with one row per value.")
            .missing("YEAR", "Use SMALLINT (or DATE).")
            .missing("MEDIUMINT", "Use INTEGER.")
            .missing("SERIAL", "Use INTEGER with identity: true.")
            .missing("BIGSERIAL", "Use BIGINT with identity: true.")
            .missing("SMALLSERIAL", "Use SMALLINT with identity: true.")
            .missing("DATETIME", "Use TIMESTAMP.")
            .missing("TIMESTAMPTZ", "Use TIMESTAMP WITH TIME ZONE.")
            .missing("TIMETZ", "Use TIME WITH TIME ZONE.")
            .missing("TEXT", "Use CLOB, or VARCHAR without a length.")
            .missing("BYTEA", "Use VARBINARY or BLOB.")
            .missing("JSONB", "Use JSON.")
            .missing("GUID", "Use UUID.")
            .missing("MONEY", "Use NUMERIC(19,4).")
            .missing("NVARCHAR", "Use VARCHAR (H2 strings are Unicode).")
            .missing("NCHAR", "Use CHAR (H2 strings are Unicode).")
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
        return "h2";
    }

    @Override
    public String driverClassName() {
        return "org.h2.Driver";
    }

    @Override
    public void configurePool(HikariConfig pool) {
        // isValid works in H2. Its connection-level errors are not SQLState class 08, so Hikari would hand a
        // connection to a server that went away to the next caller again and again: evict on them.
        pool.setExceptionOverride(new com.zaxxer.hikari.SQLExceptionOverride() {
            @java.lang.Override
            public Override adjudicate(java.sql.SQLException e) {
                return BROKEN.contains(e.getSQLState()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
            }
        });
    }

    /** 90067 "Connection is broken", 90121 "Database is already closed", 90028 an I/O error. */
    private static final java.util.Set<String> BROKEN = java.util.Set.of("90067", "90121", "90028");

    @Override
    public List<String> sqlRules() {
        return List.of(
                "Pagination: LIMIT n OFFSET m, or OFFSET m ROWS FETCH FIRST n ROWS ONLY.",
                "Upsert: MERGE INTO t USING (...) s ON (...) WHEN MATCHED THEN UPDATE ... WHEN NOT MATCHED THEN INSERT ...",
                "Unquoted identifiers fold to UPPER case; quote with \"double quotes\" to keep case.",
                "EXPLAIN <select> shows the plan; EXPLAIN ANALYZE would execute the statement and is not used.");
    }
}
