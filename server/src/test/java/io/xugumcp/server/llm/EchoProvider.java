package io.xugumcp.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmProvider;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A provider with a minimal wire format of its own, to test what the host does around any provider. Request:
 * {@code POST {base}/echo {model, max_tokens, temperature?, text}}; answer {@code {text, model, in, out}}; error
 * {@code {kind, message}}; stream: events {@code {t}} … {@code {done, in, out}}, or {@code {kind, message}} mid-stream.
 */
public final class EchoProvider implements LlmProvider {
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public List<String> aliases() {
        return List.of("parrot");
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
        LlmHttp.Response r = exchange.http().post(exchange.baseUrl() + "/echo", headers(exchange), body(request, false));
        if (!r.ok()) {
            throw error(r.status(), read(r.body()));
        }
        JsonNode m = read(r.body());
        return new LlmReply(m.path("text").asText(), m.path("model").asText(request.model()), m.path("in").asLong(-1),
                m.path("out").asLong(-1), LlmReply.FinishReason.STOP);
    }

    @Override
    public LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText) {
        StringBuilder text = new StringBuilder();
        JsonNode[] done = {null};
        LlmHttp.Response r = exchange.http().postEvents(exchange.baseUrl() + "/echo", headers(exchange),
                body(request, true), e -> {
                    JsonNode m = read(e.data());
                    if (m.has("kind")) {
                        throw error(0, m);
                    }
                    if (m.has("t")) {
                        text.append(m.path("t").asText());
                        onText.accept(m.path("t").asText());
                    }
                    if (m.path("done").asBoolean()) {
                        done[0] = m;
                    }
                });
        if (!r.ok()) {
            throw error(r.status(), read(r.body()));
        }
        if (done[0] == null) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "the stream ended early");
        }
        return new LlmReply(text.toString(), request.model(), done[0].path("in").asLong(), done[0].path("out").asLong(),
                LlmReply.FinishReason.STOP);
    }

    private static Map<String, String> headers(Exchange exchange) {
        return exchange.apiKey().map(k -> Map.of("Authorization", "Bearer " + k)).orElse(Map.of());
    }

    private static String body(LlmRequest q, boolean stream) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", q.model());
        b.put("max_tokens", q.maxTokens());
        if (q.temperature() != null) {
            b.put("temperature", q.temperature());
        }
        StringBuilder text = new StringBuilder();
        for (LlmMessage m : q.messages()) {
            text.append(m.text());
        }
        b.put("text", text.toString());
        b.put("stream", stream);
        return b.toString();
    }

    private static LlmException error(int status, JsonNode m) {
        LlmException.Kind kind = m.has("kind") ? LlmException.Kind.valueOf(m.path("kind").asText())
                : LlmException.Kind.forHttpStatus(status);
        return new LlmException(kind, "HTTP " + status + ": " + m.path("message").asText(""));
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s.isEmpty() ? "{}" : s);
        } catch (Exception e) {
            return JSON.createObjectNode().put("message", s);
        }
    }
}
