package io.xugumcp.server.mcp;

import io.xugumcp.api.Permission;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.api.Tool;
import java.util.List;

/**
 * Everything the loaded plugins contribute, each item with the class loader of the plugin it came from (set as the
 * thread context class loader while it runs).
 */
public record Features(List<Owned<Tool>> tools, List<Owned<Resource>> resources,
                       List<Owned<ResourceTemplate>> templates, List<Owned<Prompt>> prompts) {

    public Features {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        templates = List.copyOf(templates);
        prompts = List.copyOf(prompts);
    }

    /**
     * An item and the plugin that owns it.
     *
     * @param permission what a caller needs for items that do not carry their own (prompts: their provider's);
     *                   null for tools and resources, which declare it themselves
     */
    public record Owned<T>(String pluginId, ClassLoader loader, T item, Permission permission) {

        public Owned(String pluginId, ClassLoader loader, T item) {
            this(pluginId, loader, item, null);
        }
    }
}
