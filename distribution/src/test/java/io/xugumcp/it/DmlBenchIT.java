package io.xugumcp.it;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (runs only with {@code -Dbench=true}); prints, asserts nothing.
 * <ul>
 *   <li>{@code bulk_import} of {@code bench.rows} rows (10 columns, batches of 1000) through the built distribution
 *       and the SDK client over stdio, into the local PostgreSQL and into H2 (a file database), with the data as
 *       inline JSON rows, inline CSV text and a CSV file from the import folder: rows/s of the whole call and the
 *       server process's peak RSS (VmHWM, a fresh server per case) – next to the floor: plain JDBC batches of the
 *       same rows, same batch size, one transaction, from this JVM;</li>
 *   <li>{@code insert_rows} of one row, p50/p95 over stdio, next to {@code execute_query}'s point read.</li>
 * </ul>
 * <pre>mvn -B verify -pl distribution -am -Dit.test=DmlBenchIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DmlBenchIT {
    static final int ROWS = Integer.getInteger("bench.rows", 100_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int POINT_CALLS = Integer.getInteger("bench.point.calls", 1000);
    static final String PG = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String COLUMNS = "id,c1,c2,c3,c4,c5,c6,c7,c8,c9";
    static final String DDL = "(id int PRIMARY KEY, c1 varchar(40) NOT NULL, c2 int, c3 numeric(12,2), c4 date,"
            + " c5 timestamp, c6 boolean, c7 varchar(40), c8 bigint, c9 double precision)";

    @TempDir
    static Path dir;

    static Map<String, Object> row(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i);
        m.put("c1", "name-" + i);
        m.put("c2", i % 1000);
        m.put("c3", (i % 10_000) / 100.0);
        m.put("c4", "2024-01-" + String.format("%02d", 1 + i % 28));
        m.put("c5", "2024-02-03T04:05:" + String.format("%02d", i % 60));
        m.put("c6", i % 2 == 0);
        m.put("c7", "text " + i);
        m.put("c8", 10_000_000_000L + i);
        m.put("c9", i / 7.0);
        return m;
    }

    static String csv() {
        StringBuilder sb = new StringBuilder(COLUMNS).append('\n');
        for (int i = 0; i < ROWS; i++) {
            boolean first = true;
            for (Object v : row(i).values()) {
                sb.append(first ? "" : ",").append(v);
                first = false;
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    record Target(String name, String url, String user, String table) {
    }

    @Test
    void bulkImportAndPointInsert() throws Exception {
        Path imports = Files.createDirectories(dir.resolve("imports"));
        String csv = csv();
        Files.writeString(imports.resolve("bench.csv"), csv);
        List<Map<String, Object>> json = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            json.add(row(i));
        }
        String schema = "dml_bench_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".bench " + DDL);
            s.execute("CREATE TABLE " + schema + ".floor " + DDL);
            s.execute("CREATE TABLE " + schema + ".point (id int PRIMARY KEY, v varchar(20))");
        }
        String h2 = "jdbc:h2:file:" + dir.resolve("h2bench");
        try (Connection c = DriverManager.getConnection(h2, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench " + DDL);
            s.execute("CREATE TABLE floor " + DDL);
            s.execute("CREATE TABLE point (id int PRIMARY KEY, v varchar(20))");
        }
        List<String> out = new ArrayList<>();
        try {
            for (Target t : List.of(new Target("postgresql", PG + "?currentSchema=" + schema, "postgres", "bench"),
                    new Target("h2", h2, "sa", "bench"))) {
                for (int round = 0; round < ROUNDS; round++) {
                    double floor = floor(t);
                    out.add(String.format(Locale.ROOT, "%-10s round %d  JDBC floor (batch 1000, one tx): %,9.0f rows/s",
                            t.name, round + 1, floor));
                    for (String kind : List.of("json", "csv", "csv-file")) {
                        Map<String, Object> args = new LinkedHashMap<>(Map.of("table_name", "bench", "batch_size", 1000));
                        switch (kind) {
                            case "json" -> args.put("data", json);
                            case "csv" -> args.put("data", csv);
                            default -> args.put("file", "bench.csv");
                        }
                        Result r = importOnce(t, imports, args);
                        out.add(String.format(Locale.ROOT, "%-10s round %d  bulk_import %-8s: %,9.0f rows/s (%.2f of the"
                                + " floor), call %,6d ms (import itself %,6d ms), server peak RSS %4d MB", t.name,
                                round + 1, kind, ROWS / (r.ms / 1000.0), (ROWS / (r.ms / 1000.0)) / floor, r.ms,
                                r.serverMs, r.peakRssKb / 1024));
                    }
                }
                out.addAll(point(t));
            }
        } finally {
            try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        System.out.println("bench RESULT (" + ROWS + " rows x 10 columns" + (JAVA_OPTS.isBlank() ? ""
                : ", server JAVA_OPTS += " + JAVA_OPTS) + "):");
        out.forEach(l -> System.out.println("bench " + l));
    }

    record Result(long ms, long serverMs, long peakRssKb) {
    }

    /** Extra JVM options for the server, e.g. -XX:TieredStopAtLevel=4 to compare with the launcher's C1-only JIT. */
    static final String JAVA_OPTS = System.getProperty("bench.java.opts", "");

    static Map<String, String> env(Target t, Path imports) {
        Map<String, String> env = new HashMap<>(Map.of("XUGU_DB_URL", t.url, "XUGU_DB_USER", t.user,
                "XUGU_MCP_IMPORT_DIR", imports.toString(), "SECURITY_RATE_LIMIT_ENABLED", "false"));
        if (!JAVA_OPTS.isBlank()) {
            env.put("JAVA_OPTS", "-Xmx512m " + JAVA_OPTS);
        }
        return env;
    }

    static Result importOnce(Target t, Path imports, Map<String, Object> args) throws Exception {
        truncate(t, "bench");
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("data-" + System.nanoTime()), env(t, imports)),
                spec -> spec.requestTimeout(java.time.Duration.ofMinutes(10)), "--read-write");
        try {
            long pid = serverPid();
            // Warm the path (JIT, pool, catalog) with a small import that is rolled back by its own failure.
            Dist.call(c, "bulk_import", Map.of("table_name", "bench", "data", List.of(row(-1), Map.of("id", -2))));
            long t0 = System.nanoTime();
            McpSchema.CallToolResult r = Dist.call(c, "bulk_import", args);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (Boolean.TRUE.equals(r.isError()) || !"complete".equals(Dist.structured(r).get("status"))) {
                throw new IllegalStateException(Dist.text(r));
            }
            return new Result(ms, ((Number) Dist.structured(r).get("elapsedMs")).longValue(), peakRss(pid));
        } finally {
            c.closeGracefully();
        }
    }

    static void truncate(Target t, String table) throws Exception {
        // An H2 file stays locked for a moment after the server process ends.
        for (int attempt = 0; ; attempt++) {
            try (Connection c = DriverManager.getConnection(t.url, t.user, ""); Statement s = c.createStatement()) {
                s.execute("TRUNCATE TABLE " + table);
                return;
            } catch (java.sql.SQLException e) {
                if (attempt > 50) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The newest java child of this JVM: the server the SDK client just spawned (the launcher execs java). */
    static long serverPid() {
        Optional<ProcessHandle> p = ProcessHandle.current().children()
                .filter(h -> h.info().command().map(cmd -> cmd.endsWith("java")).orElse(false))
                .max((a, b) -> a.info().startInstant().orElseThrow().compareTo(b.info().startInstant().orElseThrow()));
        return p.orElseThrow().pid();
    }

    static long peakRss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    /** Plain JDBC: the same rows as typed values, batches of 1000, one transaction. */
    static double floor(Target t) throws Exception {
        truncate(t, "floor");
        try (Connection c = DriverManager.getConnection(t.url, t.user, "")) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO floor (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
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
            return ROWS / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** insert_rows of one row vs execute_query's point read, over stdio: p50 and p95 in ms. */
    static List<String> point(Target t) throws Exception {
        truncate(t, "point");
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("point-" + System.nanoTime()),
                env(t, dir)), "--read-write");
        try {
            for (int i = 0; i < 300; i++) {   // warm-up
                Dist.call(c, "insert_rows", Map.of("table_name", "point", "rows", Map.of("id", -1 - i, "v", "w")));
                Dist.call(c, "execute_query", Map.of("sql", "SELECT id, v FROM point WHERE id = ?", "params", List.of(-1)));
            }
            List<Long> ins = new ArrayList<>();
            List<Long> read = new ArrayList<>();
            for (int i = 0; i < POINT_CALLS; i++) {
                long t0 = System.nanoTime();
                McpSchema.CallToolResult r = Dist.call(c, "insert_rows", Map.of("table_name", "point", "rows",
                        Map.of("id", i, "v", "v" + i)));
                ins.add(System.nanoTime() - t0);
                if (Boolean.TRUE.equals(r.isError())) {
                    throw new IllegalStateException(Dist.text(r));
                }
                long t1 = System.nanoTime();
                Dist.call(c, "execute_query", Map.of("sql", "SELECT id, v FROM point WHERE id = ?", "params", List.of(i)));
                read.add(System.nanoTime() - t1);
            }
            return List.of(String.format(Locale.ROOT, "%-10s point insert_rows (1 row): p50 %.2f ms, p95 %.2f ms;"
                    + " execute_query point read: p50 %.2f ms, p95 %.2f ms (%d calls each, stdio)", t.name,
                    pct(ins, 50), pct(ins, 95), pct(read, 50), pct(read, 95), POINT_CALLS));
        } finally {
            c.closeGracefully();
        }
    }

    static double pct(List<Long> ns, int p) {
        List<Long> s = new ArrayList<>(ns);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
    }
}
