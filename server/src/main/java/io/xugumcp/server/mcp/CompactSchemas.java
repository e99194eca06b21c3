package io.xugumcp.server.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trims tool schemas before they enter {@code tools/list}, which every conversation pays for in context on every turn.
 * Output schemas keep their shape (types, required, enums: what clients and the SDK validate against) but lose their
 * descriptions: the model reads the answer itself, whose keys say what they are; bounds that merely restate a Java
 * type's range (2147483647, Long.MAX_VALUE) go too. Input schemas are left as the plugin wrote them (their
 * descriptions guide the model's arguments, their bounds are checked). Property names are never touched, so a
 * property called {@code description} survives.
 */
public final class CompactSchemas {
    private static final Set<Object> JAVA_LIMITS = Set.of(Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE);
    /** Keywords whose value is a map of names to schemas (names are not keywords). */
    private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "patternProperties", "$defs", "definitions");

    private CompactSchemas() {
    }

    public static Map<String, Object> output(Map<String, Object> schema) {
        return schema == null ? null : schema(schema, true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<String, Object> s, boolean dropDescriptions) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : s.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (dropDescriptions && k.equals("description") && v instanceof String) {
                continue;
            }
            if ((k.equals("maximum") || k.equals("minimum")) && JAVA_LIMITS.contains(v)) {
                continue;
            }
            if (NAMED_SCHEMAS.contains(k) && v instanceof Map<?, ?> named) {
                Map<String, Object> m = new LinkedHashMap<>();
                named.forEach((name, sub) -> m.put((String) name, value(sub, dropDescriptions)));
                out.put(k, m);
            } else {
                out.put(k, value(v, dropDescriptions));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v, boolean dropDescriptions) {
        if (v instanceof Map<?, ?> m) {
            return schema((Map<String, Object>) m, dropDescriptions);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(value(o, dropDescriptions));
            }
            return out;
        }
        return v;
    }
}
