package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.trace.OtlpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenTelemetry traces from the built distribution to a local OTLP/HTTP receiver: one SERVER span per tool call with
 * the MCP conventions' name and attributes, a CLIENT child span per statement, the caller's {@code traceparent}
 * continued, and no SQL literal anywhere in what left the process.
 */
class TracingIT {
    static final String SECRET = "Secret-Literal-" + System.nanoTime();
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void toolCallsAndTheirStatementsArriveAsSpansWithoutSqlLiterals(@TempDir Path dir) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Map<String, String> env = Dist.env(dir, Map.of("OTEL_TRACES_EXPORTER", "otlp",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json",
                    "OTEL_SERVICE_NAME", "xugu-mcp-it", "OTEL_BSP_SCHEDULE_DELAY", "100"));
            McpSyncClient c = Dist.stdio(Dist.home(), env);
            try {
                McpSchema.CallToolResult q = c.callTool(new McpSchema.CallToolRequest("execute_query",
                        Map.of("sql", "SELECT name FROM customers WHERE city = '" + SECRET
                                + "' OR customer_id = 8642097531"),
                        Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")));
                assertFalse(Boolean.TRUE.equals(q.isError()), Dist.text(q));
                McpSchema.CallToolResult batch = Dist.call(c, "execute_batch", Map.of("queries", List.of(
                        "SELECT COUNT(*) FROM orders WHERE status = '" + SECRET + "'", "SELECT 1 FROM products")));
                assertFalse(Boolean.TRUE.equals(batch.isError()), Dist.text(batch));
                McpSchema.CallToolResult denied = Dist.call(c, "execute_query", Map.of("sql", "DELETE FROM products"));
                assertEquals(Boolean.TRUE, denied.isError());
            } finally {
                c.closeGracefully();
            }
            List<JsonNode> spans = receiver.await(s -> s.stream().filter(x -> x.path("kind").asInt() == 2).count() >= 3
                    && s.size() >= 7, Duration.ofSeconds(30));

            JsonNode query = spans.stream().filter(s -> TRACE_ID.equals(s.path("traceId").asText())
                    && s.path("kind").asInt() == 2).findFirst().orElse(null);
            assertNotNull(query, "the client's traceparent is continued: " + receiver.bodies());
            assertEquals("tools/call execute_query", query.path("name").asText());
            assertEquals("00f067aa0ba902b7", query.path("parentSpanId").asText());
            assertEquals("tools/call", OtlpReceiver.attribute(query, "mcp.method.name"));
            assertEquals("execute_query", OtlpReceiver.attribute(query, "gen_ai.tool.name"));
            assertEquals("execute_tool", OtlpReceiver.attribute(query, "gen_ai.operation.name"));
            assertEquals("pipe", OtlpReceiver.attribute(query, "network.transport"));
            assertEquals("xugu-mcp-it", OtlpReceiver.attribute(query.path("resource"), "service.name"));
            List<JsonNode> children = spans.stream()
                    .filter(s -> query.path("spanId").asText().equals(s.path("parentSpanId").asText())).toList();
            assertEquals(1, children.size(), children.toString());
            JsonNode stmt = children.get(0);
            assertEquals(3, stmt.path("kind").asInt(), "CLIENT");
            assertEquals("SELECT CUSTOMERS", stmt.path("name").asText());
            assertEquals("h2database", OtlpReceiver.attribute(stmt, "db.system.name"));
            String sql = OtlpReceiver.attribute(stmt, "db.query.text");
            assertTrue(sql.contains("city = ?") && sql.contains("customer_id = ?"), sql);

            JsonNode batch = spans.stream().filter(s -> "tools/call execute_batch".equals(s.path("name").asText()))
                    .findFirst().orElseThrow();
            assertEquals(2, spans.stream().filter(s -> batch.path("spanId").asText().equals(s.path("parentSpanId")
                    .asText())).count(), "one child span per statement of the batch");

            JsonNode refused = spans.stream().filter(s -> "tools/call execute_query".equals(s.path("name").asText())
                    && "tool_error".equals(OtlpReceiver.attribute(s, "error.type"))).findFirst().orElseThrow();
            assertEquals(2, refused.path("status").path("code").asInt(), "ERROR status");
            assertEquals("denied", OtlpReceiver.attribute(refused, "xugu_mcp.outcome"));

            for (String body : receiver.bodies()) {
                // The number is long on purpose: a short one turns up by chance in span ids and nanosecond times.
                assertFalse(body.contains(SECRET), "a SQL literal left the process: " + body);
                assertFalse(body.contains("8642097531"), "a number literal left the process");
            }
        }
    }
}
