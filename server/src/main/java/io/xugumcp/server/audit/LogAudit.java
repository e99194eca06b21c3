package io.xugumcp.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foundation's audit sink: one JSON line per event on the {@code xugu-mcp.audit} logger (DEBUG), never SQL
 * literals or secrets. The durable, hash-chained trail replaces it behind the same {@link Audit} interface.
 */
public final class LogAudit implements Audit {
    private static final Logger AUDIT = LoggerFactory.getLogger("xugu-mcp.audit");
    private final ObjectMapper mapper;

    public LogAudit(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void record(Caller caller, String action, Map<String, Object> details) {
        if (!AUDIT.isDebugEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", OffsetDateTime.now().toString());
        line.put("client", caller.clientId());
        line.put("role", caller.role());
        line.put("transport", caller.transport());
        line.put("action", action);
        line.putAll(details);
        try {
            AUDIT.debug(mapper.writeValueAsString(line));
        } catch (Exception e) {
            AUDIT.warn("could not write audit line for {}: {}", action, e.toString());
        }
    }
}
