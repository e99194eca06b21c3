package io.xugumcp.api.llm;

import io.xugumcp.api.PluginConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.pf4j.ExtensionPoint;

/**
 * Extension point: one vendor's wire format (Anthropic Messages, OpenAI Chat Completions, Zhipu BigModel, Ollama).
 * A provider is thin: it builds the request JSON, parses the answer, the stream and the errors, and throws a typed
 * {@link LlmException} (with the {@code retry-after} the vendor gave) for anything that failed. A provider for a
 * server that speaks OpenAI's Chat Completions leaves even that to the host's {@link ChatCompletions} client and only
 * describes its {@link ChatDialect}. The host chooses the provider by {@link #id()} or an {@link #aliases() alias}
 * from {@code LLM_PROVIDER}, and owns HTTP, retries, timeouts, proxies, the concurrency cap, cancellation, redaction
 * and auditing.
 *
 * @since 0.3.0 (reshaped; the 0.2 declaration was never used)
 */
public interface LlmProvider extends ExtensionPoint {

    /** The provider id used in config ({@code LLM_PROVIDER}), e.g. {@code claude}. */
    String id();

    /** Other names that select this provider, e.g. {@code zai} for {@code zhipu}, {@code local} for {@code ollama}. */
    default List<String> aliases() {
        return List.of();
    }

    /** The base URL used when none is configured, e.g. {@code https://api.anthropic.com}. */
    String defaultBaseUrl();

    /** A current model id used when none is configured. */
    String defaultModel();

    /** True when the provider cannot work without an API key (Ollama can). */
    default boolean requiresApiKey() {
        return true;
    }

    /** Sends one request and returns the whole answer. */
    LlmReply complete(LlmRequest request, Exchange exchange);

    /** Sends one request in streaming mode, delivering text as it arrives. */
    LlmReply stream(LlmRequest request, Exchange exchange, Consumer<String> onText);

    /**
     * What the host hands a provider for one request: the resolved settings and the HTTP client.
     * The request's {@code model}, {@code maxTokens} and {@code temperature} are already resolved from config.
     */
    interface Exchange {
        /** The base URL without a trailing slash. */
        String baseUrl();

        /** The API key, when configured. Never log it or put it in a message. */
        Optional<String> apiKey();

        /** The provider's own config subtree ({@code llm.<id>.*}: headers, timeouts, options). */
        PluginConfig settings();

        /** The host's HTTP client for this request. */
        LlmHttp http();

        /**
         * The host's Chat Completions client for this request, speaking {@code dialect} through {@link #http()} with
         * the {@link #apiKey()} as bearer token: the whole wire handling of an OpenAI-compatible provider.
         *
         * @throws UnsupportedOperationException on a host that has none
         * @since 0.3.0
         */
        default ChatCompletions chatCompletions(ChatDialect dialect) {
            throw new UnsupportedOperationException("this host offers no Chat Completions client");
        }
    }
}
