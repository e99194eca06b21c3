package io.xugumcp.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xugumcp.api.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuditRecordsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);
    private static final Caller ALICE = new Caller("alice", "read_only", "http");

    private static Map<String, Object> prepared(Map<String, Object> details) {
        return AuditRecords.prepare(CLOCK, ALICE, "tool", details, UnaryOperator.identity());
    }

    @Test
    void fieldsNamedLikeSecretsAreHiddenInAnyCaseAndNesting() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dbPassword", "hunter2");
        d.put("X-API-Key", "k1");
        d.put("Authorisation", "Bearer abc");
        d.put("refresh_token", "t");
        d.put("PRIVATE-KEY", "pem");
        d.put("headers", Map.of("Cookie", "c=1", "accept", "json"));
        d.put("settings", List.of(Map.of("apiKey", "k2")));
        Map<String, Object> line = prepared(d);
        assertEquals(AuditRecords.HIDDEN, line.get("dbPassword"));
        assertEquals(AuditRecords.HIDDEN, line.get("X-API-Key"));
        assertEquals(AuditRecords.HIDDEN, line.get("Authorisation"));
        assertEquals(AuditRecords.HIDDEN, line.get("refresh_token"));
        assertEquals(AuditRecords.HIDDEN, line.get("PRIVATE-KEY"));
        assertEquals(Map.of("Cookie", AuditRecords.HIDDEN, "accept", "json"), line.get("headers"));
        assertEquals(List.of(Map.of("apiKey", AuditRecords.HIDDEN)), line.get("settings"));
    }

    @Test
    void aNameWithALineBreakBeforeTheSecretWordIsStillHidden() {
        // The former pattern (?i).*(password|…).* stopped at the line break and let this value through.
        Map<String, Object> line = prepared(Map.of("note\npassword", "hunter2"));
        assertEquals(AuditRecords.HIDDEN, line.get("note\npassword"));
    }

    @Test
    void ordinaryFieldsAreKept() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tool", "execute_query");
        d.put("outcome", "ok");
        d.put("rows", 1L);
        d.put("tables", List.of("orders"));
        d.put("keyspace", "k");
        Map<String, Object> line = prepared(d);
        assertEquals("execute_query", line.get("tool"));
        assertEquals("ok", line.get("outcome"));
        assertEquals(1L, line.get("rows"));
        assertEquals(List.of("orders"), line.get("tables"));
        assertEquals("k", line.get("keyspace"));
        assertEquals("alice", line.get("client"));
    }
}
