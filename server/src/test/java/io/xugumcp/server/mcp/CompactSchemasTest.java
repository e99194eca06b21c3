package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactSchemasTest {
    @Test
    void outputSchemasKeepTheirShapeAndLoseDescriptionsAndJavaTypeBounds() {
        Map<String, Object> in = Map.of("type", "object", "description", "the answer",
                "required", List.of("n", "description"),
                "properties", Map.of(
                        "n", Map.of("type", "integer", "minimum", 0, "maximum", Integer.MAX_VALUE, "description", "count"),
                        "ms", Map.of("type", "integer", "maximum", Long.MAX_VALUE),
                        "description", Map.of("type", "string", "description", "a property named description"),
                        "items", Map.of("type", "array", "items", Map.of("type", "object", "description", "x",
                                "properties", Map.of("k", Map.of("enum", List.of("a", "b"), "maximum", 10))))));
        Map<String, Object> out = CompactSchemas.output(in);
        assertEquals(Map.of("type", "object", "required", List.of("n", "description"),
                "properties", Map.of(
                        "n", Map.of("type", "integer", "minimum", 0),
                        "ms", Map.of("type", "integer"),
                        "description", Map.of("type", "string"),
                        "items", Map.of("type", "array", "items", Map.of("type", "object",
                                "properties", Map.of("k", Map.of("enum", List.of("a", "b"), "maximum", 10)))))), out);
    }
}
