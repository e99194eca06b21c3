package io.xugumcp.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Extension point: MCP resources and resource templates contributed by a plugin. Both lists default to empty so
 * a plugin implements only what it has.
 */
public interface ResourceProvider extends ExtensionPoint {

    /** Fixed resources, each with its own URI. */
    default List<Resource> resources() {
        return List.of();
    }

    /** URI templates ({@code schema://database/table/{name}}), read with the matched variables. */
    default List<ResourceTemplate> resourceTemplates() {
        return List.of();
    }
}
