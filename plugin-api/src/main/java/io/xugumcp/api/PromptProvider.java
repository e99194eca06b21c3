package io.xugumcp.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/** Extension point: MCP prompts contributed by a plugin. */
public interface PromptProvider extends ExtensionPoint {

    /** The prompts. Names must be unique across all loaded plugins. */
    List<Prompt> prompts();
}
