package io.xugumcp.plugin.llm.ollama;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ollama's native chat API ({@code POST /api/chat}; NDJSON when streamed), for local models without a key. The
 * native API, unlike Ollama's OpenAI-compatible one, takes {@code options.num_ctx}: Ollama's default context (2048 to
 * a few thousand tokens, depending on the version and the GPU) silently cuts a long prompt, so every request asks for
 * a context sized to its prompt and output limit.
 */
@Extension
public final class OllamaProvider implements LlmProvider {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaProvider.class);
    /** Map keys sorted: the same schema gives the same bytes, so prompts stay stable (and cacheable). */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Override
    public String id() {
        return "ollama";
    }

    @Override
    public List<String> aliases() {
        return List.of("local");
    }

    @Override
    public String defaultBaseUrl() {
        return "http://localhost:11434";
    }

    @Override
    public String defaultModel() {
        return "qwen2.5-coder:7b";
    }

    @Override
    public boolean requiresApiKey() {
        return false;
    }

    @Override
    public LlmReply complete(LlmRequest request, Exchange exchange) {
        Context ctx = Context.of(request, exchange.settings());
        LlmHttp.Response r = exchange.http().post(url(exchange.baseUrl()), headers(exchange), body(request, exchange, ctx, false));
        if (!r.ok()) {
            throw OllamaErrors.of(r.status(), r.body(), request.model());
        }
        JsonNode m = read(r.body());
        if (m.has("error")) {
            throw OllamaErrors.ofMessage(r.status(), m.path("error").asText(), request.model());
        }
        return reply(m, m.path("message").path("content").asText(""), request, ctx);
    }

    @Override
    public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
        Context ctx = Context.of(request, exchange.settings());
        StringBuilder text = new StringBuilder();
        JsonNode[] last = {null};
        LlmHttp.Response r = exchange.http().postStreaming(url(exchange.baseUrl()), headers(exchange),
                body(request, exchange, ctx, true), line -> {
                    if (line.isBlank()) {
                        return;
                    }
                    JsonNode m = read(line);
                    if (m.has("error")) {
                        throw OllamaErrors.ofMessage(0, m.path("error").asText(), request.model());
                    }
                    String piece = m.path("message").path("content").asText("");
                    if (!piece.isEmpty()) {
                        text.append(piece);
                        onText.accept(piece);
                    }
                    if (m.path("done").asBoolean(false)) {
                        last[0] = m;
                    }
                });
        if (!r.ok()) {
            throw OllamaErrors.of(r.status(), r.body(), request.model());
        }
        if (last[0] == null) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "the stream ended before the answer was complete");
        }
        return reply(last[0], text.toString(), request, ctx);
    }

    private static LlmReply reply(JsonNode done, String text, LlmRequest request, Context ctx) {
        long promptTokens = done.path("prompt_eval_count").asLong(-1);
        // A prompt cut to the context shows as far fewer evaluated tokens than sent. A cached prompt prefix also
        // lowers the count, so this is a hint in the log, not a failure.
        if (promptTokens > 0 && ctx.promptEstimate() >= 2048 && promptTokens < ctx.promptEstimate() / 3) {
            LOG.warn("Ollama evaluated {} prompt tokens of about {} sent (num_ctx {}): if the model's own context is "
                    + "smaller, the prompt was cut", promptTokens, ctx.promptEstimate(), ctx.numCtx());
        }
        String reason = done.path("done_reason").asText(null);
        LlmReply.FinishReason finish = reason == null ? LlmReply.FinishReason.STOP : switch (reason) {
            case "stop" -> LlmReply.FinishReason.STOP;
            case "length" -> LlmReply.FinishReason.LENGTH;
            default -> LlmReply.FinishReason.OTHER;
        };
        return new LlmReply(text, done.path("model").asText(request.model()), promptTokens,
                done.path("eval_count").asLong(-1), finish);
    }

    /** {@code {base}/api/chat}; a base written for the OpenAI-compatible API ({@code …/v1}) is taken back to the host. */
    static String url(String base) {
        String b = base;
        for (String tail : new String[] {"/api/chat", "/v1", "/api"}) {
            if (b.endsWith(tail)) {
                b = b.substring(0, b.length() - tail.length());
            }
        }
        return b + "/api/chat";
    }

    static Map<String, String> headers(Exchange exchange) {
        Map<String, String> h = new LinkedHashMap<>();
        // Locally there is no key; Ollama's cloud takes one as a bearer token.
        exchange.apiKey().ifPresent(k -> h.put("Authorization", "Bearer " + k));
        h.put("Content-Type", "application/json");
        return h;
    }

    static String body(LlmRequest q, Exchange exchange, Context ctx, boolean stream) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", q.model());
        ArrayNode messages = b.putArray("messages");
        if (q.system() != null && !q.system().isBlank()) {
            messages.addObject().put("role", "system").put("content", q.system());
        }
        for (LlmMessage m : q.messages()) {
            messages.addObject().put("role", m.role() == LlmMessage.Role.USER ? "user" : "assistant").put("content", m.text());
        }
        b.put("stream", stream);
        if (q.responseSchema() != null) {
            b.set("format", JSON.valueToTree(q.responseSchema()));
        }
        ObjectNode options = b.putObject("options");
        options.put("num_ctx", ctx.numCtx());
        options.put("num_predict", q.maxTokens());
        if (q.temperature() != null) {
            options.put("temperature", q.temperature());
        }
        if (!q.stop().isEmpty()) {
            ArrayNode stop = options.putArray("stop");
            q.stop().forEach(stop::add);
        }
        exchange.settings().get("keep-alive").filter(s -> !s.isBlank()).ifPresent(k -> b.put("keep_alive", k.trim()));
        exchange.settings().get("think").filter(s -> !s.isBlank()).ifPresent(t -> b.put("think", Boolean.parseBoolean(t.trim())));
        return b.toString();
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw LlmException.notJson(body);
        }
    }
}
