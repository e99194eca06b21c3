package io.xugumcp.server;

import io.xugumcp.server.config.ConfigSource;
import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.H2Loopback;
import io.xugumcp.server.plugin.HostPluginManager;
import io.xugumcp.server.transport.HttpPort;
import io.xugumcp.server.transport.HttpTransport;
import io.xugumcp.server.transport.StdioFrontDoor;
import io.xugumcp.server.transport.StdioTransport;
import io.xugumcp.server.mcp.ServerDescription;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * The {@code xugu-mcp} command. Before anything else it keeps the process's real stdout for the stdio transport and
 * points {@code System.out} at stderr, so no library – the XuguDB driver prints to System.out when a socket drops –
 * can ever corrupt the JSON-RPC stream.
 */
public final class Main {
    private static final String USAGE = String.join("\n",
            "Usage: xugu-mcp [options] [command]",
            "",
            "Commands:",
            "  serve (default)       run the MCP server",
            "  plugins               list the plugins in the plugin folder with their tools, and why any is not serving",
            "                        (exit code 1 when a JAR needs attention)",
            "  llm check             send one tiny request to the configured language model (LLM_PROVIDER …) and print",
            "                        provider, model, latency and tokens, or the error and what to do",
            "  hash-token [TOKEN|-]  print the SHA-256 to put in xugu-mcp.security.tokens (no TOKEN: make a new random",
            "                        token; '-': read it from stdin, keeping it out of the shell history)",
            "  audit verify FILE...  check the audit trail's hash chain (FILE: audit.log, rotated files in order, or the",
            "                        audit directory); exit code 0 when it holds, 1 when a record was changed or removed",
            "",
            "Options:",
            "  --transport T         stdio (default) or http (Streamable HTTP at /mcp and legacy SSE at /sse)",
            "  --host H, --port N    HTTP address (default 127.0.0.1:8000; env HTTP_SERVER_HOST / HTTP_SERVER_PORT)",
            "  --config FILE         the configuration file (default <install dir>/config/application.conf)",
            "  --read-write          allow writes (default read-only; env XUGU_MCP_MODE=read-write)",
            "  --toolsets A,B        offer only these plugins' tools (plugin ids, or all; env XUGU_MCP_TOOLSETS)",
            "  --version             print the version",
            "  --help                print this help",
            "",
            "With no database configured the server runs on an embedded H2 demo database.",
            "Database: XUGU_DB_HOST, XUGU_DB_PORT, XUGU_DB_DATABASE, XUGU_DB_USER, XUGU_DB_PASSWORD, or XUGU_DB_URL (any JDBC URL",
            "of xugu, h2 or postgresql). See README.md for everything else.");

    private Main() {
    }

    public static void main(String[] args) {
        LaunchDefaults.apply();
        OutputStream realStdout = new FileOutputStream(FileDescriptor.out);
        PrintStream console = new PrintStream(realStdout, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        H2Loopback.bind(); // before any H2 class loads: H2 reads its bind address once
        int code;
        try {
            code = run(args, console, realStdout);
        } catch (Reported e) {
            code = e.code;
        } catch (Exception e) {
            code = report(e);
        }
        System.exit(code);
    }

    /** Prints why the command failed; returns the exit code: 2 for bad settings and arguments, else 1. */
    private static int report(Exception e) {
        if (e instanceof InvalidConfigException) {
            System.err.println("xugu-mcp: invalid configuration: " + e.getMessage());
            return 2;
        }
        if (e instanceof IllegalArgumentException) {
            System.err.println("xugu-mcp: " + e.getMessage());
            return 2;
        }
        System.err.println("xugu-mcp: failed to start: " + e);
        return 1;
    }

    /** A failure already reported (on stderr, and to a stdio client waiting for an answer). */
    private static final class Reported extends Exception {
        final int code;

        Reported(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    static int run(String[] args, PrintStream console, OutputStream realStdout) throws Exception {
        if (args.length > 0 && args[0].equals("hash-token")) {
            return SecurityCommands.hashToken(args, console, System.in);
        }
        if (args.length > 0 && args[0].equals("audit")) {
            return SecurityCommands.audit(args, console);
        }
        String command = "serve";
        String transport = "stdio";
        Path configFile = null;
        Map<String, Object> overrides = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    console.println(USAGE);
                    return 0;
                }
                case "--version", "-V" -> {
                    console.println("xugu-mcp " + Version.HOST + " (plugin API " + Version.API + ")");
                    return 0;
                }
                case "--transport" -> transport = value(args, ++i, a);
                case "--http" -> transport = "http";
                case "--stdio" -> transport = "stdio";
                case "--config" -> configFile = Path.of(value(args, ++i, a));
                case "--host" -> overrides.put("xugu-mcp.http.host", value(args, ++i, a));
                case "--port" -> overrides.put("xugu-mcp.http.port", value(args, ++i, a));
                case "--read-write" -> overrides.put("xugu-mcp.security.mode", "read-write");
                case "--toolsets" -> overrides.put("xugu-mcp.toolsets", value(args, ++i, a));
                case "serve", "plugins" -> command = a;
                case "llm" -> command = "llm " + value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'; see xugu-mcp --help");
            }
        }
        if (!transport.equals("stdio") && !transport.equals("http")) {
            throw new IllegalArgumentException("--transport must be stdio or http, got '" + transport + "'");
        }
        // A stdio server reads stdin from now on and answers initialize and the first tools/list from what the last
        // start with the same inputs kept, else as soon as the configuration is read.
        StdioFrontDoor door = null;
        if (command.equals("serve") && transport.equals("stdio")) {
            Path home = Path.of(System.getProperty("xugu-mcp.home", "."));
            io.xugumcp.server.transport.DescriptionCache inputs = new io.xugumcp.server.transport.DescriptionCache(
                    Version.HOST, home, configFile != null ? configFile : home.resolve("config").resolve("application.conf"),
                    java.util.Arrays.asList(args), System.getenv());
            door = new StdioFrontDoor(System.in, realStdout, ServerDescription.PROTOCOL_VERSIONS)
                    .keptDescriptions(inputs)
                    .keptToolLists(io.xugumcp.server.transport.ToolListCache.beforeConfiguration(inputs, home))
                    .open();
        }
        try {
            return run(command, transport, configFile, overrides, console, realStdout, door);
        } catch (Exception e) {
            if (door == null) {
                throw e;
            }
            int code = report(e);
            door.failed(e instanceof InvalidConfigException ? "invalid configuration: " + e.getMessage()
                    : e instanceof IllegalArgumentException ? e.getMessage()
                    : "an unexpected " + e.getClass().getSimpleName());
            throw new Reported(code);
        }
    }

    private static int run(String command, String transport, Path configFile, Map<String, Object> overrides,
                           PrintStream console, OutputStream realStdout, StdioFrontDoor door) throws Exception {
        Path home = Path.of(System.getProperty("xugu-mcp.home", "."));
        if (configFile == null) {
            configFile = home.resolve("config").resolve("application.conf");
        }
        ConfigSource source = new ConfigSource(configFile, home, overrides);
        ServerConfig config = source.load();
        if (door != null) {
            door.describe(ServerDescription.of(config, Version.HOST), new io.xugumcp.server.transport.ToolListCache(
                    config, Version.HOST, home));
        }

        if (command.startsWith("llm ")) {
            return LlmCommands.run(command.substring(4), config, console);
        }
        if (command.equals("plugins")) {
            return io.xugumcp.server.plugin.PluginsCommand.run(config, Version.HOST, Version.API, console,
                    plugins -> LlmCommands.describe(config, plugins));
        }

        // Before the database, the audit trail and the plugins: a busy port is reported at once.
        HttpPort port = transport.equals("stdio") ? null : HttpPort.bind(config.http());
        XuguMcpServer server = new XuguMcpServer(config, source);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        server.operations().reloadOnSignal();
        if (transport.equals("stdio")) {
            // The stdio role in force now: a configuration reload may change it.
            StdioTransport stdio = new StdioTransport(server.transportJson(), server.objectMapper(), door, realStdout,
                    () -> server.security().identities().stdio(), server.cancellations());
            server.serve(stdio);
            stdio.awaitEnd();
            return 0;
        }
        HttpTransport http = new HttpTransport(config.http(), server.security().identities(), server.audit(),
                server.transportJson(), server::databaseUp, Version.HOST);
        http.listenOn(port);
        server.operations().mount(http, config.http());
        server.serve(http.streamable());
        server.serve(http.sse());
        int bound = http.start();
        org.slf4j.LoggerFactory.getLogger(Main.class).info("Listening on http://{}:{}{} (Streamable HTTP), {} (SSE), /health, /ready, /metrics",
                config.http().host(), bound, config.http().mcpEndpoint(), config.http().sseEndpoint());
        http.join();
        return 0;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
