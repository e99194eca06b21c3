package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit verify} of the built distribution sees records cut off the end of a trail a real server wrote – the
 * hash chain alone cannot – and keeps seeing it after the next server start.
 */
class AuditTailIT {

    private static void someCalls(Path data) {
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(data, Map.of()));
        try {
            for (int i = 0; i < 3; i++) {
                Dist.call(c, "execute_query", Map.of("sql", "SELECT " + i));
            }
        } finally {
            c.closeGracefully();
        }
    }

    @Test
    void aTruncatedTailFailsVerificationAlsoAfterARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path audit = Audits.file(data);
        someCalls(data);
        Audits.awaitCleanEnd(audit);
        Audits.Verified whole = Audits.verify(audit.getParent());
        assertEquals(0, whole.exit(), whole.output());

        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        Files.write(audit, lines.subList(0, lines.size() - 4));
        Audits.Verified cut = Audits.verify(audit.getParent());
        assertEquals(1, cut.exit(), cut.output());
        assertTrue(cut.output().contains("the newest 4 records were cut off"), cut.output());

        someCalls(data);
        Audits.awaitCleanEnd(audit);
        Audits.Verified later = Audits.verify(audit.getParent());
        assertEquals(1, later.exit(), "the next start does not paper over the cut: " + later.output());
        assertTrue(later.output().contains("cut off before this start"), later.output());
    }
}
