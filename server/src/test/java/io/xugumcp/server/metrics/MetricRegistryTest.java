package io.xugumcp.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {

    private static String text(MetricRegistry r) throws Exception {
        StringWriter w = new StringWriter();
        r.writeTo(w);
        return w.toString();
    }

    @Test
    void countersHistogramsAndGaugesComeOutAsPrometheusTextThatParsesBack() throws Exception {
        MetricRegistry r = new MetricRegistry();
        MetricRegistry.Counter c = r.counter("demo_calls_total", "Calls\nby tool", "tool", "outcome");
        c.inc("execute_query", "ok");
        c.inc("execute_query", "ok");
        c.add(3, "quote\"back\\slash\nnewline", "error");
        MetricRegistry.Histogram h = r.histogram("demo_duration_seconds", "Durations", new double[] {0.1, 1, 10}, "method");
        h.observe(0.05, "tools/call");
        h.observe(0.5, "tools/call");
        h.observe(0.5, "tools/call");
        h.observe(100, "tools/call");
        r.gauge("demo_up", "Up", () -> 1);
        r.gauge("demo_fraction", "A fraction", () -> 0.25);

        String out = text(r);
        PrometheusParser p = PrometheusParser.parse(out);
        assertEquals("counter", p.types().get("demo_calls_total"));
        assertEquals("histogram", p.types().get("demo_duration_seconds"));
        assertEquals(2, p.value("demo_calls_total", "tool", "execute_query", "outcome", "ok"));
        assertEquals(3, p.value("demo_calls_total", "tool", "quote\"back\\slash\nnewline", "outcome", "error"));
        assertEquals(1, p.value("demo_duration_seconds_bucket", "method", "tools/call", "le", "0.1"));
        assertEquals(3, p.value("demo_duration_seconds_bucket", "method", "tools/call", "le", "1"));
        assertEquals(3, p.value("demo_duration_seconds_bucket", "method", "tools/call", "le", "10"));
        assertEquals(4, p.value("demo_duration_seconds_bucket", "method", "tools/call", "le", "+Inf"));
        assertEquals(4, p.value("demo_duration_seconds_count", "method", "tools/call"));
        assertEquals(101.05, p.value("demo_duration_seconds_sum", "method", "tools/call"), 1e-9);
        assertEquals(1, p.value("demo_up"));
        assertEquals(0.25, p.value("demo_fraction"));
        assertTrue(out.contains("# HELP demo_calls_total Calls\\nby tool\n"), out);
        assertTrue(out.contains("demo_fraction 0.25\n"), out);
    }

    @Test
    void quantilesAreReadFromTheBuckets() {
        MetricRegistry r = new MetricRegistry();
        MetricRegistry.Histogram h = r.histogram("q_seconds", "q", new double[] {1, 2, 4}, "m");
        for (int i = 0; i < 10; i++) {
            h.observe(1.5, "x");
        }
        MetricRegistry.Histogram.Snapshot s = h.snapshots().get(List.of("x"));
        assertEquals(10, s.count());
        assertEquals(1.5, s.quantile(h.bounds(), 0.5), 1e-9, "half-way through the (1, 2] bucket");
        assertEquals(0, r.histogram("empty_seconds", "e", new double[] {1}, "m").snapshots().size());
    }

    @Test
    void mistakesAreRefusedAndLabelSetsAreBounded() {
        MetricRegistry r = new MetricRegistry();
        assertThrows(IllegalArgumentException.class, () -> r.counter("no_suffix", "x"));
        MetricRegistry.Counter c = r.counter("bounded_total", "b", "tool");
        assertThrows(IllegalArgumentException.class, () -> c.inc("a", "b"), "wrong number of labels");
        assertThrows(IllegalArgumentException.class, () -> c.add(-1, "a"), "counters never go down");
        assertThrows(IllegalArgumentException.class, () -> r.counter("bounded_total", "again", "tool"));
        for (int i = 0; i < MetricRegistry.MAX_SERIES + 50; i++) {
            c.inc("t" + i);
        }
        assertEquals(MetricRegistry.MAX_SERIES + 1, c.values().size(), "the rest folded into one 'other' series");
        assertEquals(50, c.value(MetricRegistry.OTHER));
    }

    @Test
    void numbersAreWrittenPlainly() {
        assertEquals("1796404020.577", PrometheusText.number(1.796404020577E9));
        assertEquals("3", PrometheusText.number(3.0));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("0.001", PrometheusText.number(0.001));
    }
}
