package io.xugumcp.server.llm;

import com.typesafe.config.Config;
import io.xugumcp.api.llm.LlmProvider;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;

/**
 * The provider that serves, with everything resolved from configuration: base URL, model, key, limits, its own
 * settings and the model ids it no longer serves. One per server; its semaphore is the provider's concurrency cap.
 *
 * @param name     the name it was chosen by ({@code LLM_PROVIDER}: its id or an alias)
 * @param pluginId the plugin that brought it (for messages and {@code xugu-mcp plugins})
 * @param loader   the plugin's class loader, the context loader while it runs
 * @param retired  model id → the date it was shut down (or {@code null}: already gone, date unknown)
 */
record ProviderChoice(LlmProvider provider, String name, String pluginId, ClassLoader loader, String baseUrl,
                      String model, Optional<ApiKey> key, Double temperature, int maxTokens, Duration attemptTimeout,
                      int maxConcurrency, Semaphore permits, ProviderSettings settings, Map<String, LocalDate> retired) {

    static ProviderChoice resolve(LlmSettings s, LlmProvider p, String name, String pluginId, ClassLoader loader) {
        String id = p.id();
        Config subtree = s.subtree(name, id);
        String base = s.baseUrl(name, id);
        String model = s.model(name, id);
        int concurrency = s.maxConcurrency(name, id);
        return new ProviderChoice(p, name, pluginId, loader,
                base == null ? LlmSettings.trimSlash(p.defaultBaseUrl()) : base,
                model == null ? p.defaultModel() : model,
                s.apiKey(name, id), s.temperature(name, id), s.maxTokens(name, id), s.attemptTimeout(name, id),
                concurrency, new Semaphore(concurrency, true), new ProviderSettings(subtree), retired(subtree));
    }

    private static Map<String, LocalDate> retired(Config subtree) {
        Map<String, LocalDate> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (!subtree.hasPath("retired-models")) {
            return out;
        }
        Config r = subtree.getConfig("retired-models");
        for (String model : r.root().keySet()) {
            String v = String.valueOf(r.root().get(model).unwrapped()).trim();
            LocalDate date = null;
            try {
                date = v.isEmpty() || v.equalsIgnoreCase("retired") ? null : LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new io.xugumcp.server.config.InvalidConfigException(LlmSettings.PATH + ".<provider>.retired-models."
                        + model + ": must be a date such as 2025-10-28 or 'retired', got '" + v + "'");
            }
            out.put(model, date);
        }
        return out;
    }

    /** True when the operator may leave out the key: the provider works without one, or the setting says so. */
    boolean keyRequired() {
        return settings.getBoolean("require-api-key", provider.requiresApiKey());
    }

    /** Whether {@code model} is gone on {@code today}: empty when it is served, else the date it went (may be null). */
    Optional<Optional<LocalDate>> retiredOn(String model, LocalDate today) {
        if (model == null || !retired.containsKey(model)) {
            return Optional.empty();
        }
        LocalDate d = retired.get(model);
        if (d != null && d.isAfter(today)) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(d));
    }

    /** The date {@code model} will be shut down, when it is still served but listed. */
    Optional<LocalDate> shutdownAhead(String model, LocalDate today) {
        LocalDate d = model == null ? null : retired.get(model);
        return d != null && d.isAfter(today) ? Optional.of(d) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ProviderChoice[" + name + " (" + provider.id() + "), " + baseUrl + ", model " + model + ", key "
                + (key.isPresent() ? "set" : "not set") + "]";
    }
}
