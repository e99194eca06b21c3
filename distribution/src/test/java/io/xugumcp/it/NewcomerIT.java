package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer meets on the demo database through the built distribution and the MCP SDK client (stdio): values
 * as the database wrote them, tables found by their Chinese comments, and limits called by their right names.
 */
class NewcomerIT {
    @TempDir
    static Path dir;
    static McpSyncClient client;

    @BeforeAll
    static void start() {
        // Decimals read as BigDecimal, so the test sees the JSON text of each number (1009780.00, not 1009780).
        ObjectMapper exact = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        client = Dist.stdio(new JacksonMcpJsonMapper(exact), Dist.home(), Dist.env(dir.resolve("data"), Map.of()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Test
    void wholeDecimalsKeepTheirScaleInJsonAndText() {
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql",
                "SELECT CAST(1009780 AS DECIMAL(12,2)) AS whole, CAST(1037746.8 AS DECIMAL(12,2)) AS cents,"
                        + " CAST(42 AS INT) AS n"));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        List<Object> row = Dist.rows(r).get(0);
        assertEquals(new BigDecimal("1009780.00"), row.get(0), "the JSON number keeps its two decimals");
        assertEquals(new BigDecimal("1037746.80"), row.get(1));
        assertEquals(42, ((Number) row.get(2)).intValue());
        assertTrue(Dist.text(r).contains("1009780.00\t1037746.80\t42"), Dist.text(r));
    }

    @Test
    void aTableIsFoundByItsChineseComment() {
        McpSchema.CallToolResult r = Dist.call(client, "describe_table", Map.of("table_name", "订单"));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        assertTrue(Dist.text(r).contains("ORDERS"), Dist.text(r));
        McpSchema.CallToolResult partial = Dist.call(client, "describe_table", Map.of("table_name", "订"));
        assertEquals(Boolean.TRUE, partial.isError());
        assertTrue(Dist.text(partial).contains("ORDERS (订单)") && Dist.text(partial).contains("ORDER_ITEMS (订单明细)"),
                Dist.text(partial));
    }

    @Test
    void theCallersOwnLimitIsNotTheServersCap() {
        McpSchema.CallToolResult mine = Dist.call(client, "execute_query", Map.of("sql", "SELECT * FROM orders", "limit", 3));
        assertEquals("limit", Dist.structured(mine).get("truncatedReason"));
        assertFalse(Dist.text(mine).contains("cap"), Dist.text(mine));
        McpSchema.CallToolResult cap = Dist.call(client, "execute_query", Map.of("sql",
                "SELECT x FROM SYSTEM_RANGE(1, 5000)"));
        assertEquals("rows", Dist.structured(cap).get("truncatedReason"));
        assertTrue(Dist.text(cap).contains("server's rows cap"), Dist.text(cap));
    }

    @Test
    void aWriteInReadOnlyModeNamesTheModeAndHowAnOperatorChangesIt() {
        McpSchema.CallToolResult r = Dist.call(client, "execute_batch",
                Map.of("queries", List.of("INSERT INTO categories (category_id, name) VALUES (99, 'x')")));
        assertEquals(Boolean.TRUE, r.isError());
        String text = Dist.text(r);
        assertTrue(text.contains("read-only mode") && text.contains("XUGU_MCP_MODE=read-write")
                && text.contains("--read-write"), text);
        assertFalse(text.contains("does not have"), "the mode, not the role: " + text);
    }

    @Test
    void aWriteSentToExecuteQueryInReadWriteModeNamesTheToolsForChanges() {
        McpSyncClient rw = Dist.stdio(Dist.home(), Dist.env(dir.resolve("data-rw"), Map.of()), "--read-write");
        try {
            McpSchema.CallToolResult r = Dist.call(rw, "execute_query",
                    Map.of("sql", "INSERT INTO categories (category_id, name) VALUES (99, 'x')"));
            assertEquals(Boolean.TRUE, r.isError());
            String text = Dist.text(r);
            assertTrue(text.contains("INSERT changes data (an INSERT statement)"), text);
            // The shipped DML plugin's tool first, the query plugin's execute_batch as the fallback.
            assertTrue(text.contains("Use a tool made for changes: insert_rows"), text);
            assertTrue(text.contains("execute_batch"), text);
            assertFalse(text.contains("a INSERT"), text);
        } finally {
            rw.closeGracefully();
        }
    }
}
