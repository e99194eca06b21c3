package io.xugumcp.server.mcp;

import io.xugumcp.api.Permission;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.PromptProvider;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceProvider;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.server.plugin.ContextClassLoader;
import io.xugumcp.server.plugin.HostPluginManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every started plugin for its tools, resources and prompts. A plugin whose extension throws, or that
 * contributes a name another plugin already uses, loses only that contribution, with one log line saying why.
 */
public final class FeatureCollector {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureCollector.class);

    private FeatureCollector() {
    }

    public static Features collect(HostPluginManager plugins) {
        List<Features.Owned<Tool>> tools = new ArrayList<>();
        List<Features.Owned<Resource>> resources = new ArrayList<>();
        List<Features.Owned<ResourceTemplate>> templates = new ArrayList<>();
        List<Features.Owned<Prompt>> prompts = new ArrayList<>();
        Set<String> toolNames = new HashSet<>();
        Set<String> uris = new HashSet<>();
        Set<String> promptNames = new HashSet<>();

        for (PluginWrapper p : plugins.getStartedPlugins()) {
            String id = p.getPluginId();
            ClassLoader loader = p.getPluginClassLoader();
            for (ToolGroup g : safe(plugins, id, "tool groups", () -> plugins.getExtensions(ToolGroup.class, id))) {
                for (Tool t : safe(plugins, id, "tools", inLoader(loader, g::tools))) {
                    if (toolNames.add(t.name())) {
                        tools.add(new Features.Owned<>(id, loader, t));
                    } else {
                        duplicate(plugins, id, "tool", t.name());
                    }
                }
            }
            for (ResourceProvider r : safe(plugins, id, "resource providers", () -> plugins.getExtensions(ResourceProvider.class, id))) {
                for (Resource res : safe(plugins, id, "resources", inLoader(loader, r::resources))) {
                    if (uris.add(res.uri())) {
                        resources.add(new Features.Owned<>(id, loader, res));
                    } else {
                        duplicate(plugins, id, "resource", res.uri());
                    }
                }
                for (ResourceTemplate t : safe(plugins, id, "resource templates", inLoader(loader, r::resourceTemplates))) {
                    if (uris.add(t.uriTemplate())) {
                        templates.add(new Features.Owned<>(id, loader, t));
                    } else {
                        duplicate(plugins, id, "resource template", t.uriTemplate());
                    }
                }
            }
            for (PromptProvider pp : safe(plugins, id, "prompt providers", () -> plugins.getExtensions(PromptProvider.class, id))) {
                Permission needs = safe(plugins, id, "prompt permission", inLoader(loader, () -> List.of(pp.permission())))
                        .stream().filter(java.util.Objects::nonNull).findFirst().orElse(Permission.NONE);
                for (Prompt pr : safe(plugins, id, "prompts", inLoader(loader, pp::prompts))) {
                    if (promptNames.add(pr.name())) {
                        prompts.add(new Features.Owned<>(id, loader, pr, needs));
                    } else {
                        duplicate(plugins, id, "prompt", pr.name());
                    }
                }
            }
        }
        return new Features(tools, resources, templates, prompts);
    }

    /**
     * Everything one started plugin contributes, for a plugin added or enabled while the server runs. Strict, unlike
     * {@link #collect}: an extension that throws fails the whole plugin (the caller then unloads it, so that nothing is
     * left half-loaded), and so does a name the plugin itself uses twice.
     */
    public static Features collectPlugin(HostPluginManager plugins, String id) throws Exception {
        PluginWrapper p = plugins.getPlugin(id);
        if (p == null) {
            throw new IllegalStateException("plugin '" + id + "' is not loaded");
        }
        ClassLoader loader = p.getPluginClassLoader();
        List<Features.Owned<Tool>> tools = new ArrayList<>();
        List<Features.Owned<Resource>> resources = new ArrayList<>();
        List<Features.Owned<ResourceTemplate>> templates = new ArrayList<>();
        List<Features.Owned<Prompt>> prompts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ToolGroup g : plugins.getExtensions(ToolGroup.class, id)) {
            for (Tool t : nonNull(inLoader(loader, g::tools).call())) {
                unique(names, "tool " + t.name());
                tools.add(new Features.Owned<>(id, loader, t));
            }
        }
        for (ResourceProvider r : plugins.getExtensions(ResourceProvider.class, id)) {
            for (Resource res : nonNull(inLoader(loader, r::resources).call())) {
                unique(names, "resource " + res.uri());
                resources.add(new Features.Owned<>(id, loader, res));
            }
            for (ResourceTemplate t : nonNull(inLoader(loader, r::resourceTemplates).call())) {
                unique(names, "resource " + t.uriTemplate());
                templates.add(new Features.Owned<>(id, loader, t));
            }
        }
        for (PromptProvider pp : plugins.getExtensions(PromptProvider.class, id)) {
            for (Prompt pr : nonNull(inLoader(loader, pp::prompts).call())) {
                unique(names, "prompt " + pr.name());
                prompts.add(new Features.Owned<>(id, loader, pr));
            }
        }
        return new Features(tools, resources, templates, prompts);
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static void unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalStateException(name + " is contributed twice");
        }
    }

    private static <T> Callable<List<T>> inLoader(ClassLoader loader, Callable<List<T>> call) {
        return () -> ContextClassLoader.call(loader, call);
    }

    private static <T> List<T> safe(HostPluginManager plugins, String pluginId, String what, Callable<List<T>> call) {
        try {
            List<T> out = call.call();
            return out == null ? List.of() : out;
        } catch (Exception | LinkageError e) {
            String why = "its " + what + " could not be loaded: " + e;
            LOG.warn("Plugin '{}': {}", pluginId, why);
            plugins.reportProblem(pluginId, why);
            return List.of();
        }
    }

    private static void duplicate(HostPluginManager plugins, String pluginId, String kind, String name) {
        String why = kind + " '" + name + "' is already provided by another plugin; this one is ignored";
        LOG.warn("Plugin '{}': {}", pluginId, why);
        plugins.reportProblem(pluginId, why);
    }
}
