package io.xugumcp.plugin.llm.claude;

import com.fasterxml.jackson.databind.JsonNode;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.api.llm.LlmReply;
import java.util.function.Consumer;

/**
 * Reads one streamed answer: {@code message_start} (model, first usage) → per block {@code content_block_start},
 * {@code content_block_delta}*, {@code content_block_stop} → {@code message_delta} (stop reason, cumulative output
 * tokens) → {@code message_stop}. Only {@code text_delta}s are text; thinking and signatures are skipped; {@code ping}
 * and unknown events are ignored; an {@code error} event (possible after HTTP 200) throws.
 */
final class ClaudeStream {
    private final Consumer<String> onText;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private long input = -1;
    private long output = -1;
    private String stopReason;
    private boolean stopped;

    ClaudeStream(String requestedModel, Consumer<String> onText) {
        this.model = requestedModel;
        this.onText = onText;
    }

    void accept(LlmHttp.ServerSentEvent event) {
        JsonNode e = ClaudeProvider.read(event.data());
        String type = e.path("type").asText(event.event() == null ? "" : event.event());
        switch (type) {
            case "message_start" -> {
                JsonNode m = e.path("message");
                model = m.path("model").asText(model);
                usage(m.path("usage"));
            }
            case "content_block_delta" -> {
                JsonNode d = e.path("delta");
                if ("text_delta".equals(d.path("type").asText())) {
                    String piece = d.path("text").asText("");
                    text.append(piece);
                    onText.accept(piece);
                }
            }
            case "message_delta" -> {
                String r = e.path("delta").path("stop_reason").asText(null);
                if (r != null) {
                    stopReason = r;
                }
                usage(e.path("usage"));
            }
            case "message_stop" -> stopped = true;
            case "error" -> throw ClaudeErrors.ofError(0, e.path("error"), e.path("request_id").asText(null));
            default -> {
                // ping, content_block_start/stop and event types added later carry nothing we need.
            }
        }
    }

    /** Some gateways send 0 input tokens first and the real count at the end: keep the larger. */
    private void usage(JsonNode u) {
        if (u.isMissingNode()) {
            return;
        }
        long in = ClaudeProvider.inputTokens(u);
        input = Math.max(input, in);
        if (u.has("output_tokens")) {
            output = Math.max(output, u.path("output_tokens").asLong());
        }
    }

    LlmReply reply() {
        if (!stopped && stopReason == null) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "the stream ended before the answer was complete");
        }
        return new LlmReply(text.toString(), model, input, output, finish(stopReason));
    }

    static LlmReply.FinishReason finish(String stopReason) {
        if (stopReason == null) {
            return LlmReply.FinishReason.OTHER;
        }
        return switch (stopReason) {
            case "end_turn" -> LlmReply.FinishReason.STOP;
            case "max_tokens" -> LlmReply.FinishReason.LENGTH;
            case "stop_sequence" -> LlmReply.FinishReason.STOP_SEQUENCE;
            case "refusal" -> LlmReply.FinishReason.REFUSAL;
            default -> LlmReply.FinishReason.OTHER;
        };
    }
}
