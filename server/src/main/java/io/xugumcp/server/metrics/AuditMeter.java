package io.xugumcp.server.metrics;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Counts what the audit trail is told: the host writes exactly one record per tool call ({@code tool}), per statement
 * ({@code statement}) and per refused HTTP request ({@code auth}), so counting them here gives metrics that always
 * agree with the trail, without a second hook in the database service. A tool record's {@code llm} usage (provider,
 * model, input and output tokens, as the LLM service adds it) counts as language-model tokens, as does any other record
 * carrying {@code inputTokens}/{@code outputTokens} with {@code provider} and {@code model}.
 * Every record is passed on unchanged; a metrics failure never loses a record.
 */
public final class AuditMeter implements Audit {
    private final Audit delegate;
    private final ServerMetrics metrics;
    private final Predicate<String> knownTool;
    private final Audit observer;

    /**
     * @param knownTool true for tool names the server serves (others are counted as {@code other})
     * @param observer  also told every record after it was passed on (traces); may be null
     */
    public AuditMeter(Audit delegate, ServerMetrics metrics, Predicate<String> knownTool, Audit observer) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.knownTool = knownTool;
        this.observer = observer;
    }

    @Override
    public void record(Caller caller, String action, Map<String, Object> details) {
        delegate.record(caller, action, details);
        try {
            count(action, details == null ? Map.of() : details);
            if (observer != null) {
                observer.record(caller, action, details);
            }
        } catch (RuntimeException e) {
            // Metrics and traces must never break the call that is being audited.
        }
    }

    private void count(String action, Map<String, Object> d) {
        switch (action) {
            case "tool" -> {
                String tool = str(d.get("tool"));
                metrics.toolCalls.inc(knownTool.test(tool) ? tool : MetricRegistry.OTHER, str(d.get("outcome")));
            }
            case "statement" -> {
                String kind = d.get("kind") == null ? "UNKNOWN" : str(d.get("kind"));
                metrics.statements.inc(kind, str(d.get("outcome")));
                if (d.get("elapsedMs") instanceof Number ms) {
                    metrics.statementDuration.observe(ms.doubleValue() / 1000.0, kind);
                }
            }
            case "auth" -> {
                if ("denied".equals(d.get("outcome"))) {
                    metrics.authRefusals.inc();
                }
            }
            default -> {
                // other records count only where they carry token usage
            }
        }
        if (d.get("llm") instanceof Map<?, ?> llm) {
            // A tool call's model usage, as the host's LLM service adds it to the call's record.
            metrics.llmTokens(llm.get("provider") == null ? null : llm.get("provider").toString(),
                    llm.get("model") == null ? null : llm.get("model").toString(), number(llm.get("inputTokens")),
                    number(llm.get("outputTokens")));
        } else if (d.get("inputTokens") instanceof Number || d.get("outputTokens") instanceof Number) {
            Object provider = d.containsKey("provider") ? d.get("provider") : d.get("llmProvider");
            Object model = d.containsKey("model") ? d.get("model") : d.get("llmModel");
            metrics.llmTokens(provider == null ? null : provider.toString(), model == null ? null : model.toString(),
                    number(d.get("inputTokens")), number(d.get("outputTokens")));
        }
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
