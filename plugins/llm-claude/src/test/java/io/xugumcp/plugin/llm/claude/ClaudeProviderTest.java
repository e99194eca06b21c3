package io.xugumcp.plugin.llm.claude;

import static io.xugumcp.server.llm.Fixtures.assertGolden;
import static io.xugumcp.server.llm.Fixtures.json;
import static io.xugumcp.server.llm.Fixtures.stream;
import static io.xugumcp.server.llm.LlmTestKit.KEY;
import static io.xugumcp.server.llm.LlmTestKit.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.llm.LlmTestKit;
import io.xugumcp.server.llm.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Anthropic Messages wire format, replayed from documented examples through the real host service. */
class ClaudeProviderTest {
    private static final String SYSTEM = "You write SQL for XuguDB.";
    private final MockWebServer server = new MockWebServer();
    private final LlmTestKit kit = new LlmTestKit();
    private LogCapture log;

    @BeforeEach
    void start() throws IOException {
        log = new LogCapture();
        server.start();
    }

    @AfterEach
    void stop() {
        kit.close();
        server.close();
        log.close();
        assertFalse(log.text().contains(KEY.substring(4, 16)), "the key appeared in the log");
    }

    private Llm llm(Object... more) {
        return kit.llm(new ClaudeProvider(), settings("claude", server, more));
    }

    private static LlmRequest conversation() {
        return new LlmRequest(SYSTEM, List.of(LlmMessage.user("List the customers."),
                LlmMessage.assistant("SELECT * FROM customers"), LlmMessage.user("Only their names.")),
                null, 1024, 0.2, List.of("```\n\n"), null);
    }

    @Test
    void theRequestAndHeadersAreExactlyTheDocumentedOnes() throws Exception {
        server.enqueue(json(ClaudeProviderTest.class, 200, "fixtures/message.json"));
        LlmReply r = llm().complete(conversation());
        RecordedRequest q = server.takeRequest();
        assertEquals("POST", q.getMethod());
        assertEquals("/v1/messages", q.getUrl().encodedPath());
        assertGolden(ClaudeProviderTest.class, "golden/request-complete.json", q);
        assertEquals(KEY, q.getHeaders().get("x-api-key"));
        assertEquals("2023-06-01", q.getHeaders().get("anthropic-version"));
        assertEquals("application/json", q.getHeaders().get("content-type"));
        assertNull(q.getHeaders().get("Authorization"), "Anthropic takes the key in x-api-key only");
        assertNull(q.getHeaders().get("anthropic-beta"));

        assertEquals("SELECT name FROM customers", r.text(), "the thinking block before the text is left out");
        assertEquals("claude-sonnet-5-5", r.model());
        assertEquals(2095 + 1024, r.inputTokens(), "cached input counts as input");
        assertEquals(503, r.outputTokens());
        assertEquals(LlmReply.FinishReason.STOP, r.finishReason());
        assertEquals(2095L + 1024, kit.usage.toAudit().get("inputTokens"));
    }

    @Test
    void aStreamSkipsThinkingAndTakesTheLargerUsage() throws Exception {
        server.enqueue(stream(ClaudeProviderTest.class, "fixtures/stream-thinking.sse", "text/event-stream"));
        List<String> pieces = new ArrayList<>();
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("sql", Map.of("type", "string")),
                "required", List.of("sql"), "additionalProperties", false);
        LlmReply r = kit.llm(new ClaudeProvider(), settings("claude", server, "model", "claude-haiku-5-5",
                        "claude.thinking", "adaptive", "claude.beta", "context-1m-2025-08-07"))
                .stream(new LlmRequest(SYSTEM, List.of(LlmMessage.user("哪些表存放订单?")), null, 0, null, List.of(), schema),
                        pieces::add);
        RecordedRequest q = server.takeRequest();
        assertGolden(ClaudeProviderTest.class, "golden/request-stream.json", q);
        assertEquals("context-1m-2025-08-07", q.getHeaders().get("anthropic-beta"));
        assertEquals(List.of("{\"sql\": \"SELECT table_name", " FROM all_tables\"}"), pieces);
        assertEquals("{\"sql\": \"SELECT table_name FROM all_tables\"}", r.text());
        assertEquals("claude-haiku-5-5", r.model());
        assertEquals(312, r.inputTokens(), "message_start said 0, message_delta the real count");
        assertEquals(41, r.outputTokens());
        assertEquals(LlmReply.FinishReason.STOP, r.finishReason());
    }

    @Test
    void anErrorEventAfterTextEndsTheStreamTypedAndIsNotRetried() {
        server.enqueue(stream(ClaudeProviderTest.class, "fixtures/stream-error.sse", "text/event-stream"));
        List<String> pieces = new ArrayList<>();
        LlmException e = assertThrows(LlmException.class, () -> llm().stream(conversation(), pieces::add));
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(List.of("SELECT"), pieces);
        assertTrue(e.getMessage().contains("error event in the stream overloaded_error: Overloaded"), e.getMessage());
        assertTrue(e.getMessage().contains("req_011CSHoEeqs5C35K2UUqR7Fy"), "the request id helps support");
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aWrongKeyIsAuthentication() {
        server.enqueue(json(ClaudeProviderTest.class, 401, "fixtures/401.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(conversation()));
        assertEquals(Kind.AUTHENTICATION, e.kind());
        assertTrue(e.getMessage().contains("invalid x-api-key"), e.getMessage());
        assertTrue(e.getMessage().contains("check LLM_API_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY.substring(4, 16)));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void anUnknownModelSaysWhatToSet() {
        server.enqueue(json(ClaudeProviderTest.class, 404, "fixtures/404-model.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm("model", "claude-3-5-sonnet-latest").complete(conversation()));
        assertEquals(Kind.MODEL_NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("set LLM_MODEL, e.g. claude-sonnet-5-5"), e.getMessage());
    }

    @Test
    void theSeedsOldDefaultModelIsKnownToBeRetired() {
        LlmException e = assertThrows(LlmException.class,
                () -> llm("model", "claude-3-5-sonnet-20241022").complete(conversation()));
        assertEquals(Kind.MODEL_NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("retired on 2025-10-28"), e.getMessage());
        assertTrue(e.getMessage().contains("set LLM_MODEL, e.g. claude-sonnet-5-5"), e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aPromptTooLongIsContextTooLong() {
        server.enqueue(json(ClaudeProviderTest.class, 400, "fixtures/400-too-long.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(conversation()));
        assertEquals(Kind.CONTEXT_TOO_LONG, e.kind());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aRefusedTemperatureSaysToUnsetIt() {
        server.enqueue(json(ClaudeProviderTest.class, 400, "fixtures/400-temperature.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm("temperature", "0.0").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("unset LLM_TEMPERATURE"), e.getMessage());
    }

    @Test
    void aRateLimitWaitsTheRetryAfterThenSucceeds() {
        server.enqueue(new MockResponse.Builder(json(ClaudeProviderTest.class, 429, "fixtures/429.json"))
                .addHeader("retry-after", "7").addHeader("anthropic-ratelimit-requests-remaining", "0").build());
        server.enqueue(json(ClaudeProviderTest.class, 200, "fixtures/message.json"));
        LlmReply r = llm().complete(conversation());
        assertEquals("SELECT name FROM customers", r.text());
        assertEquals(List.of(Duration.ofSeconds(7)), kit.clock.pauses());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void theMonthlySpendCapIsNeverRetried() {
        server.enqueue(json(ClaudeProviderTest.class, 429, "fixtures/429-spend-cap.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(conversation()));
        assertEquals(Kind.QUOTA_EXHAUSTED, e.kind());
        assertEquals(1, server.getRequestCount());
        assertTrue(kit.clock.pauses().isEmpty());
    }

    @Test
    void overloadIsRetriedAndThenReported() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(ClaudeProviderTest.class, 529, "fixtures/529.json"));
        }
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(conversation()));
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(3, server.getRequestCount());
        assertEquals(2, kit.clock.pauses().size());
    }

    @Test
    void aStreamCutShortIsNotAnAnswer() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-5-5\","
                        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"SEL\"}}\n\n").build());
        LlmException e = assertThrows(LlmException.class, () -> llm().stream(conversation(), t -> { }));
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("ended before the answer was complete"), e.getMessage());
    }
}
