package io.xugumcp.plugin.llm.zhipu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmProvider;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pf4j.Extension;

/**
 * Zhipu's BigModel v4 chat completions (GLM models), also served as Z.ai ({@code LLM_PROVIDER=zai}, the
 * international endpoint). OpenAI-shaped, with its own rules: temperature 0–1, at most one stop sequence, thinking
 * on by default for GLM-4.5+ (its reasoning arrives beside an empty answer, so it is switched off unless configured),
 * JSON output only as {@code json_object}, and business error codes beside the HTTP status.
 */
@Extension
public final class ZhipuProvider implements LlmProvider {
    /** Map keys sorted: the same schema gives the same bytes, so prompts stay stable (and cacheable). */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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
        LlmHttp.Response r = exchange.http().post(url(exchange.baseUrl()), headers(exchange), body(request, exchange, false));
        if (!r.ok()) {
            throw ZhipuErrors.of(r.status(), r.body());
        }
        JsonNode m = read(r.body());
        if (m.has("error")) {
            throw ZhipuErrors.ofError(r.status(), m.path("error"));
        }
        JsonNode choice = m.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        JsonNode u = m.path("usage");
        return new LlmReply(content.isTextual() ? content.asText() : "", m.path("model").asText(request.model()),
                u.path("prompt_tokens").asLong(-1), u.path("completion_tokens").asLong(-1),
                ZhipuStream.finish(choice.path("finish_reason").asText(null)));
    }

    @Override
    public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
        ZhipuStream s = new ZhipuStream(request.model(), onText);
        LlmHttp.Response r = exchange.http().postEvents(url(exchange.baseUrl()), headers(exchange),
                body(request, exchange, true), s::accept);
        if (!r.ok()) {
            throw ZhipuErrors.of(r.status(), r.body());
        }
        return s.reply();
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

    static Map<String, String> headers(Exchange exchange) {
        Map<String, String> h = new LinkedHashMap<>();
        exchange.apiKey().ifPresent(k -> h.put("Authorization", "Bearer " + k));
        exchange.settings().get("accept-language").filter(s -> !s.isBlank()).ifPresent(l -> h.put("Accept-Language", l));
        h.put("Content-Type", "application/json");
        return h;
    }

    static String body(LlmRequest q, Exchange exchange, boolean stream) {
        if (q.temperature() != null && (q.temperature() < 0 || q.temperature() > 1)) {
            throw new LlmException(LlmException.Kind.BAD_REQUEST, "GLM models take a temperature between 0.0 and 1.0, got "
                    + q.temperature() + ": set LLM_TEMPERATURE within that range, or unset it");
        }
        ObjectNode b = JSON.createObjectNode();
        b.put("model", q.model());
        ArrayNode messages = b.putArray("messages");
        String system = q.system() == null ? "" : q.system();
        if (q.responseSchema() != null) {
            // Only json_object is documented: the schema goes into the prompt.
            system = (system.isBlank() ? "" : system + "\n\n") + "Answer with one JSON object that follows this JSON schema:\n"
                    + JSON.valueToTree(q.responseSchema()).toString();
        }
        if (!system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        for (LlmMessage m : q.messages()) {
            messages.addObject().put("role", m.role() == LlmMessage.Role.USER ? "user" : "assistant").put("content", m.text());
        }
        b.put("max_tokens", q.maxTokens());
        if (q.temperature() != null) {
            b.put("temperature", q.temperature());
        }
        if (!q.stop().isEmpty()) {
            // BigModel takes one stop sequence: the first, the one a caller puts first for a reason.
            b.putArray("stop").add(q.stop().get(0));
        }
        String thinking = exchange.settings().getString("thinking", "disabled").trim();
        if (!thinking.isEmpty()) {
            b.putObject("thinking").put("type", thinking);
        }
        if (q.responseSchema() != null) {
            b.putObject("response_format").put("type", "json_object");
        }
        if (stream) {
            b.put("stream", true);
            b.putObject("stream_options").put("include_usage", true);
        }
        return b.toString();
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "the answer was not JSON ("
                    + body.substring(0, Math.min(120, body.length())).replaceAll("\\s+", " ") + ")");
        }
    }
}
