package io.xugumcp.server.mcp;

import io.modelcontextprotocol.server.McpSyncServer;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceTemplate;
import io.xugumcp.api.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The features being served, plugin by plugin, and every MCP server (one per transport) serving them. Adding or
 * removing a plugin's features changes every server at once; the SDK then sends {@code notifications/tools/list_changed}
 * (and the resource and prompt equivalents) to connected clients. A server built while a change is under way sees the
 * list before or after it, never half of it.
 */
public final class LiveFeatures {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeatures.class);

    private final ToolAdapter tools;
    private final ResourceAdapter resources;
    private final PromptAdapter prompts;
    private final Map<String, Features> byPlugin = new LinkedHashMap<>();
    private final List<McpSyncServer> servers = new ArrayList<>();
    private volatile Set<String> toolNames = Set.of();

    public LiveFeatures(Features initial, ToolAdapter tools, ResourceAdapter resources, PromptAdapter prompts) {
        this.tools = tools;
        this.resources = resources;
        this.prompts = prompts;
        Set<String> ids = new java.util.LinkedHashSet<>();
        initial.tools().forEach(o -> ids.add(o.pluginId()));
        initial.resources().forEach(o -> ids.add(o.pluginId()));
        initial.templates().forEach(o -> ids.add(o.pluginId()));
        initial.prompts().forEach(o -> ids.add(o.pluginId()));
        for (String id : ids) {
            byPlugin.put(id, new Features(of(initial.tools(), id), of(initial.resources(), id),
                    of(initial.templates(), id), of(initial.prompts(), id)));
        }
        recompute();
    }

    private static <T> List<Features.Owned<T>> of(List<Features.Owned<T>> all, String pluginId) {
        return all.stream().filter(o -> o.pluginId().equals(pluginId)).toList();
    }

    /** Everything served now. */
    public synchronized Features current() {
        List<Features.Owned<Tool>> t = new ArrayList<>();
        List<Features.Owned<Resource>> r = new ArrayList<>();
        List<Features.Owned<ResourceTemplate>> rt = new ArrayList<>();
        List<Features.Owned<Prompt>> p = new ArrayList<>();
        for (Features f : byPlugin.values()) {
            t.addAll(f.tools());
            r.addAll(f.resources());
            rt.addAll(f.templates());
            p.addAll(f.prompts());
        }
        return new Features(t, r, rt, p);
    }

    /** True when a tool of this name is served now (cheap: read on every request by the metrics). */
    public boolean servesTool(String name) {
        return toolNames.contains(name);
    }

    /** The tools {@code pluginId} serves now. */
    public synchronized List<String> toolsOf(String pluginId) {
        Features f = byPlugin.get(pluginId);
        return f == null ? List.of() : f.tools().stream().map(o -> o.item().name()).toList();
    }

    /** True when {@code pluginId} serves anything now. */
    public synchronized boolean serves(String pluginId) {
        return byPlugin.containsKey(pluginId);
    }

    /** Builds a server from the features served now and keeps it to apply later changes to. */
    public synchronized McpSyncServer register(Function<Features, McpSyncServer> build) {
        McpSyncServer s = build.apply(current());
        servers.add(s);
        return s;
    }

    /**
     * Serves {@code f} as plugin {@code pluginId}'s features on every server.
     *
     * @return null when done, or why not (a name another plugin already serves); then nothing changed
     */
    public synchronized String add(String pluginId, Features f) {
        if (byPlugin.containsKey(pluginId)) {
            return "plugin '" + pluginId + "' already serves its features";
        }
        String clash = clash(f);
        if (clash != null) {
            return clash;
        }
        byPlugin.put(pluginId, f);
        recompute();
        forEachServer(s -> {
            f.tools().forEach(t -> s.addTool(tools.adapt(t)));
            f.resources().forEach(r -> s.addResource(resources.adapt(r)));
            f.templates().forEach(t -> s.addResourceTemplate(resources.adapt(t, true)));
            f.prompts().forEach(p -> s.addPrompt(prompts.adapt(p)));
        });
        return null;
    }

    /** Stops serving {@code pluginId}'s features on every server; false when it served none. */
    public synchronized boolean remove(String pluginId) {
        Features f = byPlugin.remove(pluginId);
        if (f == null) {
            return false;
        }
        recompute();
        forEachServer(s -> {
            f.tools().forEach(t -> s.removeTool(t.item().name()));
            f.resources().forEach(r -> s.removeResource(r.item().uri()));
            f.templates().forEach(t -> s.removeResourceTemplate(t.item().uriTemplate()));
            f.prompts().forEach(p -> s.removePrompt(p.item().name()));
        });
        return true;
    }

    /** Tells every connected client to list the tools again (what it may call changed). */
    public synchronized void notifyToolsChanged() {
        forEachServer(McpSyncServer::notifyToolsListChanged);
    }

    /** Forgets every server (shutdown). */
    public synchronized List<McpSyncServer> drainServers() {
        List<McpSyncServer> out = List.copyOf(servers);
        servers.clear();
        return out;
    }

    private String clash(Features f) {
        Map<String, String> owners = new LinkedHashMap<>();
        byPlugin.forEach((id, g) -> {
            g.tools().forEach(t -> owners.put("tool " + t.item().name(), id));
            g.resources().forEach(r -> owners.put("resource " + r.item().uri(), id));
            g.templates().forEach(t -> owners.put("resource " + t.item().uriTemplate(), id));
            g.prompts().forEach(p -> owners.put("prompt " + p.item().name(), id));
        });
        List<String> wanted = new ArrayList<>();
        f.tools().forEach(t -> wanted.add("tool " + t.item().name()));
        f.resources().forEach(r -> wanted.add("resource " + r.item().uri()));
        f.templates().forEach(t -> wanted.add("resource " + t.item().uriTemplate()));
        f.prompts().forEach(p -> wanted.add("prompt " + p.item().name()));
        for (String w : wanted) {
            if (owners.containsKey(w)) {
                return w.replaceFirst(" ", " '") + "' is already served by plugin '" + owners.get(w) + "'";
            }
        }
        return null;
    }

    private void recompute() {
        Set<String> names = new HashSet<>();
        byPlugin.values().forEach(f -> f.tools().forEach(t -> names.add(t.item().name())));
        toolNames = Set.copyOf(names);
    }

    private void forEachServer(java.util.function.Consumer<McpSyncServer> change) {
        for (McpSyncServer s : List.copyOf(servers)) {
            try {
                change.accept(s);
            } catch (RuntimeException e) {
                LOG.debug("MCP server did not take a feature change (closed?): {}", e.toString());
            }
        }
    }
}
