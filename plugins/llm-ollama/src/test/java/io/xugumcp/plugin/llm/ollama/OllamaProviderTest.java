package io.xugumcp.plugin.llm.ollama;

import static io.xugumcp.server.llm.Fixtures.assertGolden;
import static io.xugumcp.server.llm.Fixtures.json;
import static io.xugumcp.server.llm.Fixtures.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ollama's native chat API, replayed through the real host service: no key, NDJSON, num_ctx sized to the prompt. */
class OllamaProviderTest {
    private static final String SYSTEM = "You write SQL for XuguDB.";
    private final MockWebServer server = new MockWebServer();
    private final LlmTestKit kit = new LlmTestKit();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        kit.close();
        server.close();
    }

    /** As a user runs it: LLM_PROVIDER=local, no key. */
    private Map<String, Object> local(Object... more) {
        Map<String, Object> s = new HashMap<>();
        s.put("provider", "local");
        s.put("base-url", server.url("/").toString());
        for (int i = 0; i + 1 < more.length; i += 2) {
            s.put((String) more[i], more[i + 1]);
        }
        return s;
    }

    private Llm llm(Object... more) {
        return kit.llm(new OllamaProvider(), local(more));
    }

    @Test
    void noKeyIsNeededAndTheRequestIsTheNativeOne() throws Exception {
        server.enqueue(json(OllamaProviderTest.class, 200, "fixtures/chat.json"));
        Llm llm = llm();
        assertTrue(llm.available(), "ollama works without a key");
        assertEquals("ollama", llm.provider());
        LlmReply r = llm.complete(new LlmRequest(SYSTEM, List.of(LlmMessage.user("List the customers.")), null, 0, 0.0,
                List.of(";"), null));
        RecordedRequest q = server.takeRequest();
        assertEquals("/api/chat", q.getUrl().encodedPath());
        assertGolden(OllamaProviderTest.class, "golden/request-complete.json", q);
        assertNull(q.getHeaders().get("Authorization"));
        assertEquals("SELECT name FROM customers;", r.text());
        assertEquals(26, r.inputTokens());
        assertEquals(8, r.outputTokens());
        assertEquals(LlmReply.FinishReason.STOP, r.finishReason());
    }

    @Test
    void aStreamIsNdjsonAndTheLastLineCarriesTheCounts() throws Exception {
        server.enqueue(stream(OllamaProviderTest.class, "fixtures/stream.ndjson", "application/x-ndjson"));
        List<String> pieces = new ArrayList<>();
        LlmReply r = llm("ollama.keep-alive", "10m").stream(LlmRequest.of(null, "q")
                .withResponseSchema(Map.of("type", "object", "properties", Map.of("sql", Map.of("type", "string")))), pieces::add);
        assertGolden(OllamaProviderTest.class, "golden/request-stream.json", server.takeRequest());
        assertEquals(List.of("{\"sql\":", " \"SELECT 1\"}"), pieces);
        assertEquals(11, r.inputTokens());
        assertEquals(18, r.outputTokens());
        assertEquals(LlmReply.FinishReason.LENGTH, r.finishReason());
    }

    @Test
    void theContextGrowsWithThePromptSoNothingIsCutSilently() throws Exception {
        server.enqueue(json(OllamaProviderTest.class, 200, "fixtures/chat.json"));
        String schema = "CREATE TABLE 订单 (编号 INT PRIMARY KEY, 客户 VARCHAR(20), 金额 DECIMAL(10,2)); ".repeat(400);
        llm().complete(LlmRequest.of(SYSTEM, schema + "\n哪些客户的订单金额最大?"));
        int numCtx = new ObjectMapper().readTree(server.takeRequest().getBody().utf8()).path("options").path("num_ctx").asInt();
        long estimate = Context.estimate(schema);
        assertTrue(numCtx >= estimate + 4096, "num_ctx " + numCtx + " holds the prompt (~" + estimate + ") and the answer");
        assertEquals(0, numCtx % 1024);
        assertTrue(estimate > schema.length() / 4, "CJK text is not estimated at chars/4");
    }

    @Test
    void aPromptBeyondMaxContextFailsBeforeItIsSent() {
        LlmException e = assertThrows(LlmException.class,
                () -> llm("ollama.max-context", 8192).complete(LlmRequest.of(SYSTEM, "字".repeat(9000))));
        assertEquals(Kind.CONTEXT_TOO_LONG, e.kind());
        assertTrue(e.getMessage().contains("max-context"), e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aMissingModelSaysToPullIt() {
        server.enqueue(json(OllamaProviderTest.class, 404, "fixtures/404.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm("model", "llama3.2").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.MODEL_NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("ollama pull llama3.2"), e.getMessage());
        assertTrue(e.getMessage().contains("set LLM_MODEL, e.g. qwen2.5-coder:7b"), e.getMessage());
    }

    @Test
    void aContextOverflowTheServerReportsIsTyped() {
        server.enqueue(json(OllamaProviderTest.class, 400, "fixtures/400-context.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.CONTEXT_TOO_LONG, e.kind());
    }

    @Test
    void anErrorLineInTheStreamIsTyped() {
        server.enqueue(stream(OllamaProviderTest.class, "fixtures/stream-error.ndjson", "application/x-ndjson"));
        List<String> pieces = new ArrayList<>();
        LlmException e = assertThrows(LlmException.class, () -> llm().stream(LlmRequest.of(SYSTEM, "q"), pieces::add));
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(List.of("SELECT"), pieces);
        assertTrue(e.getMessage().contains("unexpected EOF"), e.getMessage());
    }

    @Test
    void aBaseUrlWrittenForTheCompatibleApiStillReachesTheNativeOne() {
        assertEquals("http://localhost:11434/api/chat", OllamaProvider.url("http://localhost:11434/v1"));
        assertEquals("http://gpu:11434/api/chat", OllamaProvider.url("http://gpu:11434"));
        assertEquals("http://gpu:11434/api/chat", OllamaProvider.url("http://gpu:11434/api"));
    }
}
