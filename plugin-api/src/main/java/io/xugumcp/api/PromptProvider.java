package io.xugumcp.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/** Extension point: MCP prompts contributed by a plugin. */
public interface PromptProvider extends ExtensionPoint {

    /** The prompts. Names must be unique across all loaded plugins. */
    List<Prompt> prompts();

    /**
     * The permission a caller's role must hold to get this provider's prompts. The host checks it (with the caller's
     * rate limit) before a prompt renders, and audits every get. {@link Permission#NONE}, the default, still needs a
     * known caller with a configured role.
     *
     * @since 0.3.0
     */
    default Permission permission() {
        return Permission.NONE;
    }
}
