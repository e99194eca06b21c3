package io.xugumcp.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.json.DelegatingJsonMapper;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON mapper of the transports, answering {@code resources/list}, {@code resources/templates/list} and
 * {@code prompts/list} in a stable order (by URI, URI template and name): the SDK keeps them in hash maps, so the same
 * server listed them in an order that changed with the set of plugins, which clients show as is and caches see as a
 * change. {@code tools/list} keeps the SDK's order, the order in which the plugins offer their tools.
 */
public final class StableListOrder extends DelegatingJsonMapper {
    public StableListOrder(McpJsonMapper delegate) {
        super(delegate);
    }

    /** {@code value} with the lists of a list answer sorted; anything else as it is. */
    static Object sorted(Object value) {
        if (!(value instanceof McpSchema.JSONRPCResponse r) || r.result() == null) {
            return value;
        }
        Object result = r.result();
        Object sorted;
        if (result instanceof McpSchema.ListResourcesResult l) {
            sorted = new McpSchema.ListResourcesResult(sort(l.resources(), Comparator.comparing(McpSchema.Resource::uri)),
                    l.nextCursor(), l.meta());
        } else if (result instanceof McpSchema.ListResourceTemplatesResult l) {
            sorted = new McpSchema.ListResourceTemplatesResult(sort(l.resourceTemplates(),
                    Comparator.comparing(McpSchema.ResourceTemplate::uriTemplate)), l.nextCursor(), l.meta());
        } else if (result instanceof McpSchema.ListPromptsResult l) {
            sorted = new McpSchema.ListPromptsResult(sort(l.prompts(), Comparator.comparing(McpSchema.Prompt::name)),
                    l.nextCursor(), l.meta());
        } else {
            return value;
        }
        return new McpSchema.JSONRPCResponse(r.jsonrpc(), r.id(), sorted, r.error());
    }

    private static <T> List<T> sort(List<T> items, Comparator<T> order) {
        return items == null ? null : items.stream().sorted(order).toList();
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return delegate().writeValueAsString(sorted(value));
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return delegate().writeValueAsBytes(sorted(value));
    }
}
