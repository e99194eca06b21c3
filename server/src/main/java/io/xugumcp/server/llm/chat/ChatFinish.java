package io.xugumcp.server.llm.chat;

import io.xugumcp.api.llm.LlmReply;
import java.util.Set;

/** A Chat Completions {@code finish_reason} as the host names it. */
final class ChatFinish {
    private ChatFinish() {
    }

    /** @param refusals the dialect's reasons that mean a refusal ({@code content_filter}, {@code sensitive}) */
    static LlmReply.FinishReason of(String reason, Set<String> refusals) {
        if (reason == null) {
            return LlmReply.FinishReason.OTHER;
        }
        if (refusals.contains(reason)) {
            return LlmReply.FinishReason.REFUSAL;
        }
        return switch (reason) {
            case "stop" -> LlmReply.FinishReason.STOP;
            case "length" -> LlmReply.FinishReason.LENGTH;
            default -> LlmReply.FinishReason.OTHER;
        };
    }
}
