package io.xugumcp.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The host's validated configuration. Built once at start by {@link ConfigLoader}; immutable afterwards.
 * Plugin settings are not here: each plugin reads its own subtree through {@link PluginConfigView}.
 */
public record ServerConfig(Database database, Security security, Http http, Path pluginDir,
                           List<String> disabledPlugins, Path dataDir, com.typesafe.config.Config raw) {

    /** How to reach the database. {@code url} is empty when the embedded demo database is to be used. */
    public record Database(String url, String host, int port, String database, String user, String password,
                           String charset, Duration connectTimeout, int poolMinSize, int poolMaxSize,
                           Duration poolTimeout) {

        /** True when nothing points at a real database: run on the embedded demo database. */
        public boolean useDemo() {
            return url.isBlank() && host.isBlank();
        }

        @Override
        public String toString() {
            // Never print the password.
            return "Database[url=" + url + ", host=" + host + ", port=" + port + ", database=" + database
                    + ", user=" + user + ", password=" + (password.isEmpty() ? "<empty>" : "<set>") + "]";
        }
    }

    /**
     * Global access mode and caps.
     *
     * @param maxBytes       the hard byte cap of one answer's rows (a tool may ask for up to this much)
     * @param answerMaxBytes the default byte cap of an answer's rows when a tool asks for nothing else: sized for a
     *                       model's context ({@code xugu-mcp.answers.max-bytes}), never above {@code maxBytes}
     */
    public record Security(boolean readWrite, String stdioRole, int maxRows, long maxBytes, Duration queryTimeout,
                           int maxSqlLength, int maxBatchStatements, long answerMaxBytes) {

        /** Without an answer budget of its own: the hard cap is the default too. */
        public Security(boolean readWrite, String stdioRole, int maxRows, long maxBytes, Duration queryTimeout,
                        int maxSqlLength, int maxBatchStatements) {
            this(readWrite, stdioRole, maxRows, maxBytes, queryTimeout, maxSqlLength, maxBatchStatements, maxBytes);
        }
    }

    /** The HTTP transports. */
    public record Http(String host, int port, String authToken, boolean allowRemoteWithoutAuth,
                       List<String> allowedOrigins, String mcpEndpoint, String sseEndpoint, String messageEndpoint) {

        @Override
        public String toString() {
            return "Http[host=" + host + ", port=" + port + ", auth=" + (authToken.isEmpty() ? "off" : "bearer") + "]";
        }
    }
}
