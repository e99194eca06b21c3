package io.xugumcp.server.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks tool arguments (before a call) and structured results (after it) against the tool's schemas, and the schemas
 * themselves when the server is built. The keywords tools use are checked by {@link SchemaSubset}, directly on the
 * values Jackson read, so a small call pays microseconds and the SDK's general validator – ~250 classes that took tens
 * of milliseconds to load at every start, and converted every argument map into a JSON tree, hashed the schema and
 * wrote the tree back to text at every call – is made only for a schema with another keyword ({@code $ref}, {@code
 * not}, …), on first use. For that validator, every array longer than {@value #KEEP_EACH_END} × 2 items is cut to its
 * first and last {@value #KEEP_EACH_END} items first: arrays of rows are homogeneous by construction (every row comes
 * from the same result set), so the sample finds every shape error the full walk would, except one that occurs only in
 * the middle of a long array. {@link ToolAdapter} never hands the SDK a result without content, so the SDK never needs
 * the JSON text of the validated value.
 */
public final class ToolSchemaValidator implements JsonSchemaValidator {
    static final int KEEP_EACH_END = 32;
    /** More problems than this are summed up: the first ones are what the caller needs to fix. */
    private static final int MAX_PROBLEMS = 10;
    private final Supplier<JsonSchemaValidator> factory;
    private volatile JsonSchemaValidator delegate;
    /** Per schema object (tools keep theirs), whether {@link SchemaSubset} checks it completely. */
    private final java.util.concurrent.ConcurrentHashMap<Same, Boolean> checkedHere =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** @param factory makes the general validator on first use */
    public ToolSchemaValidator(Supplier<JsonSchemaValidator> factory) {
        this.factory = factory;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        if (schema == null || structuredContent == null) {
            // As the SDK's validator: the SDK never passes either without a value.
            throw new IllegalArgumentException(schema == null ? "Schema must not be null"
                    : "Structured content must not be null");
        }
        if (!checkedHere(schema) || !plain(structuredContent, 0)) {
            return delegate().validate(schema, sample(structuredContent, 0));
        }
        List<String> problems = new ArrayList<>(0);
        SchemaSubset.check(schema, structuredContent, "", problems);
        if (problems.isEmpty()) {
            return ValidationResponse.asValid(null);
        }
        String listed = String.join("; ", problems.subList(0, Math.min(MAX_PROBLEMS, problems.size())));
        return ValidationResponse.asInvalid(listed + (problems.size() > MAX_PROBLEMS
                ? "; and " + (problems.size() - MAX_PROBLEMS) + " more" : ""));
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        if (!checkedHere(schema)) {
            return delegate().validateSchema(schema);
        }
        String problem = SchemaSubset.schemaProblem(schema, "/");
        return problem == null ? ValidationResponse.asValid(null)
                : ValidationResponse.asInvalid("Invalid schema: " + problem);
    }

    private boolean checkedHere(Map<String, Object> schema) {
        if (schema == null) {
            return false;
        }
        if (checkedHere.size() > 10_000) {
            // Schemas made per request would otherwise pile up here.
            checkedHere.clear();
        }
        return checkedHere.computeIfAbsent(new Same(schema), k -> SchemaSubset.unsupported(schema) == null);
    }

    /**
     * True when {@code value} holds only what JSON reads into (maps, lists, strings, numbers, booleans, null): other
     * objects (a record, an array, a set) take their JSON shape from the mapper, so the general validator, which
     * converts them first, checks those.
     */
    private static boolean plain(Object value, int depth) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return false;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (depth > 64) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || !plain(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!plain(item, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A key that is equal only to the very same object: hashing a whole schema per call is what is saved here. */
    private record Same(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Same other && other.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    private JsonSchemaValidator delegate() {
        JsonSchemaValidator d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = factory.get();
                    delegate = d;
                }
            }
        }
        return d;
    }

    static Object sample(Object value, int depth) {
        if (depth > 32) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), sample(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            int n = list.size();
            List<Object> out = new ArrayList<>(Math.min(n, 2 * KEEP_EACH_END));
            if (n <= 2 * KEEP_EACH_END) {
                for (Object item : list) {
                    out.add(sample(item, depth + 1));
                }
            } else {
                for (int i = 0; i < KEEP_EACH_END; i++) {
                    out.add(sample(list.get(i), depth + 1));
                }
                for (int i = n - KEEP_EACH_END; i < n; i++) {
                    out.add(sample(list.get(i), depth + 1));
                }
            }
            return out;
        }
        return value;
    }
}
