package io.xugumcp.plugin.llm.openai;

import static io.xugumcp.server.llm.Fixtures.assertGolden;
import static io.xugumcp.server.llm.Fixtures.json;
import static io.xugumcp.server.llm.Fixtures.stream;
import static io.xugumcp.server.llm.LlmTestKit.KEY;
import static io.xugumcp.server.llm.LlmTestKit.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.llm.LlmTestKit;
import io.xugumcp.server.llm.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat Completions as OpenAI and compatible servers speak it, replayed through the real host service. */
class OpenAiProviderTest {
    private static final String SYSTEM = "You write SQL for XuguDB.";
    private static final Map<String, Object> STRICT = Map.of("type", "object",
            "properties", Map.of("sql", Map.of("type", "string")), "required", List.of("sql"), "additionalProperties", false);
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
        return kit.llm(new OpenAiProvider(), settings("openai", server, more));
    }

    @Test
    void onApiOpenAiComTheRequestUsesMaxCompletionTokensAndAStrictSchema() throws Exception {
        server.enqueue(json(OpenAiProviderTest.class, 200, "fixtures/completion.json"));
        Map<String, Object> s = settings("openai", server);
        s.remove("base-url");
        // api.openai.com itself, reached through the proxy the environment names (the mock server).
        s.put("base-url", "http://api.openai.com/v1");
        s.put("openai.headers.OpenAI-Project", "proj_abc");
        Llm llm = kit.service(List.of(new OpenAiProvider()), s, Map.of("HTTP_PROXY", "http://127.0.0.1:" + server.getPort()))
                .forCall(() -> false, kit.usage);
        LlmReply r = llm.complete(LlmRequest.of(SYSTEM, "List the customers.").withResponseSchema(STRICT));
        RecordedRequest q = server.takeRequest();
        assertEquals("/v1/chat/completions", q.getUrl().encodedPath());
        assertEquals("api.openai.com", q.getUrl().host());
        assertGolden(OpenAiProviderTest.class, "golden/request-official.json", q);
        assertEquals("Bearer " + KEY, q.getHeaders().get("Authorization"));
        assertEquals("application/json", q.getHeaders().get("Content-Type"));
        assertEquals("proj_abc", q.getHeaders().get("OpenAI-Project"), "the operator's extra headers are sent");

        assertEquals("{\"sql\":\"SELECT name FROM customers\"}", r.text());
        assertEquals("gpt-6-luna-2026-09-15", r.model());
        assertEquals(19, r.inputTokens());
        assertEquals(10, r.outputTokens());
        assertEquals(LlmReply.FinishReason.STOP, r.finishReason());
    }

    @Test
    void aCompatibleServerStreamsWithMaxTokensJsonObjectAndAUsageOnlyLastChunk() throws Exception {
        server.enqueue(stream(OpenAiProviderTest.class, "fixtures/stream.sse", "text/event-stream"));
        Map<String, Object> s = settings("openai", server, "model", "deepseek-chat", "max-tokens", 4096);
        s.put("base-url", server.url("/v1").toString());
        List<String> pieces = new ArrayList<>();
        LlmReply r = kit.llm(new OpenAiProvider(), s).stream(new LlmRequest(SYSTEM, List.of(LlmMessage.user("列出所有客户")),
                null, 0, 0.1, List.of(";"), Map.of("type", "object", "properties", Map.of("sql", Map.of("type", "string")))),
                pieces::add);
        RecordedRequest q = server.takeRequest();
        assertEquals("/v1/chat/completions", q.getUrl().encodedPath());
        assertGolden(OpenAiProviderTest.class, "golden/request-compatible-stream.json", q);
        assertEquals(List.of("{\"sql\": \"SELECT", " * FROM 客户\"}"), pieces);
        assertEquals("{\"sql\": \"SELECT * FROM 客户\"}", r.text());
        assertEquals(27, r.inputTokens(), "from the usage-only chunk after the last content");
        assertEquals(9, r.outputTokens());
        assertEquals(LlmReply.FinishReason.STOP, r.finishReason());
        assertEquals("deepseek-chat", r.model());
    }

    @Test
    void anErrorInsideTheStreamAfterTextIsTypedAndNotRetried() {
        server.enqueue(stream(OpenAiProviderTest.class, "fixtures/stream-error.sse", "text/event-stream"));
        List<String> pieces = new ArrayList<>();
        LlmException e = assertThrows(LlmException.class, () -> llm().stream(LlmRequest.of(SYSTEM, "q"), pieces::add));
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(List.of("SELECT"), pieces);
        assertTrue(e.getMessage().contains("error in the stream server_error"), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aWrongKeyIsAuthenticationAndTheEchoedKeyIsCut() {
        server.enqueue(json(OpenAiProviderTest.class, 401, "fixtures/401.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.AUTHENTICATION, e.kind());
        assertFalse(e.getMessage().contains("sk-test-Z"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid_api_key"), e.getMessage());
    }

    @Test
    void anUnknownModelSaysWhatToSet() {
        server.enqueue(json(OpenAiProviderTest.class, 404, "fixtures/404-model.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm("model", "gpt-4-turbo-preview").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.MODEL_NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("set LLM_MODEL, e.g. gpt-6-luna"), e.getMessage());
    }

    @Test
    void ollamasCompatibleEndpointSaysModelNotFoundItsOwnWay() {
        server.enqueue(json(OpenAiProviderTest.class, 404, "fixtures/ollama-v1-404.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm("model", "llama3.2").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.MODEL_NOT_FOUND, e.kind());
    }

    @Test
    void aTooLongPromptIsContextTooLong() {
        server.enqueue(json(OpenAiProviderTest.class, 400, "fixtures/400-context.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.CONTEXT_TOO_LONG, e.kind());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aReasoningModelRefusingTheTemperatureSaysToUnsetIt() throws Exception {
        server.enqueue(json(OpenAiProviderTest.class, 400, "fixtures/400-temperature.json"));
        LlmException e = assertThrows(LlmException.class,
                () -> llm("temperature", "0.0").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("unset LLM_TEMPERATURE"), e.getMessage());
        assertEquals(0.0, new ObjectMapper().readTree(server.takeRequest().getBody().utf8()).path("temperature").asDouble(1));
    }

    @Test
    void aRateLimitWithoutRetryAfterBacksOffThenSucceeds() {
        server.enqueue(json(OpenAiProviderTest.class, 429, "fixtures/429-rate.json"));
        server.enqueue(json(OpenAiProviderTest.class, 200, "fixtures/completion.json"));
        LlmReply r = llm().complete(LlmRequest.of(SYSTEM, "q"));
        assertEquals(LlmReply.FinishReason.STOP, r.finishReason());
        assertEquals(1, kit.clock.pauses().size());
        long ms = kit.clock.pauses().get(0).toMillis();
        assertTrue(ms >= 375 && ms <= 500, "0.5 s minus up to 25 % jitter: " + ms);
    }

    @Test
    void anExhaustedQuotaIsNeverRetried() {
        server.enqueue(json(OpenAiProviderTest.class, 429, "fixtures/429-quota.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.QUOTA_EXHAUSTED, e.kind());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void anOverloadedServerIsRetried() {
        server.enqueue(json(OpenAiProviderTest.class, 503, "fixtures/503.json"));
        server.enqueue(json(OpenAiProviderTest.class, 200, "fixtures/completion.json"));
        llm().complete(LlmRequest.of(SYSTEM, "q"));
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void baseUrlsOfCompatibleServersBecomeTheirEndpoint() {
        assertEquals("https://api.openai.com/v1/chat/completions", OpenAiProvider.url("https://api.openai.com/v1"));
        assertEquals("https://api.deepseek.com/v1/chat/completions", OpenAiProvider.url("https://api.deepseek.com"));
        assertEquals("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions",
                OpenAiProvider.url("https://dashscope.aliyuncs.com/compatible-mode/v1"));
        assertEquals("http://gpu:8000/v1/chat/completions", OpenAiProvider.url("http://gpu:8000/v1/chat/completions"));
        assertTrue(OpenAiProvider.official("https://api.openai.com/v1"));
        assertFalse(OpenAiProvider.official("https://api.deepseek.com"));
    }
}
