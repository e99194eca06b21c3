package io.xugumcp.server.metrics;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.json.DelegatingJsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Times every MCP request at the transports' JSON codec, the one place every method passes (the SDK answers
 * {@code initialize}, {@code tools/list} and {@code ping} itself, with no hook of its own): a request is noted when a
 * transport turns a received message into a {@code JSONRPCRequest}, and observed when the transport writes the
 * response with the same id. The outcome is the response's error code, or {@code tool_error} for a tool result with
 * {@code isError}.
 *
 * <p>Ids are unique per session, not across sessions; two sessions using the same id at the same moment could swap
 * their timings (never their counts by method, which are taken from the pending request). Pending requests are
 * bounded and forgotten after an hour (a request a client cancelled gets no response).
 */
public final class RpcTap extends DelegatingJsonMapper {
    private static final int MAX_PENDING = 10_000;
    private static final long FORGET_NANOS = 3_600_000_000_000L;

    private final ServerMetrics metrics;
    private final Predicate<String> knownTool;
    private final Map<String, Deque<Pending>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    private record Pending(String method, String tool, long startNanos) {
    }

    /** @param knownTool true for the names of tools the server serves (others are recorded as {@code other}) */
    public RpcTap(McpJsonMapper delegate, ServerMetrics metrics, Predicate<String> knownTool) {
        super(delegate);
        this.metrics = metrics;
        this.knownTool = knownTool;
    }

    private void received(Object message) {
        try {
            if (message instanceof McpSchema.JSONRPCRequest r && r.id() != null) {
                String tool = toolOf(r);
                if (size.get() >= MAX_PENDING) {
                    forgetOld();
                }
                if (size.get() < MAX_PENDING) {
                    pending.compute(key(r.id()), (k, q) -> {
                        Deque<Pending> d = q == null ? new ArrayDeque<>(1) : q;
                        d.addLast(new Pending(r.method(), tool, System.nanoTime()));
                        return d;
                    });
                    size.incrementAndGet();
                }
            } else if (message instanceof McpSchema.JSONRPCNotification n) {
                metrics.notification(n.method());
            }
        } catch (RuntimeException e) {
            // Metrics must never break a request.
        }
    }

    private void sent(Object message) {
        if (!(message instanceof McpSchema.JSONRPCResponse r) || r.id() == null) {
            return;
        }
        try {
            Pending[] found = new Pending[1];
            pending.computeIfPresent(key(r.id()), (k, q) -> {
                found[0] = q.pollFirst();
                return q.isEmpty() ? null : q;
            });
            Pending p = found[0];
            if (p == null) {
                return; // a response to a request the server itself sent, or one already forgotten
            }
            size.decrementAndGet();
            String errorType = null;
            if (r.error() != null) {
                errorType = Integer.toString(r.error().code());
            } else if (isToolError(r.result())) {
                errorType = "tool_error";
            }
            metrics.operation(p.method(), p.tool(), errorType, (System.nanoTime() - p.startNanos()) / 1e9);
        } catch (RuntimeException e) {
            // Metrics must never break a response.
        }
    }

    private String toolOf(McpSchema.JSONRPCRequest r) {
        if ("tools/call".equals(r.method()) && r.params() instanceof Map<?, ?> p && p.get("name") instanceof String n) {
            return knownTool.test(n) ? n : MetricRegistry.OTHER;
        }
        return null;
    }

    private static boolean isToolError(Object result) {
        if (result instanceof McpSchema.CallToolResult c) {
            return Boolean.TRUE.equals(c.isError());
        }
        return result instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("isError"));
    }

    private void forgetOld() {
        long now = System.nanoTime();
        pending.forEach((k, q) -> pending.computeIfPresent(k, (kk, d) -> {
            int before = d.size();
            d.removeIf(p -> now - p.startNanos() > FORGET_NANOS);
            size.addAndGet(d.size() - before);
            return d.isEmpty() ? null : d;
        }));
    }

    private static String key(Object id) {
        return id instanceof Number n ? Long.toString(n.longValue()) : String.valueOf(id);
    }

    /** Requests waiting for their response (for tests). */
    int pendingCount() {
        return size.get();
    }

    @Override
    public <T> T convertValue(Object from, Class<T> type) {
        T out = delegate().convertValue(from, type);
        if (type == McpSchema.JSONRPCRequest.class || type == McpSchema.JSONRPCNotification.class) {
            received(out);
        }
        return out;
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        String s = delegate().writeValueAsString(value);
        sent(value);
        return s;
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        byte[] b = delegate().writeValueAsBytes(value);
        sent(value);
        return b;
    }
}
