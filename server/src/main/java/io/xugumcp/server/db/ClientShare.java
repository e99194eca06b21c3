package io.xugumcp.server.db;

import io.xugumcp.api.Caller;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.RateLimitedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Each HTTP client's share of the connection pool: one client may run at most all connections but one at once, so
 * its slow queries leave a connection for another client's {@code SELECT 1} instead of making it wait for the pool
 * (issue 8 item 14: 14.8 s measured). stdio has a single client, which keeps the whole pool.
 */
final class ClientShare {
    private final IntSupplier poolSize;
    private final Map<String, Integer> running = new ConcurrentHashMap<>();

    ClientShare(IntSupplier poolSize) {
        this.poolSize = poolSize;
    }

    AccessPolicy.Slot enter(Caller caller) {
        if ("stdio".equals(caller.transport())) {
            return AccessPolicy.Slot.NONE;
        }
        int share = Math.max(1, poolSize.getAsInt() - 1);
        String client = caller.clientId();
        boolean[] admitted = {false};
        running.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now < share) {
                admitted[0] = true;
                return now + 1;
            }
            return now == 0 ? null : now;
        });
        if (!admitted[0]) {
            throw new RateLimitedException("Client '" + client + "' already runs " + share + " statement"
                    + (share == 1 ? "" : "s") + ", the most one client may run at once (the database pool has "
                    + poolSize.getAsInt() + " connections and keeps one for other clients). Retry after 1 second.", 1);
        }
        return new AccessPolicy.Slot() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    running.compute(client, (k, n) -> n == null || n <= 1 ? null : n - 1);
                }
            }
        };
    }
}
