package io.xugumcp.server.metrics;

import io.xugumcp.api.admin.MetricsSnapshot;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * The JVM's memory, garbage collections, threads and classes, named after OpenTelemetry's JVM conventions
 * ({@code jvm.memory.used} → {@code jvm_memory_used_bytes} …), read from the platform MXBeans when scraped.
 */
public final class JvmMeter {
    private static final List<String> POOL = List.of("jvm_memory_type", "jvm_memory_pool_name");
    private static final List<String> GC = List.of("jvm_gc_name");

    private JvmMeter() {
    }

    public static void register(MetricRegistry r) {
        r.gauge("jvm_memory_used_bytes", "Memory used, by type (heap, non_heap) and pool", "gauge", POOL,
                out -> pools((p, u) -> out.accept(MetricRegistry.sample(POOL, p, u.getUsed()))));
        r.gauge("jvm_memory_committed_bytes", "Memory committed, by type and pool", "gauge", POOL,
                out -> pools((p, u) -> out.accept(MetricRegistry.sample(POOL, p, u.getCommitted()))));
        r.gauge("jvm_memory_limit_bytes", "The most memory a pool may use (-1: no limit)", "gauge", POOL,
                out -> pools((p, u) -> out.accept(MetricRegistry.sample(POOL, p, u.getMax()))));
        r.gauge("jvm_gc_collections_total", "Garbage collections, by collector", "counter", GC, out -> {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                out.accept(MetricRegistry.sample(GC, List.of(gc.getName()), Math.max(0, gc.getCollectionCount())));
            }
        });
        r.gauge("jvm_gc_duration_seconds_total", "Time spent in garbage collection, by collector", "counter", GC, out -> {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                out.accept(MetricRegistry.sample(GC, List.of(gc.getName()), Math.max(0, gc.getCollectionTime()) / 1000.0));
            }
        });
        r.gauge("jvm_thread_count", "Live threads", () -> ManagementFactory.getThreadMXBean().getThreadCount());
        r.gauge("jvm_class_count", "Classes loaded now", () -> ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        r.gauge("process_uptime_seconds", "Seconds since the JVM started",
                () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        r.gauge("process_start_time_seconds", "When the JVM started, seconds since the epoch",
                () -> ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
        r.gauge("process_cpu_seconds_total", "CPU time the process used", "counter", List.of(), out -> {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    && os.getProcessCpuTime() >= 0) {
                out.accept(MetricRegistry.sample(List.of(), List.of(), os.getProcessCpuTime() / 1e9));
            }
        });
    }

    private interface PoolVisitor {
        void visit(List<String> labels, MemoryUsage usage);
    }

    private static void pools(PoolVisitor v) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getUsage();
            if (u != null && p.isValid()) {
                v.visit(List.of(p.getType() == java.lang.management.MemoryType.HEAP ? "heap" : "non_heap", p.getName()), u);
            }
        }
    }

    /** Heap, memory outside the heap, collections and threads now. */
    public static MetricsSnapshot.Jvm snapshot() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new MetricsSnapshot.Jvm(m.getHeapMemoryUsage().getUsed(), m.getHeapMemoryUsage().getMax(),
                m.getNonHeapMemoryUsage().getUsed(), count, millis / 1000.0,
                ManagementFactory.getThreadMXBean().getThreadCount());
    }
}
