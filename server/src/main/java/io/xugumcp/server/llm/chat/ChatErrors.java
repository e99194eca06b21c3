package io.xugumcp.server.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.LlmException;

/**
 * The error envelope of Chat Completions, {@code {"error": {code, type, message}}} (some compatible servers send
 * {@code {"error": "text"}}), handed to the dialect's {@link ChatDialect.ErrorMapper} for the vendor's codes. A body
 * that is no envelope (a proxy's HTML page, an empty body) is answered with the HTTP status and the start of the body.
 */
final class ChatErrors {
    private final ChatDialect.ErrorMapper mapper;

    ChatErrors(ChatDialect.ErrorMapper mapper) {
        this.mapper = mapper;
    }

    /** The failure for a non-2xx answer. */
    LlmException of(int status, String body) {
        JsonNode root;
        try {
            root = ChatJson.JSON.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.has("error")) {
            String text = body == null ? "" : body.replaceAll("\\s+", " ").trim();
            return new LlmException(LlmException.Kind.forHttpStatus(status), "HTTP " + status
                    + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
        }
        return ofError(status, root.path("error"));
    }

    /** @param status the HTTP status, or 0 for an error inside a stream */
    LlmException ofError(int status, JsonNode error) {
        if (error.isTextual()) {
            return mapped(status, "", "", error.asText());
        }
        return mapped(status, error.path("code").asText(""), error.path("type").asText(""),
                error.path("message").asText(""));
    }

    private LlmException mapped(int status, String code, String type, String message) {
        LlmException e = mapper.of(status, code, type, message);
        if (e == null) {
            throw new IllegalStateException("the provider's error mapper returned no exception");
        }
        return e;
    }
}
