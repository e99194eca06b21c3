package io.xugumcp.server.llm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockWebServer;

/**
 * The host's LLM service as tests (of the host and of each provider plugin) use it: the real settings from the real
 * {@code reference.conf} without the process environment, a fake clock for retry waits, providers given directly
 * instead of through a plugin folder, and requests sent to a {@link MockWebServer}.
 */
public final class LlmTestKit implements AutoCloseable {
    /** The test key: it must never show up in a message or a log line. */
    public static final String KEY = "sk-test-Zq8vN3kL0pR7sT2wX5yB";

    public final FakeClock clock = new FakeClock();
    public final AtomicBoolean cancelled = new AtomicBoolean();
    public final LlmUsage usage = new LlmUsage();
    private final List<LlmService> services = new ArrayList<>();

    /** Settings for provider {@code name} at the server, with the test key; more keys (under xugu-mcp.llm) may follow. */
    public static Map<String, Object> settings(String name, MockWebServer server, Object... more) {
        Map<String, Object> m = new HashMap<>();
        m.put("provider", name);
        m.put("api-key", KEY);
        m.put("base-url", server.url("/").toString());
        for (int i = 0; i + 1 < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    /** The host's reference.conf, resolved without the environment, with {@code llm} (keys under xugu-mcp.llm) on top. */
    public static Config config(Map<String, Object> llm) {
        Map<String, Object> prefixed = new HashMap<>();
        llm.forEach((k, v) -> prefixed.put(LlmSettings.PATH + "." + k, v));
        return ConfigFactory.parseMap(prefixed)
                .withFallback(ConfigFactory.parseResources(LlmTestKit.class, "/reference.conf"))
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }

    /** A service with these providers installed and these settings. */
    public LlmService service(List<LlmProvider> providers, Map<String, Object> llm, Map<String, String> env) {
        LlmService s = new LlmService(LlmSettings.from(config(llm)), env, clock, "test");
        List<LlmService.Loaded> loaded = new ArrayList<>();
        for (LlmProvider p : providers) {
            loaded.add(new LlmService.Loaded(p, "llm-" + p.id(), p.getClass().getClassLoader()));
        }
        s.attach(loaded);
        services.add(s);
        return s;
    }

    public LlmService service(LlmProvider provider, Map<String, Object> llm) {
        return service(List.of(provider), llm, Map.of());
    }

    /** The model as a tool call sees it: cancelled through {@link #cancelled}, usage into {@link #usage}. */
    public Llm llm(LlmProvider provider, Map<String, Object> llm) {
        return service(provider, llm).forCall(cancelled::get, usage);
    }

    @Override
    public void close() {
        services.forEach(LlmService::close);
    }
}
