package io.xugumcp.server.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.server.config.InvalidConfigException;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts: key redaction, proxy choice, SSE framing, retry hints, settings validation. */
class SupportTest {

    @Test
    void theRedactorCutsTheKeyItsFragmentsAndKeyShapedTokens() {
        Redactor r = new Redactor("sk-ant-api03-AbCdEfGhIjKlMnOp");
        String out = r.redact("bad key sk-ant-api03-AbCdEfGhIjKlMnOp; known as ...EfGhIjKlMn...; header Bearer xyz123;"
                + " someone else's sk-proj-ZZZZZZZZZZ");
        assertFalse(out.contains("AbCdEfGh"), out);
        assertFalse(out.contains("EfGhIjKlMn"), out);
        assertFalse(out.contains("xyz123"), out);
        assertFalse(out.contains("ZZZZZZZZZZ"), out);
        assertTrue(out.startsWith("bad key [redacted]"), out);
        assertEquals("model claude-sonnet-5-5 not found", r.redact("model claude-sonnet-5-5 not found"),
                "ordinary text stays");
        assertEquals("plain", new Redactor(null).redact("plain"));
    }

    @Test
    void theProxyComesFromTheEnvironmentAndSkipsNoProxyAndLoopback() {
        EnvProxy p = EnvProxy.from(Map.of("HTTPS_PROXY", "http://user:pa%20ss@proxy.corp:3128",
                "NO_PROXY", "internal.corp, .svc.local,example.org:443"));
        assertEquals(Proxy.Type.HTTP, p.select(URI.create("https://api.anthropic.com/v1")).get(0).type());
        assertTrue(p.select(URI.create("https://api.anthropic.com/v1")).get(0).address().toString().contains("proxy.corp"));
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("https://internal.corp/x")).get(0));
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("https://a.svc.local/x")).get(0));
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("https://api.example.org/x")).get(0));
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("http://localhost:11434/api/chat")).get(0));
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("http://127.0.0.1:11434/api/chat")).get(0));
        assertFalse(p.toString().contains("user"), "credentials never print: " + p);
        assertEquals(null, EnvProxy.from(Map.of()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> EnvProxy.from(Map.of("HTTPS_PROXY", "http://user:secretpw@")));
        assertFalse(bad.getMessage().contains("secretpw"), bad.getMessage());
    }

    /** An LlmHttp that replays lines, to test the API's SSE framing. */
    private static LlmHttp lines(String... lines) {
        return new LlmHttp() {
            @Override
            public Response post(String url, Map<String, String> headers, String jsonBody) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Response postStreaming(String url, Map<String, String> headers, String jsonBody, Consumer<String> onLine) {
                for (String l : lines) {
                    onLine.accept(l);
                }
                return new Response(200, Map.of(), "");
            }
        };
    }

    @Test
    void serverSentEventsAreFramedOnceForEveryProvider() {
        List<LlmHttp.ServerSentEvent> got = new ArrayList<>();
        lines(": keep-alive", "event: message_start", "data: {\"a\":1}", "", "event: ping", "data:{}", "",
                "data: line one", "data: line two", "id: 7", "retry: 10", "", "", "data: [DONE]")
                .postEvents("u", Map.of(), "{}", got::add);
        assertEquals(List.of(new LlmHttp.ServerSentEvent("message_start", "{\"a\":1}"),
                new LlmHttp.ServerSentEvent("ping", "{}"),
                new LlmHttp.ServerSentEvent(null, "line one\nline two"),
                new LlmHttp.ServerSentEvent(null, "[DONE]")), got);
    }

    @Test
    void retryHintsAreReadFromTheHeaders() {
        LlmException e = new LlmException(LlmException.Kind.RATE_LIMITED, "x");
        assertEquals(Optional.of(Duration.ofMillis(250)), RetryPolicy.retryAfter(e,
                new LlmHttp.Response(429, Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("3")), "")));
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryPolicy.retryAfter(e,
                new LlmHttp.Response(429, Map.of("Retry-After", List.of("3")), "")));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter(e, new LlmHttp.Response(429, Map.of(), "")));
        assertEquals(Optional.of(Duration.ofSeconds(9)), RetryPolicy.retryAfter(
                new LlmException(LlmException.Kind.RATE_LIMITED, "x", Duration.ofSeconds(9), null), null));
        RetryPolicy p = new RetryPolicy(2, Duration.ofSeconds(60), () -> 0.0);
        assertEquals(Duration.ofMillis(500), p.backoff(0));
        assertEquals(Duration.ofSeconds(8), p.backoff(10));
        LlmHttp.Response forced = new LlmHttp.Response(400, Map.of("x-should-retry", List.of("true")), "");
        assertTrue(p.next(new LlmException(LlmException.Kind.BAD_REQUEST, "x"), forced, 0, Duration.ofMinutes(1), false)
                .isPresent(), "x-should-retry: true retries even what looks final");
        assertTrue(p.next(new LlmException(LlmException.Kind.QUOTA_EXHAUSTED, "x"), forced, 0, Duration.ofMinutes(1), false)
                .isEmpty(), "but never a used-up quota");
    }

    @Test
    void badSettingsStopTheStartNamingTheKey(@TempDir Path dir) throws Exception {
        InvalidConfigException t = assertThrows(InvalidConfigException.class,
                () -> LlmSettings.from(LlmTestKit.config(Map.of("temperature", "warm"))));
        assertTrue(t.getMessage().contains("xugu-mcp.llm.temperature"), t.getMessage());
        InvalidConfigException n = assertThrows(InvalidConfigException.class,
                () -> LlmSettings.from(LlmTestKit.config(Map.of("claude.max-tokens", "lots"))));
        assertTrue(n.getMessage().contains("max-tokens"), n.getMessage());
        InvalidConfigException u = assertThrows(InvalidConfigException.class,
                () -> LlmSettings.from(LlmTestKit.config(Map.of("base-url", "api.openai.com"))));
        assertTrue(u.getMessage().contains("must start with http"), u.getMessage());
        InvalidConfigException f = assertThrows(InvalidConfigException.class, () -> LlmSettings.from(LlmTestKit.config(
                Map.of("provider", "claude", "api-key-file", dir.resolve("missing").toString()))));
        assertTrue(f.getMessage().contains("cannot read"), f.getMessage());

        Path file = dir.resolve("key");
        Files.writeString(file, "  sk-from-file-123456789\n");
        LlmSettings s = LlmSettings.from(LlmTestKit.config(Map.of("provider", "Claude", "api-key-file", file.toString())));
        assertEquals("claude", s.provider());
        assertEquals("sk-from-file-123456789", s.apiKey("claude", "claude").orElseThrow().reveal());
        assertEquals("[secret]", s.apiKey("claude", "claude").orElseThrow().toString());
        assertFalse(s.toString().contains("sk-from-file"));
        assertEquals(Duration.ofSeconds(120), s.attemptTimeout("claude", "claude"));
        assertEquals(8192, s.maxTokens("claude", "claude"));
        assertEquals(4096, s.maxTokens("local", "ollama"), "ollama's own default from reference.conf");
        assertEquals("https://api.z.ai/api/paas/v4", s.baseUrl("zai", "zhipu"), "zai is the international endpoint");
        assertEquals(null, s.baseUrl("zhipu", "zhipu"), "zhipu keeps the provider's default");
        assertEquals(1, s.maxConcurrency("zai", "zhipu"));
    }

    @Test
    void theSeedsVariablesMapOntoTheSettings() {
        LlmSettings s = LlmSettings.from(LlmTestKit.config(Map.of("provider", "openai", "timeout", "60",
                "max-tokens", "4096", "api-key", "k")));
        assertEquals(Duration.ofSeconds(60), s.attemptTimeout("openai", "openai"), "LLM_TIMEOUT in seconds");
        assertEquals(4096, s.maxTokens("local", "ollama"), "LLM_MAX_TOKENS wins over a provider's own default");
        assertEquals(Duration.ofMinutes(5), s.totalTimeout());
        assertEquals(2, s.maxRetries());
        LlmSettings empty = LlmSettings.from(LlmTestKit.config(Map.of("max-tokens", "", "timeout", " ", "temperature", "")));
        assertEquals(8192, empty.maxTokens("claude", "claude"), "an empty variable is unset");
        assertEquals(null, empty.temperature("claude", "claude"));
    }
}
