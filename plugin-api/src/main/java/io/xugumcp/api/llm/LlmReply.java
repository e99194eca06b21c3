package io.xugumcp.api.llm;

import java.util.Objects;

/**
 * The model's answer.
 *
 * @param text         the answer's text (thinking blocks left out)
 * @param model        the model that answered, as the provider names it
 * @param inputTokens  input tokens as the provider counted them, -1 when not reported
 * @param outputTokens output tokens, -1 when not reported
 * @param finishReason why the model stopped
 * @since 0.3.0
 */
public record LlmReply(String text, String model, long inputTokens, long outputTokens, FinishReason finishReason) {
    public LlmReply {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
    }

    /** Why the model stopped. */
    public enum FinishReason {
        /** It finished its answer. */
        STOP,
        /** It hit the output token limit: the answer may be cut off. */
        LENGTH,
        /** It produced a stop sequence. */
        STOP_SEQUENCE,
        /** It refused, or the provider's content filter stopped it. */
        REFUSAL,
        /** Anything else the provider reported. */
        OTHER
    }
}
