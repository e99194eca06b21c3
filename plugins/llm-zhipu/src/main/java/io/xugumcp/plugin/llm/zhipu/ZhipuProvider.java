package io.xugumcp.plugin.llm.zhipu;

import io.xugumcp.api.llm.ChatCompletions;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmProvider;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.pf4j.Extension;

/**
 * Zhipu's BigModel v4 chat completions (GLM models), also served as Z.ai ({@code LLM_PROVIDER=zai}, the
 * international endpoint). OpenAI-shaped (the host's {@link ChatCompletions} speaks it), with its own rules:
 * temperature 0–1, at most one stop sequence, thinking on by default for GLM-4.5+ (its reasoning arrives beside an
 * empty answer, so it is switched off unless configured), JSON output only as {@code json_object}, and business error
 * codes beside the HTTP status.
 */
@Extension
public final class ZhipuProvider implements LlmProvider {

    @Override
    public String id() {
        return "zhipu";
    }

    @Override
    public List<String> aliases() {
        return List.of("zai", "bigmodel", "glm");
    }

    @Override
    public String defaultBaseUrl() {
        return "https://open.bigmodel.cn/api/paas/v4";
    }

    @Override
    public String defaultModel() {
        return "glm-5";
    }

    @Override
    public LlmReply complete(LlmRequest request, Exchange exchange) {
        return exchange.chatCompletions(dialect(request, exchange)).complete(request);
    }

    @Override
    public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
        return exchange.chatCompletions(dialect(request, exchange)).stream(request, onText);
    }

    static String url(String base) {
        // The Coding Plan endpoint is for Zhipu's own IDE tools; programmatic use has led to "1313" fair-use bans.
        if (base.contains("/coding/")) {
            throw new LlmException(LlmException.Kind.BAD_REQUEST, "'" + base + "' is the Coding Plan endpoint, which is "
                    + "reserved for official IDE tools (other use gets accounts banned, error 1313); set LLM_BASE_URL to "
                    + "https://open.bigmodel.cn/api/paas/v4 or https://api.z.ai/api/paas/v4");
        }
        return base.endsWith("/chat/completions") ? base : base + "/chat/completions";
    }

    /** BigModel's dialect; refuses, before anything is sent, what BigModel would refuse. */
    static ChatDialect dialect(LlmRequest q, Exchange exchange) {
        String url = url(exchange.baseUrl());
        if (q.temperature() != null && (q.temperature() < 0 || q.temperature() > 1)) {
            throw new LlmException(LlmException.Kind.BAD_REQUEST, "GLM models take a temperature between 0.0 and 1.0, got "
                    + q.temperature() + ": set LLM_TEMPERATURE within that range, or unset it");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.settings().get("accept-language").filter(s -> !s.isBlank()).ifPresent(l -> headers.put("Accept-Language", l));
        Map<String, Object> extra = new LinkedHashMap<>();
        String thinking = exchange.settings().getString("thinking", "disabled").trim();
        if (!thinking.isEmpty()) {
            extra.put("thinking", Map.of("type", thinking));
        }
        // Only json_object is documented (the schema goes into the prompt); one stop sequence, the first.
        return new ChatDialect(url, headers, "max_tokens", false, 1, extra, Set.of("sensitive"), Set.of("network_error"),
                ZhipuErrors::of);
    }
}
