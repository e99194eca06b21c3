package io.xugumcp.plugin.conformance;

import io.xugumcp.api.Completer;
import io.xugumcp.api.Content;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.PromptProvider;
import io.xugumcp.api.ResourceContents;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pf4j.Extension;

/** The prompts of the official MCP conformance suite, with completion for {@code test_prompt_with_arguments}. */
@Extension
public class ConformancePrompts implements PromptProvider {

    static final String SIMPLE_TEXT = "This is a simple prompt for testing.";
    static final String EMBEDDED_TEXT = "Embedded resource content for testing.";
    static final String EMBEDDED_FOLLOW_UP = "Please process the embedded resource above.";
    static final String IMAGE_FOLLOW_UP = "Please analyze the image above.";
    /** Completion candidates per argument of {@code test_prompt_with_arguments}. */
    static final Map<String, List<String>> CANDIDATES = Map.of(
            "arg1", List.of("paris", "park", "party", "test", "testValue1"),
            "arg2", List.of("world", "wonder", "test", "testValue2"));

    public ConformancePrompts() {
    }

    @Override
    public List<Prompt> prompts() {
        return List.of(
                new Prompt("test_simple_prompt", "Simple Test Prompt", "A simple prompt without arguments",
                        List.of(), Map.of(),
                        (args, caller) -> new Prompt.Result(null, List.of(
                                new Prompt.Message(Prompt.Role.USER, new Content.Text(SIMPLE_TEXT))))),
                new Prompt("test_prompt_with_arguments", "Prompt With Arguments", "A prompt with required arguments",
                        List.of(new Prompt.Argument("arg1", "First test argument", true),
                                new Prompt.Argument("arg2", "Second test argument", true)),
                        Map.of("arg1", completer("arg1"), "arg2", completer("arg2")),
                        (args, caller) -> new Prompt.Result(null, List.of(new Prompt.Message(Prompt.Role.USER,
                                new Content.Text(argumentsText(required(args, "arg1"), required(args, "arg2"))))))),
                new Prompt("test_prompt_with_embedded_resource", "Prompt With Embedded Resource",
                        "A prompt that includes an embedded resource",
                        List.of(new Prompt.Argument("resourceUri", "URI of the resource to embed", true)),
                        Map.of(),
                        (args, caller) -> new Prompt.Result(null, List.of(
                                new Prompt.Message(Prompt.Role.USER, new Content.EmbeddedResource(
                                        new ResourceContents.Text(required(args, "resourceUri"), "text/plain",
                                                EMBEDDED_TEXT))),
                                new Prompt.Message(Prompt.Role.USER, new Content.Text(EMBEDDED_FOLLOW_UP))))),
                new Prompt("test_prompt_with_image", "Prompt With Image", "A prompt that includes image content",
                        List.of(), Map.of(),
                        (args, caller) -> new Prompt.Result(null, List.of(
                                new Prompt.Message(Prompt.Role.USER,
                                        new Content.Image(Fixtures.PNG_BASE64, Fixtures.PNG_MIME)),
                                new Prompt.Message(Prompt.Role.USER, new Content.Text(IMAGE_FOLLOW_UP))))));
    }

    /** {@code Prompt with arguments: arg1='hello', arg2='world'}. */
    static String argumentsText(String arg1, String arg2) {
        return "Prompt with arguments: arg1='" + arg1 + "', arg2='" + arg2 + "'";
    }

    /** Suggests the candidates of {@code argument} starting with the typed prefix (case-insensitive). */
    static Completer completer(String argument) {
        List<String> candidates = CANDIDATES.get(argument);
        return (prefix, context) -> {
            String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
            return candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(p)).toList();
        };
    }

    private static String required(Map<String, String> args, String name) {
        String value = args == null ? null : args.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing required argument '" + name + "'");
        }
        return value;
    }
}
