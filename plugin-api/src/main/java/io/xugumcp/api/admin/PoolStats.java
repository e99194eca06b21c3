package io.xugumcp.api.admin;

import java.time.Duration;

/**
 * The connection pool.
 *
 * @param started         false until the pool opened its first connection
 * @param active          connections lent out now
 * @param idle            connections waiting in the pool
 * @param waiting         callers waiting for a connection now
 * @param max             the most connections the pool opens
 * @param timeouts        callers that gave up waiting for a connection, since start
 * @param created         connections opened since start
 * @param retired         connections closed since start (evicted, expired, broken)
 * @param lastState       {@code up}, {@code down} or {@code unknown}: the database as last seen by a health check
 * @since 0.3.0
 */
public record PoolStats(boolean started, int active, int idle, int total, int waiting, int max, int minIdle,
                        Duration acquireTimeout, long timeouts, long created, long retired, String lastState) {
}
