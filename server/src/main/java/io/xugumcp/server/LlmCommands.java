package io.xugumcp.server;

import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.llm.LlmService;
import io.xugumcp.server.llm.LlmSettings;
import io.xugumcp.server.llm.LlmUsage;
import io.xugumcp.server.plugin.HostPluginManager;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;

/**
 * {@code xugu-mcp llm check}: sends one tiny request to the configured provider, the way the server would, and
 * prints provider, model, latency and token usage – or the typed error and what to do. Exit code 0 when the model
 * answered, 1 otherwise.
 */
final class LlmCommands {
    private static final String SYSTEM = "This is a connectivity check. Reply with the single word OK.";

    private LlmCommands() {
    }

    static int run(String sub, ServerConfig config, PrintStream out) {
        if (!sub.equals("check")) {
            throw new IllegalArgumentException("unknown llm command '" + sub + "'; try: xugu-mcp llm check");
        }
        LlmSettings settings = LlmSettings.from(config.raw());
        HostPluginManager plugins = new HostPluginManager(config.pluginDir(), Version.API,
                new HashSet<>(config.disabledPlugins()));
        plugins.bindContexts(id -> null);
        plugins.loadPlugins();
        plugins.startPlugins();
        try (LlmService service = new LlmService(settings, Version.HOST)) {
            service.attach(plugins);
            return check(service, out);
        } finally {
            plugins.stopPlugins();
            plugins.unloadPlugins();
        }
    }

    static int check(LlmService service, PrintStream out) {
        LlmUsage usage = new LlmUsage();
        Llm llm = service.forCall(() -> false, usage);
        out.println("LLM check");
        out.println("  installed  " + (service.installed().isEmpty() ? "no provider plugin" : String.join(", ", service.installed())));
        out.println("  provider   " + service.describe());
        if (!llm.available()) {
            out.println("  result     NOT_CONFIGURED");
            return 1;
        }
        long t0 = System.nanoTime();
        try {
            LlmReply reply = llm.complete(new LlmRequest(SYSTEM, List.of(io.xugumcp.api.llm.LlmMessage.user("ping")), null,
                    256, null, List.of(), null));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String text = reply.text().strip().replaceAll("\\s+", " ");
            out.println("  model      " + reply.model());
            out.println("  result     ok – answered \"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text)
                    + "\" (finish " + reply.finishReason() + ")");
            out.println("  latency    " + ms + " ms");
            out.println("  tokens     " + tokens(reply.inputTokens()) + " in, " + tokens(reply.outputTokens()) + " out");
            return 0;
        } catch (LlmException e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            out.println("  result     " + e.kind() + (e.kind().retryable() ? " (may pass later)" : ""));
            out.println("  message    " + e.getMessage());
            if (e.retryAfter() != null) {
                out.println("  retry in   " + e.retryAfter().toSeconds() + " s");
            }
            out.println("  latency    " + ms + " ms");
            return 1;
        }
    }

    private static String tokens(long n) {
        return n < 0 ? "?" : Long.toString(n);
    }

    /** The line {@code xugu-mcp plugins} prints about language models. */
    static String describe(ServerConfig config, HostPluginManager plugins) {
        plugins.startPlugins();
        try (LlmService service = new LlmService(LlmSettings.from(config.raw()), Version.HOST)) {
            service.attach(plugins);
            return service.describe();
        }
    }
}
