package io.xugumcp.server.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A login setting ({@code user}, {@code password}) written into a PostgreSQL or H2 JDBC URL, read the way each driver
 * reads it: the URL's own value is the one the driver uses (PgJDBC) or insists on (H2), so the server must pass that
 * one beside the URL rather than the configured one.
 */
final class UrlSetting {
    private UrlSetting() {
    }

    /**
     * @param key {@code user} or {@code password}
     * @return the value the URL gives the setting (possibly empty), or {@code null} when the URL does not set it or is
     *         neither PostgreSQL nor H2
     */
    static String find(String url, String key) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:postgresql:") ? postgres(url, key)
                : lower.startsWith("jdbc:h2:") ? h2(url, key) : null;
    }

    /** {@code ?key=VALUE} among the query parameters (PgJDBC: case-sensitive key, URL-encoded value, last one wins). */
    private static String postgres(String url, String key) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        String found = null;
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.startsWith(key + "=")) {
                found = URLDecoder.decode(pair.substring(key.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return found;
    }

    /** {@code ;KEY=VALUE} among the settings (H2: case-insensitive key, the value as written). */
    private static String h2(String url, String key) {
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).trim().equalsIgnoreCase(key)) {
                return parts[i].substring(eq + 1);
            }
        }
        return null;
    }
}
