package io.xugumcp.plugin.llm.openai;

import io.xugumcp.api.llm.ChatCompletions;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.LlmProvider;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.pf4j.Extension;

/**
 * OpenAI's Chat Completions ({@code POST {base}/chat/completions}), which OpenAI-compatible servers speak too:
 * with {@code LLM_BASE_URL} this provider serves DeepSeek, DashScope's compatible mode, vLLM and the like. The two
 * dialects differ in the output limit's name ({@code max_completion_tokens} on OpenAI, which refuses
 * {@code max_tokens} for reasoning models; {@code max_tokens} elsewhere) and in structured output ({@code json_schema}
 * on OpenAI, {@code json_object} with the schema in the prompt elsewhere). The wire format itself is the host's
 * ({@link ChatCompletions}); this provider says which dialect to speak.
 */
@Extension
public final class OpenAiProvider implements LlmProvider {

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.openai.com/v1";
    }

    @Override
    public String defaultModel() {
        return "gpt-6-luna";
    }

    @Override
    public LlmReply complete(LlmRequest request, Exchange exchange) {
        return exchange.chatCompletions(dialect(exchange)).complete(request);
    }

    @Override
    public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
        return exchange.chatCompletions(dialect(exchange)).stream(request, onText);
    }

    /**
     * {@code {base}/chat/completions}, where base follows the SDKs' convention of ending in the version
     * ({@code https://api.openai.com/v1}); a bare host gets {@code /v1}, a full endpoint URL is kept.
     */
    static String url(String base) {
        if (base.endsWith("/chat/completions")) {
            return base;
        }
        String path = URI.create(base).getPath();
        return base + (path == null || path.isEmpty() || path.equals("/") ? "/v1" : "") + "/chat/completions";
    }

    static boolean official(String base) {
        String host = URI.create(base).getHost();
        return host != null && host.equalsIgnoreCase("api.openai.com");
    }

    /** The dialect of the configured server: OpenAI's own, or a compatible one's (settings can force either part). */
    static ChatDialect dialect(Exchange exchange) {
        String url = url(exchange.baseUrl());
        boolean official = official(exchange.baseUrl());
        String jsonMode = exchange.settings().getString("json-mode", "auto").trim();
        boolean schemaMode = jsonMode.equals("json_schema") || jsonMode.equals("auto") && official;
        String maxTokensField = exchange.settings().getString("max-tokens-field", "auto").trim();
        if (maxTokensField.equals("auto")) {
            maxTokensField = official ? "max_completion_tokens" : "max_tokens";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.settings().get("organization").filter(s -> !s.isBlank()).ifPresent(o -> headers.put("OpenAI-Organization", o));
        exchange.settings().get("project").filter(s -> !s.isBlank()).ifPresent(p -> headers.put("OpenAI-Project", p));
        Map<String, Object> extra = new LinkedHashMap<>();
        exchange.settings().get("reasoning-effort").filter(s -> !s.isBlank())
                .ifPresent(e -> extra.put("reasoning_effort", e.trim()));
        return new ChatDialect(url, headers, maxTokensField, schemaMode, 0, extra, Set.of("content_filter"), Set.of(),
                OpenAiErrors::of);
    }
}
