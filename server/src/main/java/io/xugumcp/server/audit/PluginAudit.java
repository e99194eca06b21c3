package io.xugumcp.server.audit;

import io.xugumcp.api.Audit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit trail as one plugin may add to it: its events are named {@code plugin.<id>.<action>} and carry its id. */
public final class PluginAudit {

    private PluginAudit() {
    }

    public static Audit of(Audit audit, String pluginId) {
        return (caller, action, details) -> {
            Map<String, Object> d = new LinkedHashMap<>(details == null ? Map.of() : details);
            d.put("plugin", pluginId);
            audit.record(caller, "plugin." + pluginId + "." + action, d);
        };
    }
}
