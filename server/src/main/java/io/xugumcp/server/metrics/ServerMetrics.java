package io.xugumcp.server.metrics;

import java.util.Locale;
import java.util.Set;

/**
 * The server's metric families, named after OpenTelemetry's conventions where one exists (dots become underscores,
 * the unit {@code s} becomes {@code _seconds}, counters end in {@code _total}) and with the one-word prefix
 * {@code xugu_mcp_} otherwise. Label values are bounded: MCP methods outside the specification's list and tool names
 * the server does not serve are recorded as {@code other}. Gauges are added by the parts that own the numbers
 * ({@link PoolMeter}, {@link JvmMeter}, the server's wiring).
 */
public final class ServerMetrics {
    /** OpenTelemetry's advice for {@code mcp.server.operation.duration} (seconds). */
    public static final double[] DURATION_BUCKETS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300};
    /** Statement timings start lower: a point query takes a millisecond. */
    public static final double[] STATEMENT_BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5,
        10, 30, 60, 120, 300};

    /** MCP methods (2025-11-25 and 2026-07-28); anything else is recorded as {@code other}. */
    static final Set<String> METHODS = Set.of("initialize", "ping", "tools/list", "tools/call", "resources/list",
            "resources/read", "resources/templates/list", "resources/subscribe", "resources/unsubscribe",
            "prompts/list", "prompts/get", "completion/complete", "logging/setLevel", "server/discover",
            "subscriptions/listen", "notifications/initialized", "notifications/cancelled", "notifications/progress",
            "notifications/roots/list_changed", "notifications/message", "tasks/get", "tasks/list", "tasks/cancel",
            "tasks/result");

    private final MetricRegistry registry = new MetricRegistry();
    private final long startNanos = System.nanoTime();

    public final MetricRegistry.Histogram operations = registry.histogram("mcp_server_operation_duration_seconds",
            "MCP requests handled, by method, tool and error type (tool_error: the tool answered with an error result;"
                    + " else the JSON-RPC error code)", DURATION_BUCKETS,
            "mcp_method_name", "gen_ai_tool_name", "error_type");
    public final MetricRegistry.Counter notifications = registry.counter("xugu_mcp_notifications_received_total",
            "MCP notifications received, by method", "mcp_method_name");
    public final MetricRegistry.Counter toolCalls = registry.counter("xugu_mcp_tool_calls_total",
            "Tool calls by tool and outcome as audited (ok, denied, error, timeout)", "gen_ai_tool_name", "outcome");
    public final MetricRegistry.Counter statements = registry.counter("xugu_mcp_statements_total",
            "SQL statements by kind and outcome (ok, denied, error, timeout, rolled_back)", "kind", "outcome");
    public final MetricRegistry.Histogram statementDuration = registry.histogram("xugu_mcp_statement_duration_seconds",
            "Time the database took for statements that ran, by kind", STATEMENT_BUCKETS, "kind");
    public final MetricRegistry.Counter authRefusals = registry.counter("xugu_mcp_http_auth_refusals_total",
            "HTTP requests refused for a missing or unknown bearer token");
    public final MetricRegistry.Counter llmTokens = registry.counter("xugu_mcp_llm_tokens_total",
            "Language-model tokens by provider, model and type (input, output)",
            "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_token_type");
    public final MetricRegistry.Counter reloads = registry.counter("xugu_mcp_config_reloads_total",
            "Configuration reloads by outcome (applied, refused)", "outcome");

    public MetricRegistry registry() {
        return registry;
    }

    public long uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    /** A handled MCP request. */
    public void operation(String method, String tool, String errorType, double seconds) {
        operations.observe(seconds, method(method), tool == null ? "" : tool, errorType == null ? "" : errorType);
    }

    public void notification(String method) {
        notifications.inc(method(method));
    }

    /** Token usage of one language-model request (the host's LLM service reports it here). */
    public void llmTokens(String provider, String model, long input, long output) {
        String p = provider == null || provider.isBlank() ? "unknown" : provider.toLowerCase(Locale.ROOT);
        String m = model == null || model.isBlank() ? "unknown" : model;
        if (input > 0) {
            llmTokens.add(input, p, m, "input");
        }
        if (output > 0) {
            llmTokens.add(output, p, m, "output");
        }
    }

    static String method(String m) {
        return m != null && METHODS.contains(m) ? m : MetricRegistry.OTHER;
    }
}
