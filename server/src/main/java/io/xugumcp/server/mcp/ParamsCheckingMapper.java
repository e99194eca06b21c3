package io.xugumcp.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.json.DelegatingJsonMapper;

/**
 * The JSON mapper the MCP servers convert request params with. A request's params that do not have the request's
 * shape become a JSON-RPC -32602 ({@link McpError}) naming what is wrong, instead of the SDK's NullPointerException or
 * Jackson message (with Java class names) as a -32603. Everything else goes to the mapper it wraps.
 */
public final class ParamsCheckingMapper extends DelegatingJsonMapper {
    public ParamsCheckingMapper(McpJsonMapper delegate) {
        super(delegate);
    }

    @Override
    public <T> T convertValue(Object from, TypeRef<T> type) {
        String method = RequestParams.methodOf(type.getType());
        if (method == null) {
            return delegate().convertValue(from, type);
        }
        String problem = RequestParams.problem(method, from);
        if (problem != null) {
            throw invalidParams(problem);
        }
        try {
            return delegate().convertValue(from, type);
        } catch (RuntimeException e) {
            throw invalidParams("Invalid params for " + method + ": " + ErrorText.clean(e.getMessage()));
        }
    }

    @Override
    public <T> T convertValue(Object from, Class<T> type) {
        String method = RequestParams.methodOf(type);
        if (method != null) {
            String problem = RequestParams.problem(method, from);
            if (problem != null) {
                throw invalidParams(problem);
            }
        }
        return delegate().convertValue(from, type);
    }

    static McpError invalidParams(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
    }
}
