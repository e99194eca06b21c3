package io.xugumcp.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Security;
import io.xugumcp.server.sql.SqlRedactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ALICE = new Caller("alice", "read_only", "http");
    private static final UnaryOperator<String> REDACT = new SqlRedactor("postgresql", 4000)::redact;

    @TempDir
    Path dir;

    private AuditSettings settings(long maxSize) {
        return new AuditSettings(true, dir.resolve("audit.log"), Duration.ofMillis(200), maxSize, true, 4000, true);
    }

    private AuditTrail open() throws Exception {
        return AuditTrail.open(settings(64 << 20), JSON, REDACT, "test");
    }

    private static Map<String, Object> tool(String name, String outcome) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tool", name);
        d.put("outcome", outcome);
        d.put("elapsedMs", 3);
        return d;
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(dir.resolve("audit.log"));
    }

    private AuditVerifier.Report verify() throws Exception {
        return AuditVerifier.verify(AuditVerifier.expand(dir));
    }

    @Test
    void everyRecordIsOneChainedJsonLineAndTheChainVerifies() throws Exception {
        try (AuditTrail t = open()) {
            for (int i = 0; i < 10; i++) {
                t.record(ALICE, "tool", tool("execute_query", i % 3 == 0 ? "denied" : "ok"));
            }
        }
        List<String> lines = lines();
        assertEquals(12, lines.size(), "chain.start + 10 + chain.end");
        Map<?, ?> first = JSON.readValue(lines.get(1), Map.class);
        assertEquals(2, first.get("seq"));
        assertEquals("tool", first.get("action"));
        assertEquals("alice", first.get("client"));
        assertEquals("read_only", first.get("role"));
        assertEquals("http", first.get("transport"));
        assertTrue(((String) first.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z)"),
                "time with zone: " + first.get("time"));
        AuditVerifier.Report r = verify();
        assertTrue(r.valid(), r.describe());
        assertEquals(12, r.records());
        assertEquals(1, r.segments());
        assertEquals(10L, r.byAction().get("tool"));
    }

    @Test
    void anEditedRemovedOrReorderedLineIsDetected() throws Exception {
        try (AuditTrail t = open()) {
            for (int i = 0; i < 6; i++) {
                t.record(ALICE, "tool", tool("t" + i, "ok"));
            }
        }
        Path log = dir.resolve("audit.log");
        List<String> original = lines();

        List<String> edited = new ArrayList<>(original);
        edited.set(3, edited.get(3).replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\""));
        Files.write(log, edited);
        AuditVerifier.Report r = verify();
        assertFalse(r.valid());
        assertTrue(r.problems().get(0).contains("line 4") && r.problems().get(0).contains("changed"), r.describe());

        List<String> removed = new ArrayList<>(original);
        removed.remove(3);
        Files.write(log, removed);
        r = verify();
        assertFalse(r.valid());
        assertTrue(r.problems().get(0).contains("prev mismatch"), r.describe());

        List<String> swapped = new ArrayList<>(original);
        swapped.set(2, original.get(3));
        swapped.set(3, original.get(2));
        Files.write(log, swapped);
        assertFalse(verify().valid());

        Files.write(log, original);
        assertTrue(verify().valid());
    }

    @Test
    void recordsCutOffTheEndAreDetectedThroughTheSealAlsoAfterARestart() throws Exception {
        try (AuditTrail t = open()) {
            for (int i = 0; i < 6; i++) {
                t.record(ALICE, "tool", tool("t" + i, "ok"));
            }
        }
        Path log = dir.resolve("audit.log");
        assertTrue(Files.exists(dir.resolve("audit.log.seal")));
        List<String> original = lines();
        AuditVerifier.Report ok = verify();
        assertTrue(ok.valid(), ok.describe());
        assertTrue(ok.notes().stream().anyMatch(n -> n.contains("matches")), ok.describe());

        // The newest three records removed: every remaining line still chains, only the seal can tell.
        Files.write(log, original.subList(0, original.size() - 3));
        AuditVerifier.Report cut = verify();
        assertFalse(cut.valid(), cut.describe());
        assertTrue(cut.problems().get(0).contains("the newest 3 records were cut off"), cut.describe());

        // Same number of records, the last one replaced by a well-chained forgery: the seal's hash differs.
        Files.write(log, original.subList(0, original.size() - 1));
        try (AuditTrail t = open()) {
            t.record(ALICE, "tool", tool("forged", "ok"));
        }
        AuditVerifier.Report after = verify();
        assertFalse(after.valid(), "a restart after the cut does not hide it: " + after.describe());
        assertTrue(after.describe().contains("cut off before this start"), after.describe());

        // A removed seal is a finding too, once the trail says it keeps one.
        Files.write(log, original);
        Files.delete(dir.resolve("audit.log.seal"));
        AuditVerifier.Report unsealed = verify();
        assertFalse(unsealed.valid(), unsealed.describe());
        assertTrue(unsealed.describe().contains("is missing"), unsealed.describe());
    }

    @Test
    void aRestartAppendsANewSegmentSealingTheOldOne() throws Exception {
        try (AuditTrail t = open()) {
            t.record(ALICE, "tool", tool("a", "ok"));
        }
        try (AuditTrail t = open()) {
            t.record(ALICE, "tool", tool("b", "ok"));
        }
        AuditVerifier.Report r = verify();
        assertTrue(r.valid(), r.describe());
        assertEquals(2, r.segments());
        assertEquals(0, r.crashes());
        assertTrue(lines().get(3).contains("\"previous\":\"clean\""), lines().get(3));
    }

    @Test
    void afterACrashTheHalfWrittenRecordIsCutOffAndANewSegmentFollows() throws Exception {
        AuditTrail crashed = open();
        for (int i = 0; i < 5; i++) {
            crashed.record(ALICE, "tool", tool("x", "ok"));
        }
        crashed.flush();
        crashed.abandonForTest();
        // The process dies mid-write: a record without its end and newline.
        String half = lines().get(2).substring(0, 50);
        Files.writeString(dir.resolve("audit.log"), half, StandardOpenOption.APPEND);
        AuditVerifier.Report before = verify();
        assertTrue(before.valid(), "up to the last complete record the chain holds: " + before.describe());
        assertTrue(before.notes().stream().anyMatch(n -> n.contains("half-written")), before.describe());

        try (AuditTrail t = open()) {
            t.record(ALICE, "tool", tool("y", "ok"));
        }
        AuditVerifier.Report after = verify();
        assertTrue(after.valid(), after.describe());
        assertEquals(2, after.segments());
        assertEquals(1, after.crashes());
        assertTrue(lines().stream().anyMatch(l -> l.contains("\"truncatedBytes\":50")));
        assertFalse(String.join("\n", lines()).contains(half + "{"), "nothing glued to the half record");
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int threads = 8;
        int each = 200;
        try (AuditTrail t = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            for (int k = 0; k < threads; k++) {
                Caller c = new Caller("client-" + k, "read_only", "http");
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        t.record(c, "tool", tool("execute_query", "ok"));
                    }
                    return null;
                });
            }
            go.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        AuditVerifier.Report r = verify();
        assertTrue(r.valid(), r.describe());
        assertEquals(threads * each, r.byAction().get("tool"));
    }

    @Test
    void rotatesBySizeAndTheChainContinuesAcrossFiles() throws Exception {
        try (AuditTrail t = AuditTrail.open(settings(4096), JSON, REDACT, "test")) {
            for (int i = 0; i < 100; i++) {
                t.record(ALICE, "tool", tool("execute_query", "ok"));
            }
        }
        List<Path> files = AuditVerifier.expand(dir);
        assertTrue(files.size() > 5, files.toString());
        for (Path f : files) {
            assertTrue(Files.size(f) <= 4096, f + " " + Files.size(f));
        }
        AuditVerifier.Report r = AuditVerifier.verify(files);
        assertTrue(r.valid(), r.describe());
        assertEquals(100L, r.byAction().get("tool"));
        // One rotated file alone verifies too, anchored on its first record.
        AuditVerifier.Report one = AuditVerifier.verify(List.of(files.get(2)));
        assertTrue(one.valid(), one.describe());
        assertTrue(one.notes().get(0).contains("continues a chain"), one.describe());
    }

    @Test
    void rotatesWhenTheDayChanges() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-06-30T23:59:58Z"));
        try (AuditTrail t = AuditTrail.open(settings(64 << 20), JSON, REDACT, "test", clock)) {
            t.record(ALICE, "tool", tool("a", "ok"));
            t.flush();
            clock.now = Instant.parse("2025-07-01T00:00:01Z");
            t.record(ALICE, "tool", tool("b", "ok"));
        }
        assertTrue(Files.exists(dir.resolve("audit.2025-06-30.1.log")));
        assertTrue(Files.readString(dir.resolve("audit.log")).contains("2025-07-01T00:00:01"));
        assertTrue(verify().valid());
    }

    @Test
    void sqlLiteralsAndSecretsNeverReachTheFile() throws Exception {
        try (AuditTrail t = open()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("sql", "SELECT * FROM users WHERE email = 'ceo@example.com' AND pin = 7315924086");
            d.put("apiKey", "sk-live-123");
            d.put("nested", Map.of("password", "hunter2", "ok", "visible"));
            d.put("client", "forged");
            d.put("hash", "forged");
            t.record(ALICE, "statement", d);
            t.record(ALICE, "plugin.x.event", Map.of("headers", Map.of("Authorization", "Bearer abc")));
        }
        String all = Files.readString(dir.resolve("audit.log"));
        // The number is long on purpose: a short one ("4242") turns up by chance in a record's hex hash.
        for (String secret : List.of("ceo@example.com", "7315924086", "sk-live-123", "hunter2", "Bearer abc", "forged")) {
            assertFalse(all.contains(secret), secret + " leaked: " + all);
        }
        assertTrue(all.contains("SELECT * FROM users WHERE email = ? AND pin = ?"), all);
        assertTrue(all.contains("visible"));
        assertTrue(verify().valid());
    }

    @Test
    void searchesNewestFirstWithFiltersAndCounts() throws Exception {
        try (AuditTrail t = open()) {
            for (int i = 0; i < 30; i++) {
                Caller c = new Caller(i % 2 == 0 ? "alice" : "bob", "read_only", "http");
                t.record(c, "tool", tool(i % 3 == 0 ? "execute_batch" : "execute_query", i % 5 == 0 ? "denied" : "ok"));
            }
            AuditSearch s = new AuditSearch(t, JSON);
            List<Security.AuditEntry> latest = s.find(new Security.AuditQuery("tool", null, null, null, null, null, 5));
            assertEquals(5, latest.size());
            long seq0 = ((Number) latest.get(0).fields().get("seq")).longValue();
            long seq1 = ((Number) latest.get(1).fields().get("seq")).longValue();
            assertTrue(seq0 > seq1, "newest first");
            assertFalse(latest.get(0).fields().containsKey("hash"));
            List<Security.AuditEntry> denied = s.find(new Security.AuditQuery(null, null, "denied", "alice", null, null, 100));
            assertEquals(3, denied.size());   // i = 0, 10, 20
            List<Security.AuditEntry> batch = s.find(new Security.AuditQuery(null, "execute_batch", null, null,
                    Instant.now().minusSeconds(60), Instant.now().plusSeconds(1), 100));
            assertEquals(10, batch.size());
            assertEquals(0, s.find(new Security.AuditQuery(null, null, null, null, Instant.now().plusSeconds(3600), null, 10)).size());
            Security.AuditStatistics st = s.statistics(Instant.now().minusSeconds(3600), Instant.now().plusSeconds(1));
            assertEquals(30, st.toolCalls());
            assertEquals(6L, st.byOutcome().get("tool:denied"));
            assertEquals(15L, st.byClient().get("bob"));
            assertEquals(10L, st.byTool().get("execute_batch"));
        }
    }

    @Test
    void serversOfSeveralProcessesShareOneChain() throws Exception {
        int n = 300;
        List<Process> others = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            others.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AuditWriterMain.class.getName(),
                    dir.resolve("audit.log").toString(), "proc-" + k, String.valueOf(n))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("proc-" + k + ".out").toFile()).start());
        }
        try (AuditTrail t = open()) {
            for (int i = 0; i < n; i++) {
                t.record(ALICE, "tool", tool("here", "ok"));
                if (i % 50 == 0) {
                    Thread.sleep(5);
                }
            }
        }
        for (Process p : others) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("proc-" + others.indexOf(p) + ".out")));
        }
        AuditVerifier.Report r = verify();
        assertTrue(r.valid(), r.describe());
        assertEquals(3L * n, r.byAction().get("tool"));
        assertEquals(3, r.segments());
        assertEquals(0, r.crashes(), "a writer that is alive is not taken for a crashed one");
    }

    @Test
    void recordsAfterCloseAreStillWritten() throws Exception {
        AuditTrail t = open();
        t.close();
        t.record(ALICE, "tool", tool("late", "ok"));
        assertTrue(Files.readString(dir.resolve("audit.log")).contains("\"tool\":\"late\""));
        assertTrue(verify().valid());
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
