package io.xugumcp.server.write;

import io.xugumcp.api.write.ImportOptions;
import io.xugumcp.api.write.ImportResult;
import io.xugumcp.api.write.TableRef;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (runs only with {@code -Dbench=true}): the host's import path in-process, warm, against plain
 * JDBC batches in the same JVM on the same database – what the write path itself costs per row (value conversion,
 * guard and policy per batch, savepoints, audit records, progress), without MCP, JSON parsing or a fresh JVM. The rows
 * arrive as the CSV reader hands them over (strings), the hardest case for conversion. PostgreSQL when
 * {@code -Dbench.pg=true} (a schema of its own), else H2 in memory.
 *
 * <pre>mvn -B test -pl server -am -Dtest=ImportPathBenchTest -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true [-Dbench.pg=true]</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ImportPathBenchTest {
    static final int ROWS = Integer.getInteger("bench.rows", 100_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final String DDL = "(id int PRIMARY KEY, c1 varchar(40) NOT NULL, c2 int, c3 numeric(12,2), c4 date,"
            + " c5 timestamp, c6 boolean, c7 varchar(40), c8 bigint, c9 double precision)";

    static Iterator<Map<String, Object>> csvRows() {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < ROWS;
            }

            @Override
            public Map<String, Object> next() {
                int n = i++;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", Integer.toString(n));
                m.put("c1", "name-" + n);
                m.put("c2", Integer.toString(n % 1000));
                m.put("c3", Double.toString((n % 10_000) / 100.0));
                m.put("c4", "2024-01-" + String.format("%02d", 1 + n % 28));
                m.put("c5", "2024-02-03T04:05:" + String.format("%02d", n % 60));
                m.put("c6", Boolean.toString(n % 2 == 0));
                m.put("c7", "text " + n);
                m.put("c8", Long.toString(10_000_000_000L + n));
                m.put("c9", Double.toString(n / 7.0));
                return m;
            }
        };
    }

    @Test
    void importPathAgainstJdbc() throws Exception {
        boolean pg = Boolean.getBoolean("bench.pg");
        String schema = "dml_pbench_" + Long.toHexString(System.nanoTime());
        WriteFixture f = pg
                ? new WriteFixture("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, "postgres", true,
                        WriteSettings.DEFAULTS, "CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".bench " + DDL,
                        "CREATE TABLE " + schema + ".floor " + DDL)
                : new WriteFixture("pbench", true, WriteSettings.DEFAULTS, "CREATE TABLE bench " + DDL,
                        "CREATE TABLE floor " + DDL);
        List<String> out = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                f.exec("TRUNCATE TABLE floor");
                double floor = floor(f);
                f.exec("TRUNCATE TABLE bench");
                long t0 = System.nanoTime();
                ImportResult r = f.writes("bulk_import", Map.of()).importRows(TableRef.of("bench"), csvRows(),
                        new ImportOptions(1000, ImportOptions.Mode.ATOMIC, 0, null));
                double ours = ROWS / ((System.nanoTime() - t0) / 1e9);
                if (!r.complete()) {
                    throw new IllegalStateException(String.valueOf(r.failure()));
                }
                out.add(String.format(Locale.ROOT, "round %d: JDBC floor %,9.0f rows/s, import path %,9.0f rows/s (%.2f of"
                        + " the floor)", round + 1, floor, ours, ours / floor));
            }
        } finally {
            if (pg) {
                f.exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            f.close();
        }
        System.out.println("bench RESULT import path in-process, " + (pg ? "PostgreSQL" : "H2 in memory") + ", " + ROWS
                + " rows x 10 columns, batches of 1000, one transaction:");
        out.forEach(l -> System.out.println("bench " + l));
    }

    static double floor(WriteFixture f) throws Exception {
        try (Connection c = f.pool.writableConnection()) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO floor VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "name-" + i);
                    ps.setInt(3, i % 1000);
                    ps.setBigDecimal(4, new BigDecimal(Double.toString((i % 10_000) / 100.0)));
                    ps.setDate(5, java.sql.Date.valueOf(LocalDate.of(2024, 1, 1 + i % 28)));
                    ps.setTimestamp(6, Timestamp.valueOf(LocalDateTime.of(2024, 2, 3, 4, 5, i % 60)));
                    ps.setBoolean(7, i % 2 == 0);
                    ps.setString(8, "text " + i);
                    ps.setLong(9, 10_000_000_000L + i);
                    ps.setDouble(10, i / 7.0);
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            return ROWS / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static {
        // Keep the JIT honest: nothing else of the test is in the way.
        Statement.class.getName();
    }
}
