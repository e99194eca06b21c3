package io.xugumcp.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * requests that need the host (calls) simply wait until it is ready. The {@code tools/list} a client sends next is
 * answered at once too when an earlier start with the same configuration and jars kept its answer ({@link
 * ToolListCache}); the host answers it again when ready and, should the list differ, the client is sent {@code
 * notifications/tools/list_changed}. If the start fails after all, every request still waiting is answered with the
 * reason instead of a silent end of the stream.
 */
public final class StdioFrontDoor {
    /** Made on first use: starting the logging library is not on the way to the initialize answer. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(StdioFrontDoor.class);
    }
    private static final Object END = new Object();
    /** Jackson's streaming layer only: what the first answers need, without starting the object mapper. */
    private static final JsonFactory CORE = new JsonFactory();
    /** In the queue after the last line this class read: from then on the transport reads stdin itself. */
    private static final Object HANDED_OVER = new Object();

    /** stdin: this class reads until the transport asks for lines, the transport the rest (one reader at a time). */
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
    /** True while this class's thread reads stdin after the first line (guarded by failLock). */
    private boolean readingAhead;
    /** True once the transport took the first line. */
    private volatile boolean firstTaken;
    /** True once the transport asked for a line: this class's thread stops reading at its next line. */
    private volatile boolean handOver;
    /** True once this class's thread stopped reading: the transport reads stdin itself (no queue hop per call). */
    private volatile boolean direct;
    /** Requests answered here (by id), until the SDK's answer to each has been dropped. */
    private final java.util.Map<String, Answered> answered = new java.util.concurrent.ConcurrentHashMap<>();
    /** Ids of tools/list requests not answered here, whose answer from the host is kept for the next start. */
    private final java.util.Set<String> toKeep = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile ToolListCache toolLists;
    /** The tool list kept under the configuration's inputs; null: only {@link #toolLists}, once it is read. */
    private volatile ToolListCache earlyToolLists;
    /** The description kept by the last start with the same inputs: initialize need not wait for the configuration. */
    private volatile DescriptionCache descriptions;
    /** The instructions initialize was answered with before the configuration was read, or null. */
    private volatile String answeredFromKept;
    /** True once initialize was answered here: before that, no other answer may reach the client. */
    private volatile boolean initializeAnswered;
    private volatile String cachedToolList;
    private boolean cacheRead;

    /** @param result the answer's result as sent (JSON text: read into a tree only to compare, off the way) */
    private record Answered(String method, String result) {
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
        describe(self, null);
    }

    /** As {@link #describe(ServerDescription)}, with the tool list kept by earlier starts ({@code null}: none). */
    public void describe(ServerDescription self, ToolListCache toolLists) {
        ToolListCache byInputs = earlyToolLists;
        if (byInputs != null && toolLists != null && byInputs.usable()) {
            byInputs.configured(toolLists);
            this.toolLists = byInputs; // what the next start can check before reading its configuration
        } else {
            this.toolLists = toolLists;
        }
        description.complete(self);
        DescriptionCache d = descriptions;
        if (d != null) {
            String early = answeredFromKept;
            if (early != null && !early.equals(self.instructions())) {
                Log.LOG.warn("initialize was answered with the description kept by the last start, which differs from"
                        + " this configuration's: {} / {}", early, self.instructions());
            }
            if (!self.instructions().equals(d.load())) {
                d.store(self.instructions());
            }
        }
    }

    /**
     * Lets {@code initialize} be answered from the description the last start with the same inputs kept, before the
     * configuration is read. Call before {@link #open()}.
     */
    public StdioFrontDoor keptDescriptions(DescriptionCache descriptions) {
        this.descriptions = descriptions;
        return this;
    }

    /**
     * Lets the {@code tools/list} after {@code initialize} be answered from the list kept under the configuration's
     * inputs ({@link ToolListCache#beforeConfiguration}) before the configuration is read. Call before {@link #open()}.
     */
    public StdioFrontDoor keptToolLists(ToolListCache beforeConfiguration) {
        this.earlyToolLists = beforeConfiguration;
        return this;
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
            // The first line is answered and nobody reads the rest yet: a thread of its own refuses it. (While this
            // class's thread reads ahead, it refuses what it reads from now on.)
            if (firstDone && !firstTaken && !refusing && !readingAhead) {
                refusing = true;
                Thread t = new Thread(this::refuseTheRest, "mcp-stdio-refusing");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /**
     * The next line from the client, in arrival order; null once stdin is closed. Once the lines read ahead are taken,
     * the caller reads stdin on its own thread – no hand-off between threads on the way of each call. One caller at a
     * time.
     */
    public String nextLine() throws InterruptedException, IOException {
        if (direct) {
            return reader.readLine();
        }
        handOver = true;
        Object line = lines.take();
        firstTaken = true;
        if (line == HANDED_OVER) {
            direct = true;
            return reader.readLine();
        }
        if (line == END) {
            lines.add(END); // a later call ends too
            return null;
        }
        return (String) line;
    }

    /**
     * True for the SDK's answer to a request answered here ({@code initialize}, a {@code tools/list} from the kept
     * list): it must not reach the client a second time. A different initialize answer is logged (it would mean this
     * class and the SDK disagree, a bug to fix here); a different tool list is the list having changed since it was
     * kept: the client is told to list the tools again, and the new list is kept.
     */
    public boolean answeredAlready(McpSchema.JSONRPCMessage message) {
        if (!(message instanceof McpSchema.JSONRPCResponse r) || r.id() == null
                || answered.isEmpty() && toKeep.isEmpty()) {
            return false;
        }
        String id = String.valueOf(r.id());
        if (toKeep.remove(id)) {
            keep(r);
            return false;
        }
        Answered a = answered.remove(id);
        if (a == null) {
            return false;
        }
        JsonNode sdk = r.error() != null ? tree().valueToTree(r.error()) : tree().valueToTree(r.result());
        JsonNode sent;
        try {
            sent = tree().readTree(a.result());
        } catch (IOException e) {
            sent = null;
        }
        if (a.method().equals("initialize")) {
            if (!sdk.equals(sent)) {
                Log.LOG.warn("initialize was answered before the server was ready with {}, but the server answers {}",
                        sent, sdk);
            }
            return true;
        }
        // As trees read from text: key order is not kept (schemas are often Map.of, whose order changes from run to
        // run), and numbers compare by the form they take in JSON.
        JsonNode now = null;
        try {
            now = r.error() == null ? tree().readTree(text(sdk)) : null;
        } catch (IOException | RuntimeException e) {
            // compared as different
        }
        if (sent == null || !sent.equals(now)) {
            Log.LOG.info("The tool list differs from the one kept by an earlier start: the client is told to list the"
                    + " tools again (notifications/tools/list_changed).");
            keep(r);
            ObjectNode changed = tree().createObjectNode();
            changed.put("jsonrpc", "2.0");
            changed.put("method", "notifications/tools/list_changed");
            write(changed);
        }
        return true;
    }

    /** Keeps the host's tools/list answer for the next start. */
    private void keep(McpSchema.JSONRPCResponse r) {
        ToolListCache c = toolLists;
        if (c != null && r.error() == null && r.result() != null) {
            String text = text(tree().valueToTree(r.result()));
            if (text != null) {
                c.store(text);
            }
        }
    }

    private String text(JsonNode json) {
        try {
            return tree().writeValueAsString(json);
        } catch (IOException e) {
            return null;
        }
    }

    private ObjectMapper tree() {
        ObjectMapper t = tree;
        if (t == null) {
            t = new ObjectMapper();
            tree = t;
        }
        return t;
    }

    /**
     * Reads the first line and answers it when it is initialize, then reads ahead – answering a tools/list from the
     * kept list – until the transport asks for lines; every line goes to the transport, in order.
     */
    private void readFirst() {
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
            try {
                answerInitialize(first);
            } catch (RuntimeException e) {
                // This thread must live on: the line still goes to the host, which answers it.
                Log.LOG.debug("could not answer initialize early: {}", e.toString());
            }
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
                readingAhead = first != null;
            }
        }
        if (refuseHere) {
            refuseTheRest();
        } else if (first != null) {
            readAhead();
        }
    }

    /** Reads lines for the transport until it asks for them (or the start fails: then they are refused here). */
    private void readAhead() {
        Object last = END;
        try {
            while (!handOver) {
                String line = reader.readLine();
                if (line != null && !line.isBlank()) {
                    try {
                        answerToolsList(line);
                    } catch (RuntimeException e) {
                        // This thread must live on: the line still goes to the host, which answers it.
                        Log.LOG.debug("could not answer tools/list from the kept list: {}", e.toString());
                    }
                }
                // Queued under the lock failed() takes: a line is either queued before it refuses the queue, or
                // refused here.
                synchronized (failLock) {
                    if (failure != null) {
                        readingAhead = false;
                        refusing = true;
                        if (line != null) {
                            refuse(line);
                        }
                        last = null;
                        break;
                    }
                    if (line == null) {
                        break;
                    }
                    lines.add(line);
                }
            }
            if (handOver) {
                last = HANDED_OVER;
            }
        } catch (IOException e) {
            Log.LOG.debug("stdin closed with an error: {}", e.toString());
        }
        if (last == null) {
            refuseTheRest();
            return;
        }
        synchronized (failLock) {
            readingAhead = false;
            lines.add(last);
        }
    }

    /**
     * Answers {@code line} at once when it is a {@code tools/list} (first page) and an earlier start with the same
     * configuration and jars kept its answer; either way, the host's answer to it is compared or kept.
     */
    private void answerToolsList(String line) {
        if (!initializeAnswered || failure != null || !line.contains("tools/list")) {
            return;
        }
        ToolListCache early = earlyToolLists;
        boolean beforeConfiguration = early != null && early.usable();
        if (!beforeConfiguration) {
            try {
                // The kept tool list needs the configuration (initialize may have been answered before it was read).
                description.get();
            } catch (ExecutionException e) {
                return; // failed(): the line is refused with the reason
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ToolListCache lists = beforeConfiguration ? early : toolLists;
        if (lists == null) {
            return;
        }
        Head request = Head.of(line);
        if (request == null || request.id() == null || !"tools/list".equals(request.method()) || request.cursor()
                || answered.containsKey(request.id())) {
            return;
        }
        if (!cacheRead) {
            cacheRead = true;
            cachedToolList = lists.load();
        }
        String kept = cachedToolList;
        cachedToolList = null; // once: a later tools/list is the host's to answer
        if (kept == null) {
            toKeep.add(request.id());
            return;
        }
        answered.put(request.id(), new Answered("tools/list", kept));
        writeAnswer(request, kept);
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
        Head request = Head.of(line);
        if (request == null || request.id() == null || !"initialize".equals(request.method())
                || request.protocolVersion() == null) {
            return;
        }
        ServerDescription self;
        try {
            self = description.getNow(null);
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return; // failed(): the line is refused with the reason
        }
        String kept = self == null && descriptions != null ? descriptions.load() : null;
        if (kept != null && !description.isDone()) {
            self = ServerDescription.of(descriptions.version(), kept);
            answeredFromKept = kept;
        } else {
            try {
                self = description.get();
            } catch (ExecutionException e) {
                return; // failed(): the line is refused with the reason
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String result = resultJson(self.initializeResult(request.protocolVersion(), protocolVersions));
        answered.put(request.id(), new Answered("initialize", result));
        writeAnswer(request, result);
        initializeAnswered = true;
    }

    /** Writes {@code {"jsonrpc":"2.0","id":…,"result":…}} with the request's id as the client wrote it. */
    private void writeAnswer(Head request, String resultJson) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(resultJson.length() + 64);
        try (JsonGenerator g = CORE.createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeFieldName("id");
            if (request.idIsNumber()) {
                g.writeNumber(request.id());
            } else {
                g.writeString(request.id());
            }
            g.writeFieldName("result");
            g.writeRawValue(resultJson);
            g.writeEndObject();
        } catch (IOException e) {
            return;
        }
        buf.write('\n');
        writeLine(buf.toByteArray());
    }

    /**
     * What the front door needs of a request line, read with Jackson's streaming parser: the full object mapper takes
     * ~300 classes and tens of milliseconds to start, more than the rest of the way to the initialize answer.
     *
     * @param id       the id as written (a string's content, or a number's digits); null when missing or another type
     * @param cursor   true when params has a non-null cursor
     */
    record Head(String method, String id, boolean idIsNumber, String protocolVersion, boolean cursor) {
        static Head of(String line) {
            try (JsonParser p = CORE.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                String method = null;
                String id = null;
                boolean number = false;
                String version = null;
                boolean cursor = false;
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("method") && v == JsonToken.VALUE_STRING) {
                        method = p.getText();
                    } else if (name.equals("id") && (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT)) {
                        id = p.getText();
                        number = v == JsonToken.VALUE_NUMBER_INT;
                    } else if (name.equals("params") && v == JsonToken.START_OBJECT) {
                        for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                            String field = p.currentName();
                            JsonToken fv = p.nextToken();
                            if (field.equals("protocolVersion") && fv == JsonToken.VALUE_STRING) {
                                version = p.getText();
                            } else if (field.equals("cursor") && fv != JsonToken.VALUE_NULL) {
                                cursor = true;
                            }
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                return new Head(method, id, number, version, cursor);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * The answer's JSON, written field by field: serializing the SDK's records the first time costs Jackson's
     * introspection, tens of milliseconds on the way to the answer. Capabilities or server info this does not know
     * (experimental, extensions, icons, _meta) take the slow way. A test checks it is exactly what the SDK writes.
     */
    String resultJson(McpSchema.InitializeResult r) {
        McpSchema.ServerCapabilities c = r.capabilities();
        McpSchema.Implementation info = r.serverInfo();
        if (c.experimental() != null || c.extensions() != null || info.title() != null || info.description() != null
                || info.icons() != null || info.websiteUrl() != null || r.meta() != null) {
            return text(tree().valueToTree(r));
        }
        java.io.StringWriter out = new java.io.StringWriter(512);
        try (JsonGenerator g = CORE.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("protocolVersion", r.protocolVersion());
            g.writeObjectFieldStart("capabilities");
            if (c.completions() != null) {
                g.writeObjectFieldStart("completions");
                g.writeEndObject();
            }
            if (c.logging() != null) {
                g.writeObjectFieldStart("logging");
                g.writeEndObject();
            }
            if (c.prompts() != null) {
                g.writeObjectFieldStart("prompts");
                flag(g, "listChanged", c.prompts().listChanged());
                g.writeEndObject();
            }
            if (c.resources() != null) {
                g.writeObjectFieldStart("resources");
                flag(g, "subscribe", c.resources().subscribe());
                flag(g, "listChanged", c.resources().listChanged());
                g.writeEndObject();
            }
            if (c.tools() != null) {
                g.writeObjectFieldStart("tools");
                flag(g, "listChanged", c.tools().listChanged());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("serverInfo");
            g.writeStringField("name", info.name());
            g.writeStringField("version", info.version());
            g.writeEndObject();
            if (r.instructions() != null) {
                g.writeStringField("instructions", r.instructions());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void flag(JsonGenerator g, String name, Boolean value) throws IOException {
        if (value != null) {
            g.writeBooleanField(name, value);
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
        if (answered.containsKey(id.asText())) {
            return; // answered here already (the start failed after that)
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
            writeLine(line);
        } catch (IOException e) {
            Log.LOG.debug("could not write to stdout: {}", e.toString());
        }
    }

    /** One write of one line: the stream is unbuffered, writers lock on it. */
    private void writeLine(byte[] line) {
        try {
            synchronized (out) {
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            Log.LOG.debug("could not write to stdout: {}", e.toString());
        }
    }
}
