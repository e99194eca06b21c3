package io.xugumcp.server.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Recorded-style answers for MockWebServer, read from a test's resources (written from the vendors' documentation),
 * and golden request files: the JSON a provider sends must equal its golden file (as JSON: key order aside).
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A resource of the calling test's module, e.g. {@code fixtures/message.json}. */
    public static String text(Class<?> owner, String path) {
        try (InputStream in = owner.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer with a JSON body. */
    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** A JSON answer from a fixture file. */
    public static MockResponse json(Class<?> owner, int code, String path) {
        return json(code, text(owner, path));
    }

    /** A streamed answer (server-sent events or NDJSON) from a fixture file, sent in small chunks. */
    public static MockResponse stream(Class<?> owner, String path, String contentType) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", contentType)
                .chunkedBody(text(owner, path), 64).build();
    }

    /** Asserts the request's JSON body equals the golden file's JSON. */
    public static void assertGolden(Class<?> owner, String path, RecordedRequest request) {
        try {
            JsonNode expected = JSON.readTree(text(owner, path));
            JsonNode actual = JSON.readTree(request.getBody().utf8());
            assertEquals(expected, actual, "request body differs from " + path + ":\n" + actual.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
