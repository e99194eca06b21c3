package io.xugumcp.server.metrics;

import java.io.IOException;
import java.util.List;

/**
 * The Prometheus text exposition format, version 0.0.4: for each family a {@code # HELP} and a {@code # TYPE} line,
 * then one line per sample, {@code name{label="value",…} value}. Label values escape backslash, double quote and
 * newline; help texts escape backslash and newline.
 */
public final class PrometheusText {
    /** The Content-Type of a scrape answer. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    static void write(List<MetricRegistry.Family> families, Appendable out) throws IOException {
        for (MetricRegistry.Family f : families) {
            StringBuilder lines = new StringBuilder();
            f.collect(s -> line(lines, f.name + s.suffix(), s));
            // A family with no samples yet still says what it is, so scrapers and people see it exists.
            out.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
            out.append("# TYPE ").append(f.name).append(' ').append(f.type()).append('\n');
            out.append(lines);
        }
    }

    private static void line(StringBuilder out, String name, MetricRegistry.Sample s) {
        out.append(name);
        if (!s.labelNames().isEmpty()) {
            out.append('{');
            for (int i = 0; i < s.labelNames().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(s.labelNames().get(i)).append("=\"").append(escapeLabel(s.labelValues().get(i))).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(s.value())).append('\n');
    }

    /** A sample value: whole numbers without a fraction, infinities and NaN as Prometheus spells them. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        // Plain decimal notation: Prometheus reads exponents too, but people read these files.
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String escapeLabel(String v) {
        if (v == null) {
            return "";
        }
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
