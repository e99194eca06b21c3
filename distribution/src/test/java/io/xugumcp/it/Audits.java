package io.xugumcp.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reading the audit trail a server wrote, and checking it with the distribution's own {@code audit verify}. */
final class Audits {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Audits() {
    }

    /** The active audit file of a server whose data directory is {@code dataDir}. */
    static Path file(Path dataDir) {
        return dataDir.resolve("audit").resolve("audit.log");
    }

    /** Every complete record of the file, in order (a half-written last line is skipped). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                out.add(JSON.readValue(line, Map.class));
            } catch (IOException torn) {
                // a record the server was killed while writing
            }
        }
        return out;
    }

    static List<Map<String, Object>> where(List<Map<String, Object>> records, Predicate<Map<String, Object>> p) {
        return records.stream().filter(p).toList();
    }

    static Predicate<Map<String, Object>> action(String action) {
        return r -> action.equals(r.get("action"));
    }

    /** Waits until the file ends with the chain.end record of a clean shutdown. */
    static void awaitCleanEnd(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(lines.size() - 1).contains("\"action\":\"chain.end\"")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not close its audit trail " + file);
    }

    /** {@code bin/xugu-mcp audit verify FILES}: exit code and output. */
    record Verified(int exit, String output) {
    }

    static Verified verify(Path... files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Dist.home().resolve("bin/xugu-mcp").toString(), "audit", "verify"));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XUGU_MCP_CDS", "off");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("audit verify hung");
        }
        return new Verified(p.exitValue(), out);
    }
}
