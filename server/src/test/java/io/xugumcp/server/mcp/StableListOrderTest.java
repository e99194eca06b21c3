package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class StableListOrderTest {
    private final StableListOrder json = new StableListOrder(new JacksonMcpJsonMapper(new ObjectMapper()));

    @Test
    void resourcesAreListedByUriWhateverTheHashMapsOrder() throws Exception {
        // The SDK lists resources from a ConcurrentHashMap: these URIs come out of one unsorted.
        ConcurrentHashMap<String, McpSchema.Resource> sdk = new ConcurrentHashMap<>();
        for (String uri : List.of("meta://database/info", "meta://database/stats", "schema://database/indexes",
                "schema://database/info", "schema://database/relationships", "schema://database/tables")) {
            sdk.put(uri, McpSchema.Resource.builder().uri(uri).name(uri).build());
        }
        List<String> hashOrder = sdk.values().stream().map(McpSchema.Resource::uri).toList();
        List<String> sortedUris = hashOrder.stream().sorted().toList();
        assertTrue(!hashOrder.equals(sortedUris), "the fixture must start unsorted: " + hashOrder);

        String out = json.writeValueAsString(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 7,
                new McpSchema.ListResourcesResult(List.copyOf(sdk.values()), null), null));
        McpSchema.JSONRPCResponse back = json.readValue(out, McpSchema.JSONRPCResponse.class);
        McpSchema.ListResourcesResult r = json.convertValue(back.result(), McpSchema.ListResourcesResult.class);
        assertEquals(sortedUris, r.resources().stream().map(McpSchema.Resource::uri).toList());
        assertEquals(7, back.id());
    }

    @Test
    void otherMessagesPassUnchanged() throws Exception {
        McpSchema.JSONRPCResponse tools = new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 1,
                new McpSchema.ListToolsResult(List.of(McpSchema.Tool.builder().name("b").build(),
                        McpSchema.Tool.builder().name("a").build()), null), null);
        assertTrue(json.writeValueAsString(tools).indexOf("\"b\"") < json.writeValueAsString(tools).indexOf("\"a\""),
                "tools keep the order the plugins offer them in");
    }
}
