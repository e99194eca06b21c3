package io.xugumcp.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditMeterTest {
    private static final Caller CALLER = new Caller("c", "admin", "stdio");

    @Test
    void everyRecordIsPassedOnAndCountedFromWhatItSays() {
        List<String> written = new ArrayList<>();
        ServerMetrics m = new ServerMetrics();
        Audit meter = new AuditMeter((caller, action, d) -> written.add(action), m, Set.of("execute_query")::contains,
                (caller, action, d) -> {
                    throw new IllegalStateException("a broken observer must not lose the record");
                });
        meter.record(CALLER, "tool", Map.of("tool", "execute_query", "outcome", "ok"));
        meter.record(CALLER, "tool", Map.of("tool", "made_up", "outcome", "denied"));
        meter.record(CALLER, "statement", Map.of("kind", "READ", "outcome", "ok", "elapsedMs", 12L));
        meter.record(CALLER, "statement", Map.of("kind", "DELETE", "outcome", "denied"));
        meter.record(CALLER, "auth", Map.of("outcome", "denied"));
        meter.record(CALLER, "tool", Map.of("tool", "execute_query", "outcome", "ok", "llm",
                Map.of("provider", "claude", "model", "claude-sonnet-5", "inputTokens", 1200L, "outputTokens", 80L)));
        meter.record(CALLER, "plugin.chat2sql.llm.request", Map.of("provider", "openai", "model", "gpt-6",
                "inputTokens", 10, "outputTokens", 5));

        assertEquals(7, written.size());
        assertEquals(2, m.toolCalls.value("execute_query", "ok"));
        assertEquals(1, m.toolCalls.value("other", "denied"), "tools the server does not serve are not labels");
        assertEquals(1, m.statements.value("READ", "ok"));
        assertEquals(1, m.statements.value("DELETE", "denied"));
        assertEquals(1, m.statementDuration.snapshots().get(List.of("READ")).count());
        assertEquals(0.012, m.statementDuration.snapshots().get(List.of("READ")).sum(), 1e-9);
        assertEquals(1, m.authRefusals.value());
        assertEquals(1200, m.llmTokens.value("claude", "claude-sonnet-5", "input"));
        assertEquals(80, m.llmTokens.value("claude", "claude-sonnet-5", "output"));
        assertEquals(10, m.llmTokens.value("openai", "gpt-6", "input"));
    }
}
