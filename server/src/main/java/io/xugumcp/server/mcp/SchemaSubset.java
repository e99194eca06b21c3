package io.xugumcp.server.mcp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The JSON Schema keywords tool schemas use (JSON Schema 2020-12 semantics), checked directly on the values Jackson
 * reads JSON into ({@link Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean}, {@code null}). A tool
 * call's arguments are checked in microseconds, without converting them into a JSON tree, and the general validator
 * (~250 classes, loaded in tens of milliseconds) is needed only for a schema with a keyword this class does not know –
 * {@link #unsupported} tells which.
 */
final class SchemaSubset {
    /** Keywords checked here. */
    private static final Set<String> CHECKED = Set.of("type", "properties", "required", "additionalProperties",
            "items", "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "multipleOf", "minLength", "maxLength", "pattern", "enum", "const", "anyOf", "oneOf", "allOf",
            "minProperties", "maxProperties");
    /** Keywords that only annotate: nothing to check. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "examples", "format",
            "$schema", "$comment", "$id", "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentEncoding");
    private static final Set<String> TYPES = Set.of("null", "boolean", "object", "array", "number", "integer",
            "string");
    private static final int MAX_DEPTH = 64;

    private SchemaSubset() {
    }

    /**
     * The first keyword of {@code schema} or its subschemas that is not checked here ({@code $ref}, {@code not},
     * {@code if}, …), or a keyword whose value has a form not handled here; {@code null} when this class can check
     * the schema completely.
     */
    static String unsupported(Object schema) {
        return unsupported(schema, 0);
    }

    private static String unsupported(Object schema, int depth) {
        if (schema instanceof Boolean) {
            return null;
        }
        if (!(schema instanceof Map<?, ?> map) || depth > MAX_DEPTH) {
            return "a schema that is not an object";
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (ANNOTATIONS.contains(k)) {
                continue;
            }
            if (!CHECKED.contains(k)) {
                return k;
            }
            String inner = switch (k) {
                case "properties" -> v instanceof Map<?, ?> props ? firstUnsupported(props.values(), depth) : k;
                case "additionalProperties", "items" -> unsupported(v, depth + 1) == null ? null : k;
                case "anyOf", "oneOf", "allOf" -> v instanceof List<?> l && !l.isEmpty()
                        ? firstUnsupported(l, depth) : k;
                case "pattern" -> v instanceof String p && compiles(p) ? null : k;
                default -> null;
            };
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static String firstUnsupported(java.util.Collection<?> schemas, int depth) {
        for (Object s : schemas) {
            String u = unsupported(s, depth + 1);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> PATTERNS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Compiled once: a tool's schema is checked at every call. */
    private static Pattern pattern(String regex) {
        if (PATTERNS.size() > 1_000) {
            PATTERNS.clear();
        }
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /**
     * What is wrong with {@code schema} itself (a keyword with a value of the wrong form), or {@code null}. Only for
     * schemas {@link #unsupported} accepts.
     */
    static String schemaProblem(Object schema, String path) {
        if (schema instanceof Boolean) {
            return null;
        }
        Map<?, ?> s = (Map<?, ?>) schema;
        Object type = s.get("type");
        if (type != null) {
            List<?> types = type instanceof List<?> l ? l : List.of(type);
            for (Object t : types) {
                if (!TYPES.contains(t)) {
                    return path + "type: '" + t + "' is not a JSON type";
                }
            }
        }
        for (String k : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")) {
            if (s.containsKey(k) && !(s.get(k) instanceof Number)) {
                return path + k + ": a number is expected";
            }
        }
        for (String k : List.of("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties")) {
            if (s.containsKey(k) && !(s.get(k) instanceof Number n && isInteger(n) && n.longValue() >= 0)) {
                return path + k + ": a non-negative integer is expected";
            }
        }
        if (s.containsKey("required") && !(s.get("required") instanceof List<?> r
                && r.stream().allMatch(String.class::isInstance))) {
            return path + "required: a list of property names is expected";
        }
        if (s.containsKey("enum") && !(s.get("enum") instanceof List<?>)) {
            return path + "enum: a list is expected";
        }
        if (s.containsKey("uniqueItems") && !(s.get("uniqueItems") instanceof Boolean)) {
            return path + "uniqueItems: true or false is expected";
        }
        if (s.get("properties") instanceof Map<?, ?> props) {
            for (Map.Entry<?, ?> e : props.entrySet()) {
                String p = schemaProblem(e.getValue(), path + "properties/" + e.getKey() + "/");
                if (p != null) {
                    return p;
                }
            }
        }
        for (String k : List.of("additionalProperties", "items")) {
            if (s.containsKey(k)) {
                String p = schemaProblem(s.get(k), path + k + "/");
                if (p != null) {
                    return p;
                }
            }
        }
        for (String k : List.of("anyOf", "oneOf", "allOf")) {
            if (s.get(k) instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    String p = schemaProblem(l.get(i), path + k + "/" + i + "/");
                    if (p != null) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Adds to {@code problems} what makes {@code value} not match {@code schema} (one message per problem, starting
     * with the JSON pointer of the value). Only for schemas {@link #unsupported} accepts.
     */
    static void check(Object schema, Object value, String path, List<String> problems) {
        if (schema instanceof Boolean b) {
            if (!b) {
                problems.add(where(path) + "no value is allowed here");
            }
            return;
        }
        Map<?, ?> s = (Map<?, ?>) schema;
        Object type = s.get("type");
        if (type != null && !hasType(value, type)) {
            problems.add(where(path) + describe(type) + " expected, " + kind(value) + " found");
            return;
        }
        if (s.containsKey("const") && !same(s.get("const"), value)) {
            problems.add(where(path) + "must be " + s.get("const"));
        }
        if (s.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> same(a, value))) {
            problems.add(where(path) + "must be one of " + allowed);
        }
        if (value instanceof Number n) {
            checkNumber(s, n, path, problems);
        } else if (value instanceof String str) {
            checkString(s, str, path, problems);
        } else if (value instanceof List<?> list) {
            checkArray(s, list, path, problems);
        } else if (value instanceof Map<?, ?> map) {
            checkObject(s, map, path, problems);
        }
        checkCombinations(s, value, path, problems);
    }

    private static void checkNumber(Map<?, ?> s, Number n, String path, List<String> problems) {
        BigDecimal v = decimal(n);
        if (s.get("minimum") instanceof Number min && v.compareTo(decimal(min)) < 0) {
            problems.add(where(path) + "must be at least " + min + ", got " + n);
        }
        if (s.get("maximum") instanceof Number max && v.compareTo(decimal(max)) > 0) {
            problems.add(where(path) + "must be at most " + max + ", got " + n);
        }
        if (s.get("exclusiveMinimum") instanceof Number min && v.compareTo(decimal(min)) <= 0) {
            problems.add(where(path) + "must be greater than " + min + ", got " + n);
        }
        if (s.get("exclusiveMaximum") instanceof Number max && v.compareTo(decimal(max)) >= 0) {
            problems.add(where(path) + "must be less than " + max + ", got " + n);
        }
        if (s.get("multipleOf") instanceof Number m && decimal(m).signum() > 0
                && v.remainder(decimal(m)).signum() != 0) {
            problems.add(where(path) + "must be a multiple of " + m + ", got " + n);
        }
    }

    private static void checkString(Map<?, ?> s, String str, String path, List<String> problems) {
        int length = -1;
        if (s.get("minLength") instanceof Number min) {
            length = str.codePointCount(0, str.length());
            if (length < min.longValue()) {
                problems.add(where(path) + "must be at least " + min + " characters long, got " + length);
            }
        }
        if (s.get("maxLength") instanceof Number max) {
            length = length >= 0 ? length : str.codePointCount(0, str.length());
            if (length > max.longValue()) {
                problems.add(where(path) + "must be at most " + max + " characters long, got " + length);
            }
        }
        if (s.get("pattern") instanceof String regex && !pattern(regex).matcher(str).find()) {
            problems.add(where(path) + "must match the pattern " + regex);
        }
    }

    private static void checkArray(Map<?, ?> s, List<?> list, String path, List<String> problems) {
        if (s.get("minItems") instanceof Number min && list.size() < min.longValue()) {
            problems.add(where(path) + "must have at least " + min + " items, got " + list.size());
        }
        if (s.get("maxItems") instanceof Number max && list.size() > max.longValue()) {
            problems.add(where(path) + "must have at most " + max + " items, got " + list.size());
        }
        if (Boolean.TRUE.equals(s.get("uniqueItems"))) {
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    if (same(list.get(i), list.get(j))) {
                        problems.add(where(path) + "must not repeat an item (" + i + " and " + j + " are equal)");
                        i = list.size();
                        break;
                    }
                }
            }
        }
        if (s.containsKey("items") && path.length() < 4 * MAX_DEPTH) {
            for (int i = 0; i < list.size(); i++) {
                check(s.get("items"), list.get(i), path + "/" + i, problems);
            }
        }
    }

    private static void checkObject(Map<?, ?> s, Map<?, ?> map, String path, List<String> problems) {
        if (s.get("required") instanceof List<?> required) {
            for (Object name : required) {
                if (!map.containsKey(name)) {
                    problems.add(where(path) + "required property '" + name + "' is missing");
                }
            }
        }
        if (s.get("minProperties") instanceof Number min && map.size() < min.longValue()) {
            problems.add(where(path) + "must have at least " + min + " properties, got " + map.size());
        }
        if (s.get("maxProperties") instanceof Number max && map.size() > max.longValue()) {
            problems.add(where(path) + "must have at most " + max + " properties, got " + map.size());
        }
        Map<?, ?> props = s.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        Object additional = s.get("additionalProperties");
        if (path.length() >= 4 * MAX_DEPTH) {
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String at = path + "/" + name.replace("~", "~0").replace("/", "~1");
            Object propertySchema = props.get(name);
            if (propertySchema != null) {
                check(propertySchema, e.getValue(), at, problems);
            } else if (Boolean.FALSE.equals(additional)) {
                problems.add(where(path) + "property '" + name + "' is not allowed");
            } else if (additional instanceof Map<?, ?>) {
                check(additional, e.getValue(), at, problems);
            }
        }
    }

    private static void checkCombinations(Map<?, ?> s, Object value, String path, List<String> problems) {
        if (s.get("allOf") instanceof List<?> all) {
            for (Object sub : all) {
                check(sub, value, path, problems);
            }
        }
        if (s.get("anyOf") instanceof List<?> any && matching(any, value) == 0) {
            problems.add(where(path) + "must match at least one of " + any.size() + " schemas (anyOf), matches none");
        }
        if (s.get("oneOf") instanceof List<?> one) {
            int n = matching(one, value);
            if (n != 1) {
                problems.add(where(path) + "must match exactly one of " + one.size() + " schemas (oneOf), matches " + n);
            }
        }
    }

    private static int matching(List<?> schemas, Object value) {
        int n = 0;
        for (Object sub : schemas) {
            List<String> p = new java.util.ArrayList<>(2);
            check(sub, value, "", p);
            if (p.isEmpty()) {
                n++;
            }
        }
        return n;
    }

    private static boolean hasType(Object value, Object type) {
        if (type instanceof List<?> types) {
            for (Object t : types) {
                if (hasType(value, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (String.valueOf(type)) {
            case "null" -> value == null;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof Map<?, ?>;
            case "array" -> value instanceof List<?>;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Number n && isInteger(n);
            case "string" -> value instanceof String;
            default -> false;
        };
    }

    /** An integer in JSON Schema's sense: any number without a fractional part (1.0 is one). */
    private static boolean isInteger(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger) {
            return true;
        }
        if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return false;
        }
        BigDecimal d = decimal(n);
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** JSON equality: numbers by value (1 equals 1.0), arrays item by item, objects by their members. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!new HashSet<>(x.keySet()).equals(new HashSet<>(y.keySet()))) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }

    private static String where(String path) {
        return (path.isEmpty() ? "/" : path) + ": ";
    }

    private static String describe(Object type) {
        return type instanceof List<?> l ? String.join(" or ", l.stream().map(String::valueOf).toList()) : "" + type;
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number n) {
            return isInteger(n) ? "integer" : "number";
        }
        return value instanceof Boolean ? "boolean" : value instanceof String ? "string"
                : value instanceof List<?> ? "array" : value instanceof Map<?, ?> ? "object" : value.getClass().getSimpleName();
    }
}
