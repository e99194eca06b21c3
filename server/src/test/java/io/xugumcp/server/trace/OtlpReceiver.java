package io.xugumcp.server.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A local OTLP/HTTP endpoint for tests (also used by the distribution's integration tests): accepts
 * {@code POST /v1/traces} with JSON bodies, keeps every body and its headers, and answers 200 like a collector.
 */
public final class OtlpReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod())
                    && String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                headers.add(Map.copyOf(exchange.getRequestHeaders()));
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(415, -1);
            }
            exchange.close();
        });
        server.start();
    }

    /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    public List<Map<String, List<String>>> headers() {
        return List.copyOf(headers);
    }

    /** Every span received so far, each with its resource's attributes added under {@code resource}. */
    public List<JsonNode> spans() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String b : bodies) {
            for (JsonNode rs : JSON.readTree(b).path("resourceSpans")) {
                for (JsonNode ss : rs.path("scopeSpans")) {
                    for (JsonNode s : ss.path("spans")) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) s).set("resource", rs.path("resource"));
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    /** Waits (polling) until a span matching {@code test} arrived, or {@code max} passed; returns the spans then. */
    public List<JsonNode> await(Predicate<List<JsonNode>> test, Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<JsonNode> spans = spans();
        while (!test.test(spans) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            spans = spans();
        }
        return spans;
    }

    /** A string attribute of a span (or resource), or null. */
    public static String attribute(JsonNode node, String key) {
        for (JsonNode a : node.path("attributes")) {
            if (key.equals(a.path("key").asText())) {
                JsonNode v = a.path("value");
                return v.has("stringValue") ? v.get("stringValue").asText() : v.has("intValue")
                        ? v.get("intValue").asText() : v.has("boolValue") ? v.get("boolValue").asText() : v.toString();
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
