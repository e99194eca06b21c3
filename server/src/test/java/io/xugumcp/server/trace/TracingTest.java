package io.xugumcp.server.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Caller;
import io.xugumcp.server.mcp.CallObserver;
import io.xugumcp.server.sql.SqlRedactor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {
    private static final Caller CALLER = new Caller("reporting", "data_analyst", "http");

    @Test
    void tracesAreOffUnlessAskedForAndReadTheStandardVariables() {
        assertFalse(TraceSettings.from(Map.of(), false, "1").enabled());
        assertFalse(TraceSettings.from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"), false, "1").enabled(),
                "an endpoint alone does not switch traces on");
        TraceSettings on = TraceSettings.from(Map.of("OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/", "OTEL_SERVICE_NAME", "mcp-prod",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s%20ecret,x=1", "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod",
                "OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.25"), false, "9.9");
        assertTrue(on.enabled());
        assertEquals("http://collector:4318/v1/traces", on.endpoint().toString());
        assertEquals(Map.of("api-key", "s ecret", "x", "1"), on.headers());
        assertEquals("mcp-prod", on.resource().get("service.name"));
        assertEquals("prod", on.resource().get("deployment.environment"));
        assertEquals(0.25, on.sampleRatio());
        assertFalse(on.toString().contains("ecret"), "headers never printed: " + on);
        assertFalse(TraceSettings.from(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true"), true, "1")
                .enabled());
        assertTrue(TraceSettings.from(Map.of(), true, "1").enabled(), "xugu-mcp.tracing.enabled");
        TraceSettings grpc = TraceSettings.from(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL",
                "grpc", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/custom"), false, "1");
        assertEquals("http://c:4318/custom", grpc.endpoint().toString());
        assertEquals(1, grpc.problems().size(), grpc.problems().toString());
    }

    @Test
    void aToolCallAndItsStatementsArriveAsParentAndChildSpansWithRedactedSql() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            TraceSettings s = TraceSettings.from(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT",
                    receiver.endpoint(), "OTEL_BSP_SCHEDULE_DELAY", "50", "OTEL_EXPORTER_OTLP_HEADERS", "x-key=abc"),
                    false, "0.1.0");
            SqlRedactor redactor = new SqlRedactor("h2", 4000);
            try (OtlpExporter exporter = new OtlpExporter(s, new ObjectMapper(), "0.1.0")) {
                ToolTracing tracing = new ToolTracing(new Tracer(s, exporter), redactor::redact, "h2");
                Map<String, Object> meta = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                CallObserver.Handle h = tracing.toolCall("execute_query", "query", CALLER, meta, "session-9");
                Thread.sleep(10); // the statement's 3 ms run inside the call
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("tool", "execute_query");
                d.put("callId", "call-1");
                d.put("kind", "READ");
                d.put("verb", "SELECT");
                d.put("tables", List.of("CUSTOMERS"));
                d.put("sql", "SELECT * FROM customers WHERE name = 'Alice' AND id = 42");
                d.put("rows", 1L);
                d.put("elapsedMs", 3L);
                d.put("outcome", "ok");
                tracing.record(CALLER, "statement", d);
                Map<String, Object> other = new LinkedHashMap<>(d);
                other.put("callId", "another-call");
                Thread elsewhere = new Thread(() -> tracing.record(CALLER, "statement", other));
                elsewhere.start(); // a thread that runs no traced call: no span
                elsewhere.join();
                h.end("error", "not_a_read", true);
                tracing.record(CALLER, "statement", d); // after the call ended: no span
            }
            List<JsonNode> spans = receiver.await(x -> x.size() >= 2, Duration.ofSeconds(10));
            assertEquals(2, spans.size(), receiver.bodies().toString());
            JsonNode tool = spans.stream().filter(x -> x.path("kind").asInt() == Span.SERVER).findFirst().orElseThrow();
            JsonNode stmt = spans.stream().filter(x -> x.path("kind").asInt() == Span.CLIENT).findFirst().orElseThrow();
            assertEquals("tools/call execute_query", tool.path("name").asText());
            assertEquals("0af7651916cd43dd8448eb211c80319c", tool.path("traceId").asText(), "the client's trace continues");
            assertEquals("b7ad6b7169203331", tool.path("parentSpanId").asText());
            assertEquals("tools/call", OtlpReceiver.attribute(tool, "mcp.method.name"));
            assertEquals("execute_query", OtlpReceiver.attribute(tool, "gen_ai.tool.name"));
            assertEquals("execute_tool", OtlpReceiver.attribute(tool, "gen_ai.operation.name"));
            assertEquals("tool_error", OtlpReceiver.attribute(tool, "error.type"));
            assertEquals("tcp", OtlpReceiver.attribute(tool, "network.transport"));
            assertEquals("session-9", OtlpReceiver.attribute(tool, "mcp.session.id"));
            assertEquals(2, tool.path("status").path("code").asInt());
            assertEquals("SELECT CUSTOMERS", stmt.path("name").asText());
            assertEquals(tool.path("spanId").asText(), stmt.path("parentSpanId").asText());
            assertEquals(tool.path("traceId").asText(), stmt.path("traceId").asText());
            assertEquals("h2database", OtlpReceiver.attribute(stmt, "db.system.name"));
            assertEquals("SELECT", OtlpReceiver.attribute(stmt, "db.operation.name"));
            assertEquals("CUSTOMERS", OtlpReceiver.attribute(stmt, "db.collection.name"));
            assertEquals("1", OtlpReceiver.attribute(stmt, "db.response.returned_rows"));
            String text = OtlpReceiver.attribute(stmt, "db.query.text");
            assertNotNull(text);
            assertFalse(text.contains("Alice") || text.contains("42"), text);
            assertTrue(text.contains("?"), text);
            long start = Long.parseLong(stmt.path("startTimeUnixNano").asText());
            long end = Long.parseLong(stmt.path("endTimeUnixNano").asText());
            assertEquals(3_000_000L, end - start, "the statement's own elapsed time");
            assertTrue(Long.parseLong(tool.path("startTimeUnixNano").asText()) <= start);
            assertEquals("0.1.0", OtlpReceiver.attribute(tool.path("resource"), "service.version"));
            assertEquals("xugu-mcp", OtlpReceiver.attribute(tool.path("resource"), "service.name"));
            assertEquals(List.of("abc"), receiver.headers().get(0).get("X-key"));
            for (String body : receiver.bodies()) {
                assertFalse(body.contains("Alice"), body);
            }
        }
    }

    @Test
    void aCallerThatDoesNotSampleGetsNoSpansAndRatiosAreHonoured() {
        TraceSettings s = TraceSettings.from(Map.of("OTEL_TRACES_EXPORTER", "otlp"), false, "1");
        java.util.List<Span> out = new java.util.ArrayList<>();
        Tracer t = new Tracer(s, out::add);
        assertNull(t.start("x", Span.SERVER, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"),
                "parent says not sampled");
        Span root = t.start("x", Span.SERVER, "garbage");
        assertNotNull(root, "a bad traceparent starts a new trace");
        assertNull(root.parentSpanId());
        assertEquals(32, root.traceId().length());
        TraceSettings never = TraceSettings.from(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_TRACES_SAMPLER",
                "always_off"), false, "1");
        assertNull(new Tracer(never, out::add).start("x", Span.SERVER, null));
        TraceSettings off = TraceSettings.OFF;
        assertNull(new Tracer(off, out::add).start("x", Span.SERVER, null));
        ToolTracing disabled = new ToolTracing(new Tracer(off, out::add), x -> x, "xugu");
        assertSame(CallObserver.Handle.NONE, disabled.toolCall("t", "p", CALLER, null, null));
        assertTrue(out.isEmpty());
    }
}
