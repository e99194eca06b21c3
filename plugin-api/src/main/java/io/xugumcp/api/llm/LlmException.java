package io.xugumcp.api.llm;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.time.Duration;
import java.util.Objects;

/**
 * A typed failure of the model or its provider. The message says what to do and never contains the API key.
 * The tool error's code is {@code llm_error}; {@link #kind()} says more.
 *
 * @since 0.3.0
 */
public class LlmException extends ToolException {
    private static final long serialVersionUID = 1L;
    private final Kind kind;
    private final transient Duration retryAfter;

    /**
     * @param retryAfter how long the provider asked to wait (rate limited, overloaded), or {@code null}
     */
    public LlmException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(ErrorCode.LLM_ERROR, message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public LlmException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    /** What went wrong. */
    /**
     * A provider's answer that should be JSON and is not: the provider failing (a proxy's HTML page, a cut-off body),
     * so the call may be retried. The message quotes the body's start, blanks squeezed.
     *
     * @since 0.3.0
     */
    public static LlmException notJson(String body) {
        String start = body == null ? "" : body.substring(0, Math.min(120, body.length())).replaceAll("\\s+", " ");
        return new LlmException(Kind.UNAVAILABLE, "the answer was not JSON (" + start + ")");
    }

    public Kind kind() {
        return kind;
    }

    /** How long the provider asked to wait, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The kinds of failure, each marked whether trying again later can help. */
    public enum Kind {
        /** No provider is configured or its plugin is not loaded. */
        NOT_CONFIGURED(false),
        /** The key is missing, wrong or lacks permission. */
        AUTHENTICATION(false),
        /** Too many requests for now; see {@link #retryAfter()}. */
        RATE_LIMITED(true),
        /** The account's quota or spend cap is used up (never retried). */
        QUOTA_EXHAUSTED(false),
        /** The provider is overloaded. */
        OVERLOADED(true),
        /** The prompt is longer than the model's context. */
        CONTEXT_TOO_LONG(false),
        /** The model id does not exist or was retired. */
        MODEL_NOT_FOUND(false),
        /** The provider refused the request as malformed. */
        BAD_REQUEST(false),
        /** The provider cannot be reached or failed on its side. */
        UNAVAILABLE(true),
        /** No (complete) answer within the time limit. */
        TIMEOUT(true),
        /** The tool call was cancelled. */
        CANCELLED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** True when the same request may succeed if sent again later. */
        public boolean retryable() {
            return retryable;
        }

        /**
         * The usual kind for an HTTP status, for a provider whose vendor sent nothing more specific: 401/403
         * authentication, 402 quota, 404 model not found, 408 timeout, 413 context too long, 429 rate limited,
         * 503/529 overloaded, other 5xx (and 409) unavailable, any other 4xx a bad request.
         *
         * @since 0.3.0
         */
        public static Kind forHttpStatus(int status) {
            switch (status) {
                case 401: case 403:
                    return AUTHENTICATION;
                case 402:
                    return QUOTA_EXHAUSTED;
                case 404:
                    return MODEL_NOT_FOUND;
                case 408:
                    return TIMEOUT;
                case 409:
                    return UNAVAILABLE;
                case 413:
                    return CONTEXT_TOO_LONG;
                case 429:
                    return RATE_LIMITED;
                case 503: case 529:
                    return OVERLOADED;
                default:
                    return status >= 500 ? UNAVAILABLE : BAD_REQUEST;
            }
        }
    }
}
