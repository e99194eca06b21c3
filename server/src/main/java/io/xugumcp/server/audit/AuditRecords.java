package io.xugumcp.server.audit;

import io.xugumcp.api.Caller;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds the fields of one audit record: time with zone, client, role, transport, action, then the details – with the
 * SQL text redacted and anything whose name looks like a secret replaced, whoever supplied it.
 */
final class AuditRecords {
    /** ISO-8601 with milliseconds and the zone offset, e.g. 2025-06-30T14:03:07.120+08:00. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    /**
     * A field whose name contains one of these (in any case) holds a secret. A plain search, not a regular expression:
     * every call writes two records of about ten fields, and {@code (?i).*(…).*} took ~2 % of an HTTP point query's
     * request-thread CPU; it also missed a name with a line break before the word ({@code .} stops there).
     */
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "token", "apikey",
            "api_key", "api-key", "authorization", "authorisation", "credential", "privatekey", "private_key",
            "private-key", "cookie");
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

    /** True when a field called {@code key} may hold a secret: its name contains a secret word, in any case. */
    static boolean isSecretName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static Object scrub(String key, Object v, int depth) {
        if (v == null) {
            return null;
        }
        if (isSecretName(key)) {
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
