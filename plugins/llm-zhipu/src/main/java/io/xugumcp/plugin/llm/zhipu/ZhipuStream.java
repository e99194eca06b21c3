package io.xugumcp.plugin.llm.zhipu;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.api.llm.LlmReply;
import java.util.function.Consumer;

/**
 * Reads one streamed answer (OpenAI-style SSE ending in {@code [DONE]}). {@code delta.reasoning_content} is the
 * model's thinking and is not part of the answer; an {@code error} object in the stream throws.
 */
final class ZhipuStream {
    private final Consumer<String> onText;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private String finish;
    private long input = -1;
    private long output = -1;
    private boolean done;

    ZhipuStream(String requestedModel, Consumer<String> onText) {
        this.model = requestedModel;
        this.onText = onText;
    }

    void accept(LlmHttp.ServerSentEvent event) {
        String data = event.data().trim();
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode c = ZhipuProvider.read(data);
        if (c.has("error")) {
            throw ZhipuErrors.ofError(0, c.path("error"));
        }
        if (c.hasNonNull("model")) {
            model = c.path("model").asText();
        }
        JsonNode choice = c.path("choices").path(0);
        JsonNode content = choice.path("delta").path("content");
        if (content.isTextual() && !content.asText().isEmpty()) {
            text.append(content.asText());
            onText.accept(content.asText());
        }
        if (choice.hasNonNull("finish_reason")) {
            finish = choice.path("finish_reason").asText();
        }
        JsonNode u = c.path("usage");
        if (u.isObject()) {
            input = u.path("prompt_tokens").asLong(input);
            output = u.path("completion_tokens").asLong(output);
        }
    }

    LlmReply reply() {
        if (!done && finish == null) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "the stream ended before the answer was complete");
        }
        if ("network_error".equals(finish)) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "the model stopped with finish_reason network_error");
        }
        return new LlmReply(text.toString(), model, input, output, finish(finish));
    }

    static LlmReply.FinishReason finish(String reason) {
        if (reason == null) {
            return LlmReply.FinishReason.OTHER;
        }
        return switch (reason) {
            case "stop" -> LlmReply.FinishReason.STOP;
            case "length" -> LlmReply.FinishReason.LENGTH;
            case "sensitive" -> LlmReply.FinishReason.REFUSAL;
            default -> LlmReply.FinishReason.OTHER;
        };
    }
}
