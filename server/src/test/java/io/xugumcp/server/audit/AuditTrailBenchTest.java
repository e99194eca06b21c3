package io.xugumcp.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Caller;
import io.xugumcp.server.sql.SqlRedactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (runs only with {@code -Dbench=true}): what the trail costs per tool call in-process – the
 * statement record (with SQL redaction) and the tool record of one {@code execute_query}, from the callers' side until
 * the writer has them in the file. Prints the median of rounds; asserts nothing.
 *
 * <pre>mvn -B test -pl plugin-api,server -Dtest=AuditTrailBenchTest -Dbench=true</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class AuditTrailBenchTest {
    @TempDir
    Path dir;

    @Test
    void costPerCall() throws Exception {
        AuditSettings s = new AuditSettings(true, dir.resolve("audit.log"), Duration.ofSeconds(1),
                64L << 20, true, 4000, true);
        SqlRedactor redactor = new SqlRedactor("h2", 4000);
        Caller c = new Caller("stdio", "data_analyst", "stdio");
        int n = 100_000;
        List<Double> rounds = new ArrayList<>();
        try (AuditTrail t = AuditTrail.open(s, new ObjectMapper(), redactor::redact, "bench")) {
            for (int round = 0; round < 8; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Map<String, Object> st = new LinkedHashMap<>();
                    st.put("tool", "execute_query");
                    st.put("callId", "0123456789abc");
                    st.put("kind", "READ");
                    st.put("verb", "SELECT");
                    st.put("tables", List.of("PRODUCTS"));
                    st.put("sql", "SELECT product_id, name FROM products WHERE product_id = ? AND name <> 'x'");
                    st.put("rows", 1L);
                    st.put("elapsedMs", 0L);
                    st.put("outcome", "ok");
                    t.record(c, "statement", st);
                    Map<String, Object> tool = new LinkedHashMap<>();
                    tool.put("tool", "execute_query");
                    tool.put("plugin", "query");
                    tool.put("callId", "0123456789abc");
                    tool.put("permission", "SELECT");
                    tool.put("outcome", "ok");
                    tool.put("elapsedMs", 1L);
                    t.record(c, "tool", tool);
                }
                t.flush();
                if (round >= 3) {
                    rounds.add((System.nanoTime() - t0) / 1000.0 / n);
                }
            }
        }
        rounds.sort(null);
        System.out.printf("audit trail: %.2f µs per tool call (tool + statement record, redaction, hash chain, write);"
                + " rounds %s%n", rounds.get(rounds.size() / 2), rounds);
    }
}
