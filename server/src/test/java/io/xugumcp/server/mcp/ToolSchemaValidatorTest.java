package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolSchemaValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> SCHEMA = Map.of("type", "object", "required", List.of("rows"),
            "properties", Map.of("rows", Map.of("type", "array", "items", Map.of("type", "array"))));
    private final AtomicInteger made = new AtomicInteger();
    private final ToolSchemaValidator validator = new ToolSchemaValidator(() -> {
        made.incrementAndGet();
        return new DefaultJsonSchemaValidator(new ObjectMapper());
    });
    private final JsonSchemaValidator reference = new DefaultJsonSchemaValidator(new ObjectMapper());

    private static List<Object> rows(int n) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(i, "r" + i));
        }
        return rows;
    }

    private static Map<String, Object> schema(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
    }

    private static Object value(String json) throws Exception {
        return JSON.readValue(json, Object.class);
    }

    /** Schemas as tools write them, with values that pass and fail; the SDK's validator is the judge. */
    private static final Map<String, List<String>> CASES = new java.util.LinkedHashMap<>();

    static {
        CASES.put("""
                {"type":"object","properties":{"sql":{"type":"string","description":"SQL","minLength":1,"maxLength":20},
                 "limit":{"type":"integer","minimum":1,"maximum":10000},"params":{"type":"array","items":{}},
                 "format":{"type":"string","enum":["json","csv","markdown"]}},"required":["sql"]}""",
                List.of("{\"sql\":\"SELECT 1\"}", "{\"sql\":\"SELECT 1\",\"limit\":5}", "{}", "{\"sql\":5}",
                        "{\"sql\":\"\"}", "{\"sql\":\"SELECT * FROM a_very_long_table\"}", "{\"sql\":\"x\",\"limit\":0}",
                        "{\"sql\":\"x\",\"limit\":10001}", "{\"sql\":\"x\",\"limit\":2.0}", "{\"sql\":\"x\",\"limit\":2.5}",
                        "{\"sql\":\"x\",\"limit\":\"5\"}", "{\"sql\":\"x\",\"params\":[1,\"a\",null]}",
                        "{\"sql\":\"x\",\"params\":{}}", "{\"sql\":\"x\",\"format\":\"csv\"}",
                        "{\"sql\":\"x\",\"format\":\"xml\"}", "{\"sql\":null}", "{\"sql\":\"x\",\"other\":true}", "[]",
                        "\"sql\""));
        CASES.put("""
                {"type":"object","additionalProperties":false,"properties":{"a":{"type":["string","null"]},
                 "b":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1}}}""",
                List.of("{}", "{\"a\":null}", "{\"a\":\"x\"}", "{\"a\":1}", "{\"b\":0.5}", "{\"b\":0}", "{\"b\":1}",
                        "{\"c\":1}", "{\"a\":\"x\",\"b\":0.25}"));
        CASES.put("""
                {"type":"object","properties":{"rows":{"type":"array","minItems":1,"maxItems":3,"uniqueItems":true,
                 "items":{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],
                 "additionalProperties":{"type":"string"}}}}}""",
                List.of("{\"rows\":[{\"id\":1}]}", "{\"rows\":[]}", "{\"rows\":[{\"id\":1},{\"id\":1}]}",
                        "{\"rows\":[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]}", "{\"rows\":[{\"id\":1,\"x\":\"y\"}]}",
                        "{\"rows\":[{\"id\":1,\"x\":2}]}", "{\"rows\":[{\"name\":\"a\"}]}", "{\"rows\":[{\"id\":1.0}]}"));
        CASES.put("""
                {"anyOf":[{"type":"string","pattern":"^[A-Z_]+$"},{"type":"integer","multipleOf":5}],
                 "oneOf":[{"type":"string"},{"minimum":10}],"allOf":[{"not_a_keyword_here":null}],
                 "const_free":1}""", List.of());
        CASES.put("""
                {"anyOf":[{"type":"string","pattern":"^[A-Z_]+$"},{"type":"integer","multipleOf":5}],
                 "oneOf":[{"type":"string"},{"minimum":10}]}""",
                List.of("\"ORDERS\"", "\"orders\"", "15", "5", "7", "20", "true"));
        CASES.put("""
                {"type":"object","properties":{"mode":{"const":"preview"},"n":{"type":"integer"}},
                 "minProperties":1,"maxProperties":2}""",
                List.of("{\"mode\":\"preview\"}", "{\"mode\":\"apply\"}", "{}", "{\"mode\":\"preview\",\"n\":1,\"x\":2}",
                        "{\"n\":12345678901234567890}", "{\"n\":1e2}", "{\"n\":true}"));
        CASES.put("{\"type\":\"object\",\"properties\":{\"a\":true,\"b\":false}}",
                List.of("{\"a\":[1,2]}", "{\"b\":1}", "{}"));
    }

    @Test
    void judgesEveryCaseAsTheSdkValidatorDoesWithoutMakingIt() throws Exception {
        int checked = 0;
        for (Map.Entry<String, List<String>> c : CASES.entrySet()) {
            Map<String, Object> schema = schema(c.getKey());
            for (String v : c.getValue()) {
                Object value = value(v);
                boolean expected = reference.validate(schema, value).valid();
                JsonSchemaValidator.ValidationResponse ours = validator.validate(schema, value);
                assertEquals(expected, ours.valid(), c.getKey() + "\nvalue " + v + ": " + ours.errorMessage());
                if (!ours.valid()) {
                    assertTrue(ours.errorMessage().startsWith("/"), "names where: " + ours.errorMessage());
                }
                checked++;
            }
            assertEquals(reference.validateSchema(schema).valid(), validator.validateSchema(schema).valid(),
                    c.getKey());
        }
        assertTrue(checked > 50, "cases checked: " + checked);
        assertEquals(1, made.get(), "only the schema with a keyword not checked here needs the SDK's validator");
    }

    @Test
    void sayWhatIsWrongAndWhere() throws Exception {
        Map<String, Object> schema = schema(CASES.keySet().iterator().next());
        assertEquals("/limit: integer expected, string found",
                validator.validate(schema, value("{\"sql\":\"x\",\"limit\":\"5\"}")).errorMessage());
        assertEquals("/: required property 'sql' is missing", validator.validate(schema, value("{}")).errorMessage());
        assertEquals("/limit: must be at most 10000, got 10001",
                validator.validate(schema, value("{\"sql\":\"x\",\"limit\":10001}")).errorMessage());
        assertEquals("/format: must be one of [json, csv, markdown]",
                validator.validate(schema, value("{\"sql\":\"x\",\"format\":\"xml\"}")).errorMessage());
        assertFalse(validator.validateSchema(schema(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"text\"}}}")).valid(), "not a JSON type");
        assertNull(SchemaSubset.unsupported(schema));
        assertEquals("$ref", SchemaSubset.unsupported(schema("{\"properties\":{\"a\":{\"$ref\":\"#/x\"}}}")));
        assertEquals(0, made.get());
    }

    @Test
    void theGeneralValidatorIsMadeOnFirstNeedOnlyAndOnce() throws Exception {
        // Making one loads ~250 schema-library classes; a start must not pay for that (issue 14).
        Map<String, Object> withRef = schema("{\"$defs\":{\"n\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/n\"}");
        assertTrue(validator.validate(SCHEMA, Map.of("rows", rows(3))).valid());
        assertEquals(0, made.get());
        assertTrue(validator.validate(withRef, 3).valid());
        assertFalse(validator.validate(withRef, "x").valid());
        assertEquals(1, made.get());
        // A value that is not what JSON reads into (a record) goes to the general validator, which converts it.
        record Row(int id) { }
        assertTrue(validator.validate(Map.of("type", "object"), Map.of("row", new Row(1))).valid());
    }

    @Test
    void longArraysAreCutToBothEndsForTheGeneralValidator() throws Exception {
        List<Object> rows = rows(10_000);
        assertTrue(validator.validate(SCHEMA, Map.of("rows", rows)).valid());
        @SuppressWarnings("unchecked")
        List<Object> sampled = (List<Object>) ((Map<?, ?>) ToolSchemaValidator.sample(Map.of("rows", rows), 0)).get("rows");
        assertEquals(64, sampled.size());
        assertEquals(List.of(0, "r0"), sampled.get(0));
        assertEquals(List.of(9999, "r9999"), sampled.get(63));

        Map<String, Object> withRef = schema("{\"type\":\"object\",\"required\":[\"rows\"],\"$comment\":\"x\","
                + "\"properties\":{\"rows\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/row\"}}},"
                + "\"$defs\":{\"row\":{\"type\":\"array\"}}}");
        List<Object> badFirst = rows(10_000);
        badFirst.set(0, "not a row");
        assertFalse(validator.validate(withRef, Map.of("rows", badFirst)).valid());
        assertFalse(validator.validate(SCHEMA, Map.of("rows", badFirst)).valid());
        List<Object> badMiddle = rows(10_000);
        badMiddle.set(5_000, 42);
        assertFalse(validator.validate(SCHEMA, Map.of("rows", badMiddle)).valid(), "checked here: every row");
        assertFalse(validator.validate(SCHEMA, Map.of("other", 1)).valid(), "a missing property is still caught");
    }
}
