package io.xugumcp.server.transport;

import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * The HTTP port, bound first: a busy port is reported at once, naming the setting to change, instead of after the
 * database, the audit trail and the plugins have started (issue 8 item 10). {@link HttpTransport} serves on it.
 */
public final class HttpPort implements AutoCloseable {
    private final ServerSocketChannel channel;

    private HttpPort(ServerSocketChannel channel) {
        this.channel = channel;
    }

    public static HttpPort bind(ServerConfig.Http http) {
        HttpTransport.isLoopback(http.host()); // an unresolvable host is named as such
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.socket().setReuseAddress(true);
            channel.bind(new InetSocketAddress(http.host(), http.port()));
            return new HttpPort(channel);
        } catch (BindException busy) {
            closeQuietly(channel);
            throw new InvalidConfigException("HTTP port " + http.port() + " on " + http.host() + " is already in use"
                    + " (another xugu-mcp or another program): choose a free one with HTTP_SERVER_PORT or --port"
                    + " (xugu-mcp.http.port), or stop what is using it");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot listen on " + http.host() + ":" + http.port() + ": " + e.getMessage(), e);
        }
    }

    ServerSocketChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(ServerSocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was listening yet
            }
        }
    }
}
