package io.xugumcp.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments with typed access. A missing required argument or a value of the wrong type throws
 * {@link ToolException} with code {@code invalid_argument} naming the argument and what was expected.
 */
public final class Arguments {
    private final Map<String, Object> values;

    public Arguments(Map<String, Object> values) {
        this.values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All arguments as received (JSON shapes: String, Number, Boolean, List, Map, null). */
    public Map<String, Object> asMap() {
        return values;
    }

    /** True when the argument is present and not null. */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** A required, non-blank string. */
    public String requireString(String name) {
        String s = optionalString(name).orElseThrow(() -> invalid(name, "is required"));
        if (s.isBlank()) {
            throw invalid(name, "must not be empty");
        }
        return s;
    }

    /** An optional string. */
    public Optional<String> optionalString(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw invalid(name, "must be a string");
    }

    /** An optional integer; must be within [{@code min}, {@code max}]. */
    public Optional<Integer> optionalInt(String name, int min, int max) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number num) {
            BigDecimal d = new BigDecimal(num.toString());
            if (d.stripTrailingZeros().scale() > 0) {
                throw invalid(name, "must be a whole number");
            }
            n = d.longValue();
        } else {
            throw invalid(name, "must be an integer");
        }
        if (n < min || n > max) {
            throw invalid(name, "must be between " + min + " and " + max + ", got " + n);
        }
        return Optional.of((int) n);
    }

    /** An optional boolean, {@code defaultValue} when absent. */
    public boolean bool(String name, boolean defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw invalid(name, "must be true or false");
    }

    /** An optional list (JSON array); empty when absent. */
    public List<Object> list(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return Collections.unmodifiableList(new ArrayList<>(l));
        }
        throw invalid(name, "must be an array");
    }

    /** A list whose items must all be strings; empty when absent. */
    public List<String> stringList(String name) {
        List<Object> raw = list(name);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String s)) {
                throw invalid(name + "[" + i + "]", "must be a string");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static ToolException invalid(String name, String what) {
        return new ToolException("invalid_argument", "Argument '" + name + "' " + what + ".");
    }

    @Override
    public String toString() {
        return "Arguments" + values.keySet();
    }
}
