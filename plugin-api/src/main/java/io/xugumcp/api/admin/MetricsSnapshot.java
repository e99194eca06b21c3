package io.xugumcp.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Counters and timings since start (the same numbers {@code /metrics} exports).
 *
 * @param operations one row per MCP method, tool and error type
 * @param statements SQL statements by {@code kind:outcome}, e.g. {@code SELECT:ok}
 * @param toolCalls  tool calls by {@code tool:outcome}, outcome {@code ok}, {@code denied}, {@code error}, {@code timeout}
 * @param rateLimitRefusals calls refused by a client's rate limit plus statements refused by the in-flight cap
 * @param auditQueueDepth  audit records handed in and not yet written
 * @param llmTokens  tokens by {@code provider/model/type}
 * @since 0.3.0
 */
public record MetricsSnapshot(Instant at, long uptimeSeconds, List<Operation> operations, Map<String, Long> statements,
                              Map<String, Long> toolCalls, long rateLimitRefusals, int auditQueueDepth,
                              Map<String, Long> llmTokens, PoolStats pool, Jvm jvm) {

    public MetricsSnapshot {
        operations = List.copyOf(operations);
        statements = Map.copyOf(statements);
        toolCalls = Map.copyOf(toolCalls);
        llmTokens = Map.copyOf(llmTokens);
    }

    /**
     * One MCP method (and tool) with one outcome.
     *
     * @param tool      the tool for {@code tools/call}, else {@code null}
     * @param errorType {@code null} when it succeeded; {@code tool_error} for a tool's error result; else the JSON-RPC
     *                  error code
     * @param p50Ms     median estimated from the histogram buckets
     * @param p95Ms     95th percentile estimated from the histogram buckets
     */
    public record Operation(String method, String tool, String errorType, long count, double totalSeconds,
                            double p50Ms, double p95Ms) {
    }

    /** The JVM: heap, memory outside the heap, garbage collections, threads. */
    public record Jvm(long heapUsedBytes, long heapMaxBytes, long nonHeapUsedBytes, long gcCount, double gcSeconds,
                      int threads) {
    }
}
