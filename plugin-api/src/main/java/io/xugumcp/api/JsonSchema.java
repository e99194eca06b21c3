package io.xugumcp.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small builder for the JSON-schema maps that tools declare, so plugins need no JSON library:
 * <pre>{@code
 * JsonSchema.object()
 *     .property("sql", JsonSchema.string("The SELECT statement"))
 *     .property("limit", JsonSchema.integer("Maximum rows", 1, 10000))
 *     .required("sql")
 *     .build();
 * }</pre>
 */
public final class JsonSchema {
    private final Map<String, Object> schema = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    private JsonSchema() {
        schema.put("type", "object");
    }

    /** Starts an object schema. */
    public static JsonSchema object() {
        return new JsonSchema();
    }

    /** Adds a property. */
    public JsonSchema property(String name, Map<String, Object> propertySchema) {
        properties.put(name, propertySchema);
        return this;
    }

    /** Marks properties as required. */
    public JsonSchema required(String... names) {
        required.addAll(List.of(names));
        return this;
    }

    /** Forbids properties not declared. */
    public JsonSchema closed() {
        schema.put("additionalProperties", false);
        return this;
    }

    /** The schema as an immutable JSON-shaped map. */
    public Map<String, Object> build() {
        Map<String, Object> out = new LinkedHashMap<>(schema);
        out.put("properties", Map.copyOf(properties).isEmpty() ? Map.of() : new LinkedHashMap<>(properties));
        if (!required.isEmpty()) {
            out.put("required", List.copyOf(required));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** A string property. */
    public static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    /** An integer property with bounds. */
    public static Map<String, Object> integer(String description, long minimum, long maximum) {
        return Map.of("type", "integer", "description", description, "minimum", minimum, "maximum", maximum);
    }

    /** A boolean property. */
    public static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    /** A number property. */
    public static Map<String, Object> number(String description) {
        return Map.of("type", "number", "description", description);
    }

    /** An array property whose items follow {@code items}. */
    public static Map<String, Object> array(String description, Map<String, Object> items) {
        return Map.of("type", "array", "description", description, "items", items);
    }

    /** An array with at least {@code minItems} items. */
    public static Map<String, Object> array(String description, Map<String, Object> items, int minItems) {
        return Map.of("type", "array", "description", description, "items", items, "minItems", minItems);
    }

    /** Any JSON value. */
    public static Map<String, Object> any(String description) {
        return Map.of("description", description);
    }

    /** A property of the given JSON type(s), e.g. {@code "object"} or a list such as {@code ["string","null"]}. */
    public static Map<String, Object> typed(Object type, String description) {
        return Map.of("type", type, "description", description);
    }
}
