package io.xugumcp.server.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished or running span, in the shape OTLP exports it. Mutable only by its owner until {@link #end}.
 *
 * @see Tracer
 */
public final class Span {
    /** OTLP span kinds. */
    public static final int SERVER = 2;
    public static final int CLIENT = 3;
    /** OTLP status codes. */
    static final int STATUS_UNSET = 0;
    static final int STATUS_ERROR = 2;

    final String traceId;
    final String spanId;
    final String parentSpanId;
    final String name;
    final int kind;
    final long startNanos;
    long endNanos;
    final Map<String, Object> attributes = new LinkedHashMap<>();
    int status = STATUS_UNSET;
    String statusMessage;

    Span(String traceId, String spanId, String parentSpanId, String name, int kind, long startEpochNanos) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.name = name;
        this.kind = kind;
        this.startNanos = startEpochNanos;
    }

    /** Sets an attribute; {@code null} values are left out. Strings, booleans, longs and doubles are kept as such. */
    public Span attribute(String key, Object value) {
        if (value != null) {
            attributes.put(key, value);
        }
        return this;
    }

    /** Marks the span as failed; {@code error.type} is set too (OpenTelemetry's rule for errors). */
    public Span error(String type, String message) {
        status = STATUS_ERROR;
        statusMessage = message;
        attributes.put("error.type", type);
        return this;
    }

    public String traceId() {
        return traceId;
    }

    public String spanId() {
        return spanId;
    }

    public String parentSpanId() {
        return parentSpanId;
    }

    public String name() {
        return name;
    }

    public Map<String, Object> attributes() {
        return attributes;
    }

    void end(long endEpochNanos) {
        this.endNanos = endEpochNanos;
    }
}
