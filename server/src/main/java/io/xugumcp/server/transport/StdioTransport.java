package io.xugumcp.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.xugumcp.api.Caller;
import io.xugumcp.server.mcp.Callers;
import io.xugumcp.server.mcp.ErrorText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Newline-delimited JSON-RPC over stdin/stdout that survives bad input. The SDK's own stdio transport ends the
 * session on the first malformed line; this one answers a JSON-RPC parse error (-32700) or invalid-request error
 * (-32600) and keeps serving. Messages are written under a lock straight to the stream it was given – the process's
 * original stdout, never {@code System.out}, which the launcher points at stderr.
 */
public final class StdioTransport implements McpServerTransportProvider {
    private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);
    /** Lines longer than this are refused rather than parsed (a runaway client must not exhaust memory). */
    private static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    /** One line from the client, null at the end of input. */
    @FunctionalInterface
    interface Lines {
        String next() throws IOException, InterruptedException;
    }

    private final McpJsonMapper json;
    private final ObjectMapper tree;
    private final Lines lines;
    /** Where messages go, buffered; writers lock on {@link #lock}, the stream given (shared with a front door). */
    private final OutputStream out;
    private final Object lock;
    /** The front door that read stdin and may have answered initialize; null when this transport reads stdin itself. */
    private final StdioFrontDoor door;
    /** The caller of every request on this stream, asked per message (a configuration reload may change its role). */
    private final java.util.function.Supplier<Caller> caller;
    /** Requests handled on the thread that read them, after it handed the reading to another thread. */
    private static final java.util.Set<String> SLOW_METHODS = java.util.Set.of(
            McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_RESOURCES_READ, McpSchema.METHOD_PROMPT_GET,
            McpSchema.METHOD_COMPLETION_COMPLETE);
    /** At most this many requests run at once; then reading waits for one to end. */
    private static final int MAX_THREADS = 64;

    private final AtomicBoolean closing = new AtomicBoolean();
    /** The reading thread and the requests handed over to theirs; idle threads end after a minute. */
    private final java.util.concurrent.ThreadPoolExecutor readers = new java.util.concurrent.ThreadPoolExecutor(
            0, MAX_THREADS, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
            new java.util.concurrent.ThreadFactory() {
                private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "mcp-stdio-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });
    private final CountDownLatch finished = new CountDownLatch(1);
    private final io.xugumcp.server.mcp.Cancellations cancellations;
    private volatile McpServerSession session;

    /** @param caller the caller of every request on this stream (the configured stdio caller) */
    public StdioTransport(McpJsonMapper json, ObjectMapper tree, InputStream in, OutputStream out, Caller caller) {
        this(json, tree, in, out, () -> caller, null);
    }

    /**
     * @param caller        the caller of every request on this stream, asked per message (a reload may change it)
     * @param cancellations where client cancellations are recorded; null to ignore them
     */
    public StdioTransport(McpJsonMapper json, ObjectMapper tree, InputStream in, OutputStream out,
                          java.util.function.Supplier<Caller> caller, io.xugumcp.server.mcp.Cancellations cancellations) {
        this(json, tree, readerOf(in)::readLine, null, out, caller, cancellations);
    }

    /**
     * Serves the lines {@code door} read (it may have answered initialize already) on {@code out}, the stream the
     * door writes to.
     */
    public StdioTransport(McpJsonMapper json, ObjectMapper tree, StdioFrontDoor door, OutputStream out,
                          java.util.function.Supplier<Caller> caller, io.xugumcp.server.mcp.Cancellations cancellations) {
        this(json, tree, door::nextLine, door, out, caller, cancellations);
    }

    private StdioTransport(McpJsonMapper json, ObjectMapper tree, Lines lines, StdioFrontDoor door, OutputStream out,
                           java.util.function.Supplier<Caller> caller, io.xugumcp.server.mcp.Cancellations cancellations) {
        this.caller = caller;
        this.cancellations = cancellations;
        this.json = json;
        this.tree = tree;
        this.lines = lines;
        this.door = door;
        this.lock = out;
        // One write(2) per message: the message and its newline leave the buffer together on flush.
        this.out = new java.io.BufferedOutputStream(out, 1 << 16);
    }

    private static BufferedReader readerOf(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public java.util.List<String> protocolVersions() {
        return io.xugumcp.server.mcp.ServerDescription.PROTOCOL_VERSIONS;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        this.session = factory.create(new SessionTransport());
        readers.execute(this::readLoop);
    }

    /** Blocks until stdin is closed (the client went away). */
    public void awaitEnd() throws InterruptedException {
        finished.await();
    }

    /**
     * Reads lines until this thread hands the reading over. A request that may take a while (a tool call, a resource
     * read, …) is handled on the thread that read it – its answer then leaves without waiting for another thread to
     * wake up, which on a busy two-core machine is a good part of a small call's time – after another thread has
     * taken over the reading, so later lines (other calls, cancellations, answers to this call's elicitation) are
     * read meanwhile. With every thread busy the reading waits for this call to end: back-pressure, not a queue.
     * Everything else (initialize, lists, notifications) is handled in order by the reading thread. The SDK server
     * must run handlers on the calling thread ({@code immediateExecution}); without it, it hops to its own pool
     * as before.
     */
    private void readLoop() {
        boolean handedOver = false;
        try {
            String line;
            while (!closing.get() && (line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message = parse(line);
                if (message == null) {
                    continue;
                }
                if (mayTakeAWhile(message) && handOverReading()) {
                    handedOver = true;
                    handle(message);
                    return;
                }
                handle(message);
            }
        } catch (IOException e) {
            if (!closing.get()) {
                LOG.warn("stdin closed with an error: {}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!handedOver) {
                closing.set(true);
                McpServerSession s = session;
                if (s != null) {
                    s.close();
                }
                readers.shutdown();
                finished.countDown();
            }
        }
    }

    private static boolean mayTakeAWhile(McpSchema.JSONRPCMessage message) {
        return message instanceof McpSchema.JSONRPCRequest r && SLOW_METHODS.contains(r.method());
    }

    private boolean handOverReading() {
        try {
            readers.execute(this::readLoop);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException busy) {
            return false;
        }
    }

    /** The message on {@code line}, or null when the line was answered with an error or needs no handling. */
    private McpSchema.JSONRPCMessage parse(String line) {
        if (line.length() > MAX_LINE_CHARS) {
            writeError(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Message too large (" + line.length() + " characters)");
            return null;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, line);
        } catch (IOException | RuntimeException e) {
            // Only a bad line pays for a second parse, to tell broken JSON from a message that is not JSON-RPC.
            JsonNode node;
            try {
                node = tree.readTree(line);
            } catch (IOException notJson) {
                writeError(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line is not valid JSON");
                return null;
            }
            JsonNode id = node != null && node.isObject() ? node.get("id") : null;
            writeError(id, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: not a JSON-RPC 2.0 message");
            return null;
        }
        return cancellations == null ? message : noteCancellation(message);
    }

    private void handle(McpSchema.JSONRPCMessage message) {
        session.handle(message)
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, Callers.context(caller.get())))
                .subscribe(null, err -> LOG.warn("Failed to handle message: {}", err.toString()));
    }

    /**
     * Records {@code notifications/cancelled} (which the SDK does not handle; it is not passed on) and stamps every
     * {@code tools/call} with its request id, so the call can see its own cancellation.
     */
    private McpSchema.JSONRPCMessage noteCancellation(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCNotification n && "notifications/cancelled".equals(n.method())) {
            if (n.params() instanceof java.util.Map<?, ?> p) {
                cancellations.cancel(p.get("requestId"));
            }
            return null;
        }
        if (message instanceof McpSchema.JSONRPCRequest r && "tools/call".equals(r.method())
                && r.params() instanceof java.util.Map<?, ?> p && r.id() != null) {
            java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
            p.forEach((k, v) -> params.put(String.valueOf(k), v));
            java.util.Map<String, Object> meta = new java.util.LinkedHashMap<>();
            if (params.get("_meta") instanceof java.util.Map<?, ?> m) {
                m.forEach((k, v) -> meta.put(String.valueOf(k), v));
            }
            meta.put(io.xugumcp.server.mcp.Cancellations.META_KEY, r.id());
            params.put("_meta", meta);
            return new McpSchema.JSONRPCRequest(r.jsonrpc(), r.method(), r.id(), params);
        }
        return message;
    }

    private void writeError(JsonNode id, int code, String message) {
        ObjectNode err = tree.createObjectNode();
        err.put("jsonrpc", "2.0");
        if (id == null || !(id.isTextual() || id.isNumber())) {
            err.putNull("id");
        } else {
            err.set("id", id);
        }
        ObjectNode e = err.putObject("error");
        e.put("code", code);
        e.put("message", message);
        try {
            writeLine(tree.writeValueAsString(err));
        } catch (IOException io) {
            LOG.warn("Could not write error reply: {}", io.toString());
        }
    }

    private void writeLine(String jsonText) throws IOException {
        writeLine(jsonText.getBytes(StandardCharsets.UTF_8));
    }

    private void writeLine(byte[] bytes) throws IOException {
        synchronized (lock) {
            out.write(bytes);
            out.write('\n');
            out.flush();
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        closing.set(true);
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.closeGracefully();
    }

    private final class SessionTransport implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> {
                if (door != null && door.answeredAlready(message)) {
                    return;
                }
                try {
                    // Jackson escapes control characters inside strings, so a message is always one line.
                    // Straight to UTF-8 bytes: no intermediate UTF-16 String of a possibly large answer.
                    writeLine(json.writeValueAsBytes(ErrorText.scrub(message)));
                } catch (IOException e) {
                    if (!closing.get()) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return json.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(() -> closing.set(true));
        }

        @Override
        public void close() {
            closing.set(true);
        }
    }
}
