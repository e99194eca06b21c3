package io.xugumcp.server.audit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The audit trail's settings ({@code xugu-mcp.security.audit.*}, read and checked with the rest of the security
 * configuration). A value of the audit package so the trail needs nothing from access control.
 *
 * @param path           the active file; rotated files sit next to it
 * @param flushInterval  the longest a written record may wait for fsync
 * @param failClosed     refuse calls while the trail cannot be written
 */
public record AuditSettings(boolean enabled, Path path, Duration flushInterval, long maxFileSize, boolean redactLiterals,
                            int maxSqlChars, boolean failClosed) {
}
