package io.xugumcp.it;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (runs only with {@code -Dbench=true}): the cost of the audit trail per tool call, measured
 * through the real distribution and the SDK client over stdio. Each round is {@code bench.calls} calls of
 * {@code execute_query} (one tool record and one statement record each); the median of {@code bench.rounds} rounds
 * after a warm-up, for a server with the trail on and one with it off, alternated {@code bench.passes} times; the
 * result is the median of the passes' medians. Prints, asserts nothing.
 *
 * <pre>mvn -B verify -Dit.test=AuditOverheadBenchIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class AuditOverheadBenchIT {
    static final int CALLS = Integer.getInteger("bench.calls", 1000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int PASSES = Integer.getInteger("bench.passes", 2);
    static final int WARMUP = Integer.getInteger("bench.warmup", 3000);

    @Test
    void auditOverheadPerCall(@TempDir Path dir) {
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        for (int pass = 0; pass < PASSES; pass++) {
            for (boolean audit : new boolean[] {true, false}) {
                String mode = audit ? "audit on" : "audit off";
                Map<String, String> env = Dist.env(dir.resolve("data-" + pass + "-" + audit), Map.of(
                        "SECURITY_ENABLE_AUDIT_LOG", String.valueOf(audit), "SECURITY_RATE_LIMIT_ENABLED", "false"));
                McpSyncClient c = Dist.stdio(Dist.home(), env);
                try {
                    round(c, WARMUP);   // warm-up: JIT, guard cache, pool
                    List<Double> rounds = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        rounds.add(round(c, CALLS));
                    }
                    double m = median(rounds);
                    medians.computeIfAbsent(mode, k -> new ArrayList<>()).add(m);
                    System.out.printf("bench pass %d %-9s: per call µs by round %s, median %.1f%n", pass + 1, mode,
                            rounds.stream().map(d -> String.format("%.0f", d)).toList(), m);
                } finally {
                    c.closeGracefully();
                }
            }
        }
        double on = median(medians.get("audit on"));
        double off = median(medians.get("audit off"));
        System.out.printf("bench RESULT: %d calls x %d rounds, execute_query over stdio on the H2 demo database:"
                + " audit on %.1f µs/call, audit off %.1f µs/call, overhead %.1f µs/call (%.1f%%)%n",
                CALLS, ROUNDS, on, off, on - off, 100 * (on - off) / off);
    }

    /** Microseconds per call over {@code n} sequential calls. */
    private static double round(McpSyncClient c, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            McpSchema.CallToolResult r = Dist.call(c, "execute_query",
                    Map.of("sql", "SELECT product_id, name FROM products WHERE product_id = ?", "params", List.of(i % 20 + 1)));
            if (Boolean.TRUE.equals(r.isError())) {
                throw new IllegalStateException(Dist.text(r));
            }
        }
        return (System.nanoTime() - t0) / 1000.0 / n;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
