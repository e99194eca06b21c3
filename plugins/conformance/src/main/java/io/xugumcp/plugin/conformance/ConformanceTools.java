package io.xugumcp.plugin.conformance;

import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.Content;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.ResourceContents;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolHandler;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.ToolGroup;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The tools of the official MCP conformance suite ({@code @modelcontextprotocol/conformance} 0.1.16, server
 * scenarios). Names, texts and request shapes follow the scenario descriptions of that package.
 */
@Extension
public class ConformanceTools implements ToolGroup {

    static final String SIMPLE_TEXT = "This is a simple text response for testing.";
    static final String EMBEDDED_URI = "test://embedded-resource";
    static final String EMBEDDED_TEXT = "This is an embedded resource content.";
    static final String MIXED_INTRO = "Multiple content types test:";
    static final String MIXED_URI = "test://mixed-content-resource";
    static final String MIXED_JSON = "{\"test\":\"data\",\"value\":123}";
    static final List<String> LOG_MESSAGES =
            List.of("Tool execution started", "Tool processing data", "Tool execution completed");
    static final String ERROR_TEXT = "This tool intentionally returns an error for testing";
    static final String JSON_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    /** Pause between the log and progress notifications, as the scenarios ask (~50 ms). */
    static final long STEP_DELAY_MS = 50;

    public ConformanceTools() {
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                tool("test_simple_text", "Returns a simple text content block", this::simpleText),
                tool("test_image_content", "Returns an image content block (1x1 red PNG)", this::image),
                tool("test_audio_content", "Returns an audio content block (short WAV)", this::audio),
                tool("test_embedded_resource", "Returns an embedded text resource", this::embeddedResource),
                tool("test_multiple_content_types", "Returns text, image and embedded resource content",
                        this::multipleContentTypes),
                tool("test_tool_with_logging", "Sends three info log notifications while it runs", this::logging),
                tool("test_error_handling", "Always returns an error result", this::errorHandling),
                tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100 while it runs",
                        this::progress),
                Tool.builder("test_sampling")
                        .title("Sampling")
                        .description("Asks the client's model to answer the prompt (sampling/createMessage)")
                        .inputSchema(JsonSchema.object()
                                .property("prompt", JsonSchema.string("The prompt to send to the LLM"))
                                .required("prompt")
                                .build())
                        .annotations(ToolAnnotations.READ_ONLY)
                        .permission(Permission.NONE)
                        .handler(this::sampling)
                        .build(),
                Tool.builder("test_elicitation")
                        .title("Elicitation")
                        .description("Asks the user for a username and an email address (elicitation/create)")
                        .inputSchema(JsonSchema.object()
                                .property("message", JsonSchema.string("The message to show the user"))
                                .required("message")
                                .build())
                        .annotations(ToolAnnotations.READ_ONLY)
                        .permission(Permission.NONE)
                        .handler(this::elicitation)
                        .build(),
                tool("test_elicitation_sep1034_defaults",
                        "Elicits a form whose fields all carry default values (SEP-1034)", this::elicitationDefaults),
                tool("test_elicitation_sep1330_enums",
                        "Elicits a form with the five enum schema variants (SEP-1330)", this::elicitationEnums),
                Tool.builder("json_schema_2020_12_tool")
                        .title("JSON Schema 2020-12")
                        .description("Tool with JSON Schema 2020-12 features")
                        .inputSchema(jsonSchema202012())
                        .annotations(ToolAnnotations.READ_ONLY)
                        .permission(Permission.NONE)
                        .handler(call -> ToolResult.text(
                                "JSON Schema 2020-12 tool called with: " + Fixtures.json(call.arguments().asMap())))
                        .build(),
                tool("test_reconnection",
                        "SSE reconnection fixture (SEP-1699); answers normally: the plugin API cannot close the "
                                + "request's event stream mid-call", this::reconnection));
    }

    private static Tool tool(String name, String description, ToolHandler handler) {
        return Tool.builder(name)
                .description(description)
                .inputSchema(JsonSchema.object().build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.NONE)
                .handler(handler)
                .build();
    }

    // ---- handlers -------------------------------------------------------------------------------------------------

    ToolResult simpleText(ToolCall call) {
        return ToolResult.text(SIMPLE_TEXT);
    }

    ToolResult image(ToolCall call) {
        return ToolResult.of(new Content.Image(Fixtures.PNG_BASE64, Fixtures.PNG_MIME));
    }

    ToolResult audio(ToolCall call) {
        return ToolResult.of(new Content.Audio(Fixtures.WAV_BASE64, Fixtures.WAV_MIME));
    }

    ToolResult embeddedResource(ToolCall call) {
        return ToolResult.of(new Content.EmbeddedResource(
                new ResourceContents.Text(EMBEDDED_URI, "text/plain", EMBEDDED_TEXT)));
    }

    ToolResult multipleContentTypes(ToolCall call) {
        return ToolResult.of(
                new Content.Text(MIXED_INTRO),
                new Content.Image(Fixtures.PNG_BASE64, Fixtures.PNG_MIME),
                new Content.EmbeddedResource(new ResourceContents.Text(MIXED_URI, "application/json", MIXED_JSON)));
    }

    ToolResult logging(ToolCall call) throws InterruptedException {
        for (int i = 0; i < LOG_MESSAGES.size(); i++) {
            if (i > 0) {
                Thread.sleep(STEP_DELAY_MS);
            }
            call.client().log(ClientChannel.LogLevel.INFO, Fixtures.LOGGER, LOG_MESSAGES.get(i));
        }
        return ToolResult.text("Tool with logging executed successfully");
    }

    ToolResult errorHandling(ToolCall call) {
        return ToolResult.error(ERROR_TEXT);
    }

    ToolResult progress(ToolCall call) throws InterruptedException {
        long[] steps = {0, 50, 100};
        for (int i = 0; i < steps.length; i++) {
            call.client().progress(steps[i], 100.0, "Completed step " + steps[i] + " of 100");
            if (i + 1 < steps.length) {
                Thread.sleep(STEP_DELAY_MS);
                if (call.isCancelled()) {
                    return ToolResult.error("Cancelled after step " + steps[i] + " of 100");
                }
            }
        }
        return ToolResult.text("Tool with progress executed successfully");
    }

    ToolResult sampling(ToolCall call) {
        String prompt = call.arguments().requireString("prompt");
        Map<String, Object> request = obj(
                "messages", List.of(obj(
                        "role", "user",
                        "content", obj("type", "text", "text", prompt))),
                "maxTokens", 100);
        // Throws ToolException when the client does not support sampling: the host makes it an isError result.
        Map<String, Object> reply = call.client().createMessage(request);
        return ToolResult.text("LLM response: " + replyText(reply));
    }

    /** The text of a {@code sampling/createMessage} result: {@code content} is one block or (2025-11-25) a list. */
    static String replyText(Map<String, Object> reply) {
        Object content = reply == null ? null : reply.get("content");
        List<?> blocks = content instanceof List<?> l ? l : content == null ? List.of() : List.of(content);
        StringBuilder sb = new StringBuilder();
        for (Object block : blocks) {
            if (block instanceof Map<?, ?> m && "text".equals(m.get("type")) && m.get("text") instanceof String t) {
                sb.append(t);
            }
        }
        return sb.length() == 0 ? "(the client's reply has no text content)" : sb.toString();
    }

    ToolResult elicitation(ToolCall call) {
        String message = call.arguments().requireString("message");
        Map<String, Object> request = obj(
                "mode", "form",
                "message", message,
                "requestedSchema", obj(
                        "type", "object",
                        "properties", obj(
                                "username", obj("type", "string", "description", "User's response"),
                                "email", obj("type", "string", "description", "User's email address")),
                        "required", List.of("username", "email")));
        Map<String, Object> reply = call.client().elicit(request);
        return ToolResult.text("User response: " + elicitSummary(reply));
    }

    ToolResult elicitationDefaults(ToolCall call) {
        Map<String, Object> request = obj(
                "mode", "form",
                "message", "Please review and update the form fields with defaults",
                "requestedSchema", obj(
                        "type", "object",
                        "properties", obj(
                                "name", obj("type", "string", "description", "User name", "default", "John Doe"),
                                "age", obj("type", "integer", "description", "User age", "default", 30),
                                "score", obj("type", "number", "description", "User score", "default", 95.5),
                                "status", obj("type", "string", "description", "User status",
                                        "enum", List.of("active", "inactive", "pending"), "default", "active"),
                                "verified", obj("type", "boolean", "description", "Verification status",
                                        "default", true)),
                        "required", List.of()));
        Map<String, Object> reply = call.client().elicit(request);
        return ToolResult.text("Elicitation completed: " + elicitSummary(reply));
    }

    ToolResult elicitationEnums(ToolCall call) {
        Map<String, Object> request = obj(
                "mode", "form",
                "message", "Please select options from the enum fields",
                "requestedSchema", obj(
                        "type", "object",
                        "properties", obj(
                                "untitledSingle", obj("type", "string", "description", "Select one option",
                                        "enum", List.of("option1", "option2", "option3")),
                                "titledSingle", obj("type", "string", "description", "Select one option with titles",
                                        "oneOf", List.of(
                                                obj("const", "value1", "title", "First Option"),
                                                obj("const", "value2", "title", "Second Option"),
                                                obj("const", "value3", "title", "Third Option"))),
                                "legacyEnum", obj("type", "string", "description", "Select one option (legacy)",
                                        "enum", List.of("opt1", "opt2", "opt3"),
                                        "enumNames", List.of("Option One", "Option Two", "Option Three")),
                                "untitledMulti", obj("type", "array", "description", "Select several options",
                                        "minItems", 1, "maxItems", 3,
                                        "items", obj("type", "string",
                                                "enum", List.of("option1", "option2", "option3"))),
                                "titledMulti", obj("type", "array", "description", "Select several options with titles",
                                        "minItems", 1, "maxItems", 3,
                                        "items", obj("anyOf", List.of(
                                                obj("const", "value1", "title", "First Choice"),
                                                obj("const", "value2", "title", "Second Choice"),
                                                obj("const", "value3", "title", "Third Choice"))))),
                        "required", List.of()));
        Map<String, Object> reply = call.client().elicit(request);
        return ToolResult.text("Elicitation completed: " + elicitSummary(reply));
    }

    /** {@code action=accept, content={...}} of an {@code elicitation/create} result. */
    static String elicitSummary(Map<String, Object> reply) {
        Object action = reply == null ? null : reply.get("action");
        Object content = reply == null ? null : reply.get("content");
        return "action=" + action + ", content=" + Fixtures.json(content == null ? Map.of() : content);
    }

    ToolResult reconnection(ToolCall call) {
        return ToolResult.text("Reconnection test completed (the stream was not closed mid-call).");
    }

    // ---- schema ---------------------------------------------------------------------------------------------------

    /** The input schema of {@code json_schema_2020_12_tool}, written by hand: {@link JsonSchema} has no $defs. */
    static Map<String, Object> jsonSchema202012() {
        return obj(
                "$schema", JSON_SCHEMA_2020_12,
                "type", "object",
                "$defs", obj(
                        "address", obj(
                                "type", "object",
                                "properties", obj(
                                        "street", obj("type", "string"),
                                        "city", obj("type", "string")))),
                "properties", obj(
                        "name", obj("type", "string"),
                        "address", obj("$ref", "#/$defs/address")),
                "additionalProperties", false);
    }

    /** An ordered, unmodifiable JSON object from alternating keys and values. */
    static Map<String, Object> obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
