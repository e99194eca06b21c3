package io.xugumcp.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.llm.LlmService;
import io.xugumcp.server.llm.LlmSettings;
import io.xugumcp.server.llm.LlmTestKit;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Providers found in real plugin JARs through PF4J: by id or alias; a broken one loses only itself. */
class LlmProviderPluginTest {

    private static String provider(String pkg, String id, String alias, String constructorBody) {
        return "package " + pkg + ";\n"
                + "import io.xugumcp.api.llm.*; import java.util.List; import java.util.function.Consumer;\n"
                + "@org.pf4j.Extension public class P implements LlmProvider {\n"
                + "  public P() { " + constructorBody + " }\n"
                + "  public String id() { return \"" + id + "\"; }\n"
                + "  public List<String> aliases() { return List.of(\"" + alias + "\"); }\n"
                + "  public String defaultBaseUrl() { return \"http://unused\"; }\n"
                + "  public String defaultModel() { return \"" + id + "-model\"; }\n"
                + "  public boolean requiresApiKey() { return false; }\n"
                + "  public LlmReply complete(LlmRequest r, Exchange x) {\n"
                + "    return new LlmReply(\"from " + id + " via \" + x.settings().getString(\"greeting\", \"-\"), r.model(),"
                + " 1, 1, LlmReply.FinishReason.STOP); }\n"
                + "  public LlmReply stream(LlmRequest r, Exchange x, Consumer<String> t) { return complete(r, x); }\n"
                + "}\n";
    }

    @Test
    void providersComeFromPluginJarsAndABrokenOneIsReportedAlone(@TempDir Path dir) throws Exception {
        new TestPluginJar("llm-good").source("t.good.P", provider("t.good", "good", "fine", ""), true).writeTo(dir);
        new TestPluginJar("llm-broken").source("t.broken.P",
                provider("t.broken", "broken", "bad", "if (true) throw new IllegalStateException(\"no\");"), true)
                .writeTo(dir);
        HostPluginManager m = new HostPluginManager(dir, "0.3.0", Set.of());
        m.bindContexts(id -> new HostPluginContext(id, null, new H2Dialect(), "0.1.0", (c, a, d) -> { }));
        m.loadPlugins();
        m.startPlugins();
        try (LlmService svc = new LlmService(LlmSettings.from(LlmTestKit.config(Map.of("provider", "fine",
                "good.greeting", "its subtree"))), "test")) {
            svc.attach(m);
            Llm llm = svc.shared();
            assertTrue(llm.available(), svc.describe());
            assertEquals("good", llm.provider());
            assertEquals("good-model", llm.model());
            assertEquals("from good via its subtree", llm.complete(LlmRequest.of("s", "q")).text(),
                    "the alias 'fine' reads the provider's subtree xugu-mcp.llm.good");
            assertTrue(svc.describe().contains("from plugin llm-good"), svc.describe());
            assertEquals(1, svc.installed().size(), svc.installed().toString());
            String problems = m.report().toString();
            assertTrue(problems.contains("llm-broken") && problems.contains("language-model provider could not be loaded"),
                    problems);
            assertFalse(problems.contains("llm-good 1.0.0 STARTED (llm-good-1.0.0.jar) –"), problems);
        } finally {
            m.stopPlugins();
            m.unloadPlugins();
        }
    }
}
