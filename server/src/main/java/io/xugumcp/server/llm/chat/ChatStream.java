package io.xugumcp.server.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.api.llm.LlmReply;
import java.util.function.Consumer;

/**
 * Reads one streamed answer: {@code data: {chunk}} … {@code data: [DONE]}. Text comes in
 * {@code choices[0].delta.content} (a {@code delta.reasoning_content} beside it is thinking, not answer), the finish
 * reason on the last content chunk, and with {@code include_usage} a last chunk with {@code choices: []} (or null, or
 * absent) carries the usage. An {@code error} object inside the stream throws.
 */
final class ChatStream {
    private final ChatDialect dialect;
    private final ChatErrors errors;
    private final Consumer<String> onText;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private String finish;
    private long input = -1;
    private long output = -1;
    private boolean done;

    ChatStream(ChatDialect dialect, ChatErrors errors, String requestedModel, Consumer<String> onText) {
        this.dialect = dialect;
        this.errors = errors;
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
        JsonNode c = ChatJson.read(data);
        if (ChatJson.hasError(c)) {
            throw errors.ofError(0, c.path("error"));
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
        if (finish != null && dialect.brokenReasons().contains(finish)) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "the model stopped with finish_reason " + finish);
        }
        return new LlmReply(text.toString(), model, input, output, ChatFinish.of(finish, dialect.refusalReasons()));
    }
}
