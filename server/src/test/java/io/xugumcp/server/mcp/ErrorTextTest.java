package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void jacksonMessagesLoseClassNamesSourcesAndChains() {
        String jackson = "Cannot construct instance of `java.util.LinkedHashMap` (although at least one Creator exists):"
                + " no String-argument constructor/factory method to deserialize from String value ('abc')\n at [Source:"
                + " UNKNOWN; byte offset: #UNKNOWN] (through reference chain: io.modelcontextprotocol.spec.McpSchema"
                + "$CallToolRequest[\"arguments\"])";
        String clean = ErrorText.clean(jackson);
        assertEquals("Cannot construct instance of a value (although at least one Creator exists): no String-argument"
                + " constructor/factory method to deserialize from String value ('abc')", clean);
        assertEquals("the value has the wrong shape", ErrorText.clean(
                "Cannot invoke \"io.modelcontextprotocol.spec.McpSchema$CallToolRequest.name()\" because \"x\" is null"));
    }

    @Test
    void internalErrorsKeepOnlyAReferenceAndOtherErrorsPassUnchanged() {
        McpSchema.JSONRPCResponse npe = McpSchema.JSONRPCResponse.error(5, new McpSchema.JSONRPCResponse.JSONRPCError(
                McpSchema.ErrorCodes.INTERNAL_ERROR, "Cannot invoke \"x.y()\" because \"z\" is null",
                "java.lang.NullPointerException: Cannot invoke"));
        McpSchema.JSONRPCResponse scrubbed = (McpSchema.JSONRPCResponse) ErrorText.scrub(npe);
        assertEquals(5, scrubbed.id());
        assertEquals(McpSchema.ErrorCodes.INTERNAL_ERROR, scrubbed.error().code());
        assertTrue(scrubbed.error().message().startsWith("Internal error while handling the request"),
                scrubbed.error().message());
        assertFalse(scrubbed.error().message().contains("Cannot invoke"));
        assertNull(scrubbed.error().data());

        McpSchema.JSONRPCResponse unknownTool = McpSchema.JSONRPCResponse.error(6,
                new McpSchema.JSONRPCResponse.JSONRPCError(-32602, "Unknown tool: invalid_tool_name", "Tool not found: x"));
        assertSame(unknownTool, ErrorText.scrub(unknownTool));
        McpSchema.JSONRPCResponse ok = McpSchema.JSONRPCResponse.result(7, Map.of("a", List.of()));
        assertSame(ok, ErrorText.scrub(ok));
    }

    @Test
    void paramsShapesAreNamedFieldByField() {
        assertNull(RequestParams.problem("tools/call", Map.of("name", "t", "arguments", Map.of())));
        assertNull(RequestParams.problem("tools/list", null), "methods that read no params are not judged here");
        assertEquals("Invalid params for tools/call: 'arguments' (the tool's arguments by name) must be an object, not"
                + " an array.", RequestParams.problem("tools/call", Map.of("name", "t", "arguments", List.of(1))));
        assertEquals("Invalid params for resources/read: 'uri' (the resource's URI) is empty.",
                RequestParams.problem("resources/read", Map.of("uri", " ")));
    }
}
