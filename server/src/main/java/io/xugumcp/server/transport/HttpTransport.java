package io.xugumcp.server.transport;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.xugumcp.api.Audit;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.mcp.Callers;
import io.xugumcp.server.security.Identities;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Streamable HTTP at {@code /mcp}, legacy SSE at {@code /sse} + {@code /messages/}, and {@code /health}, on one
 * embedded Jetty bound to 127.0.0.1 by default. Origin and Host headers are checked against DNS rebinding; a
 * non-loopback bind without a token refuses to start unless explicitly allowed.
 */
public final class HttpTransport implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final HttpServletStreamableServerTransportProvider streamable;
    private final HttpServletSseServerTransportProvider sse;
    private final ServletContextHandler context;

    /**
     * @param identities who a bearer token stands for
     * @param audit      receives a record for every refused request
     */
    public HttpTransport(ServerConfig.Http http, Identities identities, Audit audit, McpJsonMapper json,
                         BooleanSupplier databaseUp, String version) {
        boolean loopback = isLoopback(http.host());
        if (!loopback && !identities.tokenRequired() && !http.allowRemoteWithoutAuth()) {
            throw new InvalidConfigException("xugu-mcp.http.host = " + http.host() + " is not a loopback address and no"
                    + " auth token is set: set HTTP_SERVER_AUTH_TOKEN or xugu-mcp.security.tokens, bind to 127.0.0.1,"
                    + " or set xugu-mcp.http.allow-remote-without-auth = true if you really mean it");
        }
        McpJsonMapper safe = new SafeJsonMapper(json);
        DefaultServerTransportSecurityValidator validator = validator(http, loopback);
        McpTransportContextExtractor<HttpServletRequest> extractor = request -> {
            Object caller = request.getAttribute(BearerAuthFilter.CALLER_ATTRIBUTE);
            return caller == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of(Callers.CONTEXT_KEY, caller));
        };
        this.streamable = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(safe)
                .mcpEndpoint(http.mcpEndpoint())
                .contextExtractor(extractor)
                // Handed over as the header validator it also is: it reads Origin and Host from the request, where
                // securityValidator(...) wrapped it to copy every header into a map first, on every request.
                .httpHeaderValidator(validator)
                .keepAliveInterval(Duration.ofSeconds(30))
                .sessionSweepInterval(Duration.ofMinutes(1))
                .build();
        this.sse = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(safe)
                .sseEndpoint(http.sseEndpoint())
                .messageEndpoint(http.messageEndpoint())
                .contextExtractor(extractor)
                .httpHeaderValidator(validator)
                .keepAliveInterval(Duration.ofSeconds(30))
                .build();

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("http");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        HttpConfiguration httpConfig = new HttpConfiguration();
        httpConfig.setSendServerVersion(false); // no software version for scanners to match
        httpConfig.setSendXPoweredBy(false);
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(httpConfig));
        connector.setHost(http.host());
        connector.setPort(http.port());
        jetty.addConnector(connector);

        this.context = new ServletContextHandler("/");
        FilterHolder auth = new FilterHolder(new BearerAuthFilter(identities, audit, http.sseEndpoint(), http.messageEndpoint()));
        auth.setAsyncSupported(true);
        context.addFilter(auth, http.mcpEndpoint(), EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(auth, http.sseEndpoint(), EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(auth, trimSlash(http.messageEndpoint()) + "/*", EnumSet.of(DispatcherType.REQUEST));
        // After auth: a request before initialize gets an error naming what to do (the SDK would answer nothing).
        FilterHolder order = new FilterHolder(new BeforeInitializeFilter(http.mcpEndpoint()));
        order.setAsyncSupported(true);
        context.addFilter(order, http.mcpEndpoint(), EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(order, trimSlash(http.messageEndpoint()) + "/*", EnumSet.of(DispatcherType.REQUEST));
        // After auth: a request with params of the wrong shape gets its -32602 here (the SDK would answer nothing).
        FilterHolder shapes = new FilterHolder(new RequestShapeFilter());
        shapes.setAsyncSupported(true);
        context.addFilter(shapes, http.mcpEndpoint(), EnumSet.of(DispatcherType.REQUEST));
        // Last: a request whose only message is its answer gets it as plain JSON, not a one-event stream.
        FilterHolder answers = new FilterHolder(new JsonAnswerFilter());
        answers.setAsyncSupported(true);
        context.addFilter(answers, http.mcpEndpoint(), EnumSet.of(DispatcherType.REQUEST));

        ServletHolder streamableHolder = new ServletHolder("mcp", streamable);
        streamableHolder.setAsyncSupported(true);
        context.addServlet(streamableHolder, http.mcpEndpoint());
        ServletHolder sseHolder = new ServletHolder("sse", sse);
        sseHolder.setAsyncSupported(true);
        context.addServlet(sseHolder, http.sseEndpoint());
        context.addServlet(sseHolder, trimSlash(http.messageEndpoint()) + "/*");
        ServletHolder oauth = new ServletHolder("oauth-discovery", new OAuthDiscoveryServlet(identities));
        OAuthDiscoveryServlet.PATHS.forEach(path -> context.addServlet(oauth, path));
        context.setErrorHandler(new JsonErrorPages.Servlets());
        context.addServlet(new ServletHolder("health", new HealthServlet(databaseUp, version)), "/health");
        jetty.setErrorHandler(new JsonErrorPages.Server());
        jetty.setHandler(new NoTraceHandler(
                new BodyFirstHandler(context, BodyFirstHandler.MAX_BYTES, BodyFirstHandler.DEADLINE)));
    }

    public HttpServletStreamableServerTransportProvider streamable() {
        return streamable;
    }

    public HttpServletSseServerTransportProvider sse() {
        return sse;
    }

    /** Serves {@code servlet} at {@code path} ({@code /ready}, {@code /metrics}); call before {@link #start()}. */
    public void mount(String path, jakarta.servlet.http.HttpServlet servlet) {
        context.addServlet(new ServletHolder(path.substring(1), servlet), path);
    }

    /** Serves on a port bound earlier ({@link HttpPort#bind}); call before {@link #start()}. */
    public void listenOn(HttpPort port) throws java.io.IOException {
        connector.open(port.channel());
    }

    /** Starts listening; returns the port actually bound (useful with port 0). */
    public int start() throws Exception {
        jetty.start();
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }

    private static DefaultServerTransportSecurityValidator validator(ServerConfig.Http http, boolean loopback) {
        List<String> origins = new ArrayList<>(List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
                "https://localhost:*", "https://127.0.0.1:*"));
        origins.addAll(http.allowedOrigins());
        DefaultServerTransportSecurityValidator.Builder b = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(origins);
        if (loopback) {
            // DNS rebinding: a browser tricked into calling 127.0.0.1 sends the attacker's host name.
            b.allowedHosts(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"));
        }
        return b.build();
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new InvalidConfigException("xugu-mcp.http.host: cannot resolve '" + host + "'");
        }
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
