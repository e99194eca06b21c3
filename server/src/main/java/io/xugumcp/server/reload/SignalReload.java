package io.xugumcp.server.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -HUP <pid>} reloads the configuration, as daemons do. Uses {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}, present in every JDK and in our jlink image); where the signal does not exist (Windows) the
 * reload stays available through the {@code reload_config} tool.
 */
public final class SignalReload {
    private static final Logger LOG = LoggerFactory.getLogger(SignalReload.class);

    private SignalReload() {
    }

    /** Runs {@code reload} on its own thread on every SIGHUP; returns false when the signal cannot be handled here. */
    @SuppressWarnings("removal")
    public static boolean install(Runnable reload) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                Thread t = new Thread(() -> {
                    try {
                        reload.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Reload on SIGHUP failed: {}", e.toString());
                    }
                }, "sighup-reload");
                t.setDaemon(true);
                t.start();
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.debug("SIGHUP cannot be handled here: {}", e.toString());
            return false;
        }
    }
}
