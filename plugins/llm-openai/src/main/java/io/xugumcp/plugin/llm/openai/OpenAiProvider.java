package io.xugumcp.plugin.llm.openai;

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
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pf4j.Extension;

/**
 * OpenAI's Chat Completions ({@code POST {base}/chat/completions}), which OpenAI-compatible servers speak too:
 * with {@code LLM_BASE_URL} this provider serves DeepSeek, DashScope's compatible mode, vLLM and the like. The two
 * dialects differ in the output limit's name ({@code max_completion_tokens} on OpenAI, which refuses
 * {@code max_tokens} for reasoning models; {@code max_tokens} elsewhere) and in structured output ({@code json_schema}
 * on OpenAI, {@code json_object} with the schema in the prompt elsewhere).
 */
@Extension
public final class OpenAiProvider implements LlmProvider {
    /** Map keys sorted: the same schema gives the same bytes, so prompts stay stable (and cacheable). */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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
        LlmHttp.Response r = exchange.http().post(url(exchange.baseUrl()), headers(exchange),
                body(request, exchange, false));
        if (!r.ok()) {
            throw OpenAiErrors.of(r.status(), r.body());
        }
        JsonNode m = read(r.body());
        if (m.has("error") && !m.path("error").isNull()) {
            throw OpenAiErrors.ofError(r.status(), m.path("error"));
        }
        JsonNode choice = m.path("choices").path(0);
        JsonNode message = choice.path("message");
        String refusal = message.path("refusal").asText(null);
        String text = message.path("content").isTextual() ? message.path("content").asText() : "";
        LlmReply.FinishReason finish = refusal != null && text.isEmpty() ? LlmReply.FinishReason.REFUSAL
                : OpenAiStream.finish(choice.path("finish_reason").asText(null));
        JsonNode u = m.path("usage");
        return new LlmReply(text.isEmpty() && refusal != null ? refusal : text, m.path("model").asText(request.model()),
                u.path("prompt_tokens").asLong(-1), u.path("completion_tokens").asLong(-1), finish);
    }

    @Override
    public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
        OpenAiStream s = new OpenAiStream(request.model(), onText);
        LlmHttp.Response r = exchange.http().postEvents(url(exchange.baseUrl()), headers(exchange),
                body(request, exchange, true), s::accept);
        if (!r.ok()) {
            throw OpenAiErrors.of(r.status(), r.body());
        }
        return s.reply();
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

    static Map<String, String> headers(Exchange exchange) {
        Map<String, String> h = new LinkedHashMap<>();
        exchange.apiKey().ifPresent(k -> h.put("Authorization", "Bearer " + k));
        exchange.settings().get("organization").filter(s -> !s.isBlank()).ifPresent(o -> h.put("OpenAI-Organization", o));
        exchange.settings().get("project").filter(s -> !s.isBlank()).ifPresent(p -> h.put("OpenAI-Project", p));
        h.put("Content-Type", "application/json");
        return h;
    }

    static String body(LlmRequest q, Exchange exchange, boolean stream) {
        boolean official = official(exchange.baseUrl());
        String jsonMode = exchange.settings().getString("json-mode", "auto").trim();
        boolean schemaMode = jsonMode.equals("json_schema") || jsonMode.equals("auto") && official;
        ObjectNode b = JSON.createObjectNode();
        b.put("model", q.model());
        ArrayNode messages = b.putArray("messages");
        String system = q.system() == null ? "" : q.system();
        if (q.responseSchema() != null && !schemaMode) {
            // json_object needs the word JSON in the prompt, or the model may pad with whitespace up to the limit.
            system = (system.isBlank() ? "" : system + "\n\n") + "Answer with one JSON object that follows this JSON schema:\n"
                    + JSON.valueToTree(q.responseSchema()).toString();
        }
        if (!system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        for (LlmMessage m : q.messages()) {
            messages.addObject().put("role", m.role() == LlmMessage.Role.USER ? "user" : "assistant").put("content", m.text());
        }
        String field = exchange.settings().getString("max-tokens-field", "auto").trim();
        if (field.equals("auto")) {
            field = official ? "max_completion_tokens" : "max_tokens";
        }
        b.put(field, q.maxTokens());
        if (q.temperature() != null) {
            b.put("temperature", q.temperature());
        }
        if (!q.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop");
            q.stop().forEach(stop::add);
        }
        exchange.settings().get("reasoning-effort").filter(s -> !s.isBlank())
                .ifPresent(e -> b.put("reasoning_effort", e.trim()));
        if (q.responseSchema() != null) {
            ObjectNode format = b.putObject("response_format");
            if (schemaMode) {
                format.put("type", "json_schema");
                ObjectNode js = format.putObject("json_schema");
                js.put("name", "answer");
                JsonNode schema = JSON.valueToTree(q.responseSchema());
                js.set("schema", schema);
                js.put("strict", StrictSchema.fits(schema));
            } else {
                format.put("type", "json_object");
            }
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
