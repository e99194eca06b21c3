package io.xugumcp.server.write;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A canonical text of JSON-shaped values, and its SHA-256: object keys sorted, null members dropped, numbers in one
 * form ({@code 5}, {@code 5.0} and {@code 5e0} are the same number), strings escaped. Two calls with the same
 * arguments written differently get the same digest, so a confirmation token can be bound to "these arguments".
 */
final class Canonical {

    private Canonical() {
    }

    /** The digest of {@code arguments} without the named top-level members. */
    static String digest(Map<String, Object> arguments, Set<String> without) {
        Map<String, Object> kept = new TreeMap<>();
        if (arguments != null) {
            arguments.forEach((k, v) -> {
                if (!without.contains(k)) {
                    kept.put(k, v);
                }
            });
        }
        return sha256(text(kept));
    }

    static String text(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> {
                if (x != null) {
                    sorted.put(String.valueOf(k), x);
                }
            });
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? "," : "");
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof Number n) {
            BigDecimal d;
            try {
                d = new BigDecimal(n.toString());
            } catch (NumberFormatException nan) {
                sb.append(n);
                return;
            }
            sb.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else {
            string(sb, String.valueOf(v));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
