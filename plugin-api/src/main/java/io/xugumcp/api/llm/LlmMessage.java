package io.xugumcp.api.llm;

import java.util.Objects;

/**
 * One message of a conversation with the model.
 *
 * @since 0.3.0
 */
public record LlmMessage(Role role, String text) {
    public LlmMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    /** A user message. */
    public static LlmMessage user(String text) {
        return new LlmMessage(Role.USER, text);
    }

    /** An assistant message (an earlier answer of the model). */
    public static LlmMessage assistant(String text) {
        return new LlmMessage(Role.ASSISTANT, text);
    }

    /** Who said it. The system text is not a message: see {@link LlmRequest#system()}. */
    public enum Role {
        USER, ASSISTANT
    }
}
