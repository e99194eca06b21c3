package io.xugumcp.testing;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The client on the other side of a call: records the progress and log notifications a plugin sends, and answers its
 * elicitation and sampling requests with the answers the test scripted, in order. It declares the elicitation and
 * sampling capabilities unless told otherwise (to test a plugin's fallback for clients without them).
 * The plugin talks to it through the host's real channel, so the messages are exactly what a client would get.
 */
public final class RecordingClient implements McpLoggableSession {
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };
    private final McpJsonMapper json;
    private final List<Progress> progress = Collections.synchronizedList(new ArrayList<>());
    private final List<Log> logs = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> elicitations = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> samplings = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Map<String, Object>> elicitationAnswers = new ArrayDeque<>();
    private final Deque<Map<String, Object>> samplingAnswers = new ArrayDeque<>();
    private volatile boolean elicitation = true;
    private volatile boolean sampling = true;
    private volatile McpSchema.LoggingLevel minLevel = McpSchema.LoggingLevel.DEBUG;

    RecordingClient(McpJsonMapper json) {
        this.json = json;
    }

    /** A progress notification. */
    public record Progress(double progress, Double total, String message) {
    }

    /** A log notification ({@code notifications/message}). */
    public record Log(String level, String logger, String message) {
    }

    /** Scripts the answer to the next elicitation: the person accepted and entered {@code content}. */
    public RecordingClient accept(Map<String, Object> content) {
        return answerElicitation(Map.of("action", "accept", "content", content));
    }

    /** Scripts the answer to the next elicitation: the person declined. */
    public RecordingClient decline() {
        return answerElicitation(Map.of("action", "decline"));
    }

    /** Scripts the answer to the next elicitation, in the shape of the MCP {@code ElicitResult}. */
    public synchronized RecordingClient answerElicitation(Map<String, Object> result) {
        elicitationAnswers.addLast(Map.copyOf(result));
        return this;
    }

    /** Scripts the answer to the next sampling request, in the shape of the MCP {@code CreateMessageResult}. */
    public synchronized RecordingClient answerSampling(Map<String, Object> result) {
        samplingAnswers.addLast(Map.copyOf(result));
        return this;
    }

    /** Whether this client declares the elicitation capability (default yes). */
    public RecordingClient elicitationSupported(boolean supported) {
        this.elicitation = supported;
        return this;
    }

    /** Whether this client declares the sampling capability (default yes). */
    public RecordingClient samplingSupported(boolean supported) {
        this.sampling = supported;
        return this;
    }

    public List<Progress> progress() {
        synchronized (progress) {
            return List.copyOf(progress);
        }
    }

    public List<Log> logs() {
        synchronized (logs) {
            return List.copyOf(logs);
        }
    }

    /** The elicitation requests the plugin sent ({@code message}, {@code requestedSchema}). */
    public List<Map<String, Object>> elicitations() {
        synchronized (elicitations) {
            return List.copyOf(elicitations);
        }
    }

    /** The sampling requests the plugin sent. */
    public List<Map<String, Object>> samplings() {
        synchronized (samplings) {
            return List.copyOf(samplings);
        }
    }

    /** Forgets what was recorded and any answers not used yet. */
    public synchronized void clear() {
        progress.clear();
        logs.clear();
        elicitations.clear();
        samplings.clear();
        elicitationAnswers.clear();
        samplingAnswers.clear();
    }

    McpSchema.ClientCapabilities capabilities() {
        McpSchema.ClientCapabilities.Builder b = McpSchema.ClientCapabilities.builder();
        if (elicitation) {
            b.elicitation();
        }
        if (sampling) {
            b.sampling();
        }
        return b.build();
    }

    @Override
    public <T> Mono<T> sendRequest(String method, Object requestParams, TypeRef<T> typeRef) {
        Map<String, Object> params = json.convertValue(requestParams, MAP);
        Map<String, Object> answer;
        synchronized (this) {
            if (McpSchema.METHOD_ELICITATION_CREATE.equals(method)) {
                elicitations.add(params);
                answer = elicitationAnswers.pollFirst();
            } else if (McpSchema.METHOD_SAMPLING_CREATE_MESSAGE.equals(method)) {
                samplings.add(params);
                answer = samplingAnswers.pollFirst();
            } else {
                return Mono.error(new IllegalStateException("the recording client does not answer " + method));
            }
        }
        if (answer == null) {
            return Mono.error(new IllegalStateException("the test scripted no answer for " + method
                    + " (use client().accept(...), decline() or answerSampling(...))"));
        }
        return Mono.just(json.convertValue(answer, typeRef));
    }

    @Override
    public Mono<Void> sendNotification(String method, Object params) {
        if (McpSchema.METHOD_NOTIFICATION_PROGRESS.equals(method)
                && params instanceof McpSchema.ProgressNotification p) {
            progress.add(new Progress(p.progress(), p.total(), p.message()));
        } else if (McpSchema.METHOD_NOTIFICATION_MESSAGE.equals(method)
                && params instanceof McpSchema.LoggingMessageNotification m) {
            logs.add(new Log(m.level().name(), m.logger(), String.valueOf(m.data())));
        }
        return Mono.empty();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public void close() {
    }

    @Override
    public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
        this.minLevel = level;
    }

    @Override
    public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
        return level.level() >= minLevel.level();
    }
}
