package io.xugumcp.api.llm;

import java.util.function.Consumer;

/**
 * The configured language model, as the host offers it to plugins. Obtained from the call
 * ({@link io.xugumcp.api.ToolCall#llm()}: the call's cancellation aborts the HTTP exchange and the token usage goes
 * into the call's audit record) or from the plugin context (work outside a call).
 *
 * @since 0.3.0
 */
public interface Llm {

    /** True when a provider is configured and its plugin is loaded. */
    boolean available();

    /** The provider serving ({@code claude}, {@code openai}, {@code zhipu}, {@code ollama} …), or {@code null}. */
    String provider();

    /** The configured model id, or {@code null} when none is available. */
    String model();

    /**
     * Sends one request and waits for the whole answer.
     *
     * @throws LlmException typed, with what to do ({@link LlmException.Kind#NOT_CONFIGURED} when none is available)
     */
    LlmReply complete(LlmRequest request);

    /**
     * Sends one request and delivers the answer's text as it arrives; returns the whole reply at the end.
     *
     * @param onText called with each piece of text, on the calling thread
     * @throws LlmException as {@link #complete}; a failure mid-stream throws after the pieces already delivered
     */
    LlmReply stream(LlmRequest request, Consumer<String> onText);

    /** An {@code Llm} with no provider: {@link #available()} is false and every request fails NOT_CONFIGURED. */
    static Llm none(String why) {
        return new Llm() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public String provider() {
                return null;
            }

            @Override
            public String model() {
                return null;
            }

            @Override
            public LlmReply complete(LlmRequest request) {
                throw new LlmException(LlmException.Kind.NOT_CONFIGURED, why);
            }

            @Override
            public LlmReply stream(LlmRequest request, Consumer<String> onText) {
                throw new LlmException(LlmException.Kind.NOT_CONFIGURED, why);
            }
        };
    }
}
