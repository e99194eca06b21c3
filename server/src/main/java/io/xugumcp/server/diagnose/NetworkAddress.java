package io.xugumcp.server.diagnose;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host and port a JDBC URL connects to, or none for an embedded database.
 *
 * @param host {@code null} for an embedded database (H2 file or memory)
 */
record NetworkAddress(String host, int port, String database) {
    private static final Pattern PG = Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^:/,?]+)(?::(\\d+))?[^/]*/([^?]*).*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PG_SHORT = Pattern.compile("jdbc:postgresql:([^/?][^?]*).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern XUGU = Pattern.compile("jdbc:xugu://(\\[[^]]+]|[^:/?]+)(?::(\\d+))?/([^?]*).*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern H2_SERVER = Pattern.compile("jdbc:h2:(?:tcp|ssl)://(\\[[^]]+]|[^:/;]+)(?::(\\d+))?/([^;]*).*",
            Pattern.CASE_INSENSITIVE);

    boolean embedded() {
        return host == null;
    }

    static NetworkAddress of(String url) {
        Matcher m = PG.matcher(url);
        if (m.matches()) {
            return new NetworkAddress(unbracket(m.group(1)), port(m.group(2), 5432), m.group(3));
        }
        m = PG_SHORT.matcher(url);
        if (m.matches()) {
            return new NetworkAddress("localhost", 5432, m.group(1));
        }
        m = XUGU.matcher(url);
        if (m.matches()) {
            return new NetworkAddress(unbracket(m.group(1)), port(m.group(2), 5138), m.group(3));
        }
        m = H2_SERVER.matcher(url);
        if (m.matches()) {
            return new NetworkAddress(unbracket(m.group(1)), port(m.group(2), 9092), m.group(3));
        }
        String lower = url.toLowerCase(Locale.ROOT);
        String db = lower.startsWith("jdbc:h2:") ? url.substring("jdbc:h2:".length()).replaceAll(";.*", "") : url;
        return new NetworkAddress(null, 0, db);
    }

    private static int port(String s, int dflt) {
        return s == null ? dflt : Integer.parseInt(s);
    }

    private static String unbracket(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
