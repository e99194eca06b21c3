package io.xugumcp.server.llm;

import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * {@link LlmHttp} for one attempt of one request: OkHttp with this attempt's timeouts, the operator's extra headers,
 * and a watch that cancels the exchange (closing the connection) as soon as the tool call is cancelled. Transport
 * failures become typed {@link LlmException}s; the last response is kept so that the retry loop can read the
 * vendor's retry hints ({@code retry-after-ms}, {@code retry-after}, {@code x-should-retry}) without each provider
 * parsing them.
 */
final class AttemptHttp implements LlmHttp {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final long WATCH_MS = 50;

    private final OkHttpClient client;
    private final Map<String, String> extraHeaders;
    private final BooleanSupplier cancelled;
    private final ScheduledExecutorService watcher;
    private final String userAgent;
    private final Duration callLimit;
    private final Duration idleLimit;
    private final AtomicBoolean cancelledByUs = new AtomicBoolean();
    private volatile Response last;

    /**
     * @param client    the shared client, already derived with this attempt's timeouts
     * @param callLimit the time this attempt may take in all (for the message)
     * @param idleLimit the longest silence on the connection (for the message)
     */
    AttemptHttp(OkHttpClient client, Map<String, String> extraHeaders, BooleanSupplier cancelled,
                ScheduledExecutorService watcher, String userAgent, Duration callLimit, Duration idleLimit) {
        this.client = client;
        this.extraHeaders = extraHeaders;
        this.cancelled = cancelled;
        this.watcher = watcher;
        this.userAgent = userAgent;
        this.callLimit = callLimit;
        this.idleLimit = idleLimit;
    }

    /** The last response of this attempt (whatever its status), or {@code null} when none arrived. */
    Response lastResponse() {
        return last;
    }

    /** True when this attempt was aborted because the call was cancelled. */
    boolean wasCancelled() {
        return cancelledByUs.get();
    }

    @Override
    public Response post(String url, Map<String, String> headers, String jsonBody) {
        return exchange(url, headers, jsonBody, null);
    }

    @Override
    public Response postStreaming(String url, Map<String, String> headers, String jsonBody, Consumer<String> onLine) {
        return exchange(url, headers, jsonBody, onLine);
    }

    private Response exchange(String url, Map<String, String> headers, String jsonBody, Consumer<String> onLine) {
        HttpUrl target = HttpUrl.parse(url);
        if (target == null) {
            throw new LlmException(LlmException.Kind.BAD_REQUEST, "'" + url + "' is not an http(s) URL: check LLM_BASE_URL");
        }
        Request.Builder rb = new Request.Builder().url(target).header("User-Agent", userAgent);
        headers.forEach(rb::header);
        extraHeaders.forEach(rb::header);
        rb.post(RequestBody.create(jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8), JSON));
        if (cancelled.getAsBoolean()) {
            cancelledByUs.set(true);
            throw cancelledError();
        }
        Call call = client.newCall(rb.build());
        ScheduledFuture<?> watch = watcher.scheduleWithFixedDelay(() -> {
            if (!call.isCanceled() && cancelled.getAsBoolean()) {
                cancelledByUs.set(true);
                call.cancel();
            }
        }, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
        try (okhttp3.Response r = call.execute()) {
            if (r.isRedirect()) {
                HttpUrl to = r.header("Location") == null ? null : target.resolve(r.header("Location"));
                throw new LlmException(LlmException.Kind.BAD_REQUEST, "the endpoint answered HTTP " + r.code()
                        + " (a redirect" + (to == null ? "" : " to " + to.scheme() + "://" + to.host()) + "), which is "
                        + "not followed so that the key goes nowhere else: set LLM_BASE_URL to the endpoint itself");
            }
            Map<String, List<String>> h = new LinkedHashMap<>(r.headers().toMultimap());
            ResponseBody body = r.body();
            if (onLine == null || !r.isSuccessful()) {
                last = new Response(r.code(), h, body.string());
                return last;
            }
            last = new Response(r.code(), h, "");
            BufferedSource source = body.source();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                onLine.accept(line);
                if (cancelled.getAsBoolean()) {
                    cancelledByUs.set(true);
                    call.cancel();
                    throw cancelledError();
                }
            }
            return last;
        } catch (IOException e) {
            throw translate(e, target);
        } finally {
            watch.cancel(false);
        }
    }

    private LlmException translate(IOException e, HttpUrl url) {
        if (cancelledByUs.get() || cancelled.getAsBoolean()) {
            cancelledByUs.set(true);
            return cancelledError();
        }
        String where = url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port());
        if (e instanceof SocketTimeoutException) {
            return new LlmException(LlmException.Kind.TIMEOUT, "no data from " + where + " for " + seconds(idleLimit)
                    + " (the connection went silent)");
        }
        if (e instanceof InterruptedIOException) {
            // OkHttp's call timeout: the whole attempt ran past its limit.
            return new LlmException(LlmException.Kind.TIMEOUT, "no complete answer from " + where + " within "
                    + seconds(callLimit));
        }
        if (e instanceof UnknownHostException) {
            return new LlmException(LlmException.Kind.UNAVAILABLE, "cannot resolve the host of " + where);
        }
        if (e instanceof ConnectException) {
            return new LlmException(LlmException.Kind.UNAVAILABLE, "cannot connect to " + where);
        }
        if (e instanceof SSLException) {
            return new LlmException(LlmException.Kind.UNAVAILABLE, "the TLS handshake with " + where + " failed");
        }
        return new LlmException(LlmException.Kind.UNAVAILABLE, "the connection to " + where + " failed ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }

    static LlmException cancelledError() {
        return new LlmException(LlmException.Kind.CANCELLED, "the call was cancelled; the request to the model was aborted");
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
