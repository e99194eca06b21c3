package io.xugumcp.server.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.ChatCompletions;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ChatCompletions} over one attempt's {@link LlmHttp}: the wire handling that OpenAI-compatible provider
 * plugins share, written once. Failures are typed {@code LlmException}s for the host's retry loop.
 */
public final class ChatClient implements ChatCompletions {
    private final LlmHttp http;
    private final Optional<String> apiKey;
    private final ChatDialect dialect;
    private final ChatErrors errors;

    public ChatClient(LlmHttp http, Optional<String> apiKey, ChatDialect dialect) {
        this.http = http;
        this.apiKey = apiKey;
        this.dialect = dialect;
        this.errors = new ChatErrors(dialect.errors());
    }

    @Override
    public LlmReply complete(LlmRequest request) {
        LlmHttp.Response r = http.post(dialect.url(), headers(), ChatBody.of(request, dialect, false));
        if (!r.ok()) {
            throw errors.of(r.status(), r.body());
        }
        JsonNode m = ChatJson.read(r.body());
        if (ChatJson.hasError(m)) {
            throw errors.ofError(r.status(), m.path("error"));
        }
        JsonNode choice = m.path("choices").path(0);
        JsonNode message = choice.path("message");
        // OpenAI puts a refusal beside an empty content.
        String refusal = message.path("refusal").asText(null);
        String text = message.path("content").isTextual() ? message.path("content").asText() : "";
        LlmReply.FinishReason finish = refusal != null && text.isEmpty() ? LlmReply.FinishReason.REFUSAL
                : ChatFinish.of(choice.path("finish_reason").asText(null), dialect.refusalReasons());
        JsonNode u = m.path("usage");
        return new LlmReply(text.isEmpty() && refusal != null ? refusal : text, m.path("model").asText(request.model()),
                u.path("prompt_tokens").asLong(-1), u.path("completion_tokens").asLong(-1), finish);
    }

    @Override
    public LlmReply stream(LlmRequest request, Consumer<String> onText) {
        ChatStream s = new ChatStream(dialect, errors, request.model(), onText);
        LlmHttp.Response r = http.postEvents(dialect.url(), headers(), ChatBody.of(request, dialect, true), s::accept);
        if (!r.ok()) {
            throw errors.of(r.status(), r.body());
        }
        return s.reply();
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        apiKey.ifPresent(k -> h.put("Authorization", "Bearer " + k));
        h.putAll(dialect.headers());
        h.put("Content-Type", "application/json");
        return h;
    }
}
