package io.xugumcp.api.admin;

import io.xugumcp.api.Security;
import java.util.List;

/**
 * The server's administration as one caller may use it, reached through {@link io.xugumcp.api.ToolCall#admin()}.
 *
 * <p>The host enforces access here, whatever tool asks: {@link #metrics()} (other clients' activity),
 * {@link #reload()} and {@link #clearCaches()} (they change the server's state), and {@link #queryHistory} for
 * anyone but the caller throw {@link io.xugumcp.api.ToolException} with code {@code denied} unless the caller's role
 * holds {@link io.xugumcp.api.Permission#ADMIN}. The rest needs no more than the tool's own permission. No answer
 * carries a password, token or token hash.
 *
 * @since 0.3.0
 */
public interface Admin {

    /** Versions, database and dialect, plugins and their tools, transports, mode and limits. */
    ServerInfo serverInfo();

    /**
     * The server's health: the database (answering within about a second, or the last state seen), plugins, audit
     * trail. Never waits longer than about a second.
     *
     * @param detailed add the pool, each plugin and the JVM's memory
     */
    Health health(boolean detailed);

    /** The connection pool's state and counters. */
    PoolStats pool();

    /** Counters and timings since start. Needs ADMIN. */
    MetricsSnapshot metrics();

    /**
     * Checks the way to the database step by step (name resolution, TCP connect, login, a query, the version, the
     * privileges the server's features need) on a connection of its own with short timeouts, so that it works when
     * the pool itself is broken. Each step says what it found and, on failure, the likely cause and the fix.
     *
     * @param detailed add the optional privilege checks and each step's raw details
     */
    Diagnosis diagnose(boolean detailed);

    /**
     * Re-reads the configuration, validates all of it, and applies what can change while running; on any error
     * nothing changes. Audited. Needs ADMIN.
     */
    ReloadReport reload();

    /** Empties the host's caches (catalog, SQL guard verdicts) and every cache plugins registered. Needs ADMIN. */
    CacheReport clearCaches();

    /**
     * SQL statements from the audit trail, newest first. Without ADMIN only the caller's own statements are
     * returned, and asking for another client's is denied.
     *
     * @param client        a client id, {@code "*"} for every client (ADMIN), or {@code null} for the caller's own
     * @param operationType a statement kind ({@code SELECT}, {@code INSERT}, {@code DDL} …) or leading keyword
     *                      ({@code CREATE TABLE}); {@code null} for any
     * @param limit         1 to 1000
     */
    History queryHistory(String client, String operationType, int limit);

    /** Records of {@link #queryHistory}. */
    record History(String client, boolean allClients, List<Security.AuditEntry> entries, boolean auditEnabled) {
        public History {
            entries = List.copyOf(entries);
        }
    }
}
