package io.xugumcp.plugin.chat2sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's structured answer: a SQL statement, or a question back when the request is ambiguous, and a short
 * explanation. Asked for as JSON (with a JSON schema where the provider enforces one); read leniently, because models
 * wrap JSON in code fences or prose, and some answer with a plain {@code ```sql} block.
 *
 * @param sql           the statement, or {@code null}
 * @param clarification a question for the user, or {@code null}
 * @param explanation   how the SQL answers the question (may be empty)
 */
record ModelAnswer(String sql, String clarification, String explanation) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SQL_BLOCK = Pattern.compile("```(?:sql|SQL)?\\s*\\n(.*?)```", Pattern.DOTALL);

    /** The JSON schema sent with the request. */
    static final Map<String, Object> SCHEMA = schema();

    private static Map<String, Object> schema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("sql", Map.of("type", List.of("string", "null"),
                "description", "One read-only SQL statement, or null when a clarification is needed"));
        props.put("clarification", Map.of("type", List.of("string", "null"),
                "description", "A question for the user when the request cannot be answered as asked, else null"));
        props.put("explanation", Map.of("type", "string", "description", "One or two sentences on how the SQL answers"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", props);
        s.put("required", List.of("sql", "clarification", "explanation"));
        s.put("additionalProperties", false);
        return java.util.Collections.unmodifiableMap(s);
    }

    /** Reads a reply; throws {@link IllegalArgumentException} with a sentence for the model when it holds neither. */
    static ModelAnswer parse(String text) {
        String t = text == null ? "" : text.strip();
        JsonNode node = json(t);
        if (node != null && node.isObject()) {
            String sql = string(node, "sql");
            String clarification = string(node, "clarification");
            String explanation = string(node, "explanation");
            if (sql != null || clarification != null) {
                return new ModelAnswer(clean(sql), clarification, explanation == null ? "" : explanation);
            }
        }
        Matcher m = SQL_BLOCK.matcher(t);
        if (m.find()) {
            String rest = (t.substring(0, m.start()) + " " + t.substring(m.end())).strip();
            return new ModelAnswer(clean(m.group(1)), null, rest);
        }
        throw new IllegalArgumentException("The answer was not the JSON object asked for ({\"sql\": …, \"clarification\":"
                + " …, \"explanation\": …}).");
    }

    private static JsonNode json(String t) {
        int open = t.indexOf('{');
        int close = t.lastIndexOf('}');
        if (open < 0 || close <= open) {
            return null;
        }
        try {
            return JSON.readTree(t.substring(open, close + 1));
        } catch (Exception e) {
            return null;
        }
    }

    private static String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** Code fences and a trailing semicolon off. */
    static String clean(String sql) {
        if (sql == null) {
            return null;
        }
        String s = sql.strip();
        if (s.startsWith("```")) {
            Matcher m = SQL_BLOCK.matcher(s + (s.endsWith("```") ? "" : "\n```"));
            if (m.find()) {
                s = m.group(1).strip();
            }
        }
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s.isEmpty() ? null : s;
    }
}
