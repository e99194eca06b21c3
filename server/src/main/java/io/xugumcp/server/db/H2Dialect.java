package io.xugumcp.server.db;

import com.zaxxer.hikari.HikariConfig;
import io.xugumcp.api.DialectCapabilities;
import java.util.List;

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
