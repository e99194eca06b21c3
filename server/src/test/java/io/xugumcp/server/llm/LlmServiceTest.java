package io.xugumcp.server.llm;

import static io.xugumcp.server.llm.LlmTestKit.KEY;
import static io.xugumcp.server.llm.LlmTestKit.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the host does around any provider: choice, configuration, retries, timeouts, cancellation, caps, secrecy. */
class LlmServiceTest {
    private final MockWebServer server = new MockWebServer();
    private final LlmTestKit kit = new LlmTestKit();
    private final EchoProvider echo = new EchoProvider();
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
        String text = log.text();
        assertFalse(text.contains(KEY), "the key appeared in the log");
        assertFalse(text.contains(KEY.substring(4, 16)), "a fragment of the key appeared in the log");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse ok(String text, int in, int out) {
        return json(200, "{\"text\":\"" + text + "\",\"model\":\"echo-1\",\"in\":" + in + ",\"out\":" + out + "}");
    }

    private JsonNode body(RecordedRequest r) throws IOException {
        return EchoProvider.JSON.readTree(r.getBody().utf8());
    }

    @Test
    void aProviderRunsWithItsPluginsLoaderAsContextLoaderAndTheHostsComesBack() throws Exception {
        ClassLoader host = Thread.currentThread().getContextClassLoader();
        List<ClassLoader> seen = new ArrayList<>();
        io.xugumcp.api.llm.LlmProvider recording = new io.xugumcp.api.llm.LlmProvider() {
            @Override
            public String id() {
                return "echo";
            }

            @Override
            public String defaultBaseUrl() {
                return "http://127.0.0.1:9";
            }

            @Override
            public String defaultModel() {
                return "echo-1";
            }

            @Override
            public LlmReply complete(LlmRequest request, Exchange exchange) {
                seen.add(Thread.currentThread().getContextClassLoader());
                return new LlmReply("hi", request.model(), 1, 1, LlmReply.FinishReason.STOP);
            }

            @Override
            public LlmReply stream(LlmRequest request, Exchange exchange, java.util.function.Consumer<String> onText) {
                seen.add(Thread.currentThread().getContextClassLoader());
                throw new LlmException(Kind.BAD_REQUEST, "refused on purpose");
            }
        };
        try (java.net.URLClassLoader plugin = new java.net.URLClassLoader(new java.net.URL[0], host)) {
            LlmService s = new LlmService(LlmSettings.from(LlmTestKit.config(LlmTestKit.settings("echo", server))),
                    Map.of(), kit.clock, "test");
            try {
                s.attach(List.of(new LlmService.Loaded(recording, "llm-echo", plugin)));
                Llm llm = s.forCall(() -> false, kit.usage);
                assertEquals("hi", llm.complete(LlmRequest.of("s", "q")).text());
                assertThrows(LlmException.class, () -> llm.stream(LlmRequest.of("s", "q"), t -> { }));
            } finally {
                s.close();
            }
            assertEquals(List.of(plugin, plugin), seen);
            assertSame(host, Thread.currentThread().getContextClassLoader(), "after a reply and after a failure");
        }
    }

    @Test
    void noProviderInstalledIsNotConfiguredWithAClearMessage() {
        Llm llm = kit.service(List.of(), Map.of(), Map.of()).forCall(() -> false, kit.usage);
        assertFalse(llm.available());
        assertNull(llm.provider());
        LlmException e = assertThrows(LlmException.class, () -> llm.complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.NOT_CONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("no provider plugin is installed"), e.getMessage());
        assertTrue(e.getMessage().contains("LLM_PROVIDER"), e.getMessage());
        assertEquals("llm_error", e.code());
    }

    @Test
    void unsetProviderListsTheInstalledOnes() {
        Llm llm = kit.service(List.of(echo), Map.of(), Map.of()).shared();
        assertFalse(llm.available());
        LlmException e = assertThrows(LlmException.class, () -> llm.stream(LlmRequest.of("s", "q"), t -> { }));
        assertEquals(Kind.NOT_CONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("Set LLM_PROVIDER to one of echo (parrot)"), e.getMessage());
    }

    @Test
    void aProviderWhosePluginIsMissingSaysWhichAreInstalled() {
        Llm llm = kit.service(List.of(echo), Map.of("provider", "claude", "api-key", KEY), Map.of()).shared();
        assertFalse(llm.available());
        LlmException e = assertThrows(LlmException.class, () -> llm.complete(LlmRequest.of("s", "q")));
        assertTrue(e.getMessage().contains("LLM_PROVIDER is 'claude'"), e.getMessage());
        assertTrue(e.getMessage().contains("installed: echo (parrot)"), e.getMessage());
        assertTrue(e.getMessage().contains("plugins/llm-claude-*.jar"), e.getMessage());
    }

    @Test
    void aMissingKeyIsNamed() {
        Llm llm = kit.service(List.of(echo), Map.of("provider", "echo"), Map.of()).shared();
        assertFalse(llm.available());
        LlmException e = assertThrows(LlmException.class, () -> llm.complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.NOT_CONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("set LLM_API_KEY, or LLM_API_KEY_FILE"), e.getMessage());
    }

    @Test
    void anAliasSelectsItsProviderAndTheTopLevelWinsOverTheSubtree() throws Exception {
        Map<String, Object> s = new HashMap<>();
        s.put("provider", "parrot");
        s.put("api-key", KEY);
        s.put("parrot.base-url", server.url("/").toString());
        s.put("parrot.model", "parrot-model");
        s.put("echo.model", "echo-model");
        s.put("echo.max-tokens", 77);
        server.enqueue(ok("hi", 3, 1));
        Llm llm = kit.service(echo, s).forCall(() -> false, kit.usage);
        assertTrue(llm.available());
        assertEquals("echo", llm.provider());
        assertEquals("parrot-model", llm.model(), "the alias's own subtree comes before the provider's");
        llm.complete(LlmRequest.of("s", "q"));
        JsonNode sent = body(server.takeRequest());
        assertEquals("parrot-model", sent.path("model").asText());
        assertEquals(77, sent.path("max_tokens").asInt(), "the provider's subtree fills what the alias's does not");
        assertFalse(sent.has("temperature"), "no temperature unless one is set");

        s.put("model", "from-LLM_MODEL");
        s.put("temperature", "0.3");
        server.enqueue(ok("hi", 3, 1));
        Llm top = kit.service(echo, s).shared();
        assertEquals("from-LLM_MODEL", top.model());
        top.complete(LlmRequest.of("s", "q"));
        JsonNode second = body(server.takeRequest());
        assertEquals("from-LLM_MODEL", second.path("model").asText());
        assertEquals(0.3, second.path("temperature").asDouble());
    }

    @Test
    void theRequestsOwnModelLimitAndTemperatureWin() throws Exception {
        server.enqueue(ok("hi", 3, 1));
        Llm llm = kit.llm(echo, settings("echo", server, "max-tokens", 100));
        llm.complete(new LlmRequest(null, List.of(io.xugumcp.api.llm.LlmMessage.user("q")), "echo-9", 12, 0.5, List.of(), null));
        RecordedRequest r = server.takeRequest();
        JsonNode sent = body(r);
        assertEquals("echo-9", sent.path("model").asText());
        assertEquals(12, sent.path("max_tokens").asInt());
        assertEquals(0.5, sent.path("temperature").asDouble());
        assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"), "the key goes in the header, and only there");
        assertTrue(r.getHeaders().get("User-Agent").startsWith("xugu-mcp/"));
    }

    @Test
    void aRetiredModelIsRefusedWithoutARequestAndNamesAReplacement() {
        Map<String, Object> s = settings("echo", server, "model", "old-1");
        s.put("echo.retired-models.old-1", "2025-10-28");
        s.put("echo.retired-models.soon-1", "2027-01-14");
        LlmException e = assertThrows(LlmException.class, () -> kit.llm(echo, s).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.MODEL_NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("'old-1' was retired on 2025-10-28"), e.getMessage());
        assertTrue(e.getMessage().contains("set LLM_MODEL, e.g. echo-1"), e.getMessage());
        assertEquals(0, server.getRequestCount());

        server.enqueue(ok("still here", 1, 1));
        s.put("model", "soon-1");
        assertEquals("still here", kit.llm(echo, s).complete(LlmRequest.of("s", "q")).text(),
                "a model with a shutdown date ahead is still served");
        kit.clock.today(LocalDate.of(2027, 1, 14));
        LlmException later = assertThrows(LlmException.class, () -> kit.llm(echo, s).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.MODEL_NOT_FOUND, later.kind());
    }

    @Test
    void aRateLimitIsRetriedAfterTheRetryAfterTheProviderGave() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "7")
                .body("{\"kind\":\"RATE_LIMITED\",\"message\":\"slow down\"}").build());
        server.enqueue(ok("fine", 10, 2));
        LlmReply r = kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q"));
        assertEquals("fine", r.text());
        assertEquals(List.of(Duration.ofSeconds(7)), kit.clock.pauses());
        assertEquals(2, server.getRequestCount());
        assertEquals(1, kit.usage.toAudit().get("retries"));
        assertEquals(10L, kit.usage.toAudit().get("inputTokens"));
        assertTrue(log.text().contains("retry 1 of 2 in 7 s"), "the retry is logged (and the log is captured)");
    }

    @Test
    void retryAfterMsComesFirst() {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("retry-after-ms", "1500")
                .addHeader("retry-after", "2").body("{}").build());
        server.enqueue(ok("fine", 1, 1));
        kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q"));
        assertEquals(List.of(Duration.ofMillis(1500)), kit.clock.pauses());
    }

    @Test
    void xShouldRetryFalseIsObeyed() {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("x-should-retry", "false").body("{}").build());
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void overloadIsRetriedTwiceWithBackoffThenReported() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(529, "{\"kind\":\"OVERLOADED\",\"message\":\"Overloaded\"}"));
        }
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(3, server.getRequestCount());
        List<Duration> p = kit.clock.pauses();
        assertEquals(2, p.size());
        assertTrue(p.get(0).toMillis() >= 375 && p.get(0).toMillis() <= 500, p.toString());
        assertTrue(p.get(1).toMillis() >= 750 && p.get(1).toMillis() <= 1000, p.toString());
        assertTrue(e.getMessage().startsWith("LLM echo (echo-1): HTTP 529: Overloaded"), e.getMessage());
        assertTrue(e.getMessage().contains("try again in a minute"), e.getMessage());
        assertEquals("OVERLOADED", kit.usage.toAudit().get("error"));
    }

    @Test
    void aUsedUpQuotaIsNeverRetried() {
        server.enqueue(json(429, "{\"kind\":\"QUOTA_EXHAUSTED\",\"message\":\"spend cap\"}"));
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.QUOTA_EXHAUSTED, e.kind());
        assertEquals(1, server.getRequestCount());
        assertTrue(kit.clock.pauses().isEmpty());
        assertTrue(e.getMessage().contains("not retried"), e.getMessage());
    }

    @Test
    void aRetryAfterLongerThanTheLimitIsPassedOnInsteadOfWaited() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "600").body("{}").build());
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(600), e.retryAfter());
        assertEquals(1, server.getRequestCount());
        assertTrue(e.getMessage().contains("try again in 600 s"), e.getMessage());
    }

    @Test
    void aBodySlowerThanTheTimeoutEndsInTimeout() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"text\":\"" + "x".repeat(200) + "\"}")
                .throttleBody(1, 1, TimeUnit.SECONDS).build());
        LlmException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server, "timeout", "1", "max-retries", 0))
                        .complete(LlmRequest.of("s", "q"))));
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("1 s per attempt"), e.getMessage());
        assertTrue(e.getMessage().contains("LLM_TIMEOUT"), e.getMessage());
    }

    @Test
    void aSilentStreamEndsAtTheIdleTimeout() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"t\":\"a\"}\n\n" + "data: {\"t\":\"b\"}\n\n".repeat(50))
                .throttleBody(16, 3, TimeUnit.SECONDS).build());
        List<String> got = new ArrayList<>();
        LlmException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server, "stream-idle-timeout", "1", "max-retries", 0))
                        .stream(LlmRequest.of("s", "q"), got::add)));
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("went silent"), e.getMessage());
    }

    @Test
    void cancellingMidStreamClosesTheConnectionAndEndsTheCall() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        sink.writeUtf8("data: {\"t\":\"first\"}\n\n").flush();
                        try {
                            for (int i = 0; i < 6000; i++) {
                                Thread.sleep(10);
                                sink.writeUtf8(": ping\n\n").flush();
                            }
                        } catch (IOException closed) {
                            clientGone.countDown();
                            throw closed;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build());
        Llm llm = kit.llm(echo, settings("echo", server));
        List<String> got = new ArrayList<>();
        LlmException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(LlmException.class,
                () -> llm.stream(LlmRequest.of("s", "q"), t -> {
                    got.add(t);
                    kit.cancelled.set(true);
                })));
        assertEquals(Kind.CANCELLED, e.kind());
        assertEquals(List.of("first"), got);
        assertTrue(clientGone.await(30, TimeUnit.SECONDS), "the server saw the connection closed");
        assertEquals(1, server.getRequestCount(), "a cancelled call is not retried");
    }

    @Test
    void aCancelledCallSendsNothing() {
        kit.cancelled.set(true);
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.CANCELLED, e.kind());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aStreamThatFailsAfterTextIsNotSentAgain() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"t\":\"half\"}\n\ndata: {\"kind\":\"OVERLOADED\",\"message\":\"Overloaded\"}\n\n").build());
        List<String> got = new ArrayList<>();
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server)).stream(LlmRequest.of("s", "q"), got::add));
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(List.of("half"), got);
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aStreamThatFailsBeforeAnyTextIsRetried() {
        server.enqueue(new MockResponse.Builder().code(200)
                .body("data: {\"kind\":\"OVERLOADED\",\"message\":\"Overloaded\"}\n\n").build());
        server.enqueue(new MockResponse.Builder().code(200)
                .body("data: {\"t\":\"all\"}\n\ndata: {\"done\":true,\"in\":5,\"out\":1}\n\n").build());
        List<String> got = new ArrayList<>();
        LlmReply r = kit.llm(echo, settings("echo", server)).stream(LlmRequest.of("s", "q"), got::add);
        assertEquals("all", r.text());
        assertEquals(List.of("all"), got);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void aFailureOfTheCallersOwnConsumerIsItsOwnAndNotRetried() {
        server.enqueue(new MockResponse.Builder().code(200)
                .body("data: {\"t\":\"a\"}\n\ndata: {\"done\":true,\"in\":1,\"out\":1}\n\n").build());
        IllegalStateException mine = new IllegalStateException("the consumer gave up");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> kit.llm(echo, settings("echo", server)).stream(LlmRequest.of("s", "q"), t -> {
                    throw mine;
                }));
        assertTrue(e == mine, "the consumer's exception comes back unchanged");
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void theConcurrencyCapHoldsRequestsBack() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Thread.sleep(100);
                inFlight.decrementAndGet();
                return ok("ok", 1, 1);
            }
        });
        Llm llm = kit.llm(echo, settings("echo", server, "max-concurrency", 1));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    llm.complete(LlmRequest.of("s", "q"));
                } catch (Throwable x) {
                    errors.add(x);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(4, server.getRequestCount());
        assertEquals(1, most.get(), "never more than max-concurrency requests at the provider");
        assertEquals(4, kit.usage.toAudit().get("requests"));
    }

    @Test
    void theKeyNeverShowsInAMessageEvenWhenTheVendorEchoesIt() {
        server.enqueue(json(401, "{\"kind\":\"AUTHENTICATION\",\"message\":\"Incorrect API key provided: " + KEY
                + ". Also known as " + KEY.substring(0, 10) + "****" + KEY.substring(KEY.length() - 9) + "\"}"));
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.AUTHENTICATION, e.kind());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertFalse(e.getMessage().contains(KEY.substring(KEY.length() - 9)), e.getMessage());
        assertTrue(e.getMessage().contains("check LLM_API_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("[redacted]"), e.getMessage());
        assertEquals(1, server.getRequestCount(), "a refused key is not retried");
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyGoesNowhereElse() throws IOException {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", elsewhere.url("/steal")).build());
            LlmException e = assertThrows(LlmException.class,
                    () -> kit.llm(echo, settings("echo", server)).complete(LlmRequest.of("s", "q")));
            assertEquals(Kind.BAD_REQUEST, e.kind());
            assertTrue(e.getMessage().contains("set LLM_BASE_URL to the endpoint itself"), e.getMessage());
            assertEquals(0, elsewhere.getRequestCount());
            assertEquals(1, server.getRequestCount());
        }
    }

    @Test
    void aTemperatureTheModelRefusesGetsItsOwnAdvice() {
        server.enqueue(json(400, "{\"kind\":\"BAD_REQUEST\",\"message\":\"temperature is not supported with this model\"}"));
        LlmException e = assertThrows(LlmException.class,
                () -> kit.llm(echo, settings("echo", server, "temperature", "0.0")).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("unset LLM_TEMPERATURE"), e.getMessage());
    }

    @Test
    void anUnreachableProviderIsUnavailableAfterTheRetries() throws IOException {
        MockWebServer gone = new MockWebServer();
        gone.start();
        String url = gone.url("/").toString();
        gone.close();
        Map<String, Object> s = settings("echo", server);
        s.put("base-url", url);
        LlmException e = assertThrows(LlmException.class, () -> kit.llm(echo, s).complete(LlmRequest.of("s", "q")));
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot connect to http://"), e.getMessage());
        assertTrue(e.getMessage().contains("check LLM_BASE_URL"), e.getMessage());
        assertEquals(2, kit.clock.pauses().size());
    }

    @Test
    void requestsGoThroughTheProxyFromTheEnvironment() throws Exception {
        server.enqueue(ok("via proxy", 1, 1));
        Map<String, Object> s = settings("echo", server);
        s.put("base-url", "http://llm.example.test/v1");
        LlmService svc = kit.service(List.of(echo), s, Map.of("HTTP_PROXY", "http://127.0.0.1:" + server.getPort()));
        assertEquals("via proxy", svc.shared().complete(LlmRequest.of("s", "q")).text());
        RecordedRequest r = server.takeRequest();
        assertEquals("llm.example.test", r.getUrl().host(), "the proxy was asked for the provider's URL");
        assertTrue(r.getRequestLine().contains("http://llm.example.test/v1/echo"), r.getRequestLine());
    }

    @Test
    void usageAddsUpOverTheRequestsOfACall() {
        server.enqueue(ok("a", 100, 20));
        server.enqueue(ok("b", 50, 5));
        Llm llm = kit.llm(echo, settings("echo", server));
        llm.complete(LlmRequest.of("s", "q"));
        llm.complete(LlmRequest.of("s", "q"));
        Map<String, Object> audit = kit.usage.toAudit();
        assertEquals("echo", audit.get("provider"));
        assertEquals(2, audit.get("requests"));
        assertEquals(150L, audit.get("inputTokens"));
        assertEquals(25L, audit.get("outputTokens"));
        assertFalse(audit.toString().contains(KEY));
    }

    @Test
    void closingTheServiceAbortsWhatIsInFlight() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(60, TimeUnit.SECONDS).build());
        LlmService svc = kit.service(echo, settings("echo", server));
        Llm llm = svc.forCall(() -> false, kit.usage);
        Thread closer = new Thread(() -> {
            try {
                server.takeRequest();
            } catch (InterruptedException e) {
                return;
            }
            svc.close();
        });
        closer.start();
        LlmException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(LlmException.class, () -> llm.complete(LlmRequest.of("s", "q"))));
        assertEquals(Kind.CANCELLED, e.kind());
        closer.join();
    }
}
