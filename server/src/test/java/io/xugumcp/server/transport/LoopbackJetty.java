package io.xugumcp.server.transport;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty on 127.0.0.1 and an ephemeral port, for the transport tests. */
final class LoopbackJetty {
    private LoopbackJetty() {
    }

    /** A server with its loopback connector; the test sets its handler and starts it. */
    static Server create() {
        Server jetty = new Server();
        ServerConnector c = new ServerConnector(jetty);
        c.setHost("127.0.0.1");
        jetty.addConnector(c);
        return jetty;
    }

    /** The port the started server listens on. */
    static int port(Server jetty) {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }
}
