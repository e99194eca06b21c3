package io.xugumcp.server.mcp;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests the client cancelled ({@code notifications/cancelled}). The MCP SDK (2.1.0) neither handles the
 * notification nor tells a tool handler its JSON-RPC id, so a transport that sees the raw messages (stdio) records
 * the cancellation here and stamps each {@code tools/call} with its id under {@link #META_KEY} in {@code _meta}
 * (overwriting anything a client put there); a tool call then asks {@link #isCancelled} between units of work.
 */
public final class Cancellations {
    /** Where the transport puts the request id into a call's {@code _meta}. */
    public static final String META_KEY = "io.xugumcp/requestId";
    /** Cancellations of requests that never finish here (unknown ids) are forgotten beyond this many. */
    private static final int MAX_PENDING = 10_000;

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    /** The client cancelled request {@code id}. */
    public void cancel(Object id) {
        if (id == null) {
            return;
        }
        if (cancelled.size() >= MAX_PENDING) {
            cancelled.clear();
        }
        cancelled.add(String.valueOf(id));
    }

    /** True once the client cancelled the request {@code id} (null: a request without a known id). */
    public boolean isCancelled(Object id) {
        return id != null && cancelled.contains(String.valueOf(id));
    }

    /** The request is answered: its id may be used again. */
    public void finished(Object id) {
        if (id != null) {
            cancelled.remove(String.valueOf(id));
        }
    }

    /** The request id a transport stamped into a call's {@code _meta}, or null. */
    public static Object requestId(Map<String, Object> meta) {
        return meta == null ? null : meta.get(META_KEY);
    }
}
