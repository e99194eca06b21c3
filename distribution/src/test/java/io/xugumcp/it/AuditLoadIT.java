package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail under load and through a crash: 8 HTTP clients × 200 calls leave exactly 1,600 tool-call records
 * and a chain that verifies; a {@code kill -9} in the middle of the next load leaves a trail that verifies up to the
 * last record written; the restarted server appends a new chain segment that seals the old part.
 */
class AuditLoadIT {
    static final int CLIENTS = 8;
    static final int CALLS = 200;

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eightClientsTimesTwoHundredCallsThenKillNineThenRestart(@TempDir Path dir) throws Exception {
        List<String> tokens = new ArrayList<>();
        StringBuilder conf = new StringBuilder("xugu-mcp.security {\n  rate-limit.enabled = false\n  tokens = [\n");
        for (int i = 0; i < CLIENTS; i++) {
            String t = "load-token-" + i + "-" + System.nanoTime();
            tokens.add(t);
            conf.append("    { client = client-").append(i).append(", role = read_only, sha256 = \"").append(sha256(t))
                    .append("\" }\n");
        }
        conf.append("  ]\n}\n");
        Path config = dir.resolve("application.conf");
        Files.writeString(config, conf.toString());
        Path data = dir.resolve("data");
        Path audit = Audits.file(data);
        Map<String, String> env = Dist.env(data, Map.of());

        // 1. 8 × 200 calls, then a clean shutdown.
        try (Dist.HttpServer server = new Dist.HttpServer(Dist.home(), env, dir.resolve("server-1.log"),
                "--config", config.toString())) {
            AtomicInteger errors = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String token = tokens.get(i);
                done.add(pool.submit(() -> {
                    McpSyncClient c = server.streamable(Map.of("Authorization", "Bearer " + token));
                    try {
                        for (int k = 0; k < CALLS; k++) {
                            McpSchema.CallToolResult r = Dist.call(c, "execute_query",
                                    Map.of("sql", "SELECT COUNT(*) FROM products WHERE product_id > ?", "params", List.of(k)));
                            if (Boolean.TRUE.equals(r.isError())) {
                                errors.incrementAndGet();
                            }
                        }
                    } finally {
                        c.closeGracefully();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertEquals(0, errors.get(), "every call answered");
        }
        Audits.awaitCleanEnd(audit);
        List<Map<String, Object>> records = Audits.records(audit);
        List<Map<String, Object>> calls = Audits.where(records, Audits.action("tool"));
        assertEquals(CLIENTS * CALLS, calls.size(), "exactly one record per tool call");
        for (int i = 0; i < CLIENTS; i++) {
            String client = "client-" + i;
            assertEquals(CALLS, calls.stream().filter(r -> client.equals(r.get("client"))).count(), client);
        }
        assertEquals(CLIENTS * CALLS, Audits.where(records, r -> "statement".equals(r.get("action"))
                && "ok".equals(r.get("outcome"))).size(), "one statement record per call");
        Audits.Verified first = Audits.verify(audit);
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("1 segment"), first.output());

        // 2. The same load, and kill -9 in the middle of it.
        Dist.HttpServer second = new Dist.HttpServer(Dist.home(), env, dir.resolve("server-2.log"),
                "--config", config.toString());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            String token = tokens.get(i);
            pool.submit(() -> {
                McpSyncClient c = second.streamable(Map.of("Authorization", "Bearer " + token));
                try {
                    while (!stop.get()) {
                        Dist.call(c, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM orders"));
                        answered.incrementAndGet();
                    }
                } catch (RuntimeException killed) {
                    // the server is gone
                }
                return null;
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answered.get() < 400 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        second.process.destroyForcibly();   // SIGKILL: no shutdown hook, no flush, no chain.end
        assertTrue(second.process.waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        pool.shutdownNow();
        assertTrue(answered.get() >= 400, "load was running when the server was killed: " + answered.get());

        Audits.Verified afterKill = Audits.verify(audit);
        assertEquals(0, afterKill.exit(), "the chain up to the last record written verifies: " + afterKill.output());
        assertTrue(Audits.where(Audits.records(audit), Audits.action("tool")).size() > CLIENTS * CALLS,
                "records of the killed run were written as they came");

        // 3. A restart appends a new segment after the crash; the whole trail verifies.
        try (Dist.HttpServer third = new Dist.HttpServer(Dist.home(), env, dir.resolve("server-3.log"),
                "--config", config.toString())) {
            McpSyncClient c = third.streamable(Map.of("Authorization", "Bearer " + tokens.get(0)));
            try {
                Dist.call(c, "execute_query", Map.of("sql", "SELECT 1"));
            } finally {
                c.closeGracefully();
            }
        }
        Audits.awaitCleanEnd(audit);
        List<Map<String, Object>> all = Audits.records(audit);
        List<Map<String, Object>> starts = Audits.where(all, Audits.action("chain.start"));
        assertEquals(3, starts.size());
        assertEquals("clean", starts.get(1).get("previous"));
        assertEquals("crash", starts.get(2).get("previous"));
        Audits.Verified finalCheck = Audits.verify(audit);
        assertEquals(0, finalCheck.exit(), finalCheck.output());
        assertTrue(finalCheck.output().contains("3 segments (1 started after a crash)"), finalCheck.output());
        assertEquals(CLIENTS * CALLS, Audits.where(all, r -> "tool".equals(r.get("action"))
                && ((Number) r.get("seq")).longValue() < ((Number) starts.get(1).get("seq")).longValue()).size(),
                "the first run's records are all still there");
        System.out.printf("audit load: %d records, %d answered before kill -9%n", all.size(), answered.get());
    }
}
