package io.xugumcp.server.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Whether a JSON schema fits OpenAI's strict mode: every object lists all its properties as required and forbids
 * others. Strict mode refuses any other schema with a 400, so only a schema that fits is sent as strict.
 */
final class StrictSchema {
    private StrictSchema() {
    }

    static boolean fits(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return true;
        }
        if (schema.has("properties")) {
            if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
                return false;
            }
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            Iterator<String> names = schema.path("properties").fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!required.contains(n) || !fits(schema.path("properties").path(n))) {
                    return false;
                }
            }
        }
        if (schema.has("items") && !fits(schema.path("items"))) {
            return false;
        }
        for (String k : new String[] {"anyOf", "allOf", "oneOf"}) {
            for (JsonNode s : schema.path(k)) {
                if (!fits(s)) {
                    return false;
                }
            }
        }
        return true;
    }
}
