package io.xugumcp.plugin.llm.claude;

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
 * Anthropic's Messages API ({@code POST /v1/messages}), plain and streamed (server-sent events). Only the wire format
 * lives here; HTTP, retries, timeouts and the key's safety are the host's.
 */
@Extension
public final class ClaudeProvider implements LlmProvider {
    /** Map keys sorted: the same schema gives the same bytes, so prompts stay stable (and cacheable). */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Override
    public String id() {
        return "claude";
    }

    @Override
    public List<String> aliases() {
        return List.of("anthropic");
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.anthropic.com";
    }

    @Override
    public String defaultModel() {
        return "claude-sonnet-5-5";
    }

    @Override
    public LlmReply complete(LlmRequest request, Exchange exchange) {
        LlmHttp.Response r = exchange.http().post(url(exchange), headers(exchange), body(request, exchange, false));
        if (!r.ok()) {
            throw ClaudeErrors.of(r.status(), r.body());
        }
        JsonNode m = read(r.body());
        StringBuilder text = new StringBuilder();
        // Thinking blocks come first on current models: pick text blocks by type, never by position.
        for (JsonNode block : m.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        JsonNode u = m.path("usage");
        return new LlmReply(text.toString(), m.path("model").asText(request.model()), inputTokens(u),
                u.path("output_tokens").asLong(-1), ClaudeStream.finish(m.path("stop_reason").asText(null)));
    }

    @Override
    public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
        ClaudeStream s = new ClaudeStream(request.model(), onText);
        LlmHttp.Response r = exchange.http().postEvents(url(exchange), headers(exchange), body(request, exchange, true),
                s::accept);
        if (!r.ok()) {
            throw ClaudeErrors.of(r.status(), r.body());
        }
        return s.reply();
    }

    static String url(Exchange exchange) {
        String base = exchange.baseUrl();
        return base.endsWith("/v1") ? base + "/messages" : base.endsWith("/v1/messages") ? base : base + "/v1/messages";
    }

    static Map<String, String> headers(Exchange exchange) {
        Map<String, String> h = new LinkedHashMap<>();
        exchange.apiKey().ifPresent(k -> h.put("x-api-key", k));
        h.put("anthropic-version", exchange.settings().getString("version", "2023-06-01"));
        exchange.settings().get("beta").filter(b -> !b.isBlank()).ifPresent(b -> h.put("anthropic-beta", b.trim()));
        h.put("content-type", "application/json");
        return h;
    }

    static String body(LlmRequest q, Exchange exchange, boolean stream) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", q.model());
        b.put("max_tokens", q.maxTokens());
        if (q.system() != null && !q.system().isBlank()) {
            b.put("system", q.system());
        }
        ArrayNode messages = b.putArray("messages");
        for (LlmMessage m : q.messages()) {
            messages.addObject().put("role", m.role() == LlmMessage.Role.USER ? "user" : "assistant")
                    .put("content", m.text());
        }
        if (!q.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop_sequences");
            q.stop().forEach(stop::add);
        }
        // Current models refuse a non-default temperature: send it only when someone set it.
        if (q.temperature() != null) {
            b.put("temperature", q.temperature());
        }
        String thinking = exchange.settings().getString("thinking", "").trim();
        if (!thinking.isEmpty()) {
            b.putObject("thinking").put("type", thinking);
        }
        if (q.responseSchema() != null) {
            ObjectNode format = b.putObject("output_config").putObject("format");
            format.put("type", "json_schema");
            format.set("schema", JSON.valueToTree(q.responseSchema()));
        }
        if (stream) {
            b.put("stream", true);
        }
        return b.toString();
    }

    /** Input tokens in all: uncached, written to the cache and read from it. */
    static long inputTokens(JsonNode usage) {
        if (!usage.has("input_tokens")) {
            return -1;
        }
        return usage.path("input_tokens").asLong() + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw LlmException.notJson(body);
        }
    }
}
