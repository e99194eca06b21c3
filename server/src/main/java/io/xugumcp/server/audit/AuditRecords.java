package io.xugumcp.server.audit;

import io.xugumcp.api.Caller;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Builds the fields of one audit record: time with zone, client, role, transport, action, then the details – with the
 * SQL text redacted and anything whose name looks like a secret replaced, whoever supplied it.
 */
final class AuditRecords {
    /** ISO-8601 with milliseconds and the zone offset, e.g. 2025-06-30T14:03:07.120+08:00. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api[_-]?key|authori[sz]ation|credential|private[_-]?key|cookie).*");
    static final String HIDDEN = "[redacted]";

    private AuditRecords() {
    }

    /**
     * @param sql turns a statement text into what the trail may keep (redacted, cut to length)
     */
    static Map<String, Object> prepare(Clock clock, Caller caller, String action, Map<String, Object> details,
                                       UnaryOperator<String> sql) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", TIME.format(OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS)));
        line.put("action", action);
        line.put("client", caller == null ? null : caller.clientId());
        line.put("role", caller == null ? null : caller.role());
        line.put("transport", caller == null ? null : caller.transport());
        if (details != null) {
            for (Map.Entry<String, Object> e : details.entrySet()) {
                String k = e.getKey();
                if (k == null || line.containsKey(k) || k.equals("seq") || k.equals("prev") || k.equals("hash")) {
                    continue;   // nobody overwrites the identity, the time or the chain fields
                }
                Object v = e.getValue();
                if (k.equals("sql") && v instanceof String s) {
                    line.put(k, sql.apply(s));
                } else {
                    line.put(k, scrub(k, v, 0));
                }
            }
        }
        return line;
    }

    private static Object scrub(String key, Object v, int depth) {
        if (v == null) {
            return null;
        }
        if (SECRET_KEY.matcher(key).matches()) {
            return HIDDEN;
        }
        if (depth > 4) {
            return String.valueOf(v);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, scrub(k, e.getValue(), depth + 1));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(scrub("", o, depth + 1));
            }
            return out;
        }
        if (v instanceof java.util.Collection<?> c) {
            return scrub(key, new ArrayList<>(c), depth);
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return String.valueOf(v);
    }
}
