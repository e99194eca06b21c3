package io.xugumcp.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Extension point (declared, not yet used by the host): an LLM provider such as Claude, OpenAI, Zhipu or Ollama,
 * for the standalone Chat2SQL mode. Each provider lives in its own plugin.
 */
public interface LlmProvider extends ExtensionPoint {

    /** The provider id used in config ({@code LLM_PROVIDER}), e.g. {@code claude}. */
    String id();

    /** Sends one completion request. Throws {@link ToolException} with a clear message on failure. */
    Reply complete(Request request);

    /** A chat message. */
    record Message(String role, String text) {
    }

    /** A completion request. */
    record Request(String system, List<Message> messages, String model, double temperature, int maxTokens) {
        public Request {
            messages = List.copyOf(messages);
        }
    }

    /** A completion reply with token usage when the provider reports it (else -1). */
    record Reply(String text, String model, long inputTokens, long outputTokens) {
    }
}
