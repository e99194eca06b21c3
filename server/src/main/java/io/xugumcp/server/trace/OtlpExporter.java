package io.xugumcp.server.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ended spans as OTLP/HTTP JSON ({@code POST …/v1/traces}, {@code Content-Type: application/json}) from one
 * background thread in batches, the way OpenTelemetry's batch span processor does: every {@code scheduleDelay} or when
 * a batch is full. A full queue drops spans (counted) instead of slowing calls down; a collector that is down costs a
 * warning a minute, never a failed call. The JDK's own HTTP client does the sending, so tracing adds no library.
 */
public final class OtlpExporter implements Consumer<Span>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpExporter.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final TraceSettings settings;
    private final ObjectMapper mapper;
    private final String scopeVersion;
    private final BlockingQueue<Span> queue;
    private final HttpClient http;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;
    /** Put on the queue by {@link #close()} to end the worker's wait; never exported. */
    private static final Span WAKE_UP = new Span("0", "0", null, "", 0, 0);
    private long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;

    public OtlpExporter(TraceSettings settings, ObjectMapper mapper, String scopeVersion) {
        this.settings = settings;
        this.mapper = mapper;
        this.scopeVersion = scopeVersion;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.maxQueueSize()));
        this.http = HttpClient.newBuilder().connectTimeout(settings.exportTimeout()).build();
        this.worker = new Thread(this::run, "otlp-exporter");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void accept(Span span) {
        if (closing || !queue.offer(span)) {
            dropped.incrementAndGet();
        }
    }

    public long exported() {
        return exported.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long failed() {
        return failed.get();
    }

    private void run() {
        List<Span> batch = new ArrayList<>();
        long delay = settings.scheduleDelay().toNanos();
        while (true) {
            try {
                Span first = closing ? queue.poll() : queue.poll(delay, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    long until = System.nanoTime() + delay;
                    while (batch.size() < settings.maxBatchSize() && !closing) {
                        Span next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, Math.max(0, settings.maxBatchSize() - batch.size()));
            batch.removeIf(s -> s == WAKE_UP);
            if (batch.isEmpty()) {
                if (closing) {
                    return;
                }
                continue;
            }
            send(batch);
            batch.clear();
        }
    }

    private void send(List<Span> spans) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(settings.endpoint())
                    .timeout(settings.exportTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body(spans))));
            settings.headers().forEach(b::header);
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                exported.addAndGet(spans.size());
            } else {
                failure(spans.size(), "the collector answered HTTP " + r.statusCode());
            }
        } catch (InterruptedException e) {
            failure(spans.size(), "interrupted");
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure(spans.size(), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void failure(int n, String why) {
        failed.addAndGet(n);
        long now = System.nanoTime();
        if (now - lastWarn >= WARN_EVERY_NANOS) {
            lastWarn = now;
            LOG.warn("Traces: {} span(s) could not be sent to {}: {} (warned at most once a minute)", n,
                    settings.endpoint(), why);
        }
    }

    /** The OTLP/JSON request body: one resource, one scope, the spans (ids in hex, times as decimal strings). */
    ObjectNode body(List<Span> spans) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode rs = root.putArray("resourceSpans").addObject();
        ArrayNode resourceAttributes = rs.putObject("resource").putArray("attributes");
        settings.resource().forEach((k, v) -> attribute(resourceAttributes, k, v));
        ObjectNode ss = rs.putArray("scopeSpans").addObject();
        ss.putObject("scope").put("name", "io.xugumcp").put("version", scopeVersion);
        ArrayNode out = ss.putArray("spans");
        for (Span s : spans) {
            ObjectNode o = out.addObject();
            o.put("traceId", s.traceId);
            o.put("spanId", s.spanId);
            if (s.parentSpanId != null) {
                o.put("parentSpanId", s.parentSpanId);
            }
            o.put("name", s.name);
            o.put("kind", s.kind);
            o.put("startTimeUnixNano", Long.toString(s.startNanos));
            o.put("endTimeUnixNano", Long.toString(s.endNanos));
            ArrayNode attrs = o.putArray("attributes");
            for (Map.Entry<String, Object> e : s.attributes.entrySet()) {
                attribute(attrs, e.getKey(), e.getValue());
            }
            ObjectNode status = o.putObject("status");
            status.put("code", s.status);
            if (s.statusMessage != null) {
                status.put("message", s.statusMessage);
            }
        }
        return root;
    }

    private static void attribute(ArrayNode attrs, String key, Object value) {
        ObjectNode a = attrs.addObject();
        a.put("key", key);
        ObjectNode v = a.putObject("value");
        if (value instanceof Boolean b) {
            v.put("boolValue", b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            v.put("intValue", value.toString());
        } else if (value instanceof Number n) {
            v.put("doubleValue", n.doubleValue());
        } else if (value instanceof List<?> list) {
            ArrayNode values = v.putObject("arrayValue").putArray("values");
            for (Object item : list) {
                values.addObject().put("stringValue", String.valueOf(item));
            }
        } else {
            v.put("stringValue", String.valueOf(value));
        }
    }

    /** Sends what is queued (waiting at most the export timeout) and stops. */
    @Override
    public void close() {
        closing = true;
        // Wake the worker without interrupting it (an interrupt could land in a send and lose its batch); a full
        // queue needs no waking.
        queue.offer(WAKE_UP);
        try {
            worker.join(settings.exportTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
