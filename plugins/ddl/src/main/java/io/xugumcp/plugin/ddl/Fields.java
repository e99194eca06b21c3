package io.xugumcp.plugin.ddl;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to one JSON object nested in a tool's arguments (a column, a constraint, an alter operation), with its
 * path for messages ({@code columns[2].type}). Unknown keys are refused, so a misspelt option is never silently
 * ignored.
 */
final class Fields {
    private final Map<String, Object> values;
    private final String path;

    Fields(Map<String, Object> values, String path) {
        this.values = values;
        this.path = path;
    }

    /** The object at {@code path}, which must be a JSON object. */
    @SuppressWarnings("unchecked")
    static Fields of(Object value, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            throw invalid(path + " must be an object");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw invalid(path + " has a key that is not a string");
            }
        }
        return new Fields(new LinkedHashMap<>((Map<String, Object>) m), path);
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Map<String, Object> asMap() {
        return values;
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    boolean contains(String key) {
        return values.containsKey(key);
    }

    Object raw(String key) {
        return values.get(key);
    }

    /** Refuses keys outside {@code allowed}, naming the allowed ones. */
    Fields only(Set<String> allowed) {
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) {
                throw invalid(path(k) + " is not a known option here; known: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return this;
    }

    String string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw invalid(path(key) + " must be a string");
    }

    String requireString(String key) {
        String s = string(key);
        if (s == null || s.isBlank()) {
            throw invalid(path(key) + " is required");
        }
        return s;
    }

    /** The first present of several spellings (e.g. {@code column} or {@code name}). */
    String firstString(String... keys) {
        for (String k : keys) {
            String s = string(k);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    Boolean bool(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw invalid(path(key) + " must be true or false");
    }

    boolean bool(String key, boolean dflt) {
        Boolean b = bool(key);
        return b == null ? dflt : b;
    }

    /** A list of strings, or one string meaning a list of one; empty when absent. */
    List<String> names(String key) {
        Object v = values.get(key);
        return names(v, path(key));
    }

    static List<String> names(Object v, String path) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof String s)) {
                    throw invalid(path + "[" + i + "] must be a string");
                }
                out.add(s);
            }
            return out;
        }
        throw invalid(path + " must be a string or an array of strings");
    }

    static ToolException invalid(String what) {
        return new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + what + ".");
    }
}
