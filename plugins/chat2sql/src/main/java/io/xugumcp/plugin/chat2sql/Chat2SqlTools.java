package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolGroup;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Chat2SQL tools. The lightweight ones are always there (the client's model writes SQL; no key, nothing leaves the
 * server). With {@code CHAT2SQL_MODE=standalone} the server-side model tools are listed too – but only when a language
 * model is configured when the plugin starts; otherwise they are left out and the log says how to configure one (and
 * should the provider go away later, each of them answers with that advice instead of failing obscurely).
 */
@Extension
public final class Chat2SqlTools implements ToolGroup {
    private static final Logger LOG = LoggerFactory.getLogger(Chat2SqlTools.class);
    private final Settings settings;
    private final boolean standalone;

    public Chat2SqlTools(PluginContext context) {
        this.settings = Settings.from(context.config());
        boolean modelReady = context.llm().available();
        this.standalone = settings.standalone() && modelReady;
        if (settings.standalone() && !modelReady) {
            LOG.warn("CHAT2SQL_MODE=standalone, but no language model is configured: the standalone Chat2SQL tools"
                    + " (natural_language_query …) are not listed. Set LLM_PROVIDER (claude, openai, zhipu or ollama),"
                    + " LLM_API_KEY and LLM_MODEL and restart; the lightweight tools work meanwhile.");
        }
    }

    @Override
    public List<Tool> tools() {
        List<Tool> tools = new ArrayList<>(new LightweightTools(settings, standalone).tools());
        if (standalone) {
            tools.addAll(new StandaloneTools(settings).tools());
        }
        return tools;
    }
}
