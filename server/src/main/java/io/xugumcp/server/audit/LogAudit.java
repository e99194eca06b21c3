package io.xugumcp.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit sink when the trail is turned off ({@code SECURITY_ENABLE_AUDIT_LOG=false}): one JSON line per event on the
 * {@code xugu-mcp.audit} logger at DEBUG, with the same redaction as the trail (SQL literals, secret-looking fields).
 */
public final class LogAudit implements Audit {
    private static final Logger AUDIT = LoggerFactory.getLogger("xugu-mcp.audit");
    private final ObjectMapper mapper;
    private final UnaryOperator<String> sqlText;

    public LogAudit(ObjectMapper mapper) {
        this(mapper, sql -> "[" + (sql == null ? 0 : sql.length()) + " chars]");
    }

    public LogAudit(ObjectMapper mapper, UnaryOperator<String> sqlText) {
        this.mapper = mapper;
        this.sqlText = sqlText;
    }

    @Override
    public void record(Caller caller, String action, Map<String, Object> details) {
        if (!AUDIT.isDebugEnabled()) {
            return;
        }
        try {
            AUDIT.debug(mapper.writeValueAsString(AuditRecords.prepare(Clock.systemDefaultZone(), caller, action,
                    details, sqlText)));
        } catch (Exception e) {
            AUDIT.warn("could not write audit line for {}: {}", action, e.toString());
        }
    }
}
