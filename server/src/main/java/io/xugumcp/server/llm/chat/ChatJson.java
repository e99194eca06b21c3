package io.xugumcp.server.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.xugumcp.api.llm.LlmException;
import java.io.IOException;

/** The JSON of Chat Completions requests and answers. */
final class ChatJson {
    /** Map keys sorted: the same schema gives the same bytes, so prompts stay stable (and cacheable). */
    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private ChatJson() {
    }

    /** An answer (or one streamed chunk) as JSON; a body that is not JSON is the server failing. */
    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw LlmException.notJson(body);
        }
    }

    /** True when {@code node} carries an {@code error} object (a null error is none). */
    static boolean hasError(JsonNode node) {
        return node.has("error") && !node.path("error").isNull();
    }
}
