package io.xugumcp.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An MCP prompt: its arguments, optional completers for them, and the handler that renders the messages.
 */
public record Prompt(String name, String title, String description, List<Argument> arguments,
                     Map<String, Completer> completers, Handler handler) {

    public Prompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        completers = completers == null ? Map.of() : Map.copyOf(completers);
    }

    /** A prompt argument. */
    public record Argument(String name, String description, boolean required) {
    }

    /** One message of a rendered prompt. */
    public record Message(Role role, Content content) {
    }

    /** The speaker of a message. */
    public enum Role { USER, ASSISTANT }

    /** A rendered prompt. */
    public record Result(String description, List<Message> messages) {
        public Result {
            messages = List.copyOf(messages);
        }
    }

    /** Renders the prompt for the given argument values. */
    @FunctionalInterface
    public interface Handler {
        Result render(Map<String, String> arguments, Caller caller) throws Exception;
    }
}
