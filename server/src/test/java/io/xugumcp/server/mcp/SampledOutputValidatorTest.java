package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampledOutputValidatorTest {
    private static final Map<String, Object> SCHEMA = Map.of("type", "object", "required", List.of("rows"),
            "properties", Map.of("rows", Map.of("type", "array", "items", Map.of("type", "array"))));
    private final SampledOutputValidator validator =
            new SampledOutputValidator(() -> new DefaultJsonSchemaValidator(new ObjectMapper()));

    private static List<Object> rows(int n) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(i, "r" + i));
        }
        return rows;
    }

    @Test
    void theValidatorIsMadeOnFirstUseOnlyAndOnce() {
        // Making one loads ~250 schema-library classes; a start must not pay for that (issue 14).
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        SampledOutputValidator lazy = new SampledOutputValidator(() -> {
            made.incrementAndGet();
            return new DefaultJsonSchemaValidator(new ObjectMapper());
        });
        assertEquals(0, made.get());
        assertTrue(lazy.validate(SCHEMA, Map.of("rows", rows(3))).valid());
        assertTrue(lazy.validate(SCHEMA, Map.of("rows", rows(3))).valid());
        assertEquals(1, made.get());
    }

    @Test
    void longArraysAreCutToBothEndsAndStillValidated() {
        List<Object> rows = rows(10_000);
        assertTrue(validator.validate(SCHEMA, Map.of("rows", rows)).valid());
        @SuppressWarnings("unchecked")
        List<Object> sampled = (List<Object>) ((Map<?, ?>) SampledOutputValidator.sample(Map.of("rows", rows), 0)).get("rows");
        assertEquals(64, sampled.size());
        assertEquals(List.of(0, "r0"), sampled.get(0));
        assertEquals(List.of(9999, "r9999"), sampled.get(63));

        List<Object> badFirst = rows(10_000);
        badFirst.set(0, "not a row");
        assertFalse(validator.validate(SCHEMA, Map.of("rows", badFirst)).valid());
        List<Object> badLast = rows(10_000);
        badLast.set(9_999, 42);
        assertFalse(validator.validate(SCHEMA, Map.of("rows", badLast)).valid());
        assertFalse(validator.validate(SCHEMA, Map.of("other", 1)).valid(), "a missing property is still caught");
    }
}
