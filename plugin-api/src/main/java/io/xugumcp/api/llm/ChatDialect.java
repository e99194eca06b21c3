package io.xugumcp.api.llm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one server speaks OpenAI's Chat Completions wire format, for the host's {@link ChatCompletions} client. OpenAI,
 * Zhipu BigModel, DeepSeek, DashScope, vLLM and Ollama's {@code /v1} share the request, answer, stream and error
 * envelope; they differ only in what this record says. A provider builds it per request from its settings.
 *
 * @param url              the endpoint, {@code …/chat/completions}
 * @param headers          headers beside {@code Authorization: Bearer <key>} and {@code Content-Type}, e.g.
 *                         {@code OpenAI-Project}, {@code Accept-Language}
 * @param maxTokensField   the name of the output limit: {@code max_tokens}, or {@code max_completion_tokens} (OpenAI,
 *                         whose reasoning models refuse {@code max_tokens})
 * @param jsonSchema       structured output as {@code response_format: json_schema} (strict when the schema fits
 *                         strict mode); when false, as {@code json_object} with the schema in the system text
 * @param maxStopSequences the most stop sequences the server takes (the first ones are sent), 0 for no limit
 * @param extraFields      more top-level fields for every request body, e.g. {@code reasoning_effort},
 *                         {@code thinking: {type: disabled}} (values: strings, numbers, booleans, lists and maps)
 * @param refusalReasons   {@code finish_reason} values that mean a refusal ({@code content_filter}, {@code sensitive})
 * @param brokenReasons    {@code finish_reason} values that, at the end of a stream, mean the answer broke off on the
 *                         server's side (Zhipu's {@code network_error}): the stream fails as
 *                         {@link LlmException.Kind#UNAVAILABLE}
 * @param errors           the vendor's error codes as typed failures
 * @since 0.3.0
 */
public record ChatDialect(String url, Map<String, String> headers, String maxTokensField, boolean jsonSchema,
                          int maxStopSequences, Map<String, Object> extraFields, Set<String> refusalReasons,
                          Set<String> brokenReasons, ErrorMapper errors) {
    public ChatDialect {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(maxTokensField, "maxTokensField");
        Objects.requireNonNull(errors, "errors");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        extraFields = extraFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraFields));
        refusalReasons = refusalReasons == null ? Set.of() : Set.copyOf(refusalReasons);
        brokenReasons = brokenReasons == null ? Set.of() : Set.copyOf(brokenReasons);
        if (maxStopSequences < 0) {
            throw new IllegalArgumentException("maxStopSequences must not be negative");
        }
    }

    /**
     * The vendor's reading of one error object, {@code {"error": {code, type, message}}}, from an HTTP answer or inside
     * a stream. The host has parsed the envelope (and answers a body that is not one with the HTTP status itself).
     *
     * @since 0.3.0
     */
    @FunctionalInterface
    public interface ErrorMapper {
        /**
         * @param status  the HTTP status, or 0 for an error inside a stream
         * @param code    {@code error.code} as text (Zhipu's business code, OpenAI's {@code insufficient_quota}), or ""
         * @param type    {@code error.type}, or ""
         * @param message {@code error.message} (the error itself when it is a string), or ""
         * @return the typed failure; its message says what went wrong and never holds the key
         */
        LlmException of(int status, String code, String type, String message);
    }
}
