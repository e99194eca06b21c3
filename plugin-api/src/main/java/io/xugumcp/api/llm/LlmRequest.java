package io.xugumcp.api.llm;

import java.util.List;
import java.util.Map;

/**
 * A request to the model.
 *
 * @param system         the system text, or {@code null}
 * @param messages       the conversation, ending with a user message
 * @param model          the model id, or {@code null} for the configured one ({@code LLM_MODEL})
 * @param maxTokens      the most output tokens, or 0 for the configured limit ({@code LLM_MAX_TOKENS})
 * @param temperature    {@code null} = the provider's default (several current models reject any other value, so it is
 *                       sent only when set here or configured with {@code LLM_TEMPERATURE})
 * @param stop           stop sequences; may be empty
 * @param responseSchema a JSON schema the answer must follow (structured output), or {@code null} for free text
 * @since 0.3.0
 */
public record LlmRequest(String system, List<LlmMessage> messages, String model, int maxTokens, Double temperature,
                         List<String> stop, Map<String, Object> responseSchema) {
    public LlmRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        responseSchema = responseSchema == null ? null : Map.copyOf(responseSchema);
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative");
        }
    }

    /** One user message with a system text, everything else configured. */
    public static LlmRequest of(String system, String userText) {
        return new LlmRequest(system, List.of(LlmMessage.user(userText)), null, 0, null, List.of(), null);
    }

    /** The same request with a JSON schema for the answer. */
    public LlmRequest withResponseSchema(Map<String, Object> schema) {
        return new LlmRequest(system, messages, model, maxTokens, temperature, stop, schema);
    }
}
