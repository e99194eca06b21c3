package io.xugumcp.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request whose only message is its response is answered as JSON; a message before the response keeps the stream.
 * The servlet here writes as the SDK's Streamable HTTP servlet does (event-stream content type, an async context, each
 * event as {@code id:}, {@code event:}, {@code data:} and a flush); the filters are the production ones, in order.
 */
class JsonAnswerFilterTest {
    static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"é 1\"}],"
            + "\"structuredContent\":{\"method\":\"not the top level\"}}}";
    static final String PROGRESS = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"p\","
            + "\"progress\":1}}";
    static final String ASK = "{\"jsonrpc\":\"2.0\",\"method\":\"elicitation/create\",\"id\":\"s-1\",\"params\":{}}";

    private Server jetty;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        jetty = LoopbackJetty.create();
        ServletContextHandler context = new ServletContextHandler("/");
        for (jakarta.servlet.Filter f : List.of(new BeforeInitializeFilter("/mcp"), new JsonAnswerFilter())) {
            FilterHolder h = new FilterHolder(f);
            h.setAsyncSupported(true);
            context.addFilter(h, "/mcp", EnumSet.of(DispatcherType.REQUEST));
        }
        ServletHolder sdkLike = new ServletHolder(new SdkLikeServlet());
        sdkLike.setAsyncSupported(true);
        context.addServlet(sdkLike, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        port = LoopbackJetty.port(jetty);
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    /** Streams the events its request's method names: "answer", "progress" (then the answer), "ask" (then the answer). */
    static final class SdkLikeServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String body = new String(request.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            AsyncContext async = request.startAsync();
            PrintWriter w = response.getWriter();
            if (body.contains("\"progress\"")) {
                event(w, PROGRESS);
            } else if (body.contains("\"ask\"")) {
                event(w, ASK);
            }
            event(w, ANSWER);
            async.complete();
        }

        private static void event(PrintWriter w, String data) throws IOException {
            w.write("id: session-1\n");
            w.write("event: message\n");
            w.write("data: " + data + "\n\n");
            w.flush();
            if (w.checkError()) {
                throw new IOException("Client disconnected");
            }
        }
    }

    private HttpResponse<String> post(String method, String accept) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", accept).header("Mcp-Session-Id", "s")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\"}"))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestWhoseOnlyMessageIsItsAnswerGetsItAsJson() throws Exception {
        HttpResponse<String> r = post("answer", "application/json, text/event-stream");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        assertEquals(ANSWER, r.body());
        assertEquals(String.valueOf(ANSWER.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                r.headers().firstValue("Content-Length").orElse(""), "a length, so the client needs no stream parser");
        assertFalse(r.headers().firstValue("Cache-Control").isPresent(), "no stream, no stream headers");
    }

    @Test
    void progressBeforeTheAnswerKeepsTheStreamWithEveryEventInOrder() throws Exception {
        HttpResponse<String> r = post("progress", "application/json, text/event-stream");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), r.headers().toString());
        assertEquals("id: session-1\nevent: message\ndata: " + PROGRESS + "\n\n"
                + "id: session-1\nevent: message\ndata: " + ANSWER + "\n\n", r.body());
    }

    @Test
    void anElicitationBeforeTheAnswerKeepsTheStream() throws Exception {
        HttpResponse<String> r = post("ask", "application/json, text/event-stream");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), r.headers().toString());
        assertTrue(r.body().startsWith("id: session-1\nevent: message\ndata: " + ASK + "\n\n"), r.body());
        assertTrue(r.body().endsWith("data: " + ANSWER + "\n\n"), r.body());
    }

    @Test
    void aClientThatDoesNotAcceptJsonGetsTheStream() throws Exception {
        HttpResponse<String> r = post("answer", "text/event-stream");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), r.headers().toString());
        assertEquals("id: session-1\nevent: message\ndata: " + ANSWER + "\n\n", r.body());
    }

    @Test
    void aResponseIsToldFromRequestsAndNotificationsByItsTopLevelNames() {
        assertTrue(JsonAnswerFilter.isResponse(ANSWER));
        assertTrue(JsonAnswerFilter.isResponse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"m\"}}"));
        assertFalse(JsonAnswerFilter.isResponse(PROGRESS));
        assertFalse(JsonAnswerFilter.isResponse(ASK));
        assertFalse(JsonAnswerFilter.isResponse("not json"));
        assertEquals(ANSWER, JsonAnswerFilter.data("id: x\nevent: message\ndata: " + ANSWER + "\n\n"));
        assertEquals(null, JsonAnswerFilter.data("event: message\ndata: a\ndata: b\n\n"), "two data lines: not one message");
    }
}
