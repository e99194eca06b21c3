package io.xugumcp.server.trace;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.server.mcp.CallObserver;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The spans of tool calls, after OpenTelemetry's MCP conventions: one {@code SERVER} span per {@code tools/call}
 * named {@code tools/call <tool>}, and one {@code CLIENT} span per SQL statement the call ran, a child of it, named
 * {@code <verb> <table>} after the database conventions. Statements are learnt from their audit records (the one place
 * every statement of every plugin passes), which the database service writes on the thread running the call; so the
 * SQL a span carries is redacted exactly as the audit trail redacts it – always with literals replaced, whatever the
 * trail's own setting, since spans leave the host.
 */
public final class ToolTracing implements CallObserver, Audit {
    private final Tracer tracer;
    private final UnaryOperator<String> redact;
    private final String dbSystem;
    /** The span of the call running on this thread. */
    private final ThreadLocal<Span> current = new ThreadLocal<>();

    /**
     * @param redact  the audit trail's redaction (literals → ?)
     * @param dialect {@code xugu}, {@code postgresql} or {@code h2}
     */
    public ToolTracing(Tracer tracer, UnaryOperator<String> redact, String dialect) {
        this.tracer = tracer;
        this.redact = redact;
        this.dbSystem = switch (dialect) {
            case "postgresql" -> "postgresql";
            case "h2" -> "h2database";
            default -> "other_sql"; // XuguDB is not among the conventions' well-known systems
        };
    }

    @Override
    public Handle toolCall(String tool, String pluginId, Caller caller, Map<String, Object> meta, String sessionId) {
        Object tp = meta == null ? null : meta.get("traceparent");
        Span span = tracer.start("tools/call " + tool, Span.SERVER, tp instanceof String s ? s : null);
        if (span == null) {
            return Handle.NONE;
        }
        span.attribute("mcp.method.name", "tools/call")
                .attribute("gen_ai.tool.name", tool)
                .attribute("gen_ai.operation.name", "execute_tool")
                .attribute("mcp.session.id", sessionId)
                .attribute("network.transport", caller == null ? null : "stdio".equals(caller.transport()) ? "pipe" : "tcp")
                .attribute("xugu_mcp.plugin", pluginId)
                .attribute("xugu_mcp.client", caller == null ? null : caller.clientId())
                .attribute("xugu_mcp.role", caller == null ? null : caller.role());
        Span outer = current.get();
        current.set(span);
        return (outcome, code, errorResult) -> {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
            span.attribute("xugu_mcp.outcome", outcome);
            if (errorResult) {
                span.error("tool_error", code);
            }
            tracer.end(span);
        };
    }

    /** Turns each statement record of a traced call into a child span that ended now. */
    @Override
    public void record(Caller caller, String action, Map<String, Object> d) {
        if (!"statement".equals(action) || d == null) {
            return;
        }
        Span parent = current.get();
        if (parent == null) {
            return;
        }
        if (d.get("callId") instanceof String callId) {
            parent.attribute("xugu_mcp.call_id", callId);
        }
        long end = tracer.now();
        long elapsedMs = d.get("elapsedMs") instanceof Number n ? n.longValue() : 0;
        String verb = d.get("verb") instanceof String v && !v.isBlank() ? v : String.valueOf(d.get("kind"));
        String table = null;
        if (d.get("tables") instanceof Collection<?> tables && tables.size() == 1) {
            table = String.valueOf(tables.iterator().next());
        }
        Span s = tracer.child(parent, table == null ? verb : verb + " " + table, Span.CLIENT, end - elapsedMs * 1_000_000L);
        s.attribute("db.system.name", dbSystem)
                .attribute("db.operation.name", verb)
                .attribute("db.collection.name", table)
                .attribute("db.query.text", d.get("sql") instanceof String sql ? redact.apply(sql) : null)
                .attribute("xugu_mcp.statement.kind", d.get("kind") == null ? null : String.valueOf(d.get("kind")))
                .attribute("xugu_mcp.outcome", d.get("outcome") == null ? null : String.valueOf(d.get("outcome")));
        if (d.get("rows") instanceof Number rows) {
            s.attribute("db.response.returned_rows", rows.longValue());
        }
        if (d.get("tables") instanceof Collection<?> tables && tables.size() > 1) {
            s.attribute("xugu_mcp.tables", List.copyOf(tables.stream().map(String::valueOf).toList()));
        }
        Object outcome = d.get("outcome");
        if (outcome != null && !"ok".equals(outcome)) {
            s.error(d.get("code") == null ? String.valueOf(outcome) : String.valueOf(d.get("code")), String.valueOf(outcome));
        }
        tracer.end(s, end);
    }
}
