package io.xugumcp.server.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of the params of the requests whose handlers read them, checked before the SDK sees them. The SDK turns
 * params into its request records inside the handler, so a wrong shape surfaced as a NullPointerException (-32603
 * with the exception's text) on stdio and SSE, and as an empty HTTP 200 on Streamable HTTP, where the throw escapes
 * the response stream. Here a wrong shape is a -32602 whose message names the field and what it must be.
 */
public final class RequestParams {
    private static final Set<String> LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical", "alert",
            "emergency");

    private RequestParams() {
    }

    /** The request class the SDK converts a method's params into, or {@code null} when it reads none. */
    public static Class<?> requestType(String method) {
        if (method == null) {
            return null;
        }
        return switch (method) {
            case McpSchema.METHOD_TOOLS_CALL -> McpSchema.CallToolRequest.class;
            case McpSchema.METHOD_RESOURCES_READ -> McpSchema.ReadResourceRequest.class;
            case McpSchema.METHOD_RESOURCES_SUBSCRIBE -> McpSchema.SubscribeRequest.class;
            case McpSchema.METHOD_RESOURCES_UNSUBSCRIBE -> McpSchema.UnsubscribeRequest.class;
            case McpSchema.METHOD_PROMPT_GET -> McpSchema.GetPromptRequest.class;
            case McpSchema.METHOD_COMPLETION_COMPLETE -> McpSchema.CompleteRequest.class;
            case McpSchema.METHOD_LOGGING_SET_LEVEL -> McpSchema.SetLevelRequest.class;
            default -> null;
        };
    }

    /** The method whose params convert to {@code type}, or {@code null}. */
    static String methodOf(java.lang.reflect.Type type) {
        for (String m : List.of(McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_RESOURCES_READ,
                McpSchema.METHOD_RESOURCES_SUBSCRIBE, McpSchema.METHOD_RESOURCES_UNSUBSCRIBE, McpSchema.METHOD_PROMPT_GET,
                McpSchema.METHOD_COMPLETION_COMPLETE, McpSchema.METHOD_LOGGING_SET_LEVEL)) {
            if (requestType(m).equals(type)) {
                return m;
            }
        }
        return null;
    }

    /**
     * What is wrong with {@code params} of {@code method}, as a sentence for the client, or {@code null} when the
     * shape is right (or the method reads no params). {@code params} is what a JSON reader made of the JSON: maps,
     * lists, strings, numbers, booleans, null.
     */
    public static String problem(String method, Object params) {
        if (requestType(method) == null) {
            return null;
        }
        String prefix = "Invalid params for " + method + ": ";
        if (params == null) {
            return prefix + "'params' is missing; send an object such as " + example(method) + ".";
        }
        if (!(params instanceof Map<?, ?> p)) {
            return prefix + "'params' must be an object such as " + example(method) + ", not " + kind(params) + ".";
        }
        String field = switch (method) {
            case McpSchema.METHOD_TOOLS_CALL -> requireString(p, "name", "the tool's name")
                    + optionalObject(p, "arguments", "the tool's arguments by name");
            case McpSchema.METHOD_RESOURCES_READ, McpSchema.METHOD_RESOURCES_SUBSCRIBE,
                    McpSchema.METHOD_RESOURCES_UNSUBSCRIBE -> requireString(p, "uri", "the resource's URI");
            case McpSchema.METHOD_PROMPT_GET -> requireString(p, "name", "the prompt's name")
                    + optionalObject(p, "arguments", "the prompt's arguments by name");
            case McpSchema.METHOD_COMPLETION_COMPLETE -> completion(p);
            case McpSchema.METHOD_LOGGING_SET_LEVEL -> level(p);
            default -> "";
        };
        field += optionalObject(p, "_meta", "request metadata");
        return field.isEmpty() ? null : prefix + field.strip();
    }

    private static String example(String method) {
        return switch (method) {
            case McpSchema.METHOD_TOOLS_CALL -> "{\"name\": \"execute_query\", \"arguments\": {\"sql\": \"SELECT 1\"}}";
            case McpSchema.METHOD_PROMPT_GET -> "{\"name\": \"…\", \"arguments\": {}}";
            case McpSchema.METHOD_COMPLETION_COMPLETE -> "{\"ref\": {\"type\": \"ref/prompt\", \"name\": \"…\"},"
                    + " \"argument\": {\"name\": \"…\", \"value\": \"…\"}}";
            case McpSchema.METHOD_LOGGING_SET_LEVEL -> "{\"level\": \"info\"}";
            default -> "{\"uri\": \"…\"}";
        };
    }

    private static String requireString(Map<?, ?> p, String name, String what) {
        Object v = p.get(name);
        if (v == null) {
            return "'" + name + "' (" + what + ") is missing. ";
        }
        if (!(v instanceof String s)) {
            return "'" + name + "' (" + what + ") must be a string, not " + kind(v) + ". ";
        }
        return s.isBlank() ? "'" + name + "' (" + what + ") is empty. " : "";
    }

    private static String optionalObject(Map<?, ?> p, String name, String what) {
        Object v = p.get(name);
        return v == null || v instanceof Map ? "" : "'" + name + "' (" + what + ") must be an object, not " + kind(v) + ". ";
    }

    private static String completion(Map<?, ?> p) {
        String out = "";
        Object ref = p.get("ref");
        if (!(ref instanceof Map<?, ?> r)) {
            out += ref == null ? "'ref' is missing. " : "'ref' must be an object, not " + kind(ref) + ". ";
        } else {
            Object type = r.get("type");
            if (!"ref/prompt".equals(type) && !"ref/resource".equals(type)) {
                out += "'ref.type' must be \"ref/prompt\" or \"ref/resource\". ";
            }
        }
        Object arg = p.get("argument");
        if (!(arg instanceof Map<?, ?> a)) {
            out += arg == null ? "'argument' is missing. " : "'argument' must be an object, not " + kind(arg) + ". ";
        } else {
            out += requireString(a, "name", "the argument's name").replace("'name'", "'argument.name'");
            Object value = a.get("value");
            if (value != null && !(value instanceof String)) {
                out += "'argument.value' must be a string, not " + kind(value) + ". ";
            }
        }
        return out;
    }

    private static String level(Map<?, ?> p) {
        Object v = p.get("level");
        if (v instanceof String s && LEVELS.contains(s)) {
            return "";
        }
        return "'level' must be one of " + String.join(", ", LEVELS.stream().sorted().toList()) + ". ";
    }

    /** The JSON kind of a value, for messages (never a Java class name). */
    static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Collection<?> || v.getClass().isArray()) {
            return "an array";
        }
        return v instanceof Map ? "an object" : "a value";
    }
}
