package io.xugumcp.api.llm;

import java.util.function.Consumer;

/**
 * The host's client for OpenAI's Chat Completions wire format ({@code POST …/chat/completions}): it builds the request
 * body, reads the answer, the server-sent event stream ({@code data: [DONE]}, the usage-only last chunk) and the
 * {@code {"error": …}} envelope, as the {@link ChatDialect} of the server says. A provider plugin for a server that
 * speaks this format keeps only what is its vendor's own: endpoint, settings, error codes. Obtained from
 * {@link LlmProvider.Exchange#chatCompletions(ChatDialect)}; like the rest of the exchange it does not retry.
 *
 * @since 0.3.0
 */
public interface ChatCompletions {

    /** Sends one request and returns the whole answer. */
    LlmReply complete(LlmRequest request);

    /** Sends one request in streaming mode, delivering text as it arrives. */
    LlmReply stream(LlmRequest request, Consumer<String> onText);
}
