package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code execute_batch} answers within one row and byte budget for all its statements (the server's caps, 1,000 rows
 * and 8 MiB by default): twelve reads of 10 MB each used to answer about 96 MiB.
 */
class BatchBudgetIT {

    @Test
    void twelveWideReadsMakeOneAnswerWithinTheCapsAndNameWhatWasSkipped(@TempDir Path dir) throws Exception {
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(dir.resolve("data"), Map.of()));
        try {
            List<String> reads = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                reads.add("SELECT X, REPEAT('x', 10000) AS wide FROM SYSTEM_RANGE(1, 1000)");
            }
            McpSchema.CallToolResult r = Dist.call(c, "execute_batch", Map.of("queries", reads));
            assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
            long json = Dist.JSON.writeValueAsString(r.structuredContent()).length();
            assertTrue(json <= 9L * 1024 * 1024, "one 8 MiB budget for the whole answer, not per statement: " + json);
            assertTrue(Dist.text(r).length() <= 256 * 1024, "the text form has one budget too: " + Dist.text(r).length());

            Map<String, Object> s = Dist.structured(r);
            assertEquals(true, s.get("truncated"));
            @SuppressWarnings("unchecked")
            List<Number> skipped = (List<Number>) s.get("skipped");
            assertFalse(skipped.isEmpty(), "the reads past the budget are named");
            assertEquals(11, skipped.get(skipped.size() - 1).intValue());
            assertTrue(Dist.text(r).contains("Not run: ") && Dist.text(r).contains("12"), Dist.text(r)
                    .substring(Math.max(0, Dist.text(r).length() - 400)));
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) ((List<Map<String, Object>>) s.get("results")).get(0)
                    .get("result");
            assertEquals("bytes", first.get("truncatedReason"));
        } finally {
            c.closeGracefully();
        }
    }
}
