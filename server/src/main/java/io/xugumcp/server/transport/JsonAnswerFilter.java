package io.xugumcp.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Answers a Streamable HTTP request whose only message is its response with a plain JSON body
 * ({@code application/json}, with a length) instead of a stream of one server-sent event. The specification lets the
 * server choose per request and obliges every client to read both; the SDK always opens a stream. A stream costs each
 * call an event parser on the client (on a 2-core machine the client, not this server, bounds HTTP throughput) and
 * keeps simple clients – curl, scripts – from reading the answer as JSON.
 * <p>
 * The choice is made at the first message the SDK writes: a response goes out as JSON and ends the exchange; anything
 * else first – progress, a log message, an elicitation asking the person to confirm a write – turns the answer into the
 * stream it would have been, that message included, and everything after it is passed on as the SDK writes it.
 */
final class JsonAnswerFilter implements Filter {
    static final String EVENT_STREAM = "text/event-stream";
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response
                && "POST".equals(request.getMethod()) && acceptsJson(request)
                && request.getAttribute(RequestShapeFilter.PARSED_ATTRIBUTE) instanceof JsonNode message
                && message.path("method").isTextual() && message.has("id")) {
            chain.doFilter(req, new Answer(response));
            return;
        }
        chain.doFilter(req, res);
    }

    private static boolean acceptsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }

    /**
     * True when {@code json} is a JSON-RPC response (it has {@code result} or {@code error} and no {@code method}).
     * Reads the top-level names only, up to the first that decides.
     */
    static boolean isResponse(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                switch (p.currentName()) {
                    case "method":
                        return false;
                    case "result", "error":
                        return true;
                    default:
                        p.nextToken();
                        p.skipChildren();
                }
            }
            return false;
        } catch (IOException notJson) {
            return false;
        }
    }

    /** The response while the SDK writes its stream: the event-stream content type held back until the first event. */
    static final class Answer extends HttpServletResponseWrapper {
        private final HttpServletResponse response;
        private boolean streamAsked;
        private FirstEvent first;
        private PrintWriter writer;

        Answer(HttpServletResponse response) {
            super(response);
            this.response = response;
        }

        @Override
        public void setContentType(String type) {
            if (writer == null && type != null && type.startsWith(EVENT_STREAM)) {
                streamAsked = true; // decided at the first event
                return;
            }
            super.setContentType(type);
        }

        @Override
        public String getContentType() {
            return streamAsked && (first == null || !first.decided()) ? EVENT_STREAM : super.getContentType();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!streamAsked) {
                return super.getWriter();
            }
            if (writer == null) {
                first = new FirstEvent();
                writer = new PrintWriter(first);
            }
            return writer;
        }

        /** Holds the first event; at its flush sends it as JSON (a response) or opens the stream with it. */
        private final class FirstEvent extends Writer {
            private final StringBuilder held = new StringBuilder(256);
            private PrintWriter stream; // after the first event, when it was not the response
            private boolean answered;   // the response went out as JSON

            boolean decided() {
                return stream != null || answered;
            }

            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                if (stream != null) {
                    stream.write(buf, off, len);
                    failIfGone();
                } else if (!answered) {
                    held.append(buf, off, len);
                }
                // After the JSON answer the exchange is over: the SDK writes nothing more on it.
            }

            @Override
            public void write(String s, int off, int len) throws IOException {
                if (stream != null) {
                    stream.write(s, off, len);
                    failIfGone();
                } else if (!answered) {
                    held.append(s, off, off + len);
                }
            }

            @Override
            public void flush() throws IOException {
                if (stream == null && !answered && endsWithEvent(held)) {
                    decide();
                }
                if (stream != null) {
                    stream.flush();
                    failIfGone();
                }
            }

            @Override
            public void close() throws IOException {
                if (stream == null && !answered && !held.isEmpty()) {
                    openStream();
                }
                if (stream != null) {
                    stream.close();
                }
            }

            private void decide() throws IOException {
                String data = data(held);
                if (data != null && isResponse(data)) {
                    byte[] body = data.getBytes(StandardCharsets.UTF_8);
                    response.setContentType("application/json");
                    response.setCharacterEncoding("UTF-8");
                    response.setHeader("Cache-Control", null);
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                    response.flushBuffer();
                    answered = true;
                    held.setLength(0);
                } else {
                    openStream();
                }
            }

            private void openStream() throws IOException {
                response.setContentType(EVENT_STREAM);
                response.setCharacterEncoding("UTF-8");
                stream = response.getWriter();
                stream.write(held.toString());
                held.setLength(0);
            }

            private void failIfGone() throws IOException {
                if (stream.checkError()) {
                    throw new IOException("client disconnected"); // the SDK's PrintWriter records it for checkError()
                }
            }
        }
    }

    private static boolean endsWithEvent(CharSequence s) {
        int n = s.length();
        return n >= 2 && s.charAt(n - 1) == '\n' && s.charAt(n - 2) == '\n';
    }

    /** The data of one event as the SDK writes it: {@code id:}, {@code event:}, then one {@code data:} line. */
    static String data(CharSequence event) {
        String text = event.toString();
        int at = text.startsWith("data: ") ? 0 : text.indexOf("\ndata: ");
        if (at < 0) {
            return null;
        }
        int start = at == 0 ? 6 : at + 7;
        int end = text.indexOf('\n', start);
        // One event, one data line: anything after it but the blank line means another shape – stream it as it is.
        return end == text.length() - 2 ? text.substring(start, end) : null;
    }
}
