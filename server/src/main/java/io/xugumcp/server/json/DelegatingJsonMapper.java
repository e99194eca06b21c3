package io.xugumcp.server.json;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;

/**
 * An {@link McpJsonMapper} that hands every method to the mapper it wraps. The host wraps the SDK's mapper in several
 * layers (stable list order, params checking, safe error bodies, request timing), each changing one or two methods:
 * they extend this and override only those. A package of its own, importing nothing of the server, so that any
 * package may use it without an import cycle (metrics and mcp both do).
 */
public abstract class DelegatingJsonMapper implements McpJsonMapper {
    private final McpJsonMapper delegate;

    protected DelegatingJsonMapper(McpJsonMapper delegate) {
        this.delegate = delegate;
    }

    /** The mapper this one wraps. */
    protected final McpJsonMapper delegate() {
        return delegate;
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
    public <T> T convertValue(Object from, Class<T> type) {
        return delegate.convertValue(from, type);
    }

    @Override
    public <T> T convertValue(Object from, TypeRef<T> type) {
        return delegate.convertValue(from, type);
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
