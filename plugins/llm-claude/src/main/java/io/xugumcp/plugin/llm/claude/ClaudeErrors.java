package io.xugumcp.plugin.llm.claude;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;
import java.util.Locale;

/**
 * Anthropic's errors, {@code {"type":"error","error":{"type","message"},"request_id"}}, as typed failures. The
 * status alone is not enough: a 429 is a rate limit unless {@code error.details.error_code} says the monthly spend
 * cap is reached (never retried), and a 400 may be a too-long prompt or a workspace spend limit.
 */
final class ClaudeErrors {
    private ClaudeErrors() {
    }

    static LlmException of(int status, String body) {
        JsonNode root;
        try {
            root = ClaudeProvider.JSON.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.has("error")) {
            String text = body == null ? "" : body.replaceAll("\\s+", " ").trim();
            return new LlmException(Kind.forHttpStatus(status), "HTTP " + status
                    + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
        }
        return ofError(status, root.path("error"), root.path("request_id").asText(null));
    }

    /** @param status the HTTP status, or 0 for an error event inside a stream */
    static LlmException ofError(int status, JsonNode error, String requestId) {
        String type = error.path("type").asText("");
        String message = error.path("message").asText("");
        String lower = message.toLowerCase(Locale.ROOT);
        String code = error.path("details").path("error_code").asText("");
        Kind kind = switch (type) {
            case "authentication_error", "permission_error" -> Kind.AUTHENTICATION;
            case "billing_error" -> Kind.QUOTA_EXHAUSTED;
            case "not_found_error" -> Kind.MODEL_NOT_FOUND;
            case "request_too_large" -> Kind.CONTEXT_TOO_LONG;
            case "rate_limit_error" -> Kind.RATE_LIMITED;
            case "overloaded_error" -> Kind.OVERLOADED;
            case "api_error", "timeout_error" -> Kind.UNAVAILABLE;
            case "invalid_request_error" -> Kind.BAD_REQUEST;
            default -> status == 0 ? Kind.UNAVAILABLE : Kind.forHttpStatus(status);
        };
        if (code.equals("enforced_spend_limit_reached") || lower.contains("spend limit")
                || lower.contains("credit balance is too low") || lower.contains("usage limit")) {
            kind = Kind.QUOTA_EXHAUSTED;
        } else if (kind == Kind.BAD_REQUEST && (lower.contains("prompt is too long") || lower.contains("too many tokens")
                || lower.contains("context window") || lower.contains("exceed context limit"))) {
            kind = Kind.CONTEXT_TOO_LONG;
        } else if (kind == Kind.MODEL_NOT_FOUND && !lower.contains("model")) {
            // A 404 for anything else (a wrong base URL path) is not about the model.
            kind = Kind.BAD_REQUEST;
            message = message + " (is LLM_BASE_URL right?)";
        }
        return new LlmException(kind, (status == 0 ? "error event in the stream" : "HTTP " + status) + " " + type + ": "
                + message + (requestId == null ? "" : " [request " + requestId + "]"));
    }
}
