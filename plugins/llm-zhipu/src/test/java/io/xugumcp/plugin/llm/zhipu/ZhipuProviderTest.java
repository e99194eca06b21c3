package io.xugumcp.plugin.llm.zhipu;

import static io.xugumcp.server.llm.Fixtures.assertGolden;
import static io.xugumcp.server.llm.Fixtures.json;
import static io.xugumcp.server.llm.Fixtures.stream;
import static io.xugumcp.server.llm.LlmTestKit.KEY;
import static io.xugumcp.server.llm.LlmTestKit.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.llm.LlmService;
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

/** BigModel v4 (and Z.ai) chat completions, replayed through the real host service. */
class ZhipuProviderTest {
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
        return kit.llm(new ZhipuProvider(), settings("zhipu", server, more));
    }

    @Test
    void theRequestFollowsBigModelsRules() throws Exception {
        server.enqueue(json(ZhipuProviderTest.class, 200, "fixtures/completion.json"));
        LlmReply r = llm().complete(new LlmRequest(SYSTEM, List.of(LlmMessage.user("列出所有客户的姓名")), null, 0, 0.6,
                List.of(";", "\n\n"), null));
        RecordedRequest q = server.takeRequest();
        assertEquals("/chat/completions", q.getUrl().encodedPath());
        assertGolden(ZhipuProviderTest.class, "golden/request-complete.json", q);
        assertEquals("Bearer " + KEY, q.getHeaders().get("Authorization"));
        assertEquals("SELECT 姓名 FROM 客户", r.text());
        assertEquals(24, r.inputTokens());
        assertEquals(8, r.outputTokens());
        assertEquals(LlmReply.FinishReason.STOP, r.finishReason());
    }

    @Test
    void aStreamLeavesTheReasoningOutAndReadsTheUsage() throws Exception {
        server.enqueue(stream(ZhipuProviderTest.class, "fixtures/stream.sse", "text/event-stream"));
        List<String> pieces = new ArrayList<>();
        LlmReply r = llm("model", "glm-4.7-flash", "zhipu.thinking", "enabled")
                .stream(new LlmRequest(null, List.of(LlmMessage.user("q")), null, 0, null, List.of(), Map.of("type", "object")),
                        pieces::add);
        assertGolden(ZhipuProviderTest.class, "golden/request-stream.json", server.takeRequest());
        assertEquals(List.of("{\"sql\":", " \"SELECT 1\"}"), pieces);
        assertEquals("{\"sql\": \"SELECT 1\"}", r.text());
        assertEquals(31, r.inputTokens());
        assertEquals(27, r.outputTokens());
    }

    @Test
    void anErrorInsideTheStreamIsTyped() {
        server.enqueue(stream(ZhipuProviderTest.class, "fixtures/stream-error.sse", "text/event-stream"));
        List<String> pieces = new ArrayList<>();
        LlmException e = assertThrows(LlmException.class, () -> llm().stream(LlmRequest.of(SYSTEM, "q"), pieces::add));
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(List.of("SELECT"), pieces);
        assertEquals(1, server.getRequestCount(), "text was delivered: not sent again");
    }

    @Test
    void zaiIsTheSameProviderOnTheInternationalEndpoint() {
        Map<String, Object> s = settings("zai", server);
        s.remove("base-url");
        LlmService svc = kit.service(new ZhipuProvider(), s);
        assertEquals("zhipu", svc.shared().provider());
        assertTrue(svc.describe().contains("https://api.z.ai/api/paas/v4"), svc.describe());
        assertTrue(svc.describe().contains("(as zai)"), svc.describe());
    }

    @Test
    void theCodingPlanEndpointIsRefusedBeforeAnythingIsSent() {
        Map<String, Object> s = settings("zhipu", server);
        s.put("base-url", server.url("/api/coding/paas/v4").toString());
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(new ZhipuProvider(), s).complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("Coding Plan"), e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aTemperatureAboveOneIsRefusedLocally() {
        LlmException e = assertThrows(LlmException.class, () -> llm("temperature", "1.5").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("between 0.0 and 1.0"), e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void businessCodesDecideTheKind() {
        server.enqueue(json(ZhipuProviderTest.class, 401, "fixtures/401.json"));
        assertEquals(Kind.AUTHENTICATION, assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of(SYSTEM, "q"))).kind());
        server.enqueue(json(ZhipuProviderTest.class, 400, "fixtures/400-model.json"));
        LlmException model = assertThrows(LlmException.class, () -> llm("model", "glm-9").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.MODEL_NOT_FOUND, model.kind());
        assertTrue(model.getMessage().contains("set LLM_MODEL, e.g. glm-5"), model.getMessage());
        server.enqueue(json(ZhipuProviderTest.class, 400, "fixtures/400-too-long.json"));
        assertEquals(Kind.CONTEXT_TOO_LONG, assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of(SYSTEM, "q"))).kind());
        assertEquals(3, server.getRequestCount(), "none of these is retried");
    }

    @Test
    void arrearsCode1113IsNeverRetried() {
        server.enqueue(json(ZhipuProviderTest.class, 429, "fixtures/429-1113.json"));
        LlmException e = assertThrows(LlmException.class, () -> llm().complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.QUOTA_EXHAUSTED, e.kind());
        assertTrue(e.getMessage().contains("1113"), e.getMessage());
        assertEquals(1, server.getRequestCount());
        assertTrue(kit.clock.pauses().isEmpty());
    }

    @Test
    void concurrencyCode1302IsRetried() {
        server.enqueue(json(ZhipuProviderTest.class, 429, "fixtures/429-1302.json"));
        server.enqueue(json(ZhipuProviderTest.class, 500, "fixtures/500.json"));
        server.enqueue(json(ZhipuProviderTest.class, 200, "fixtures/completion.json"));
        assertEquals("SELECT 姓名 FROM 客户", llm().complete(LlmRequest.of(SYSTEM, "q")).text());
        assertEquals(3, server.getRequestCount());
        assertEquals(2, kit.clock.pauses().size());
    }

    @Test
    void theSeedsGlm4IsKnownToBeGone() {
        LlmException e = assertThrows(LlmException.class, () -> llm("model", "glm-4").complete(LlmRequest.of(SYSTEM, "q")));
        assertEquals(Kind.MODEL_NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("set LLM_MODEL, e.g. glm-5"), e.getMessage());
        assertEquals(0, server.getRequestCount());
    }
}
