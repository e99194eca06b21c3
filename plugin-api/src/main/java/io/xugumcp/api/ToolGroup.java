package io.xugumcp.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Extension point: a plugin's group of MCP tools. Annotate the implementation with {@code @Extension} and give it
 * a public constructor taking a {@link PluginContext} (or none). The host calls {@link #tools()} once when the
 * plugin starts and removes the tools again when the plugin is stopped or its JAR removed.
 */
public interface ToolGroup extends ExtensionPoint {

    /** The tools this group contributes. Names must be unique across all loaded plugins. */
    List<Tool> tools();
}
