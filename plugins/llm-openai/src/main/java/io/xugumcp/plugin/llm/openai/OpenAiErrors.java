package io.xugumcp.plugin.llm.openai;

import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;
import java.util.Locale;

/**
 * Chat Completions errors, {@code {"error":{message, type, param, code}}}, as typed failures (the host reads the
 * envelope). A 429 is a rate limit unless the code (or, on some servers, the type) is {@code insufficient_quota},
 * which is never retried. Compatible servers use the same envelope with their own wording (Ollama:
 * {@code model "x" not found, try pulling it first}).
 */
final class OpenAiErrors {
    private OpenAiErrors() {
    }

    /** @param status the HTTP status, or 0 for an error inside a stream */
    static LlmException of(int status, String code, String type, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        Kind kind;
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota") || lower.contains("exceeded your current quota")
                || code.equals("billing_hard_limit_reached")) {
            kind = Kind.QUOTA_EXHAUSTED;
        } else if (code.equals("context_length_exceeded") || lower.contains("maximum context length")
                || lower.contains("context length") && lower.contains("exceed")) {
            kind = Kind.CONTEXT_TOO_LONG;
        } else if (code.equals("model_not_found") || lower.contains("model") && lower.contains("not found")
                || lower.contains("does not exist") && lower.contains("model")) {
            kind = Kind.MODEL_NOT_FOUND;
        } else if (code.equals("invalid_api_key") || type.equals("authentication_error")) {
            kind = Kind.AUTHENTICATION;
        } else if (code.equals("rate_limit_exceeded") || type.equals("rate_limit_error")) {
            kind = Kind.RATE_LIMITED;
        } else if (status == 0) {
            kind = type.contains("invalid_request") ? Kind.BAD_REQUEST : Kind.UNAVAILABLE;
        } else {
            kind = Kind.forHttpStatus(status);
            if (kind == Kind.MODEL_NOT_FOUND) {
                kind = Kind.BAD_REQUEST;
                message = message + " (is LLM_BASE_URL right?)";
            }
        }
        StringBuilder m = new StringBuilder(status == 0 ? "error in the stream" : "HTTP " + status);
        if (!code.isEmpty()) {
            m.append(' ').append(code);
        } else if (!type.isEmpty()) {
            m.append(' ').append(type);
        }
        return new LlmException(kind, m.append(": ").append(message).toString());
    }
}
