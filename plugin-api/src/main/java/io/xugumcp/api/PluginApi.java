package io.xugumcp.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this published API. A plugin declares the host range it needs in its manifest
 * ({@code Plugin-Requires: >=0.1.0}); the host refuses plugins outside it with one clear log line.
 * Minor versions only add (new default methods, new records); a major version may break.
 */
public final class PluginApi {
    /** The API version this jar implements, e.g. {@code 0.1.0}. */
    public static final String VERSION = readVersion();

    private PluginApi() {
    }

    private static String readVersion() {
        try (InputStream in = PluginApi.class.getResourceAsStream("api.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("api.version", "0.0.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
