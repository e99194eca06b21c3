package io.xugumcp.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What is running: versions, the database (address without secrets), the mode, the transports being served, the
 * plugins with their tools, and the limits that apply to every answer.
 *
 * @param database    the JDBC URL without password and the user, e.g. {@code jdbc:postgresql://db:5432/shop as mcp_ro}
 * @param transports  {@code stdio}, {@code http}, {@code sse}
 * @param endpoints   HTTP paths served ({@code /mcp}, {@code /sse}, {@code /health}, {@code /ready}, {@code /metrics})
 * @param features    optional features and their state, e.g. {@code tracing=off}, {@code plugin-watch=on}
 * @since 0.3.0
 */
public record ServerInfo(String name, String hostVersion, String apiVersion, String javaVersion, String os,
                         Instant startedAt, Duration uptime, String dialect, String database, boolean demoDatabase,
                         String mode, List<String> transports, List<String> endpoints, List<PluginInfo> plugins,
                         Limits limits, List<String> features) {

    public ServerInfo {
        transports = List.copyOf(transports);
        endpoints = List.copyOf(endpoints);
        plugins = List.copyOf(plugins);
        features = List.copyOf(features);
    }

    /**
     * One plugin file.
     *
     * @param state   {@code STARTED}, {@code DISABLED}, {@code STOPPED}, {@code FAILED}, {@code REJECTED}, {@code REMOVED}
     * @param problem why it is not serving, or {@code null}
     */
    public record PluginInfo(String id, String version, String state, String description, String file,
                             List<String> tools, String problem) {
        public PluginInfo {
            tools = List.copyOf(tools);
        }
    }

    /**
     * Limits of every answer and statement.
     *
     * @param ratePerMinute the default calls per minute per client, 0 when rate limits are off
     */
    public record Limits(int maxRows, long maxBytes, Duration queryTimeout, int maxSqlLength, int maxBatchStatements,
                         int poolMaxSize, Duration poolTimeout, int ratePerMinute, int maxStatementsInFlight) {
    }
}
