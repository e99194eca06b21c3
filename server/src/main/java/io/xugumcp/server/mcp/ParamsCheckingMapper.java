package io.xugumcp.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;

/**
 * The JSON mapper the MCP servers convert request params with. A request's params that do not have the request's
 * shape become a JSON-RPC -32602 ({@link McpError}) naming what is wrong, instead of the SDK's NullPointerException or
 * Jackson message (with Java class names) as a -32603. Everything else goes to the mapper it wraps.
 */
public final class ParamsCheckingMapper implements McpJsonMapper {
    private final McpJsonMapper delegate;

    public ParamsCheckingMapper(McpJsonMapper delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> T convertValue(Object from, TypeRef<T> type) {
        String method = RequestParams.methodOf(type.getType());
        if (method == null) {
            return delegate.convertValue(from, type);
        }
        String problem = RequestParams.problem(method, from);
        if (problem != null) {
            throw invalidParams(problem);
        }
        try {
            return delegate.convertValue(from, type);
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
        return delegate.convertValue(from, type);
    }

    static McpError invalidParams(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
    }

    @Override
    public <T> T readValue(String content, Class<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, Class<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        return delegate.readValue(content, type);
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return delegate.writeValueAsString(value);
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return delegate.writeValueAsBytes(value);
    }
}
