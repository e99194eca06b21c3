package io.xugumcp.api.llm;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The host's HTTP client as a provider plugin sees it: JSON over HTTPS with the configured connect and per-attempt
 * timeouts, proxy ({@code HTTPS_PROXY}/{@code NO_PROXY}), a per-provider concurrency cap and cancellation by the tool
 * call. It does not retry: the host retries around the provider, from the {@link LlmException} the provider throws.
 *
 * @since 0.3.0
 */
public interface LlmHttp {

    /** POSTs {@code jsonBody} and returns the whole response, whatever its status. */
    Response post(String url, Map<String, String> headers, String jsonBody);

    /**
     * POSTs {@code jsonBody} and, when the status is 2xx, hands the body to {@code onLine} one line at a time as it
     * arrives (server-sent events or NDJSON; the provider parses them). For another status the body is read whole
     * and returned in the response, and {@code onLine} is not called.
     */
    Response postStreaming(String url, Map<String, String> headers, String jsonBody, Consumer<String> onLine);

    /**
     * POSTs {@code jsonBody} and, when the status is 2xx, reads the body as server-sent events (the framing of the
     * Anthropic, OpenAI and Zhipu streams): {@code data:} lines joined by newlines, the {@code event:} name, comments
     * and keep-alive lines skipped, one {@code onEvent} per blank-line-terminated event. Otherwise as
     * {@link #postStreaming}.
     *
     * @since 0.3.0
     */
    default Response postEvents(String url, Map<String, String> headers, String jsonBody,
                                Consumer<ServerSentEvent> onEvent) {
        StringBuilder data = new StringBuilder();
        String[] event = {null};
        boolean[] hasData = {false};
        Response r = postStreaming(url, headers, jsonBody, line -> {
            if (line.isEmpty()) {
                if (hasData[0]) {
                    onEvent.accept(new ServerSentEvent(event[0], data.toString()));
                }
                data.setLength(0);
                event[0] = null;
                hasData[0] = false;
                return;
            }
            if (line.startsWith(":")) {
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (hasData[0]) {
                    data.append('\n');
                }
                data.append(value);
                hasData[0] = true;
            } else if (field.equals("event")) {
                event[0] = value;
            }
        });
        if (r.ok() && hasData[0]) {
            // A stream that ends without the final blank line still delivers its last event.
            onEvent.accept(new ServerSentEvent(event[0], data.toString()));
        }
        return r;
    }

    /**
     * One server-sent event.
     *
     * @param event the {@code event:} name, or {@code null} when the event had none (OpenAI, Zhipu)
     * @param data  the {@code data:} lines joined by newlines
     * @since 0.3.0
     */
    record ServerSentEvent(String event, String data) {
    }

    /**
     * An HTTP response.
     *
     * @param body the body for a non-2xx status or a non-streamed call; empty after a stream
     */
    record Response(int status, Map<String, List<String>> headers, String body) {
        public Response {
            headers = Map.copyOf(headers);
            body = body == null ? "" : body;
        }

        /** The first value of a header, matched case-insensitively. */
        public Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return Optional.of(e.getValue().get(0));
                }
            }
            return Optional.empty();
        }

        /** True for 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
