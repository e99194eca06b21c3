package io.xugumcp.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.mcp.RequestParams;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * In front of Streamable HTTP: answers a request whose params have the wrong shape with a JSON-RPC -32602 naming what
 * is wrong ({@link RequestParams}). Without it the SDK's handler throws before its response stream exists, and the
 * client gets HTTP 200 with an empty body and waits for its own timeout. Everything else goes on to the SDK with the
 * body it was sent; bodies the SDK itself refuses (over its 16 MiB, not JSON) are left to it.
 */
final class RequestShapeFilter implements Filter {
    /** The SDK's own request limit: a larger body is its to refuse (413). */
    private static final int MAX_CHECKED_BYTES = 16 * 1024 * 1024;
    /** The request's JSON object as {@link BeforeInitializeFilter} parsed it: no second read and parse here. */
    static final String PARSED_ATTRIBUTE = "xugu-mcp.parsed-message";
    private final ObjectMapper tree = new ObjectMapper();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !"POST".equals(http.getMethod())
                || http.getContentLengthLong() > MAX_CHECKED_BYTES) {
            chain.doFilter(request, response);
            return;
        }
        JsonNode message = null;
        ServletRequest forward = request; // the body still unread when it was parsed before
        if (http.getAttribute(PARSED_ATTRIBUTE) instanceof JsonNode parsed) {
            message = parsed;
        } else {
            InputStream in = http.getInputStream();
            byte[] body = in.readNBytes(MAX_CHECKED_BYTES + 1);
            if (body.length > MAX_CHECKED_BYTES) {
                chain.doFilter(new ReplayedRequest(http, new SequenceInputStream(new ByteArrayInputStream(body), in), -1), response);
                return;
            }
            forward = new ReplayedRequest(http, new ByteArrayInputStream(body), body.length);
            try {
                message = tree.readTree(body);
            } catch (IOException | RuntimeException notJson) {
                // The SDK answers what is not JSON-RPC at all.
            }
        }
        String problem = null;
        JsonNode id = null;
        try {
            if (message != null && message.isObject() && message.path("method").isTextual() && message.has("id")) {
                JsonNode params = message.get("params");
                problem = RequestParams.problem(message.get("method").asText(),
                        params == null || params.isNull() ? null : tree.convertValue(params, Object.class));
                id = message.get("id");
            }
        } catch (RuntimeException notJson) {
            // The SDK answers what is not JSON-RPC at all.
        }
        if (problem != null) {
            JsonErrorBody.send((HttpServletResponse) response, HttpServletResponse.SC_OK, id,
                    McpSchema.ErrorCodes.INVALID_PARAMS, problem);
            return;
        }
        chain.doFilter(forward, response);
    }
}
