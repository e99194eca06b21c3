package io.xugumcp.server.llm;

import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.llm.ChatCompletions;
import io.xugumcp.api.llm.ChatDialect;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmHttp;
import io.xugumcp.api.llm.LlmProvider;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.llm.chat.ChatClient;
import io.xugumcp.server.plugin.ContextClassLoader;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Llm} as plugins get it: one request runs under the call's deadline ({@code total-timeout}), waits for a slot
 * under the provider's concurrency cap, and goes to the provider with a fresh {@link AttemptHttp} per attempt; a
 * failure is retried as {@link RetryPolicy} allows, then reported as a typed {@link LlmException} whose message names
 * the provider and model, says what to do, and never holds the key.
 */
final class ServiceLlm implements Llm {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLlm.class);

    private final LlmService service;
    private final BooleanSupplier cancelled;
    private final LlmUsage usage;

    ServiceLlm(LlmService service, BooleanSupplier cancelled, LlmUsage usage) {
        this.service = service;
        this.cancelled = () -> service.closed() || cancelled.getAsBoolean();
        this.usage = usage;
    }

    @Override
    public boolean available() {
        return service.available();
    }

    @Override
    public String provider() {
        return available() ? service.choice().provider().id() : null;
    }

    @Override
    public String model() {
        return available() ? service.choice().model() : null;
    }

    @Override
    public LlmReply complete(LlmRequest request) {
        return run(request, null);
    }

    @Override
    public LlmReply stream(LlmRequest request, Consumer<String> onText) {
        return run(request, java.util.Objects.requireNonNull(onText, "onText"));
    }

    private LlmReply run(LlmRequest request, Consumer<String> onText) {
        ProviderChoice c = service.choice();
        LlmRequest r = resolve(request, c);
        Redactor redactor = new Redactor(c.key().map(ApiKey::reveal).orElse(null));
        LlmClock clock = service.clock();
        LocalDate today = clock.today();
        Optional<Optional<LocalDate>> gone = c.retiredOn(r.model(), today);
        if (gone.isPresent()) {
            throw fail(c, r, new LlmException(LlmException.Kind.MODEL_NOT_FOUND, "model '" + r.model() + "' was retired"
                    + gone.get().map(d -> " on " + d).orElse("") + " and is no longer served"), null, redactor, 0, 0);
        }
        long start = clock.nanoTime();
        long deadline = start + service.settings().totalTimeout().toNanos();
        acquire(c, r, deadline, redactor);
        int retries = 0;
        try {
            while (true) {
                AtomicBoolean delivered = new AtomicBoolean();
                RuntimeException[] consumerFailed = {null};
                AttemptHttp http = attempt(c, deadline, onText != null);
                LlmException failure;
                try {
                    LlmReply reply = send(c, r, http, onText == null ? null : piece -> {
                        if (!piece.isEmpty()) {
                            delivered.set(true);
                            try {
                                onText.accept(piece);
                            } catch (RuntimeException x) {
                                consumerFailed[0] = x;
                                throw x;
                            }
                        }
                    });
                    long ms = (clock.nanoTime() - start) / 1_000_000;
                    if (usage != null) {
                        usage.reply(c.provider().id(), reply.model() == null ? r.model() : reply.model(),
                                reply.inputTokens(), reply.outputTokens(), ms, retries);
                    }
                    LOG.debug("LLM {} ({}): {} in, {} out, {} ms, {}", c.name(), r.model(), reply.inputTokens(),
                            reply.outputTokens(), ms, reply.finishReason());
                    return reply;
                } catch (RuntimeException e) {
                    if (consumerFailed[0] != null) {
                        // The caller's own text consumer failed: its exception, not the provider's fault.
                        throw consumerFailed[0];
                    }
                    if (e instanceof LlmException le) {
                        failure = http.wasCancelled() || cancelled.getAsBoolean() ? AttemptHttp.cancelledError() : le;
                    } else if (http.wasCancelled() || cancelled.getAsBoolean()) {
                        failure = AttemptHttp.cancelledError();
                    } else {
                        String ref = UUID.randomUUID().toString().substring(0, 8);
                        LOG.warn("LLM {}: the provider of plugin {} failed on the answer (ref {}): {}", c.name(),
                                c.pluginId(), ref, redactor.redact(e.toString()));
                        failure = new LlmException(LlmException.Kind.UNAVAILABLE, "the provider could not read the "
                                + "answer (reference " + ref + " in the server log)");
                    }
                }
                long left = deadline - clock.nanoTime();
                LlmHttp.Response last = http.lastResponse();
                Optional<Duration> wait = service.retry().next(failure, last, retries, Duration.ofNanos(Math.max(0, left)),
                        delivered.get());
                if (wait.isEmpty() || cancelled.getAsBoolean()) {
                    long ms = (clock.nanoTime() - start) / 1_000_000;
                    throw fail(c, r, failure, last, redactor, ms, retries);
                }
                retries++;
                LOG.info("LLM {} ({}): {}; retry {} of {} in {}", c.name(), r.model(),
                        redactor.redact(failure.kind() + ": " + failure.getMessage()), retries,
                        service.retry().maxRetries(), AttemptHttp.seconds(wait.get()));
                try {
                    clock.pause(wait.get(), cancelled);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw fail(c, r, AttemptHttp.cancelledError(), null, redactor, 0, retries);
                }
                if (cancelled.getAsBoolean()) {
                    throw fail(c, r, AttemptHttp.cancelledError(), null, redactor, 0, retries);
                }
            }
        } finally {
            c.permits().release();
        }
    }

    /** The request with the configured model, output limit and temperature filled in. */
    private static LlmRequest resolve(LlmRequest q, ProviderChoice c) {
        return new LlmRequest(q.system(), q.messages(), q.model() == null || q.model().isBlank() ? c.model() : q.model(),
                q.maxTokens() > 0 ? q.maxTokens() : c.maxTokens(),
                q.temperature() != null ? q.temperature() : c.temperature(), q.stop(), q.responseSchema());
    }

    /** Waits for a slot under the provider's concurrency cap, within the deadline and while not cancelled. */
    private void acquire(ProviderChoice c, LlmRequest r, long deadline, Redactor redactor) {
        try {
            while (!c.permits().tryAcquire(50, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    throw fail(c, r, AttemptHttp.cancelledError(), null, redactor, 0, 0);
                }
                if (service.clock().nanoTime() > deadline) {
                    throw fail(c, r, new LlmException(LlmException.Kind.TIMEOUT, "all " + c.maxConcurrency()
                            + " request slots (max-concurrency) stayed busy until the deadline"), null, redactor, 0, 0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(c, r, AttemptHttp.cancelledError(), null, redactor, 0, 0);
        }
    }

    private AttemptHttp attempt(ProviderChoice c, long deadline, boolean streaming) {
        LlmSettings s = service.settings();
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - service.clock().nanoTime()));
        Duration call = streaming ? left : min(c.attemptTimeout(), left);
        Duration idle = streaming ? min(s.streamIdleTimeout(), left) : call;
        OkHttpClient client = service.client().newBuilder()
                .callTimeout(call)
                .readTimeout(idle)
                .writeTimeout(idle)
                .build();
        return new AttemptHttp(client, c.settings().headers(), cancelled, service.watcher(), service.userAgent(), call,
                idle);
    }

    private LlmReply send(ProviderChoice c, LlmRequest r, AttemptHttp http, Consumer<String> onText) {
        LlmProvider.Exchange exchange = new Exchange(c.baseUrl(), c.key().map(ApiKey::reveal), c.settings(), http);
        LlmReply reply = ContextClassLoader.supply(c.loader(), () -> onText == null ? c.provider().complete(r, exchange)
                : c.provider().stream(r, exchange, onText));
        if (reply == null) {
            throw new IllegalStateException("the provider returned no reply");
        }
        return reply;
    }

    /** The exception the caller sees: provider, model, what happened, what to do; redacted; usage recorded. */
    private LlmException fail(ProviderChoice c, LlmRequest r, LlmException e, LlmHttp.Response last, Redactor redactor,
                              long ms, int retries) {
        Duration retryAfter = RetryPolicy.retryAfter(e, last).orElse(null);
        String message = redactor.redact("LLM " + c.name() + " (" + r.model() + "): " + e.getMessage() + advice(c, r, e,
                retryAfter, last, retries));
        if (usage != null) {
            usage.failure(c.provider().id(), r.model(), e.kind().name(), ms, retries);
        }
        if (e.kind() != LlmException.Kind.CANCELLED) {
            LOG.warn("{}: {}", e.kind(), message);
        }
        return new LlmException(e.kind(), message, retryAfter, null);
    }

    private String advice(ProviderChoice c, LlmRequest r, LlmException failure, Duration retryAfter,
                          LlmHttp.Response last, int retries) {
        LlmException.Kind kind = failure.kind();
        String id = c.provider().id();
        String retried = retries == 0 ? "" : " (tried " + (retries + 1) + " times)";
        switch (kind) {
            case AUTHENTICATION:
                return ". The provider refused the API key: check LLM_API_KEY (or LLM_API_KEY_FILE) and that the key"
                        + " may use this model.";
            case RATE_LIMITED:
                return ". The provider's rate limit was reached" + retried + "; try again"
                        + (retryAfter == null ? " shortly" : " in " + AttemptHttp.seconds(round(retryAfter)))
                        + ", or lower xugu-mcp.llm." + id + ".max-concurrency.";
            case QUOTA_EXHAUSTED:
                return ". The account's quota or spend cap is used up (not retried): add credit or raise the limit in the"
                        + " provider's console, or choose another LLM_PROVIDER.";
            case OVERLOADED:
                return ". The provider is overloaded" + retried + "; try again in a minute.";
            case CONTEXT_TOO_LONG:
                return ". The prompt is longer than the model's context: ask about fewer tables or a shorter question, or"
                        + " set LLM_MODEL to a model with a larger context.";
            case MODEL_NOT_FOUND:
                String suggestion = c.provider().defaultModel().equalsIgnoreCase(r.model())
                        ? "another model id the provider lists" : c.provider().defaultModel();
                return ". Model not found or retired – set LLM_MODEL, e.g. " + suggestion + ".";
            case BAD_REQUEST:
                String said = (failure.getMessage() + " " + (last == null ? "" : last.body())).toLowerCase(java.util.Locale.ROOT);
                boolean temperature = r.temperature() != null && (said.contains("temperature") || said.contains("sampling"));
                return temperature
                        ? ". This model accepts only its default temperature: unset LLM_TEMPERATURE."
                        : ". The provider refused the request as malformed.";
            case UNAVAILABLE:
                return ". The provider could not be reached or failed" + retried + ": check LLM_BASE_URL (" + c.baseUrl()
                        + "), the network and HTTPS_PROXY, or try again later.";
            case TIMEOUT:
                return ". No complete answer in time" + retried + " (limits: " + AttemptHttp.seconds(c.attemptTimeout())
                        + " per attempt, LLM_TIMEOUT; " + AttemptHttp.seconds(service.settings().totalTimeout())
                        + " in all, xugu-mcp.llm.total-timeout); try again or raise them.";
            case CANCELLED:
                return ".";
            default:
                return ".";
        }
    }

    private static Duration round(Duration d) {
        return Duration.ofSeconds((d.toMillis() + 999) / 1000);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Exchange(String baseUrl, Optional<String> apiKey, PluginConfig settings, LlmHttp http)
            implements LlmProvider.Exchange {
        @Override
        public ChatCompletions chatCompletions(ChatDialect dialect) {
            return new ChatClient(http, apiKey, dialect);
        }

        @Override
        public String toString() {
            return "Exchange[" + baseUrl + "]";
        }
    }
}
