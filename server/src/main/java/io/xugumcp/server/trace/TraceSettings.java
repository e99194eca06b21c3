package io.xugumcp.server.trace;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tracing settings from the standard OpenTelemetry environment variables. Traces are off unless asked for, with
 * {@code OTEL_TRACES_EXPORTER=otlp} or {@code xugu-mcp.tracing.enabled = true} ({@code XUGU_MCP_TRACING});
 * {@code OTEL_SDK_DISABLED=true} or {@code OTEL_TRACES_EXPORTER=none} always wins. Only OTLP over HTTP with JSON bodies
 * is spoken (what every OpenTelemetry Collector accepts on port 4318).
 *
 * @param endpoint     the full URL spans are posted to ({@code …/v1/traces})
 * @param headers      extra request headers (never logged: they usually hold an API key)
 * @param resource     resource attributes, {@code service.name} first
 * @param sampleRatio  share of new traces recorded, 0 to 1
 * @param parentBased  follow the caller's sampling decision when a {@code traceparent} came with the request
 * @param problems     settings that were ignored, each a sentence for the log
 */
public record TraceSettings(boolean enabled, URI endpoint, Map<String, String> headers, Map<String, String> resource,
                            double sampleRatio, boolean parentBased, Duration scheduleDelay, int maxQueueSize,
                            int maxBatchSize, Duration exportTimeout, java.util.List<String> problems) {

    public static final TraceSettings OFF = new TraceSettings(false, URI.create("http://localhost:4318/v1/traces"),
            Map.of(), Map.of("service.name", "xugu-mcp"), 1, true, Duration.ofSeconds(5), 2048, 512,
            Duration.ofSeconds(10), java.util.List.of());

    @Override
    public String toString() {
        return "TraceSettings[enabled=" + enabled + ", endpoint=" + endpoint + ", headers=" + headers.keySet()
                + ", sampleRatio=" + sampleRatio + "]";
    }

    /**
     * @param env              the process environment
     * @param enabledInConfig  {@code xugu-mcp.tracing.enabled}
     */
    public static TraceSettings from(Map<String, String> env, boolean enabledInConfig, String hostVersion) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        String exporter = lower(env.get("OTEL_TRACES_EXPORTER"));
        boolean disabled = "true".equals(lower(env.get("OTEL_SDK_DISABLED"))) || "none".equals(exporter);
        boolean enabled = !disabled && ("otlp".equals(exporter) || enabledInConfig);
        if (exporter != null && !exporter.equals("otlp") && !exporter.equals("none")) {
            problems.add("OTEL_TRACES_EXPORTER=" + exporter + " is not supported (only otlp or none); traces stay "
                    + (enabled ? "on with OTLP" : "off"));
        }
        String protocol = lower(first(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"));
        if (protocol != null && !protocol.equals("http/json")) {
            problems.add("OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol + " is not supported: spans are sent as OTLP/HTTP"
                    + " with JSON bodies (http/json), which collectors accept on their HTTP port (4318)");
        }
        URI endpoint;
        String signal = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        try {
            if (signal != null && !signal.isBlank()) {
                endpoint = URI.create(signal.trim());
            } else if (base != null && !base.isBlank()) {
                String b = base.trim();
                endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/v1/traces");
            } else {
                endpoint = OFF.endpoint();
            }
            if (endpoint.getScheme() == null || !endpoint.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            problems.add("OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL; traces are off");
            endpoint = OFF.endpoint();
            enabled = false;
        }
        Map<String, String> headers = pairs(first(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"));
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", "xugu-mcp");
        resource.putAll(pairs(env.get("OTEL_RESOURCE_ATTRIBUTES")));
        String service = env.get("OTEL_SERVICE_NAME");
        if (service != null && !service.isBlank()) {
            resource.put("service.name", service.trim());
        }
        resource.putIfAbsent("service.version", hostVersion);

        double ratio = 1;
        boolean parentBased = true;
        String sampler = lower(env.get("OTEL_TRACES_SAMPLER"));
        if (sampler != null) {
            switch (sampler) {
                case "always_on" -> parentBased = false;
                case "always_off" -> {
                    parentBased = false;
                    ratio = 0;
                }
                case "traceidratio" -> {
                    parentBased = false;
                    ratio = ratio(env, problems);
                }
                case "parentbased_always_on" -> { }
                case "parentbased_always_off" -> ratio = 0;
                case "parentbased_traceidratio" -> ratio = ratio(env, problems);
                default -> problems.add("OTEL_TRACES_SAMPLER=" + sampler + " is not supported; parentbased_always_on applies");
            }
        }
        return new TraceSettings(enabled, endpoint, headers, resource, ratio, parentBased,
                Duration.ofMillis(millis(env, "OTEL_BSP_SCHEDULE_DELAY", 5000, problems)),
                (int) millis(env, "OTEL_BSP_MAX_QUEUE_SIZE", 2048, problems),
                (int) millis(env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512, problems),
                Duration.ofMillis(millis(env, first(env, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", null) != null
                        ? "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT" : "OTEL_EXPORTER_OTLP_TIMEOUT", 10000, problems)),
                java.util.List.copyOf(problems));
    }

    private static double ratio(Map<String, String> env, java.util.List<String> problems) {
        String arg = env.get("OTEL_TRACES_SAMPLER_ARG");
        if (arg == null || arg.isBlank()) {
            return 1;
        }
        try {
            double r = Double.parseDouble(arg.trim());
            if (r >= 0 && r <= 1) {
                return r;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("OTEL_TRACES_SAMPLER_ARG=" + arg + " is not a ratio between 0 and 1; 1 applies");
        return 1;
    }

    private static long millis(Map<String, String> env, String key, long dflt, java.util.List<String> problems) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(key + "=" + v + " is not a positive whole number; " + dflt + " applies");
        return dflt;
    }

    private static String first(Map<String, String> env, String a, String b) {
        String v = env.get(a);
        return v != null && !v.isBlank() ? v : b == null ? null : env.get(b);
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code k=v,k2=v2} with URL-encoded values (the W3C baggage format the OTEL_* lists use). */
    static Map<String, String> pairs(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String part : s.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(),
                        URLDecoder.decode(part.substring(eq + 1).trim(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
