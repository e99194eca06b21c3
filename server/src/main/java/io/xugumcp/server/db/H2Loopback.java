package io.xugumcp.server.db;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps H2's servers on the loopback interface. The demo database is shared between server processes through H2's
 * auto-server (a TCP server inside whichever process opened the file first); H2 binds it to every interface unless
 * the system property {@code h2.bindAddress} names one. H2 reads that property once, when its {@code SysProperties}
 * class loads, so {@link #bind()} must run before any H2 class is used ({@code Main} calls it first thing).
 */
public final class H2Loopback {
    static final String PROPERTY = "h2.bindAddress";
    static final String ADDRESS = "127.0.0.1";

    private H2Loopback() {
    }

    /** Sets {@code h2.bindAddress} to 127.0.0.1 unless the operator set it (then {@link #inEffect()} judges it). */
    public static void bind() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, ADDRESS);
        }
    }

    /** True when H2 servers started by this JVM listen on a loopback address only. Loads H2's SysProperties. */
    static boolean inEffect() {
        String address = org.h2.engine.SysProperties.BIND_ADDRESS;
        return address != null && isLoopback(address);
    }

    /** What H2 binds to, for a log line. */
    static String address() {
        String address = org.h2.engine.SysProperties.BIND_ADDRESS;
        return address == null ? "every interface" : address;
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
