package io.xugumcp.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict reader of the Prometheus text format 0.0.4 for tests (also used by the distribution's integration tests):
 * every line must be a comment, a {@code # HELP}/{@code # TYPE} line or a well-formed sample; label values are
 * unescaped. A malformed line fails with the line in the message.
 */
public final class PrometheusParser {

    /** One sample: name, labels (sorted), value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> helps = new LinkedHashMap<>();

    public static PrometheusParser parse(String text) {
        PrometheusParser p = new PrometheusParser();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1])) {
                    throw new IllegalArgumentException("line " + n + ": bad TYPE: " + line);
                }
                if (p.types.put(parts[0], parts[1]) != null) {
                    throw new IllegalArgumentException("line " + n + ": second TYPE for " + parts[0]);
                }
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int sp = rest.indexOf(' ');
                p.helps.put(sp < 0 ? rest : rest.substring(0, sp), sp < 0 ? "" : rest.substring(sp + 1));
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            p.samples.add(sample(line, n));
        }
        for (Sample s : p.samples) {
            if (p.family(s.name()) == null) {
                throw new IllegalArgumentException("sample " + s.name() + " has no TYPE line before it");
            }
        }
        return p;
    }

    private static Sample sample(String line, int n) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new IllegalArgumentException("line " + n + ": bad metric name: " + line);
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw new IllegalArgumentException("line " + n + ": bad label name '" + key + "': " + line);
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("line " + n + ": label value not quoted: " + line);
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        v.append(e == 'n' ? '\n' : e);
                    } else {
                        v.append(c);
                    }
                    j++;
                }
                labels.put(key, v.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("line " + n + ": no value: " + line);
        }
        String value = line.substring(i + 1).trim();
        double v = switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
        return new Sample(name, labels, v);
    }

    /** The family a sample name belongs to (its own name, or without _bucket/_sum/_count for histograms). */
    public String family(String sampleName) {
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return null;
    }

    public Map<String, String> types() {
        return types;
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * The value of the one sample named {@code name} whose labels include {@code labels} (given as k, v, k, v …) and
     * whose other labels are empty; 0 when there is none. Fails when several match.
     */
    public double value(String name, String... labels) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        Sample found = null;
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (Map.Entry<String, String> e : s.labels().entrySet()) {
                String w = want.get(e.getKey());
                if (w == null ? !e.getValue().isEmpty() : !w.equals(e.getValue())) {
                    match = false;
                    break;
                }
            }
            for (String k : want.keySet()) {
                if (!s.labels().containsKey(k) && !want.get(k).isEmpty()) {
                    match = false;
                }
            }
            if (match) {
                if (found != null) {
                    throw new IllegalStateException("several samples match " + name + " " + want);
                }
                found = s;
            }
        }
        return found == null ? 0 : found.value();
    }

    /** The sum over every sample named {@code name} (e.g. all outcomes). */
    public double sum(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }
}
