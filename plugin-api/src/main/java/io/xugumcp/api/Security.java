package io.xugumcp.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The host's security model as one caller may see it: roles, permission checks, the audit trail, rate limits and the
 * overall status. Reached through {@link ToolCall#security()}.
 *
 * <p>The host enforces access itself, whatever the tool that asks: methods that reveal other callers or other roles
 * ({@link #roles()}, {@link #role(String)} for another role, {@link #check} for another role, {@link #auditLog},
 * {@link #auditStatistics}, {@link #rateLimits()}) throw {@link ToolException} with code {@code denied} unless the
 * caller's role holds {@link Permission#ADMIN}. Nothing here ever returns a secret (tokens, passwords, their hashes).
 */
public interface Security {

    /** The role of the caller this view belongs to. */
    Role callerRole();

    /** Every configured role, built-in ones first. Needs ADMIN. */
    List<Role> roles();

    /** One role by name; the caller's own role needs nothing, any other needs ADMIN. */
    Optional<Role> role(String name);

    /**
     * Whether {@code role} may use {@code permission}, on {@code table} when not {@code null} (schema-qualified names
     * are matched against schema-qualified rules). The caller's own role needs nothing, any other needs ADMIN.
     */
    Decision check(String role, Permission permission, String table);

    /**
     * Whether {@code role} may run {@code sql}: the SQL guard's verdict checked against the role, exactly as the
     * Database service would check it – without running anything.
     */
    Decision checkStatement(String role, String sql);

    /** Audit records, newest first, matching the query. Needs ADMIN. */
    List<AuditEntry> auditLog(AuditQuery query);

    /** Counts over the audit records written since {@code since}. Needs ADMIN. */
    AuditStatistics auditStatistics(Instant since);

    /** The rate limiter's state for every client seen since start. Needs ADMIN. */
    RateLimits rateLimits();

    /** The server-wide security switches and the caller's own identity. Needs nothing. */
    Status status();

    /**
     * A role.
     *
     * @param permissions   permissions held on every table
     * @param allowedKinds  statement kinds the role may run although they are denied by default (transaction control,
     *                      session changes, procedural code, locks, privilege changes, unknown)
     * @param tableRules    per-table additions and removals; a deny always wins over an allow
     * @param rateLimit     the role's own rate limit, or {@code null} when the server-wide one applies
     */
    record Role(String name, String description, Set<Permission> permissions, Set<StatementKind> allowedKinds,
                List<TableRule> tableRules, RateLimit rateLimit, boolean builtIn) {
        public Role {
            permissions = Set.copyOf(permissions);
            allowedKinds = Set.copyOf(allowedKinds);
            tableRules = List.copyOf(tableRules);
        }
    }

    /**
     * A table rule: tables whose name matches {@code pattern} ({@code *} and {@code ?} wildcards, case-insensitive;
     * with a dot the pattern is schema-qualified) gain {@code allow} and lose {@code deny}.
     */
    record TableRule(String pattern, Set<Permission> allow, Set<Permission> deny) {
        public TableRule {
            allow = Set.copyOf(allow);
            deny = Set.copyOf(deny);
        }
    }

    /** A token bucket: {@code perMinute} calls refilled evenly, at most {@code burst} at once. */
    record RateLimit(boolean enabled, int perMinute, int burst) {
    }

    /**
     * The answer to a permission check.
     *
     * @param permission the permission that decided (the missing one when denied); may be {@code null}
     * @param reason     a sentence for the caller
     */
    record Decision(boolean allowed, String role, Permission permission, String table, String reason) {
    }

    /**
     * Filters of {@link #auditLog}; {@code null} means any.
     *
     * @param action  {@code tool}, {@code statement}, {@code auth}, …
     * @param outcome {@code ok}, {@code denied}, {@code error}, {@code timeout}
     * @param limit   1 to 1000
     */
    record AuditQuery(String action, String tool, String outcome, String client, Instant since, Instant until, int limit) {
    }

    /** One audit record as written (without its chain fields), JSON-shaped. */
    record AuditEntry(Map<String, Object> fields) {
        public AuditEntry {
            fields = Map.copyOf(fields);
        }
    }

    /**
     * Counts over a time window.
     *
     * @param partial true when the window reached further back than the records kept or scanned
     */
    record AuditStatistics(Instant since, Instant until, long records, long toolCalls, long statements,
                           Map<String, Long> byOutcome, Map<String, Long> byTool, Map<String, Long> byClient,
                           Map<String, Long> byStatementKind, long deniedAuthentications, long slowestMs,
                           boolean partial) {
    }

    /** The rate limiter: the global cap on statements in flight and each client's bucket. */
    record RateLimits(boolean enabled, RateLimit defaults, int maxStatementsInFlight, int statementsInFlight,
                      long refusedInFlight, List<ClientRate> clients) {
        public RateLimits {
            clients = List.copyOf(clients);
        }
    }

    /** One client's bucket. */
    record ClientRate(String client, String role, RateLimit limit, double available, long allowed, long refused,
                      Instant lastSeen) {
    }

    /**
     * The server-wide switches.
     *
     * @param mode               {@code read-only} (every role capped to reads) or {@code read-write}
     * @param deniedByDefault    statement kinds refused unless a role allows them
     */
    record Status(String mode, Caller caller, boolean auditEnabled, boolean auditHealthy, long auditRecords,
                  boolean literalsRedacted, boolean rateLimitEnabled, RateLimit defaultRateLimit,
                  int maxStatementsInFlight, boolean httpAuthRequired, int httpTokens, String defaultRole,
                  String stdioRole, List<String> roles, Set<StatementKind> deniedByDefault) {
        public Status {
            roles = List.copyOf(roles);
            deniedByDefault = Set.copyOf(deniedByDefault);
        }
    }
}
