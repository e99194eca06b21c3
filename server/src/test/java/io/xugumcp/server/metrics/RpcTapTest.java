package io.xugumcp.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RpcTapTest {
    private final ServerMetrics metrics = new ServerMetrics();
    private final RpcTap tap = new RpcTap(new JacksonMcpJsonMapper(new ObjectMapper()), metrics,
            Set.of("execute_query")::contains);

    /** What a transport does with a received line. */
    private void receive(String json) throws Exception {
        McpSchema.deserializeJsonRpcMessage(tap, json);
    }

    private void respond(Object id, Object result) throws Exception {
        tap.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", id, result, null));
    }

    private PrometheusParser scrape() throws Exception {
        StringWriter w = new StringWriter();
        metrics.registry().writeTo(w);
        return PrometheusParser.parse(w.toString());
    }

    @Test
    void eachRequestIsObservedOnceWithItsMethodToolAndOutcome() throws Exception {
        receive("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        respond(1, Map.of("tools", List.of()));
        receive("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\"}}");
        respond(2, McpSchema.CallToolResult.builder().addTextContent("ok").isError(false).build());
        receive("{\"jsonrpc\":\"2.0\",\"id\":\"s-3\",\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\"}}");
        respond("s-3", McpSchema.CallToolResult.builder().addTextContent("denied").isError(true).build());
        receive("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"no_such_tool\"}}");
        tap.writeValueAsBytes(new McpSchema.JSONRPCResponse("2.0", 4, null,
                new McpSchema.JSONRPCResponse.JSONRPCError(-32602, "Unknown tool", null)));
        receive("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"made/up\"}");
        respond(5, Map.of());
        receive("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        respond(99, Map.of()); // a response to nothing this tap saw: ignored

        PrometheusParser p = scrape();
        String h = "mcp_server_operation_duration_seconds_count";
        assertEquals(1, p.value(h, "mcp_method_name", "tools/list"));
        assertEquals(1, p.value(h, "mcp_method_name", "tools/call", "gen_ai_tool_name", "execute_query"));
        assertEquals(1, p.value(h, "mcp_method_name", "tools/call", "gen_ai_tool_name", "execute_query",
                "error_type", "tool_error"));
        assertEquals(1, p.value(h, "mcp_method_name", "tools/call", "gen_ai_tool_name", "other", "error_type", "-32602"),
                "a tool the server does not serve is not a label of its own");
        assertEquals(1, p.value(h, "mcp_method_name", "other"), "unknown methods are folded");
        assertEquals(5, p.sum(h));
        assertEquals(1, p.value("xugu_mcp_notifications_received_total", "mcp_method_name", "notifications/initialized"));
        assertEquals(0, tap.pendingCount(), "nothing left waiting");
    }

    @Test
    void theSameIdFromTwoSessionsIsCountedTwice() throws Exception {
        receive("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
        receive("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
        assertEquals(2, tap.pendingCount());
        respond(7, Map.of());
        respond(7, Map.of());
        assertEquals(2, scrape().value("mcp_server_operation_duration_seconds_count", "mcp_method_name", "ping"));
        assertEquals(0, tap.pendingCount());
    }
}
