package io.xugumcp.server.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A deliberately small metrics registry: counters and histograms with a fixed set of label names, and gauges read at
 * scrape time from whatever owns the number (the pool, the audit queue, the JVM). Written out in the Prometheus text
 * format by {@link PrometheusText}. A full metrics library would add megabytes for the dozen families a server like
 * this needs (see ops-notes, "Library sizes").
 *
 * <p>Label values come from bounded sets (method names, tool names, statement kinds); as a last guard each family keeps
 * at most {@link #MAX_SERIES} label combinations and folds the rest into one series whose labels read {@code other}.
 */
public final class MetricRegistry {
    /** Most label combinations a family keeps. */
    static final int MAX_SERIES = 2_000;
    static final String OTHER = "other";

    private final List<Family> families = new CopyOnWriteArrayList<>();

    /** One metric family: a name, its help text, its type and its series. */
    public abstract static class Family {
        final String name;
        final String help;
        final List<String> labelNames;

        Family(String name, String help, List<String> labelNames) {
            this.name = name;
            this.help = help;
            this.labelNames = List.copyOf(labelNames);
        }

        abstract String type();

        /** Hands every sample to {@code out}. */
        abstract void collect(Consumer<Sample> out);

        public String name() {
            return name;
        }
    }

    /**
     * One sample line.
     *
     * @param suffix appended to the family name ({@code _bucket}, {@code _sum}, {@code _count}) or empty
     */
    public record Sample(String suffix, List<String> labelNames, List<String> labelValues, double value) {
    }

    /** A monotonically increasing count per label combination. */
    public static final class Counter extends Family {
        private final Map<List<String>, DoubleAdder> series = new ConcurrentHashMap<>();

        Counter(String name, String help, List<String> labelNames) {
            super(name, help, labelNames);
        }

        @Override
        String type() {
            return "counter";
        }

        public void inc(String... labels) {
            add(1, labels);
        }

        public void add(double amount, String... labels) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up: " + amount);
            }
            cell(series, labelNames, labels, DoubleAdder::new).add(amount);
        }

        /** The current value for one label combination (0 when never counted). */
        public double value(String... labels) {
            DoubleAdder a = series.get(Arrays.asList(labels));
            return a == null ? 0 : a.sum();
        }

        /** Every label combination and its value. */
        public Map<List<String>, Double> values() {
            Map<List<String>, Double> out = new java.util.LinkedHashMap<>();
            series.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        @Override
        void collect(Consumer<Sample> out) {
            series.forEach((labels, v) -> out.accept(new Sample("", labelNames, labels, v.sum())));
        }
    }

    /** Observations counted into cumulative buckets, with their sum and count. */
    public static final class Histogram extends Family {
        private final double[] bounds;
        private final Map<List<String>, Cell> series = new ConcurrentHashMap<>();

        Histogram(String name, String help, double[] bounds, List<String> labelNames) {
            super(name, help, labelNames);
            this.bounds = bounds.clone();
            for (int i = 1; i < this.bounds.length; i++) {
                if (this.bounds[i] <= this.bounds[i - 1]) {
                    throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(bounds));
                }
            }
        }

        @Override
        String type() {
            return "histogram";
        }

        public void observe(double value, String... labels) {
            cell(series, labelNames, labels, () -> new Cell(bounds.length)).observe(bounds, value);
        }

        public double[] bounds() {
            return bounds.clone();
        }

        /** Every label combination and its state. */
        public Map<List<String>, Snapshot> snapshots() {
            Map<List<String>, Snapshot> out = new java.util.LinkedHashMap<>();
            series.forEach((k, v) -> out.put(k, v.snapshot()));
            return out;
        }

        @Override
        void collect(Consumer<Sample> out) {
            series.forEach((labels, cell) -> {
                Snapshot s = cell.snapshot();
                List<String> names = new ArrayList<>(labelNames);
                names.add("le");
                long cumulative = 0;
                for (int i = 0; i < bounds.length; i++) {
                    cumulative += s.buckets()[i];
                    out.accept(new Sample("_bucket", names, with(labels, PrometheusText.number(bounds[i])), cumulative));
                }
                out.accept(new Sample("_bucket", names, with(labels, "+Inf"), s.count()));
                out.accept(new Sample("_sum", labelNames, labels, s.sum()));
                out.accept(new Sample("_count", labelNames, labels, s.count()));
            });
        }

        private static List<String> with(List<String> labels, String le) {
            List<String> v = new ArrayList<>(labels);
            v.add(le);
            return v;
        }

        /**
         * A histogram's state.
         *
         * @param buckets observations per bucket (not cumulative); the last one past every bound is
         *                {@code count - sum(buckets)}
         */
        public record Snapshot(long[] buckets, long count, double sum) {

            /** The value below which {@code q} of the observations fall, interpolated inside its bucket. */
            public double quantile(double[] bounds, double q) {
                if (count == 0) {
                    return 0;
                }
                double rank = q * count;
                long seen = 0;
                for (int i = 0; i < buckets.length; i++) {
                    if (seen + buckets[i] >= rank && buckets[i] > 0) {
                        double lower = i == 0 ? 0 : bounds[i - 1];
                        return lower + (bounds[i] - lower) * ((rank - seen) / buckets[i]);
                    }
                    seen += buckets[i];
                }
                return bounds[bounds.length - 1];
            }
        }

        private static final class Cell {
            private final LongAdder[] buckets;
            private final LongAdder count = new LongAdder();
            private final DoubleAdder sum = new DoubleAdder();

            Cell(int n) {
                buckets = new LongAdder[n];
                for (int i = 0; i < n; i++) {
                    buckets[i] = new LongAdder();
                }
            }

            void observe(double[] bounds, double value) {
                for (int i = 0; i < bounds.length; i++) {
                    if (value <= bounds[i]) {
                        buckets[i].increment();
                        break;
                    }
                }
                sum.add(value);
                count.increment();
            }

            Snapshot snapshot() {
                // Read the count first: a concurrent observation then shows up at most in the buckets, never as a
                // bucket total above the count.
                long c = count.sum();
                long[] b = new long[buckets.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = buckets[i].sum();
                }
                return new Snapshot(b, c, sum.sum());
            }
        }
    }

    /** Values read when scraped. */
    public static final class Gauge extends Family {
        private final String type;
        private final Consumer<Consumer<Sample>> reader;

        Gauge(String name, String help, String type, List<String> labelNames, Consumer<Consumer<Sample>> reader) {
            super(name, help, labelNames);
            this.type = type;
            this.reader = reader;
        }

        @Override
        String type() {
            return type;
        }

        @Override
        void collect(Consumer<Sample> out) {
            reader.accept(out);
        }
    }

    public Counter counter(String name, String help, String... labelNames) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter names end in _total: " + name);
        }
        return register(new Counter(name, help, List.of(labelNames)));
    }

    public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
        return register(new Histogram(name, help, bounds, List.of(labelNames)));
    }

    /**
     * A family whose samples are read when scraped.
     *
     * @param type   {@code gauge} or {@code counter} (a count kept elsewhere, e.g. by the pool)
     * @param reader hands each sample to the consumer it is given; use {@link #sample} to build them
     */
    public Gauge gauge(String name, String help, String type, List<String> labelNames,
                       Consumer<Consumer<Sample>> reader) {
        return register(new Gauge(name, help, type, labelNames, reader));
    }

    /** A gauge with no labels. */
    public Gauge gauge(String name, String help, java.util.function.DoubleSupplier value) {
        return gauge(name, help, "gauge", List.of(), out -> out.accept(sample(List.of(), List.of(), value.getAsDouble())));
    }

    public static Sample sample(List<String> labelNames, List<String> labelValues, double value) {
        return new Sample("", labelNames, labelValues, value);
    }

    private <F extends Family> F register(F f) {
        for (Family existing : families) {
            if (existing.name.equals(f.name)) {
                throw new IllegalArgumentException("metric " + f.name + " is registered twice");
            }
        }
        families.add(f);
        return f;
    }

    public List<Family> families() {
        return List.copyOf(families);
    }

    /** Writes every family in the Prometheus text format (version 0.0.4). */
    public void writeTo(Appendable out) throws IOException {
        PrometheusText.write(families, out);
    }

    private static <C> C cell(Map<List<String>, C> series, List<String> names, String[] labels,
                              java.util.function.Supplier<C> create) {
        if (labels.length != names.size()) {
            throw new IllegalArgumentException("expected labels " + names + ", got " + Arrays.toString(labels));
        }
        List<String> key = Arrays.asList(labels.clone());
        C c = series.get(key);
        if (c != null) {
            return c;
        }
        if (series.size() >= MAX_SERIES) {
            String[] other = new String[labels.length];
            Arrays.fill(other, OTHER);
            key = Arrays.asList(other);
        }
        return series.computeIfAbsent(key, k -> create.get());
    }
}
