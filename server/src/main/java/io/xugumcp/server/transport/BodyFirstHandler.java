package io.xugumcp.server.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a POST body completely before any servlet runs, without holding a thread while the client is slow: bytes are
 * taken as they arrive (Jetty's demand callbacks), then the buffered body is replayed to the servlets, which read it
 * blocking as the SDK does. Without this, each slow body pinned a request thread, and about 64 clients sending one
 * byte a second starved everyone else (issue 8 item 2). A body must be complete within {@code deadline} (else 408) and
 * at most {@code maxBytes} long (else 413, also for chunked bodies of unknown length).
 */
final class BodyFirstHandler extends Handler.Wrapper {
    /** The SDK's own request limit. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final long maxBytes;
    private final Duration deadline;

    BodyFirstHandler(Handler next, long maxBytes, Duration deadline) {
        super(next);
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        if (request.getLength() > maxBytes) {
            JsonErrorBody.send(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(), true);
            return true;
        }
        new Loading(request, response, callback).start();
        return true;
    }

    private String tooLarge() {
        return "Request body too large: at most " + (maxBytes / (1024 * 1024)) + " MiB per request";
    }

    /** One body being read; ends exactly once: replayed, refused, or failed. */
    private final class Loading implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Scheduler.Task timeout;

        Loading(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            long declared = request.getLength();
            this.body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        }

        /**
         * Most bodies arrive with their headers: those are replayed at once, with no deadline to schedule and cancel
         * (a timer per request was measurable at hundreds of calls a second). Only a body still on its way gets one.
         */
        void start() {
            if (take()) {
                return;
            }
            timeout = request.getComponents().getScheduler().schedule(this::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
            request.demand(this);
        }

        private void expire() {
            end(() -> JsonErrorBody.send(response, callback, HttpStatus.REQUEST_TIMEOUT_408, "Request body not received"
                    + " within " + deadline.toSeconds() + " s: send the whole request at once", true));
        }

        /** Called when more of the body has arrived. */
        @Override
        public void run() {
            if (!take()) {
                request.demand(this);
            }
        }

        /** Takes what has arrived; true when the body has ended (replayed, refused or failed), false when more must come. */
        private boolean take() {
            while (!ended.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    return false;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    end(() -> callback.failed(chunk.getFailure()));
                    return true;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                boolean last = chunk.isLast();
                if (body.size() + (long) bytes.remaining() > maxBytes) {
                    chunk.release();
                    end(() -> JsonErrorBody.send(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(), true));
                    return true;
                }
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                body.write(copy, 0, copy.length);
                chunk.release();
                if (last) {
                    end(this::replay);
                    return true;
                }
            }
            return true;
        }

        /** Ends the body exactly once: the first of completion, refusal, failure and deadline wins. */
        private void end(Runnable how) {
            if (ended.compareAndSet(false, true)) {
                Scheduler.Task t = timeout;
                if (t != null) {
                    t.cancel();
                }
                how.run();
            }
        }

        private void replay() {
            Request replayed = new Replayed(request, body.toByteArray());
            try {
                if (!BodyFirstHandler.super.handle(replayed, response, callback)) {
                    Response.writeError(replayed, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable x) {
                callback.failed(x);
            }
        }
    }

    /** The request with its body already in memory. */
    private static final class Replayed extends Request.Wrapper {
        private final byte[] body;
        private boolean read;

        Replayed(Request request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public synchronized Content.Chunk read() {
            if (read) {
                return Content.Chunk.EOF;
            }
            read = true;
            return Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public boolean consumeAvailable() {
            read = true;
            return true;
        }
    }
}
