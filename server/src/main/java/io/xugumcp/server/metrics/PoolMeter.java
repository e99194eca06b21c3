package io.xugumcp.server.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.xugumcp.api.admin.PoolStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The connection pool's state and counters. HikariCP reports connections opened and waits that timed out through its
 * metrics-tracker hook, which can be installed on a running pool; the current state comes from its MXBean.
 *
 * <p>A caller that waits in slices (the XuguDB fail-fast path asks the pool every 100 ms) would count one timeout per
 * slice; timeouts of one thread less than {@link #SAME_WAIT_NANOS} apart are therefore counted once – a real second
 * wait lasts at least the pool's minimum timeout of 250 ms.
 */
public final class PoolMeter implements MetricsTrackerFactory {
    static final long SAME_WAIT_NANOS = 240_000_000L;

    private final HikariDataSource pool;
    private final Supplier<String> lastState;
    private final LongAdder created = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final ThreadLocal<long[]> lastTimeout = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE});

    /** @param lastState the database as last seen by a health check: up, down or unknown */
    private PoolMeter(HikariDataSource pool, Supplier<String> lastState) {
        this.pool = pool;
        this.lastState = lastState;
    }

    /** Installs the tracker on {@code pool}, and the pool's gauges in {@code metrics}. */
    public static PoolMeter install(HikariDataSource pool, ServerMetrics metrics, Supplier<String> lastState) {
        PoolMeter m = new PoolMeter(pool, lastState);
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        if (mx != null) {
            m.created.add(mx.getTotalConnections()); // opened before the tracker was installed
        }
        try {
            pool.setMetricsTrackerFactory(m);
        } catch (IllegalStateException alreadySet) {
            // Another tracker was installed first: the state still comes from the MXBean, the counters stay at 0.
        }
        m.register(metrics.registry());
        return m;
    }

    @Override
    public IMetricsTracker create(String poolName, com.zaxxer.hikari.metrics.PoolStats stats) {
        return new IMetricsTracker() {
            @Override
            public void recordConnectionCreatedMillis(long millis) {
                created.increment();
            }

            @Override
            public void recordConnectionTimeout() {
                long now = System.nanoTime();
                long[] last = lastTimeout.get();
                if (last[0] == Long.MIN_VALUE || now - last[0] > SAME_WAIT_NANOS) {
                    timeouts.increment();
                }
                last[0] = now;
            }
        };
    }

    /** The pool as it is now. */
    public PoolStats stats() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        int max = pool.getMaximumPoolSize();
        Duration wait = Duration.ofMillis(pool.getConnectionTimeout());
        long made = created.sum();
        if (mx == null) {
            return new PoolStats(false, 0, 0, 0, 0, max, pool.getMinimumIdle(), wait, timeouts.sum(), made, 0,
                    lastState.get());
        }
        int total = mx.getTotalConnections();
        return new PoolStats(true, mx.getActiveConnections(), mx.getIdleConnections(), total,
                mx.getThreadsAwaitingConnection(), max, pool.getMinimumIdle(), wait, timeouts.sum(), made,
                Math.max(0, made - total), lastState.get());
    }

    private void register(MetricRegistry r) {
        List<String> state = List.of("db_client_connection_state");
        r.gauge("db_client_connection_count", "Pooled connections by state (used, idle)", "gauge", state, out -> {
            PoolStats s = stats();
            out.accept(MetricRegistry.sample(state, List.of("used"), s.active()));
            out.accept(MetricRegistry.sample(state, List.of("idle"), s.idle()));
        });
        r.gauge("db_client_connection_max", "The most connections the pool opens", () -> pool.getMaximumPoolSize());
        r.gauge("db_client_connection_idle_min", "Idle connections the pool keeps", () -> pool.getMinimumIdle());
        r.gauge("db_client_connection_pending_requests", "Callers waiting for a connection", () -> {
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            return mx == null ? 0 : mx.getThreadsAwaitingConnection();
        });
        r.gauge("db_client_connection_timeouts_total", "Waits for a connection that timed out", "counter", List.of(),
                out -> out.accept(MetricRegistry.sample(List.of(), List.of(), timeouts.sum())));
        r.gauge("xugu_mcp_db_connections_created_total", "Connections the pool opened", "counter", List.of(),
                out -> out.accept(MetricRegistry.sample(List.of(), List.of(), created.sum())));
        r.gauge("xugu_mcp_db_up", "1 when the database answered the last health check, 0 when it did not, -1 unknown",
                () -> switch (lastState.get()) {
                    case "up" -> 1;
                    case "down" -> 0;
                    default -> -1;
                });
    }
}
