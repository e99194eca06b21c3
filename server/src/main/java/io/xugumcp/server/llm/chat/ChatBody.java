package io.xugumcp.server.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmRequest;
import java.util.List;

/**
 * The request body: {@code model}, {@code messages} (the system text first), the output limit under the dialect's
 * name, {@code temperature} only when set, as many {@code stop} sequences as the server takes, the dialect's extra
 * fields, {@code response_format}, and for a stream {@code stream_options.include_usage} so the usage arrives.
 */
final class ChatBody {
    private ChatBody() {
    }

    static String of(LlmRequest q, ChatDialect dialect, boolean stream) {
        ObjectNode b = ChatJson.JSON.createObjectNode();
        b.put("model", q.model());
        ArrayNode messages = b.putArray("messages");
        String system = q.system() == null ? "" : q.system();
        if (q.responseSchema() != null && !dialect.jsonSchema()) {
            // json_object needs the word JSON in the prompt, or the model may pad with whitespace up to the limit.
            system = (system.isBlank() ? "" : system + "\n\n") + "Answer with one JSON object that follows this JSON schema:\n"
                    + ChatJson.JSON.valueToTree(q.responseSchema()).toString();
        }
        if (!system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        for (LlmMessage m : q.messages()) {
            messages.addObject().put("role", m.role() == LlmMessage.Role.USER ? "user" : "assistant").put("content", m.text());
        }
        b.put(dialect.maxTokensField(), q.maxTokens());
        if (q.temperature() != null) {
            b.put("temperature", q.temperature());
        }
        List<String> stop = stop(q.stop(), dialect.maxStopSequences());
        if (!stop.isEmpty()) {
            // A server that takes fewer gets the first ones: the ones a caller puts first for a reason.
            ArrayNode array = b.putArray("stop");
            stop.forEach(array::add);
        }
        dialect.extraFields().forEach((name, value) -> b.set(name, ChatJson.JSON.valueToTree(value)));
        if (q.responseSchema() != null) {
            ObjectNode format = b.putObject("response_format");
            if (dialect.jsonSchema()) {
                format.put("type", "json_schema");
                ObjectNode js = format.putObject("json_schema");
                js.put("name", "answer");
                JsonNode schema = ChatJson.JSON.valueToTree(q.responseSchema());
                js.set("schema", schema);
                js.put("strict", StrictSchema.fits(schema));
            } else {
                format.put("type", "json_object");
            }
        }
        if (stream) {
            b.put("stream", true);
            b.putObject("stream_options").put("include_usage", true);
        }
        return b.toString();
    }

    private static List<String> stop(List<String> requested, int most) {
        return most == 0 || requested.size() <= most ? requested : requested.subList(0, most);
    }
}
