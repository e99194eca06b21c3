package io.xugumcp.plugin.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Caller;
import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.Content;
import io.xugumcp.api.Database;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceContents;
import io.xugumcp.api.ResourceRequest;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;

/**
 * Checks the fixtures against what the conformance suite 0.1.16 expects, without a host: the extensions are
 * instantiated directly and the handlers run against a fake {@link ToolCall} whose {@link ClientChannel} records
 * every progress, log, sampling and elicitation call.
 */
class ConformanceFixturesTest {

    private static final Caller CALLER = new Caller("test-client", "admin", "http");

    private final ConformanceTools toolGroup = new ConformanceTools();
    private final Map<String, Tool> tools = toolGroup.tools().stream()
            .collect(Collectors.toMap(Tool::name, Function.identity()));

    // ---- inventory ------------------------------------------------------------------------------------------------

    @Test
    void allConformanceToolsArePresentWithDescriptionAndNoPermission() {
        Set<String> expected = Set.of("test_simple_text", "test_image_content", "test_audio_content",
                "test_embedded_resource", "test_multiple_content_types", "test_tool_with_logging",
                "test_error_handling", "test_tool_with_progress", "test_sampling", "test_elicitation",
                "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums", "json_schema_2020_12_tool",
                "test_reconnection");
        assertEquals(expected, tools.keySet());
        assertEquals(expected.size(), toolGroup.tools().size(), "tool names must be unique");
        for (Tool t : tools.values()) {
            assertFalse(t.description().isBlank(), t.name() + " needs a description (tools-list check)");
            assertEquals(Permission.NONE, t.permission(), t.name());
            assertEquals("object", t.inputSchema().get("type"), t.name());
            assertNull(t.outputSchema(), t.name() + " must not promise structured content");
        }
    }

    @Test
    void allConformanceResourcesArePresent() {
        ConformanceResources provider = new ConformanceResources();
        assertEquals(List.of("test://static-text", "test://static-binary", "test://watched-resource"),
                provider.resources().stream().map(Resource::uri).toList());
        assertEquals(List.of("test://template/{id}/data"),
                provider.resourceTemplates().stream().map(ResourceTemplate::uriTemplate).toList());
        for (Resource r : provider.resources()) {
            assertFalse(r.name().isBlank(), r.uri());
            assertNotNull(r.mimeType(), r.uri());
            assertEquals(Permission.NONE, r.permission(), r.uri());
        }
        assertEquals(Permission.NONE, provider.resourceTemplates().get(0).permission());
    }

    @Test
    void allConformancePromptsArePresentWithDescriptions() {
        List<Prompt> prompts = new ConformancePrompts().prompts();
        assertEquals(List.of("test_simple_prompt", "test_prompt_with_arguments",
                        "test_prompt_with_embedded_resource", "test_prompt_with_image"),
                prompts.stream().map(Prompt::name).toList());
        for (Prompt p : prompts) {
            assertNotNull(p.description(), p.name() + " needs a description (prompts-list check)");
            assertFalse(p.description().isBlank(), p.name());
        }
        Prompt withArgs = prompt("test_prompt_with_arguments");
        assertEquals(List.of(new Prompt.Argument("arg1", "First test argument", true),
                new Prompt.Argument("arg2", "Second test argument", true)), withArgs.arguments());
        assertEquals(List.of(new Prompt.Argument("resourceUri", "URI of the resource to embed", true)),
                prompt("test_prompt_with_embedded_resource").arguments());
    }

    @Test
    void everyExtensionIsAnnotatedAndListedInTheExtensionIndex() throws Exception {
        List<Class<?>> extensions = List.of(ConformanceTools.class, ConformanceResources.class,
                ConformancePrompts.class);
        Set<String> indexed = new HashSet<>();
        // Test compilation writes its own (empty) index too, so read every copy on the class path.
        Enumeration<URL> indexes = ConformanceTools.class.getClassLoader().getResources("META-INF/extensions.idx");
        while (indexes.hasMoreElements()) {
            try (InputStream in = indexes.nextElement().openStream()) {
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(indexed::add);
            }
        }
        for (Class<?> c : extensions) {
            assertTrue(c.isAnnotationPresent(Extension.class), c + " lacks @Extension");
            assertTrue(indexed.contains(c.getName()), c + " is not in the extension index " + indexed);
            assertNotNull(c.getConstructor().newInstance(), "public no-arg constructor of " + c);
        }
    }

    // ---- content tools --------------------------------------------------------------------------------------------

    @Test
    void simpleTextReturnsTheExpectedText() throws Exception {
        ToolResult r = call("test_simple_text", Map.of(), new RecordingChannel());
        assertFalse(r.error());
        assertEquals(List.of(new Content.Text("This is a simple text response for testing.")), r.content());
    }

    @Test
    void imageContentIsAOnePixelRedPng() throws Exception {
        ToolResult r = call("test_image_content", Map.of(), new RecordingChannel());
        assertEquals(1, r.content().size());
        Content.Image image = assertInstanceOf(Content.Image.class, r.content().get(0));
        assertEquals("image/png", image.mimeType());
        assertRedPixelPng(image.base64Data());
    }

    @Test
    void audioContentIsAWavFile() throws Exception {
        ToolResult r = call("test_audio_content", Map.of(), new RecordingChannel());
        Content.Audio audio = assertInstanceOf(Content.Audio.class, r.content().get(0));
        assertEquals("audio/wav", audio.mimeType());
        byte[] bytes = Base64.getDecoder().decode(audio.base64Data());
        AudioFileFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(bytes));
        assertEquals(AudioFileFormat.Type.WAVE, format.getType());
        assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getFormat().getEncoding());
        assertEquals(80, format.getFrameLength());
    }

    @Test
    void embeddedResourceHasUriMimeTypeAndText() throws Exception {
        ToolResult r = call("test_embedded_resource", Map.of(), new RecordingChannel());
        assertEquals(List.of(new Content.EmbeddedResource(new ResourceContents.Text("test://embedded-resource",
                "text/plain", "This is an embedded resource content."))), r.content());
    }

    @Test
    void multipleContentTypesReturnsTextImageAndResource() throws Exception {
        ToolResult r = call("test_multiple_content_types", Map.of(), new RecordingChannel());
        assertEquals(3, r.content().size());
        assertEquals(new Content.Text("Multiple content types test:"), r.content().get(0));
        Content.Image image = assertInstanceOf(Content.Image.class, r.content().get(1));
        assertEquals("image/png", image.mimeType());
        assertRedPixelPng(image.base64Data());
        assertEquals(new Content.EmbeddedResource(new ResourceContents.Text("test://mixed-content-resource",
                "application/json", "{\"test\":\"data\",\"value\":123}")), r.content().get(2));
    }

    @Test
    void errorHandlingAlwaysReturnsAnErrorWithText() throws Exception {
        ToolResult r = call("test_error_handling", Map.of(), new RecordingChannel());
        assertTrue(r.error());
        assertEquals(List.of(new Content.Text("This tool intentionally returns an error for testing")), r.content());
    }

    // ---- notifications --------------------------------------------------------------------------------------------

    @Test
    void loggingSendsThreeInfoMessagesInOrderWithDelays() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        long start = System.nanoTime();
        ToolResult r = call("test_tool_with_logging", Map.of(), channel);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.error());
        assertEquals(List.of(
                "INFO conformance Tool execution started",
                "INFO conformance Tool processing data",
                "INFO conformance Tool execution completed"), channel.logs);
        assertTrue(elapsedMs >= 2 * ConformanceTools.STEP_DELAY_MS, "two ~50 ms pauses expected, took " + elapsedMs);
        assertTrue(channel.progress.isEmpty());
    }

    @Test
    void progressReportsZeroFiftyHundredOfHundred() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        ToolResult r = call("test_tool_with_progress", Map.of(), channel);
        assertFalse(r.error());
        assertEquals(List.of(
                "0.0/100.0 Completed step 0 of 100",
                "50.0/100.0 Completed step 50 of 100",
                "100.0/100.0 Completed step 100 of 100"), channel.progress);
        assertTrue(channel.logs.isEmpty());
    }

    @Test
    void progressStopsWhenTheCallIsCancelled() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        ToolResult r = tools.get("test_tool_with_progress").handler()
                .handle(new FakeToolCall("test_tool_with_progress", Map.of(), channel, true));
        assertTrue(r.error());
        assertEquals(List.of("0.0/100.0 Completed step 0 of 100"), channel.progress);
    }

    // ---- sampling and elicitation ---------------------------------------------------------------------------------

    @Test
    void samplingSendsTheSpecifiedRequestAndReturnsTheReplyText() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        channel.samplingReply = Map.of("role", "assistant",
                "content", Map.of("type", "text", "text", "This is a test response from the client"),
                "model", "test-model", "stopReason", "endTurn");
        ToolResult r = call("test_sampling", Map.of("prompt", "Test prompt for sampling"), channel);

        assertEquals(1, channel.samplingRequests.size());
        Map<String, Object> request = channel.samplingRequests.get(0);
        assertEquals(100, request.get("maxTokens"));
        assertEquals(List.of(Map.of("role", "user",
                "content", Map.of("type", "text", "text", "Test prompt for sampling"))), request.get("messages"));
        assertFalse(r.error());
        assertEquals(List.of(new Content.Text("LLM response: This is a test response from the client")),
                r.content());
    }

    @Test
    void samplingAcceptsAListOfContentBlocks() {
        Map<String, Object> reply = Map.of("content", List.of(Map.of("type", "text", "text", "a"),
                Map.of("type", "image", "data", "x", "mimeType", "image/png"), Map.of("type", "text", "text", "b")));
        assertEquals("ab", ConformanceTools.replyText(reply));
        assertEquals("(the client's reply has no text content)", ConformanceTools.replyText(Map.of()));
    }

    @Test
    void samplingSchemaRequiresPrompt() {
        Map<String, Object> schema = tools.get("test_sampling").inputSchema();
        assertEquals(List.of("prompt"), schema.get("required"));
        assertEquals("string", ((Map<?, ?>) ((Map<?, ?>) schema.get("properties")).get("prompt")).get("type"));
    }

    @Test
    void samplingUnsupportedByTheClientPropagatesTheToolException() {
        RecordingChannel channel = new RecordingChannel();
        channel.unsupported = true;
        ToolException e = assertThrows(ToolException.class,
                () -> call("test_sampling", Map.of("prompt", "p"), channel));
        assertEquals("unsupported", e.code());
    }

    @Test
    void elicitationAsksForUsernameAndEmailAndReportsTheAnswer() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        channel.elicitReply = Map.of("action", "accept",
                "content", ConformanceTools.obj("username", "testuser", "email", "test@example.com"));
        ToolResult r = call("test_elicitation", Map.of("message", "Please provide your information"), channel);

        Map<String, Object> request = channel.elicitRequests.get(0);
        assertEquals("Please provide your information", request.get("message"));
        assertEquals("form", request.get("mode"));
        Map<?, ?> schema = (Map<?, ?>) request.get("requestedSchema");
        assertEquals("object", schema.get("type"));
        assertEquals(List.of("username", "email"), schema.get("required"));
        Map<?, ?> props = (Map<?, ?>) schema.get("properties");
        assertEquals(Map.of("type", "string", "description", "User's response"), props.get("username"));
        assertEquals(Map.of("type", "string", "description", "User's email address"), props.get("email"));
        assertEquals(List.of(new Content.Text(
                "User response: action=accept, content={\"username\":\"testuser\",\"email\":\"test@example.com\"}")),
                r.content());
    }

    @Test
    void elicitationDeclinedReportsEmptyContent() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        channel.elicitReply = Map.of("action", "decline");
        ToolResult r = call("test_elicitation", Map.of("message", "m"), channel);
        assertEquals(List.of(new Content.Text("User response: action=decline, content={}")), r.content());
    }

    @Test
    void sep1034ElicitationCarriesADefaultForEveryPrimitiveType() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        channel.elicitReply = Map.of("action", "accept", "content", ConformanceTools.obj("name", "Jane Smith",
                "age", 25, "score", 88, "status", "inactive", "verified", false));
        ToolResult r = call("test_elicitation_sep1034_defaults", Map.of(), channel);

        Map<?, ?> props = properties(channel.elicitRequests.get(0));
        assertField(props, "name", "string", "John Doe");
        assertField(props, "age", "integer", 30);
        assertField(props, "score", "number", 95.5);
        assertField(props, "status", "string", "active");
        assertField(props, "verified", "boolean", true);
        List<?> statusEnum = (List<?>) ((Map<?, ?>) props.get("status")).get("enum");
        assertEquals(List.of("active", "inactive", "pending"), statusEnum);
        assertEquals(List.of(new Content.Text("Elicitation completed: action=accept, content="
                + "{\"name\":\"Jane Smith\",\"age\":25,\"score\":88,\"status\":\"inactive\",\"verified\":false}")),
                r.content());
    }

    @Test
    void sep1330ElicitationHasAllFiveEnumVariants() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        ToolResult r = call("test_elicitation_sep1330_enums", Map.of(), channel);
        assertFalse(r.error());
        Map<?, ?> props = properties(channel.elicitRequests.get(0));

        Map<?, ?> untitledSingle = (Map<?, ?>) props.get("untitledSingle");
        assertEquals("string", untitledSingle.get("type"));
        assertEquals(List.of("option1", "option2", "option3"), untitledSingle.get("enum"));
        assertFalse(untitledSingle.containsKey("oneOf") || untitledSingle.containsKey("enumNames"));

        Map<?, ?> titledSingle = (Map<?, ?>) props.get("titledSingle");
        assertEquals("string", titledSingle.get("type"));
        assertFalse(titledSingle.containsKey("enum"));
        assertConstTitleList((List<?>) titledSingle.get("oneOf"), 3);

        Map<?, ?> legacy = (Map<?, ?>) props.get("legacyEnum");
        assertEquals("string", legacy.get("type"));
        assertEquals(List.of("opt1", "opt2", "opt3"), legacy.get("enum"));
        assertEquals(List.of("Option One", "Option Two", "Option Three"), legacy.get("enumNames"));

        Map<?, ?> untitledMulti = (Map<?, ?>) props.get("untitledMulti");
        assertEquals("array", untitledMulti.get("type"));
        Map<?, ?> untitledItems = (Map<?, ?>) untitledMulti.get("items");
        assertEquals("string", untitledItems.get("type"));
        assertEquals(List.of("option1", "option2", "option3"), untitledItems.get("enum"));
        assertFalse(untitledItems.containsKey("anyOf"));

        Map<?, ?> titledMulti = (Map<?, ?>) props.get("titledMulti");
        assertEquals("array", titledMulti.get("type"));
        Map<?, ?> titledItems = (Map<?, ?>) titledMulti.get("items");
        assertFalse(titledItems.containsKey("enum"));
        assertConstTitleList((List<?>) titledItems.get("anyOf"), 3);
    }

    // ---- JSON Schema 2020-12 --------------------------------------------------------------------------------------

    @Test
    void jsonSchema202012ToolKeepsSchemaDefsRefAndAdditionalProperties() throws Exception {
        Tool t = tools.get("json_schema_2020_12_tool");
        Map<String, Object> s = t.inputSchema();
        assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema"));
        assertEquals("object", s.get("type"));
        assertEquals(Boolean.FALSE, s.get("additionalProperties"));
        Map<?, ?> address = (Map<?, ?>) ((Map<?, ?>) s.get("$defs")).get("address");
        assertEquals("object", address.get("type"));
        assertEquals(Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")),
                address.get("properties"));
        Map<?, ?> props = (Map<?, ?>) s.get("properties");
        assertEquals(Map.of("type", "string"), props.get("name"));
        assertEquals(Map.of("$ref", "#/$defs/address"), props.get("address"));

        ToolResult r = call("json_schema_2020_12_tool", ConformanceTools.obj("name", "Ann",
                "address", ConformanceTools.obj("city", "Paris")), new RecordingChannel());
        assertEquals(List.of(new Content.Text(
                "JSON Schema 2020-12 tool called with: {\"name\":\"Ann\",\"address\":{\"city\":\"Paris\"}}")),
                r.content());
    }

    // ---- resources ------------------------------------------------------------------------------------------------

    @Test
    void staticResourcesReturnTheirContents() throws Exception {
        ConformanceResources provider = new ConformanceResources();
        Map<String, Resource> byUri = provider.resources().stream()
                .collect(Collectors.toMap(Resource::uri, Function.identity()));

        assertEquals(List.of(new ResourceContents.Text("test://static-text", "text/plain",
                        "This is the content of the static text resource.")),
                read(byUri.get("test://static-text"), "test://static-text"));
        assertEquals(List.of(new ResourceContents.Text("test://watched-resource", "text/plain",
                        "Watched resource content")),
                read(byUri.get("test://watched-resource"), "test://watched-resource"));

        List<ResourceContents> binary = read(byUri.get("test://static-binary"), "test://static-binary");
        assertEquals(1, binary.size());
        ResourceContents.Blob blob = assertInstanceOf(ResourceContents.Blob.class, binary.get(0));
        assertEquals("test://static-binary", blob.uri());
        assertEquals("image/png", blob.mimeType());
        assertRedPixelPng(blob.base64Data());
    }

    @Test
    void templateSubstitutesTheId() throws Exception {
        ResourceTemplate template = new ConformanceResources().resourceTemplates().get(0);
        assertEquals("application/json", template.mimeType());
        List<ResourceContents> contents = template.reader()
                .read(new FakeResourceRequest("test://template/123/data", Map.of("id", "123")));
        assertEquals(List.of(new ResourceContents.Text("test://template/123/data", "application/json",
                "{\"id\":\"123\",\"templateTest\":true,\"data\":\"Data for ID: 123\"}")), contents);
        assertThrows(IllegalArgumentException.class,
                () -> template.reader().read(new FakeResourceRequest("test://template//data", Map.of())));
        assertEquals(List.of("1", "123"), template.completers().get("id").complete("1", Map.of()));
    }

    // ---- prompts --------------------------------------------------------------------------------------------------

    @Test
    void simplePromptReturnsOneUserText() throws Exception {
        Prompt.Result r = prompt("test_simple_prompt").handler().render(Map.of(), CALLER);
        assertEquals(List.of(new Prompt.Message(Prompt.Role.USER,
                new Content.Text("This is a simple prompt for testing."))), r.messages());
    }

    @Test
    void promptWithArgumentsSubstitutesBoth() throws Exception {
        Prompt.Result r = prompt("test_prompt_with_arguments").handler()
                .render(Map.of("arg1", "testValue1", "arg2", "testValue2"), CALLER);
        assertEquals(List.of(new Prompt.Message(Prompt.Role.USER,
                new Content.Text("Prompt with arguments: arg1='testValue1', arg2='testValue2'"))), r.messages());
        assertThrows(IllegalArgumentException.class,
                () -> prompt("test_prompt_with_arguments").handler().render(Map.of("arg1", "x"), CALLER));
    }

    @Test
    void promptArgumentsComplete() {
        Prompt p = prompt("test_prompt_with_arguments");
        assertEquals(Set.of("arg1", "arg2"), p.completers().keySet());
        assertEquals(List.of("paris", "park", "party"), p.completers().get("arg1").complete("par", Map.of()));
        assertEquals(List.of("test", "testValue1"), p.completers().get("arg1").complete("test", Map.of()));
        assertEquals(List.of("world", "wonder"), p.completers().get("arg2").complete("WO", Map.of()));
        assertEquals(List.of(), p.completers().get("arg2").complete("zzz", Map.of()));
    }

    @Test
    void promptWithEmbeddedResourceEmbedsTheGivenUri() throws Exception {
        Prompt.Result r = prompt("test_prompt_with_embedded_resource").handler()
                .render(Map.of("resourceUri", "test://example-resource"), CALLER);
        assertEquals(List.of(
                new Prompt.Message(Prompt.Role.USER, new Content.EmbeddedResource(new ResourceContents.Text(
                        "test://example-resource", "text/plain", "Embedded resource content for testing."))),
                new Prompt.Message(Prompt.Role.USER, new Content.Text("Please process the embedded resource above."))),
                r.messages());
    }

    @Test
    void promptWithImageHasAnImageAndText() throws Exception {
        Prompt.Result r = prompt("test_prompt_with_image").handler().render(Map.of(), CALLER);
        assertEquals(2, r.messages().size());
        Content.Image image = assertInstanceOf(Content.Image.class, r.messages().get(0).content());
        assertEquals(Prompt.Role.USER, r.messages().get(0).role());
        assertEquals("image/png", image.mimeType());
        assertRedPixelPng(image.base64Data());
        assertEquals(new Prompt.Message(Prompt.Role.USER, new Content.Text("Please analyze the image above.")),
                r.messages().get(1));
    }

    // ---- JSON writer ----------------------------------------------------------------------------------------------

    @Test
    void jsonWriterEscapesAndFormatsNumbers() {
        assertEquals("{\"a\":\"q\\\"\\\\\\n\\u0001\",\"b\":[1,2.5,true,null],\"c\":{},\"d\":3}",
                Fixtures.json(ConformanceTools.obj("a", "q\"\\\n\u0001", "b", java.util.Arrays.asList(1, 2.5, true,
                        null), "c", Map.of(), "d", 3.0)));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private ToolResult call(String name, Map<String, Object> args, RecordingChannel channel) throws Exception {
        Tool t = tools.get(name);
        assertNotNull(t, "no tool " + name);
        return t.handler().handle(new FakeToolCall(name, args, channel, false));
    }

    private static Prompt prompt(String name) {
        return new ConformancePrompts().prompts().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no prompt " + name));
    }

    private static List<ResourceContents> read(Resource resource, String uri) throws Exception {
        assertNotNull(resource, "no resource " + uri);
        return resource.reader().read(new FakeResourceRequest(uri, Map.of()));
    }

    private static Map<?, ?> properties(Map<String, Object> elicitRequest) {
        assertNotNull(elicitRequest.get("message"));
        Map<?, ?> schema = (Map<?, ?>) elicitRequest.get("requestedSchema");
        assertEquals("object", schema.get("type"));
        return (Map<?, ?>) schema.get("properties");
    }

    private static void assertField(Map<?, ?> props, String name, String type, Object defaultValue) {
        Map<?, ?> field = (Map<?, ?>) props.get(name);
        assertNotNull(field, "missing field " + name);
        assertEquals(type, field.get("type"), name);
        assertTrue(field.containsKey("default"), name + " has no default");
        assertEquals(defaultValue, field.get("default"), name);
    }

    private static void assertConstTitleList(List<?> items, int size) {
        assertNotNull(items);
        assertEquals(size, items.size());
        for (Object o : items) {
            Map<?, ?> m = (Map<?, ?>) o;
            assertInstanceOf(String.class, m.get("const"));
            assertInstanceOf(String.class, m.get("title"));
        }
    }

    private static void assertRedPixelPng(String base64) throws Exception {
        byte[] bytes = Base64.getDecoder().decode(base64);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(img, "not a readable PNG");
        assertEquals(1, img.getWidth());
        assertEquals(1, img.getHeight());
        assertEquals(0xFFFF0000, img.getRGB(0, 0));
    }

    /** Records what a tool sends back to the client; sampling and elicitation answer with canned replies. */
    static final class RecordingChannel implements ClientChannel {
        final List<String> progress = new ArrayList<>();
        final List<String> logs = new ArrayList<>();
        final List<Map<String, Object>> samplingRequests = new ArrayList<>();
        final List<Map<String, Object>> elicitRequests = new ArrayList<>();
        Map<String, Object> samplingReply = Map.of("role", "assistant",
                "content", Map.of("type", "text", "text", "canned"), "model", "m");
        Map<String, Object> elicitReply = Map.of("action", "accept", "content", Map.of());
        boolean unsupported;

        @Override
        public void progress(double value, Double total, String message) {
            progress.add(value + "/" + total + " " + message);
        }

        @Override
        public void log(LogLevel level, String logger, String message) {
            logs.add(level + " " + logger + " " + message);
        }

        @Override
        public Map<String, Object> createMessage(Map<String, Object> request) {
            if (unsupported) {
                throw new ToolException("unsupported", "The client does not support sampling.");
            }
            samplingRequests.add(request);
            return samplingReply;
        }

        @Override
        public Map<String, Object> elicit(Map<String, Object> request) {
            if (unsupported) {
                throw new ToolException("unsupported", "The client does not support elicitation.");
            }
            elicitRequests.add(request);
            return elicitReply;
        }
    }

    private record FakeToolCall(String toolName, Map<String, Object> args, ClientChannel client, boolean cancelled)
            implements ToolCall {
        @Override
        public Arguments arguments() {
            return new Arguments(args);
        }

        @Override
        public Caller caller() {
            return CALLER;
        }

        @Override
        public Database database() {
            throw new AssertionError("conformance fixtures must not touch the database");
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    private record FakeResourceRequest(String uri, Map<String, String> variables) implements ResourceRequest {
        @Override
        public Caller caller() {
            return CALLER;
        }

        @Override
        public Database database() {
            throw new AssertionError("conformance fixtures must not touch the database");
        }
    }
}
