package io.xugumcp.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.mcp.ServerDescription;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stdio channel from the first moments of the process. It reads the client's lines while the host is still
 * starting (database pool, audit trail and plugins take most of a second on a small machine), answers
 * {@code initialize} as soon as the configuration is read – the answer follows from the configuration alone, see
 * {@link ServerDescription} – and keeps every line, that {@code initialize} included, for the SDK session, which sees
 * them in order once it exists. The SDK's own answer to that {@code initialize} is dropped (the client has had one)
 * after checking that it says the same.
 *
 * <p>Why: clients count a server as started when {@code initialize} is answered, and some give up on a slow one; the
 * requests that need the host (tools/list, calls) simply wait in the pipe until it is ready. If the start fails after
 * all, every request still waiting is answered with the reason instead of a silent end of the stream.
 */
public final class StdioFrontDoor {
    /** Made on first use: starting the logging library is not on the way to the initialize answer. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(StdioFrontDoor.class);
    }
    private static final Object END = new Object();

    /** stdin: this class reads its first line, the transport the rest (one reader at a time, never two). */
    private final BufferedReader reader;
    /** Shared with {@link StdioTransport}, which writes under the same lock: one message per line, never interleaved. */
    private final OutputStream out;
    /** Made by the reader thread, so building Jackson does not hold up reading the configuration. */
    private volatile ObjectMapper tree;
    private final List<String> protocolVersions;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<ServerDescription> description = new CompletableFuture<>();
    private final Object failLock = new Object();
    private volatile String failure;
    /** True while an initialize waits for the configuration (guarded by failLock for the hand-over in failed()). */
    private boolean holding;
    /** True once the first line arrived or stdin ended (guarded by failLock). */
    private boolean started;
    /** True once the first line is in the queue and this class's reading thread is gone (guarded by failLock). */
    private boolean firstDone;
    /** True once a thread reads the rest to refuse it, the start having failed (guarded by failLock). */
    private boolean refusing;
    /** True once the transport took the first line: from then on it reads stdin itself. */
    private volatile boolean firstTaken;
    /** The initialize answered here, until the SDK's answer to it has been dropped. */
    private volatile Answered answered;

    private record Answered(String id, JsonNode result) {
    }

    /**
     * @param out              the process's real stdout, unbuffered; writers lock on it
     * @param protocolVersions the protocol versions the SDK server will support, oldest first
     */
    public StdioFrontDoor(InputStream in, OutputStream out, List<String> protocolVersions) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.out = out;
        this.protocolVersions = List.copyOf(protocolVersions);
    }

    /** Starts reading stdin. */
    public StdioFrontDoor open() {
        Thread t = new Thread(this::readFirst, "mcp-stdio-first-line");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** The configuration is read: {@code initialize} can be answered. */
    public void describe(ServerDescription self) {
        description.complete(self);
    }

    /**
     * The start failed: every request that arrived, and any that still arrives, is answered with {@code why}. Returns
     * once the requests read so far are answered; when nothing has arrived yet, it waits up to two seconds for the
     * initialize a client sends right after starting the server (a bad setting is found in well under a second).
     */
    public void failed(String why) {
        synchronized (failLock) {
            long firstBy = System.nanoTime() + 2_000_000_000L;
            while (!started && System.nanoTime() < firstBy) {
                try {
                    failLock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            failure = why;
            description.completeExceptionally(new IllegalStateException(why));
            for (Object line; (line = lines.poll()) != null; ) {
                if (line != END) {
                    refuse((String) line);
                }
            }
            // An initialize held for the configuration is refused by the reader: wait for it (briefly – the caller
            // is about to exit).
            long until = System.nanoTime() + 1_000_000_000L;
            while (holding && System.nanoTime() < until) {
                try {
                    failLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            // The first line is answered and nobody reads the rest yet: a thread of its own refuses it.
            if (firstDone && !firstTaken && !refusing) {
                refusing = true;
                Thread t = new Thread(this::refuseTheRest, "mcp-stdio-refusing");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /**
     * The next line from the client, in arrival order; null once stdin is closed. After the first line the caller
     * reads stdin on its own thread – no hand-off between threads on the way of each call. One caller at a time.
     */
    public String nextLine() throws InterruptedException, IOException {
        if (firstTaken) {
            return reader.readLine();
        }
        Object line = lines.take();
        firstTaken = true;
        return line == END ? null : (String) line;
    }

    /**
     * True for the SDK's answer to the {@code initialize} answered here: it must not reach the client a second time.
     * A different answer is logged (it would mean this class and the SDK disagree, a bug to fix here).
     */
    public boolean answeredAlready(McpSchema.JSONRPCMessage message) {
        Answered a = answered;
        if (a == null || !(message instanceof McpSchema.JSONRPCResponse r) || r.id() == null
                || !a.id().equals(String.valueOf(r.id()))) {
            return false;
        }
        answered = null;
        JsonNode sdk = r.error() != null ? tree().valueToTree(r.error()) : tree().valueToTree(r.result());
        if (!a.result().equals(sdk)) {
            Log.LOG.warn("initialize was answered before the server was ready with {}, but the server answers {}",
                    a.result(), sdk);
        }
        return true;
    }

    private ObjectMapper tree() {
        ObjectMapper t = tree;
        if (t == null) {
            t = new ObjectMapper();
            tree = t;
        }
        return t;
    }

    /** Reads the first line, answers it when it is initialize, and leaves it (and stdin) to the transport. */
    private void readFirst() {
        tree();
        String first = null;
        try {
            do {
                first = reader.readLine();
            } while (first != null && first.isBlank());
        } catch (IOException e) {
            Log.LOG.debug("stdin closed with an error: {}", e.toString());
        }
        synchronized (failLock) {
            started = true;
            holding = first != null;
            failLock.notifyAll();
        }
        if (first != null) {
            answerInitialize(first);
        }
        boolean refuseHere;
        synchronized (failLock) {
            holding = false;
            firstDone = true;
            failLock.notifyAll();
            refuseHere = failure != null && !refusing;
            if (refuseHere) {
                refusing = true;
                if (first != null) {
                    refuse(first);
                }
            } else {
                lines.add(first == null ? END : first);
            }
        }
        if (refuseHere) {
            refuseTheRest();
        }
    }

    /** The start failed: every request still arriving gets the reason, until stdin ends. */
    private void refuseTheRest() {
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    refuse(line);
                }
            }
        } catch (IOException e) {
            Log.LOG.debug("stdin closed with an error: {}", e.toString());
        }
    }

    /** Answers {@code line} at once when it is a well-formed {@code initialize}; anything else is the SDK's to judge. */
    private void answerInitialize(String line) {
        JsonNode request;
        try {
            request = tree().readTree(line);
        } catch (IOException e) {
            return;
        }
        if (request == null || !"initialize".equals(request.path("method").asText(null))
                || !request.path("params").path("protocolVersion").isTextual()) {
            return;
        }
        JsonNode id = request.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
            return;
        }
        ServerDescription self;
        try {
            self = description.get();
        } catch (ExecutionException e) {
            return; // failed(): the line is refused with the reason
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String requested = request.path("params").path("protocolVersion").asText();
        JsonNode result = resultJson(self.initializeResult(requested, protocolVersions));
        ObjectNode answer = tree().createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        answer.set("result", result);
        answered = new Answered(id.asText(), result);
        write(answer);
    }

    /**
     * The answer's JSON, written field by field: serializing the SDK's records the first time costs Jackson's
     * introspection, tens of milliseconds on the way to the answer. Capabilities this does not know (experimental,
     * extensions) take the slow way. A test checks it is exactly what the SDK writes.
     */
    ObjectNode resultJson(McpSchema.InitializeResult r) {
        ObjectNode json = tree().createObjectNode();
        json.put("protocolVersion", r.protocolVersion());
        McpSchema.ServerCapabilities c = r.capabilities();
        if (c.experimental() != null || c.extensions() != null) {
            json.set("capabilities", tree().valueToTree(c));
        } else {
            ObjectNode caps = json.putObject("capabilities");
            if (c.completions() != null) {
                caps.putObject("completions");
            }
            if (c.logging() != null) {
                caps.putObject("logging");
            }
            if (c.prompts() != null) {
                flag(caps.putObject("prompts"), "listChanged", c.prompts().listChanged());
            }
            if (c.resources() != null) {
                ObjectNode resources = caps.putObject("resources");
                flag(resources, "subscribe", c.resources().subscribe());
                flag(resources, "listChanged", c.resources().listChanged());
            }
            if (c.tools() != null) {
                flag(caps.putObject("tools"), "listChanged", c.tools().listChanged());
            }
        }
        McpSchema.Implementation info = r.serverInfo();
        if (info.title() != null || info.description() != null || info.icons() != null || info.websiteUrl() != null) {
            json.set("serverInfo", tree().valueToTree(info));
        } else {
            json.putObject("serverInfo").put("name", info.name()).put("version", info.version());
        }
        if (r.instructions() != null) {
            json.put("instructions", r.instructions());
        }
        if (r.meta() != null) {
            json.set("_meta", tree().valueToTree(r.meta()));
        }
        return json;
    }

    private static void flag(ObjectNode json, String name, Boolean value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    /** Answers a request that arrived for a server whose start failed. */
    private void refuse(String line) {
        JsonNode request;
        try {
            request = tree().readTree(line);
        } catch (IOException e) {
            return;
        }
        JsonNode id = request == null ? null : request.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || !request.hasNonNull("method")) {
            return; // a notification or a response: nothing to answer
        }
        ObjectNode answer = tree().createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        ObjectNode error = answer.putObject("error");
        error.put("code", McpSchema.ErrorCodes.INTERNAL_ERROR);
        error.put("message", "xugu-mcp could not start: " + failure + " (the server's log on stderr has the details)");
        write(answer);
    }

    private void write(JsonNode message) {
        try {
            byte[] json = tree().writeValueAsBytes(message);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            synchronized (out) {
                out.write(line); // one write: the stream is unbuffered
                out.flush();
            }
        } catch (IOException e) {
            Log.LOG.debug("could not write to stdout: {}", e.toString());
        }
    }
}
