package io.xugumcp.server.llm.chat;

import static io.xugumcp.server.llm.Fixtures.json;
import static io.xugumcp.server.llm.LlmTestKit.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmProvider;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.llm.LlmTestKit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host's Chat Completions client with a dialect of the test's own, through the real LLM service: what each part of
 * a {@link ChatDialect} changes on the wire (the OpenAI and Zhipu plugins' tests replay their real dialects).
 */
class ChatClientTest {
    private final MockWebServer server = new MockWebServer();
    private final LlmTestKit kit = new LlmTestKit();
    private final List<String> mapped = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        kit.close();
        server.close();
    }

    private ChatDialect dialect(String base) {
        return new ChatDialect(base + "chat/completions", Map.of("X-Tenant", "shop"), "max_output", true, 2,
                Map.of("thinking", Map.of("type", "disabled")), Set.of("blocked"), Set.of("network_error"),
                (status, code, type, message) -> {
                    mapped.add(status + "|" + code + "|" + type + "|" + message);
                    return new LlmException(LlmException.Kind.BAD_REQUEST, "mapped " + code + ": " + message);
                });
    }

    /** A provider that only says its dialect, as llm-openai and llm-zhipu do. */
    private final class DialectProvider implements LlmProvider {
        @Override
        public String id() {
            return "dialect";
        }

        @Override
        public String defaultBaseUrl() {
            return "http://127.0.0.1:9";
        }

        @Override
        public String defaultModel() {
            return "m-1";
        }

        @Override
        public LlmReply complete(LlmRequest request, Exchange exchange) {
            return exchange.chatCompletions(dialect(exchange.baseUrl() + "/")).complete(request);
        }

        @Override
        public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
            return exchange.chatCompletions(dialect(exchange.baseUrl() + "/")).stream(request, onText);
        }
    }

    private io.xugumcp.api.llm.Llm llm() {
        return kit.llm(new DialectProvider(), settings("dialect", server));
    }

    @Test
    void theDialectShapesTheRequest() throws Exception {
        server.enqueue(json(200, "{\"model\":\"m-1\",\"choices\":[{\"message\":{\"content\":\"{}\"},"
                + "\"finish_reason\":\"blocked\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"));
        Map<String, Object> loose = Map.of("type", "object", "properties", Map.of("sql", Map.of("type", "string")));
        LlmReply r = llm().complete(new LlmRequest("sys", List.of(LlmMessage.user("q")), null, 100, null,
                List.of(";", "\n\n", "END"), loose));
        RecordedRequest q = server.takeRequest();
        assertEquals("/chat/completions", q.getUrl().encodedPath());
        assertEquals("shop", q.getHeaders().get("X-Tenant"));
        assertEquals("Bearer " + LlmTestKit.KEY, q.getHeaders().get("Authorization"));
        JsonNode body = new ObjectMapper().readTree(q.getBody().utf8());
        assertEquals(100, body.path("max_output").asInt(), body.toString());
        assertEquals("[\";\",\"\\n\\n\"]", body.path("stop").toString(), "only as many stop sequences as the server takes");
        assertEquals("disabled", body.path("thinking").path("type").asText(), body.toString());
        assertEquals("json_schema", body.path("response_format").path("type").asText(), body.toString());
        assertEquals(false, body.path("response_format").path("json_schema").path("strict").asBoolean(true),
                "a schema that does not fit strict mode is not sent as strict");
        assertEquals("sys", body.path("messages").path(0).path("content").asText(), "the schema stays out of the prompt");
        assertEquals(LlmReply.FinishReason.REFUSAL, r.finishReason());
    }

    @Test
    void aBrokenFinishReasonFailsTheStreamAfterItsText() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"delta\":{\"content\":\"SELECT\"}}]}\n\n"
                        + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"network_error\"}]}\n\n"
                        + "data: [DONE]\n\n").build());
        List<String> pieces = new ArrayList<>();
        LlmException e = assertThrows(LlmException.class, () -> llm().stream(LlmRequest.of("sys", "q"), pieces::add));
        assertEquals(LlmException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("finish_reason network_error"), e.getMessage());
        assertEquals(List.of("SELECT"), pieces);
        assertEquals(1, server.getRequestCount(), "text was delivered: not sent again");
    }

    @Test
    void theVendorMapsEachErrorObjectAPlainStringOneToo() {
        server.enqueue(json(400, "{\"error\":{\"code\":1214,\"type\":\"invalid\",\"message\":\"bad param\"}}"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of("sys", "q")));
        assertTrue(e.getMessage().contains("mapped 1214: bad param"), e.getMessage());
        server.enqueue(json(400, "{\"error\":\"model 'x' not found\"}"));
        assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of("sys", "q")));
        assertEquals(List.of("400|1214|invalid|bad param", "400|||model 'x' not found"), mapped);
    }

    @Test
    void aBodyThatIsNoEnvelopeIsAnsweredWithTheStatus() {
        server.enqueue(json(400, "<html><body>Bad Request</body></html>"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of("sys", "q")));
        assertEquals(LlmException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("HTTP 400: <html><body>Bad Request</body></html>"), e.getMessage());
        assertTrue(mapped.isEmpty(), "no error object for the vendor to map");
    }
}
