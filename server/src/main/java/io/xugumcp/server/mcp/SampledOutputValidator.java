package io.xugumcp.server.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Validates a tool's structured output against its output schema on a sample: every array longer than
 * {@value #KEEP_EACH_END} × 2 items is cut to its first and last {@value #KEEP_EACH_END} items before validation.
 * The SDK otherwise converts the whole answer into a JSON tree and walks it – for a 10,000-row result that cost more
 * than reading the rows from the database. Arrays of rows are homogeneous by construction (every row comes from the
 * same result set), so the sample finds every shape error the full walk would, except one that occurs only in the
 * middle of a long array. {@link ToolAdapter} never hands the SDK a result without content, so the SDK never needs
 * the JSON text of the validated value.
 */
public final class SampledOutputValidator implements JsonSchemaValidator {
    static final int KEEP_EACH_END = 32;
    private final Supplier<JsonSchemaValidator> factory;
    private volatile JsonSchemaValidator delegate;

    /**
     * @param factory makes the validator on first use: the SDK only validates tools that list an output schema, and
     *                building one loads ~250 classes that a start (and most runs) never need
     */
    public SampledOutputValidator(Supplier<JsonSchemaValidator> factory) {
        this.factory = factory;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return delegate().validate(schema, sample(structuredContent, 0));
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return delegate().validateSchema(schema);
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
