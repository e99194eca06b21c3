package io.xugumcp.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The host's version and the plugin API version it provides, from the build. */
public final class Version {
    public static final String HOST;
    public static final String API;

    static {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        HOST = p.getProperty("version", "0.0.0");
        API = p.getProperty("api.version", "0.0.0");
    }

    private Version() {
    }
}
