package io.xugumcp.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Answers a JSON-RPC request sent before {@code initialize} with an error naming what to do. Over legacy SSE the SDK
 * dropped such a request silently (the client waited for its own timeout); over Streamable HTTP it answered
 * "Session ID required" as "method not found" without the request's id. Bodies are already in memory here
 * ({@link BodyFirstHandler}), so reading them costs no waiting.
 */
final class BeforeInitializeFilter implements Filter {
    /** SSE sessions that sent {@code initialize}; bounded, the oldest forgotten first (their clients re-initialize). */
    private static final int REMEMBERED_SESSIONS = 10_000;
    private final ObjectMapper tree = new ObjectMapper();
    private final String mcpEndpoint;
    private final Set<String> initializedSse = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_SESSIONS;
                }
            }));

    BeforeInitializeFilter(String mcpEndpoint) {
        this.mcpEndpoint = mcpEndpoint;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!"POST".equals(request.getMethod()) || request.getContentLengthLong() > BodyFirstHandler.MAX_BYTES) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        ReplayedRequest replayed = new ReplayedRequest(request, new ByteArrayInputStream(body), body.length);
        JsonNode message = parse(body);
        if (message != null) {
            replayed.setAttribute(RequestShapeFilter.PARSED_ATTRIBUTE, message); // read once, checked twice
        }
        String method = message != null && message.path("method").isTextual() ? message.get("method").asText() : null;
        boolean isRequest = method != null && message.has("id");
        boolean streamable = request.getRequestURI().endsWith(mcpEndpoint);
        // Only legacy SSE names its session in the query; getParameter would also look for form fields in the body.
        String sseSession = streamable ? null : request.getParameter("sessionId");
        if ("initialize".equals(method)) {
            if (!streamable && sseSession != null) {
                initializedSse.add(sseSession);
            }
        } else if (isRequest && !"ping".equals(method)) { // ping is allowed at any time
            boolean noSession = streamable ? request.getHeader("Mcp-Session-Id") == null
                    : sseSession != null && !initializedSse.contains(sseSession);
            if (noSession) {
                refuse((HttpServletResponse) res, message.get("id"), method, streamable);
                return;
            }
        }
        chain.doFilter(replayed, res);
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode n = tree.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException | RuntimeException notJson) {
            return null; // the SDK answers what is not JSON-RPC
        }
    }

    private static void refuse(HttpServletResponse response, JsonNode id, String method, boolean streamable)
            throws IOException {
        JsonErrorBody.send(response, HttpServletResponse.SC_BAD_REQUEST, id, JsonErrorBody.INVALID_REQUEST,
                "'" + method + "' before initialize: send initialize first"
                        + (streamable ? ", then the Mcp-Session-Id header it returns with every request" : " on this session"));
    }
}
