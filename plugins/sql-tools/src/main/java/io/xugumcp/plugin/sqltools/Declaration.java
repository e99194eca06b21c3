package io.xugumcp.plugin.sqltools;

import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.StatementKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One SQL tool as the operator declared it, checked completely at start: names, types, defaults, the statement's
 * parameters against the declared ones, and the statement itself against the host's SQL guard (a read-only tool whose
 * statement writes is refused here, not at its first call). {@link #read} throws {@link IllegalArgumentException}
 * with one sentence saying what is wrong and how to fix it.
 *
 * @param sql        the statement with a placeholder per parameter use
 * @param bindOrder  the parameter of each placeholder, in order (a parameter used twice appears twice)
 * @param kind       what the guard says the statement does
 * @param roles      the only roles that may call it; empty: any role holding {@code permission}
 * @param maxRows    the row cap of a read tool's answer; 0: the server's
 */
record Declaration(String name, String title, String description, String statement, String sql,
                   List<Parameter> parameters, List<String> bindOrder, boolean readOnly, StatementKind kind,
                   Permission permission, Set<String> roles, int maxRows) {

    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Set<String> TOOL_KEYS = Set.of("name", "title", "description", "statement", "parameters",
            "read-only", "permission", "roles", "max-rows");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "type", "description", "required", "default",
            "min", "max", "max-length", "pattern", "values");

    /** True when the statement returns rows (it runs as a query); false for a write. */
    boolean returnsRows() {
        return !kind.isWrite();
    }

    /**
     * Reads and checks one declaration.
     *
     * @param guard the host's SQL guard (classifies without running)
     */
    static Declaration read(PluginConfig c, Function<String, GuardVerdict> guard) {
        unknownKeys(c, TOOL_KEYS, "tool");
        String name = required(c, "name");
        if (!TOOL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must start with a letter and hold only letters,"
                    + " digits, '_' and '-' (at most 64)");
        }
        String description = required(c, "description");
        String statement = required(c, "statement").strip();
        boolean readOnly = c.getBoolean("read-only", true);

        List<Parameter> parameters = new ArrayList<>();
        Map<String, String> placeholders = new LinkedHashMap<>();
        List<PluginConfig> declared = c.getConfigList("parameters");
        for (int i = 0; i < declared.size(); i++) {
            Parameter p = parameter(declared.get(i), i);
            if (placeholders.put(p.name(), p.placeholder()) != null) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is declared twice");
            }
            parameters.add(p);
        }

        NamedParameters.Parsed parsed = NamedParameters.parse(statement, placeholders);
        Set<String> used = new LinkedHashSet<>(parsed.names());
        for (String u : used) {
            if (!placeholders.containsKey(u)) {
                throw new IllegalArgumentException("the statement uses :" + u + ", which is not declared under"
                        + " parameters");
            }
        }
        for (String d : placeholders.keySet()) {
            if (!used.contains(d)) {
                throw new IllegalArgumentException("parameter '" + d + "' is declared but the statement never uses :"
                        + d);
            }
        }

        GuardVerdict v = guard.apply(parsed.sql());
        if (!v.acceptable()) {
            throw new IllegalArgumentException("the SQL guard refuses its statement: " + String.join(" ", v.problems()));
        }
        if (readOnly && v.isWrite()) {
            throw new IllegalArgumentException("it is read-only but its statement is " + article(v.kind()) + " "
                    + v.kind() + " statement (" + v.verb() + "); declare read-only = false to make it a write tool"
                    + " (it then needs read-write mode and a role allowed to " + v.verb() + ")");
        }
        Permission permission = c.get("permission").map(Declaration::permission)
                .orElseGet(() -> defaultPermission(v));
        Set<String> roles = new TreeSet<>(c.getList("roles"));
        int maxRows = c.getInt("max-rows", 0);
        if (maxRows < 0 || maxRows > 1_000_000) {
            throw new IllegalArgumentException("max-rows must be between 1 and 1000000, got " + maxRows);
        }
        return new Declaration(name, c.get("title").orElse(null), description, statement, parsed.sql(),
                List.copyOf(parameters), parsed.names(), readOnly, v.kind(), permission, Set.copyOf(roles), maxRows);
    }

    private static Parameter parameter(PluginConfig p, int index) {
        String where = "parameter " + (index + 1);
        unknownKeys(p, PARAMETER_KEYS, where);
        String name = p.get("name").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(where + " has no name"));
        if (!PARAMETER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter name '" + name + "' must start with a letter or '_' and"
                    + " hold only letters, digits and '_'");
        }
        String typeText = p.get("type").orElseThrow(() -> new IllegalArgumentException("parameter '" + name
                + "' has no type (string, integer, number, boolean, date or enum)"));
        Parameter.Type type;
        try {
            type = Parameter.Type.parse(typeText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + name + "': " + e.getMessage());
        }
        boolean required = p.getBoolean("required", false);
        BigDecimal min = decimal(p, "min", name, type);
        BigDecimal max = decimal(p, "max", name, type);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("parameter '" + name + "': min " + min + " is above max " + max);
        }
        int maxLength = p.getInt("max-length", 0);
        Pattern pattern = null;
        if (p.get("pattern").isPresent()) {
            only(type, Parameter.Type.STRING, "pattern", name);
            try {
                pattern = Pattern.compile(p.get("pattern").get());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("parameter '" + name + "': pattern is not a regular expression: "
                        + e.getDescription());
            }
        }
        if (maxLength != 0) {
            only(type, Parameter.Type.STRING, "max-length", name);
        }
        List<String> values = p.getList("values");
        if (type == Parameter.Type.ENUM && values.isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "' is an enum but lists no values");
        }
        if (!values.isEmpty()) {
            only(type, Parameter.Type.ENUM, "values", name);
        }
        Parameter unchecked = new Parameter(name, type, p.getString("description", name), required, null, min, max,
                maxLength, pattern, values);
        Object defaultValue = null;
        if (p.get("default").isPresent()) {
            if (required) {
                throw new IllegalArgumentException("parameter '" + name + "' is required and has a default; drop one");
            }
            defaultValue = unchecked.checkDefault(typedDefault(p.get("default").get(), type));
        }
        return new Parameter(name, type, unchecked.description(), required, defaultValue, min, max, maxLength, pattern,
                values);
    }

    /** The flat config gives strings; a default is read as its parameter's JSON type would arrive. */
    private static Object typedDefault(String raw, Parameter.Type type) {
        return switch (type) {
            case INTEGER, NUMBER -> {
                try {
                    yield new BigDecimal(raw.strip());
                } catch (NumberFormatException e) {
                    yield raw;
                }
            }
            case BOOLEAN -> "true".equalsIgnoreCase(raw.strip()) ? Boolean.TRUE
                    : "false".equalsIgnoreCase(raw.strip()) ? Boolean.FALSE : raw;
            default -> raw;
        };
    }

    private static BigDecimal decimal(PluginConfig p, String key, String name, Parameter.Type type) {
        if (p.get(key).isEmpty()) {
            return null;
        }
        if (type != Parameter.Type.INTEGER && type != Parameter.Type.NUMBER) {
            throw new IllegalArgumentException("parameter '" + name + "': " + key + " applies to integer and number"
                    + " parameters only");
        }
        try {
            return new BigDecimal(p.get(key).get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "': " + key + " must be a number, got '"
                    + p.get(key).get() + "'");
        }
    }

    private static void only(Parameter.Type actual, Parameter.Type expected, String key, String name) {
        if (actual != expected) {
            throw new IllegalArgumentException("parameter '" + name + "': " + key + " applies to "
                    + expected.lower() + " parameters only, and this one is " + actual.lower());
        }
    }

    private static String required(PluginConfig c, String key) {
        String v = c.get(key).map(String::strip).orElse("");
        if (v.isEmpty()) {
            throw new IllegalArgumentException("it has no " + key);
        }
        return v;
    }

    /** A typo in a key would otherwise be ignored silently (a "requred = true" parameter would be optional). */
    private static void unknownKeys(PluginConfig c, Set<String> known, String what) {
        for (String key : c.asMap().keySet()) {
            String first = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            first = first.replace("\"", "");
            if (!known.contains(first)) {
                throw new IllegalArgumentException(what + " has an unknown key '" + first + "'; known keys: "
                        + new TreeSet<>(known));
            }
        }
    }

    private static Permission permission(String s) {
        try {
            return Permission.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("permission '" + s + "' is not one of "
                    + java.util.Arrays.toString(Permission.values()));
        }
    }

    /** What a role needs to see and call the tool when the operator did not say. */
    private static Permission defaultPermission(GuardVerdict v) {
        return switch (v.kind()) {
            case READ, METADATA -> Permission.SELECT;
            case INSERT -> Permission.INSERT;
            case UPDATE, MERGE -> Permission.UPDATE;
            case DELETE -> Permission.DELETE;
            case DDL -> v.verb().startsWith("CREATE") ? Permission.CREATE : v.verb().startsWith("DROP")
                    ? Permission.DROP : v.verb().startsWith("TRUNCATE") ? Permission.TRUNCATE : Permission.ALTER;
            case PROCEDURAL -> Permission.EXECUTE;
            default -> Permission.ADMIN;
        };
    }

    private static String article(StatementKind k) {
        return "AEIOU".indexOf(k.name().charAt(0)) >= 0 ? "an" : "a";
    }
}
