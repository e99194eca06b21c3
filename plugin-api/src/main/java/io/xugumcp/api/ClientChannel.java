package io.xugumcp.api;

import java.util.Map;

/**
 * The way back to the client during a request. Progress is only sent when the client asked for it (it passed a
 * progress token); log messages respect the client's chosen level. Sampling and elicitation take and return the
 * JSON shapes of the MCP specification ({@code sampling/createMessage}, {@code elicitation/create}) as maps, so this
 * API carries no JSON library; they throw {@link ToolException} when the client does not support them.
 */
public interface ClientChannel {

    /** Reports progress; {@code total} and {@code message} may be {@code null}. */
    void progress(double progress, Double total, String message);

    /** Sends a log message notification ({@code notifications/message}). */
    void log(LogLevel level, String logger, String message);

    /** Asks the client's model for a completion ({@code sampling/createMessage}) and returns the client's result. */
    Map<String, Object> createMessage(Map<String, Object> request);

    /** Asks the user for input through the client ({@code elicitation/create}) and returns the client's result. */
    Map<String, Object> elicit(Map<String, Object> request);

    /**
     * True when the client declared the elicitation capability, so {@link #elicit} can ask the person.
     *
     * @since 0.3.0
     */
    default boolean supportsElicitation() {
        return false;
    }

    /**
     * True when the client declared the sampling capability, so {@link #createMessage} can be used.
     *
     * @since 0.3.0
     */
    default boolean supportsSampling() {
        return false;
    }

    /** MCP log levels. */
    enum LogLevel { DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY }
}
