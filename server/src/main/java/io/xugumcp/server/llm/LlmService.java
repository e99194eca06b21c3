package io.xugumcp.server.llm;

import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's language-model service: collects the {@link LlmProvider} extensions of the loaded plugins, picks the
 * one {@code LLM_PROVIDER} names (by id or alias), and offers it to plugins as {@link Llm} – for a tool call
 * ({@link #forCall}: cancellation and token usage bound to the call) or for the plugin's own work ({@link #shared()}).
 * It owns the one OkHttp client of the server (connection pool, proxy), created on the first request so that a
 * server that never asks a model pays nothing for it.
 */
public final class LlmService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LlmService.class);

    private final LlmSettings settings;
    private final Map<String, String> env;
    private final LlmClock clock;
    private final String userAgent;
    private final RetryPolicy retry;
    private volatile boolean closed;
    private volatile ProviderChoice choice;
    private volatile String unavailable = "The language-model providers are not loaded yet.";
    private volatile List<String> installed = List.of();
    private OkHttpClient client;
    private ScheduledExecutorService watcher;

    public LlmService(LlmSettings settings, String hostVersion) {
        this(settings, System.getenv(), LlmClock.SYSTEM, hostVersion);
    }

    /**
     * @param env   the environment ({@code HTTPS_PROXY}, {@code NO_PROXY})
     * @param clock deadlines, retry waits and retirement dates
     */
    public LlmService(LlmSettings settings, Map<String, String> env, LlmClock clock, String hostVersion) {
        this.settings = settings;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.userAgent = "xugu-mcp/" + hostVersion;
        this.retry = new RetryPolicy(settings.maxRetries(), settings.maxRetryWait(), Math::random);
    }

    /** A provider found in a plugin. */
    public record Loaded(LlmProvider provider, String pluginId, ClassLoader loader) {
    }

    /**
     * Collects the providers of the started plugins of {@code plugins}. A plugin whose provider cannot be created or
     * has no id loses only its provider, with one log line (and a line in {@code xugu-mcp plugins}).
     */
    public void attach(PluginManager plugins) {
        List<Loaded> found = new ArrayList<>();
        for (PluginWrapper w : plugins.getStartedPlugins()) {
            String id = w.getPluginId();
            try {
                List<LlmProvider> made = plugins.getExtensions(LlmProvider.class, id);
                // PF4J logs an extension that failed to be created and leaves it out: count to notice it.
                int declared = plugins.getExtensionClasses(LlmProvider.class, id).size();
                if (made.size() < declared) {
                    throw new IllegalStateException((declared - made.size()) + " of " + declared
                            + " could not be created (the log above has the reason)");
                }
                for (LlmProvider p : made) {
                    if (p.id() == null || p.id().isBlank() || p.defaultModel() == null || p.defaultBaseUrl() == null) {
                        throw new IllegalStateException(p.getClass().getName() + " has no id, default model or base URL");
                    }
                    found.add(new Loaded(p, id, w.getPluginClassLoader()));
                }
            } catch (RuntimeException | LinkageError e) {
                String why = "its language-model provider could not be loaded: " + e;
                LOG.warn("Plugin '{}': {}", id, why);
                if (plugins instanceof io.xugumcp.server.plugin.HostPluginManager host) {
                    host.reportProblem(id, why);
                }
            }
        }
        attach(found);
    }

    /** Chooses among {@code providers} the one the configuration names; logs the choice or why there is none. */
    public void attach(List<Loaded> providers) {
        Map<String, Loaded> byName = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Loaded l : providers) {
            LlmProvider p = l.provider();
            String id = p.id().toLowerCase(java.util.Locale.ROOT);
            if (byName.containsKey(id)) {
                LOG.warn("LLM provider '{}' of plugin '{}' ignored: plugin '{}' already provides it", id, l.pluginId(),
                        byName.get(id).pluginId());
                continue;
            }
            byName.put(id, l);
            for (String a : p.aliases()) {
                byName.putIfAbsent(a.toLowerCase(java.util.Locale.ROOT), l);
            }
            names.add(p.aliases().isEmpty() ? id : id + " (" + String.join(", ", p.aliases()) + ")");
        }
        this.installed = List.copyOf(names);
        String wanted = settings.provider();
        if (wanted.isEmpty()) {
            choice = null;
            unavailable = providers.isEmpty()
                    ? "No language model is configured and no provider plugin is installed (plugins/llm-*.jar). "
                      + "Install one, then set LLM_PROVIDER and LLM_API_KEY."
                    : "No language model is configured. Set LLM_PROVIDER to one of " + String.join(", ", names)
                      + " and, except for ollama, LLM_API_KEY (see the README, 'Language models').";
            return;
        }
        Loaded l = byName.get(wanted);
        if (l == null) {
            choice = null;
            unavailable = "LLM_PROVIDER is '" + wanted + "', but no installed plugin provides it (installed: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + "). Put its plugin JAR (plugins/llm-"
                    + wanted + "-*.jar) into the plugin folder, or choose an installed provider.";
            LOG.warn("LLM: {}", unavailable);
            return;
        }
        ProviderChoice c = ProviderChoice.resolve(settings, l.provider(), wanted, l.pluginId(), l.loader());
        if (c.key().isEmpty() && c.keyRequired()) {
            choice = null;
            unavailable = "LLM_PROVIDER is '" + wanted + "', which needs an API key: set LLM_API_KEY, or LLM_API_KEY_FILE "
                    + "to the path of a file holding it.";
            LOG.warn("LLM: {}", unavailable);
            return;
        }
        choice = c;
        LOG.info("LLM: {} (plugin {}), model {}, {}", c.name().equals(c.provider().id()) ? c.name()
                : c.name() + " = " + c.provider().id(), c.pluginId(), c.model(), c.baseUrl());
        c.shutdownAhead(c.model(), clock.today()).ifPresent(d -> LOG.warn(
                "LLM: model {} is shut down on {}; set LLM_MODEL, e.g. {}", c.model(), d, c.provider().defaultModel()));
        c.retiredOn(c.model(), clock.today()).ifPresent(d -> LOG.warn(
                "LLM: model {} was retired{}; set LLM_MODEL, e.g. {}", c.model(), d.map(x -> " on " + x).orElse(""),
                c.provider().defaultModel()));
    }

    /** The model for the plugins' own work (outside a call); cancelled only when the server stops. */
    public Llm shared() {
        return new ServiceLlm(this, () -> false, null);
    }

    /**
     * The model for one tool call.
     *
     * @param cancelled true once the call is cancelled (checked from another thread: it aborts the HTTP exchange)
     * @param usage     where the call's token usage is added, for its audit record
     */
    public Llm forCall(BooleanSupplier cancelled, LlmUsage usage) {
        return new ServiceLlm(this, cancelled, usage);
    }

    /** One line for the log and {@code xugu-mcp plugins}: who serves, or why nobody does. */
    public String describe() {
        ProviderChoice c = choice;
        if (c == null) {
            return "not available – " + unavailable;
        }
        return c.provider().id() + (c.name().equals(c.provider().id()) ? "" : " (as " + c.name() + ")") + " from plugin "
                + c.pluginId() + ", model " + c.model() + ", " + c.baseUrl();
    }

    /** The installed providers with their aliases. */
    public List<String> installed() {
        return installed;
    }

    ProviderChoice choice() {
        ProviderChoice c = choice;
        if (c == null) {
            throw new LlmException(LlmException.Kind.NOT_CONFIGURED, unavailable);
        }
        return c;
    }

    boolean available() {
        return choice != null;
    }

    LlmSettings settings() {
        return settings;
    }

    LlmClock clock() {
        return clock;
    }

    RetryPolicy retry() {
        return retry;
    }

    String userAgent() {
        return userAgent;
    }

    boolean closed() {
        return closed;
    }

    synchronized OkHttpClient client() {
        if (client == null) {
            OkHttpClient.Builder b = new OkHttpClient.Builder()
                    .connectTimeout(settings.connectTimeout())
                    .retryOnConnectionFailure(true)
                    // A redirect would carry the key's header (x-api-key) to whatever host it names: never follow.
                    .followRedirects(false)
                    .followSslRedirects(false);
            EnvProxy proxy = EnvProxy.from(env);
            if (proxy != null) {
                b.proxySelector(proxy).proxyAuthenticator(proxy.authenticator());
                LOG.info("LLM: requests go through {}", proxy);
            }
            client = b.build();
        }
        return client;
    }

    synchronized ScheduledExecutorService watcher() {
        if (watcher == null) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "llm-cancel-watch");
                t.setDaemon(true);
                return t;
            });
        }
        return watcher;
    }

    /** Aborts every request in flight (the server is stopping) and releases the connections. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.dispatcher().cancelAll();
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
