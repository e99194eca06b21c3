package io.xugumcp.server.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.SqlDialect;
import java.util.List;

/**
 * What the server says of itself in its {@code initialize} answer: name, version, capabilities and instructions.
 * Everything in it follows from the configuration alone – no connection, no plugin – so the stdio front door can
 * answer {@code initialize} while the host is still starting, with exactly what the SDK server built later says.
 *
 * @param instructions for the model: database kind, mode, row cap and the dialect's SQL rules
 */
public record ServerDescription(String name, String version, String instructions,
                                McpSchema.ServerCapabilities capabilities) {

    /**
     * The protocol versions served on stdio, oldest first: the SDK's own list (a test checks they agree), named here
     * because the stdio front door answers initialize before the SDK server exists.
     */
    public static final List<String> PROTOCOL_VERSIONS = List.of(
            io.modelcontextprotocol.spec.ProtocolVersions.MCP_2024_11_05,
            io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_03_26,
            io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_06_18,
            io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_11_25);

    /** The description of a server started with this configuration. */
    public static ServerDescription of(ServerConfig config, String version) {
        return of(version, instructions(config, SqlDialect.forDatabase(config.database())));
    }

    /** The description with these instructions (as kept from an earlier start with the same configuration). */
    public static ServerDescription of(String version, String instructions) {
        return new ServerDescription("xugu-mcp", version, instructions,
                McpSchema.ServerCapabilities.builder()
                        .tools(true)
                        .resources(true, true)
                        .prompts(true)
                        .logging()
                        .completions()
                        .build());
    }

    public McpSchema.Implementation serverInfo() {
        return new McpSchema.Implementation(name, version);
    }

    /**
     * The answer to an {@code initialize} asking for {@code requested}: that version when it is among
     * {@code supported}, else the newest supported one (the client then decides whether it can go on) – the SDK's
     * rule, so both answers agree.
     */
    public McpSchema.InitializeResult initializeResult(String requested, List<String> supported) {
        String version = supported.contains(requested) ? requested : supported.get(supported.size() - 1);
        return new McpSchema.InitializeResult(version, capabilities, serverInfo(), instructions);
    }

    private static String instructions(ServerConfig config, SqlDialect dialect) {
        return "xugu-mcp gives access to a " + dialect.name() + " database"
                + (config.database().useDemo() ? " (the embedded demo shop database)" : "")
                + ". Mode: " + (config.security().readWrite() ? "read-write (execute_query reads; changes go through"
                        + " execute_batch and the other tools that change data)" : "read-only (only an operator can"
                        + " enable writes: XUGU_MCP_MODE=read-write or --read-write)")
                + "; each caller's role decides what it may do, and a denied call says which permission is missing"
                + ". Send one SQL statement per call; answers are capped at " + config.security().maxRows()
                + " rows and say when they were truncated. SQL rules: " + String.join(" ", dialect.sqlRules());
    }
}
