package io.xugumcp.plugin.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;
import java.util.Locale;

/** Ollama's errors, {@code {"error":"model 'x' not found, try pulling it first"}}, as typed failures. */
final class OllamaErrors {
    private OllamaErrors() {
    }

    static LlmException of(int status, String body, String model) {
        try {
            JsonNode root = OllamaProvider.JSON.readTree(body);
            if (root != null && root.has("error")) {
                JsonNode e = root.path("error");
                return ofMessage(status, e.isTextual() ? e.asText() : e.path("message").asText(e.toString()), model);
            }
        } catch (Exception notJson) {
            // fall through to the status
        }
        String text = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return new LlmException(Kind.forHttpStatus(status), "HTTP " + status
                + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
    }

    /** @param status the HTTP status, or 0 for an error line inside a stream */
    static LlmException ofMessage(int status, String message, String model) {
        String lower = message.toLowerCase(Locale.ROOT);
        Kind kind;
        String hint = "";
        if (lower.contains("not found") && (lower.contains("model") || lower.contains("pull"))) {
            kind = Kind.MODEL_NOT_FOUND;
            hint = " (run: ollama pull " + model + ")";
        } else if (lower.contains("context") && (lower.contains("exceed") || lower.contains("too long")
                || lower.contains("length"))) {
            kind = Kind.CONTEXT_TOO_LONG;
        } else if (lower.contains("unauthorized") || status == 401 || status == 403) {
            kind = Kind.AUTHENTICATION;
        } else if (status == 0) {
            kind = Kind.UNAVAILABLE;
        } else {
            kind = Kind.forHttpStatus(status);
        }
        return new LlmException(kind, (status == 0 ? "error in the stream" : "HTTP " + status) + ": " + message + hint);
    }
}
