package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped provider plugins, loaded from the distribution's plugins/ folder by the real launcher, checked with
 * {@code xugu-mcp llm check} against a MockWebServer playing each vendor's API; and {@code xugu-mcp plugins}.
 */
class LlmIT {
    private static final String KEY = "sk-it-Rk4mQ9wZ2xV7cN5bT8";
    private final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int exit, String output) {
    }

    private Run run(Map<String, String> extra, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Dist.home().resolve("bin/xugu-mcp").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(Dist.env(dir, extra));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ended");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void checkAgainstAnOpenAiCompatibleServer() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1796371200,\"model\":\"deepseek-chat\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":1,"
                        + "\"total_tokens\":22}}").build());
        Run r = run(Map.of("LLM_PROVIDER", "openai", "LLM_API_KEY", KEY, "LLM_MODEL", "deepseek-chat",
                "LLM_BASE_URL", server.url("/v1").toString()), "llm", "check");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("openai from plugin llm-openai, model deepseek-chat"), r.output());
        assertTrue(r.output().contains("ok – answered \"OK\" (finish STOP)"), r.output());
        assertTrue(r.output().contains("tokens     21 in, 1 out"), r.output());
        assertTrue(r.output().contains("latency "), r.output());
        RecordedRequest q = server.takeRequest();
        assertEquals("/v1/chat/completions", q.getUrl().encodedPath());
        assertEquals("Bearer " + KEY, q.getHeaders().get("Authorization"));
        assertFalse(r.output().contains(KEY.substring(3, 14)), "the key is never printed");
    }

    @Test
    void checkReportsAWrongClaudeKeyAndWhatToDo() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json").body(
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"},"
                        + "\"request_id\":\"req_1\"}").build());
        Run r = run(Map.of("LLM_PROVIDER", "claude", "LLM_API_KEY", KEY, "LLM_BASE_URL", server.url("/").toString()),
                "llm", "check");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("result     AUTHENTICATION"), r.output());
        assertTrue(r.output().contains("check LLM_API_KEY"), r.output());
        assertTrue(r.output().contains("model claude-sonnet-5-5"), r.output());
        assertEquals(KEY, server.takeRequest().getHeaders().get("x-api-key"));
        assertFalse(r.output().contains(KEY.substring(3, 14)), "the key is never printed");
    }

    @Test
    void localOllamaNeedsNoKeyAndPluginsSaysWhoServes() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(
                "{\"model\":\"qwen2.5-coder:7b\",\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},\"done\":true,"
                        + "\"done_reason\":\"stop\",\"prompt_eval_count\":30,\"eval_count\":2}").build());
        Map<String, String> env = Map.of("LLM_PROVIDER", "local", "LLM_BASE_URL", server.url("/").toString());
        Run check = run(env, "llm", "check");
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("tokens     30 in, 2 out"), check.output());
        RecordedRequest q = server.takeRequest();
        assertEquals("/api/chat", q.getUrl().encodedPath());
        assertNull(q.getHeaders().get("Authorization"));

        Run plugins = run(env, "plugins");
        assertEquals(0, plugins.exit(), plugins.output());
        for (String id : List.of("llm-claude", "llm-openai", "llm-zhipu", "llm-ollama")) {
            assertTrue(plugins.output().contains(id + " 0.1.0"), plugins.output());
        }
        assertTrue(plugins.output().contains("Language model: ollama (as local) from plugin llm-ollama, model qwen2.5-coder:7b"),
                plugins.output());
    }

    @Test
    void aPluginFolderWithoutProvidersSaysSoClearly() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Dist.home().resolve("plugins/query-0.1.0.jar"), plugins.resolve("query-0.1.0.jar"));
        Map<String, String> env = Map.of("XUGU_MCP_PLUGINS_DIR", plugins.toString(), "LLM_PROVIDER", "claude",
                "LLM_API_KEY", KEY);
        Run check = run(env, "llm", "check");
        assertEquals(1, check.exit(), check.output());
        assertTrue(check.output().contains("result     NOT_CONFIGURED"), check.output());
        assertTrue(check.output().contains("LLM_PROVIDER is 'claude', but no installed plugin provides it (installed: none)"),
                check.output());
        Run list = run(env, "plugins");
        assertTrue(list.output().contains("Language model: not available"), list.output());
        assertEquals(0, server.getRequestCount());
    }
}
