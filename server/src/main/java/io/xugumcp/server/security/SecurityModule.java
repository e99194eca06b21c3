package io.xugumcp.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Security;
import io.xugumcp.server.audit.AuditSearch;
import io.xugumcp.server.audit.AuditTrail;
import io.xugumcp.server.audit.LogAudit;
import io.xugumcp.server.sql.SqlGuard;
import io.xugumcp.server.sql.SqlRedactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's security, assembled from {@link SecuritySettings}: identities, the role policy, the rate limiter, and
 * the audit trail (or the debug-log sink when the trail is off). Closing it closes the trail, so it must close last.
 */
public final class SecurityModule implements SecurityView.Source, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityModule.class);

    private volatile SecuritySettings settings;
    private final Identities identities;
    private volatile RolePolicy policy;
    private final RateLimiter limiter;
    private final Supplier<String> currentSchema;
    private final SqlRedactor redactor;
    private final HostSecurity access;
    private final SqlGuard guard;
    private final AuditTrail trail;
    private final AuditSearch search;
    private final Audit audit;

    /**
     * @param currentSchema the database connection's current schema, asked only when no default-schema is configured
     */
    public SecurityModule(SecuritySettings settings, SqlGuard guard, String dialect, Supplier<String> currentSchema,
                          ObjectMapper mapper, String hostVersion) {
        this.settings = settings;
        this.guard = guard;
        this.currentSchema = currentSchema;
        this.identities = new Identities(settings);
        this.policy = new RolePolicy(settings.roles(), settings.readWrite(), defaultSchema(settings, currentSchema));
        Map<String, Role> roles = settings.roles();
        this.limiter = new RateLimiter(settings.rateLimits().enabled(), settings.rateLimits().defaults(),
                role -> roles.containsKey(role) ? roles.get(role).rateLimit() : null,
                settings.rateLimits().maxStatementsInFlight());
        this.redactor = new SqlRedactor(dialect, settings.audit().maxSqlChars());
        UnaryOperator<String> sqlText = settings.audit().redactLiterals() ? redactor::redact : redactor::verbatim;
        if (settings.audit().enabled()) {
            try {
                this.trail = AuditTrail.open(settings.audit(), mapper, sqlText, hostVersion);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the audit trail " + settings.audit().path() + ": "
                        + e.getMessage() + " (set SECURITY_AUDIT_LOG_PATH or xugu-mcp.security.audit.path)", e);
            }
            this.search = new AuditSearch(trail, mapper);
            this.audit = trail;
        } else {
            LOG.warn("The audit trail is off (SECURITY_ENABLE_AUDIT_LOG=false): calls are not recorded");
            this.trail = null;
            this.search = null;
            this.audit = new LogAudit(mapper, sqlText);
        }
        this.access = new HostSecurity(() -> this.policy, limiter,
                () -> trail != null && trail.failClosed() ? trail.failure() : null);
        LOG.info("Security: mode {}, roles {}, stdio role {}, default role {}, {} HTTP token(s), rate limit {}",
                settings.readWrite() ? "read-write" : "read-only", roles.keySet(), settings.stdioRole(),
                settings.defaultRole(), identities.tokenCount(), settings.rateLimits().enabled()
                        ? settings.rateLimits().defaults().perMinute() + "/min per client" : "off");
    }

    /**
     * The configured default schema; else, only when some table rule is schema-qualified, the connection's current
     * schema, asked when first needed (not at start: the database may not be up yet) and until it is known.
     */
    private static Supplier<String> defaultSchema(SecuritySettings settings, Supplier<String> currentSchema) {
        String configured = settings.defaultSchema();
        if (!configured.isEmpty()) {
            return () -> configured;
        }
        boolean needed = settings.roles().values().stream().flatMap(r -> r.rules().stream())
                .anyMatch(r -> r.schemaPart() != null);
        if (!needed) {
            return () -> null;
        }
        return new Supplier<>() {
            private volatile String known;
            private volatile long nextTry;

            @Override
            public String get() {
                String k = known;
                if (k != null || System.nanoTime() < nextTry) {
                    return k;
                }
                synchronized (this) {
                    if (known == null && System.nanoTime() >= nextTry) {
                        try {
                            known = currentSchema.get();
                            LOG.info("Table rules: unqualified names are in schema {}", known);
                        } catch (RuntimeException | LinkageError e) {
                            nextTry = System.nanoTime() + 10_000_000_000L;
                            LOG.warn("Cannot tell the database's current schema ({}); until it is known, a"
                                    + " schema-qualified deny rule applies to every unqualified name it matches", e.toString());
                        }
                    }
                    return known;
                }
            }
        };
    }

    /**
     * Applies a reloaded configuration's roles, table rules, mode, tokens, default and stdio roles and rate limits at
     * once; the next call of every client sees them. {@code next} was validated when it was built. The audit trail's
     * settings only take effect at the next start.
     *
     * @return what changed, e.g. {@code roles}, {@code tokens}; and, prefixed {@code restart:}, what needs a restart
     */
    public synchronized java.util.List<String> reload(SecuritySettings next) {
        SecuritySettings old = settings;
        java.util.List<String> changed = new java.util.ArrayList<>();
        if (!describe(old.roles()).equals(describe(next.roles()))) {
            changed.add("roles");
        }
        if (old.readWrite() != next.readWrite()) {
            changed.add("mode");
        }
        if (!old.defaultRole().equals(next.defaultRole()) || !old.stdioRole().equals(next.stdioRole())) {
            changed.add("default-role/stdio-role");
        }
        if (!tokensEqual(old, next)) {
            changed.add("tokens");
        }
        if (!old.rateLimits().equals(next.rateLimits())) {
            changed.add("rate-limit");
        }
        if (!old.defaultSchema().equals(next.defaultSchema())) {
            changed.add("default-schema");
        }
        if (!old.audit().equals(next.audit())) {
            changed.add("restart:xugu-mcp.security.audit");
        }
        RolePolicy nextPolicy = new RolePolicy(next.roles(), next.readWrite(), defaultSchema(next, currentSchema));
        Map<String, Role> roles = next.roles();
        identities.update(next);
        limiter.reconfigure(next.rateLimits().enabled(), next.rateLimits().defaults(),
                role -> roles.containsKey(role) ? roles.get(role).rateLimit() : null,
                next.rateLimits().maxStatementsInFlight());
        this.policy = nextPolicy;
        this.settings = next;
        return changed;
    }

    /** Roles as comparable text (Role has no equals: it is compiled for checking). */
    private static String describe(Map<String, Role> roles) {
        StringBuilder b = new StringBuilder();
        roles.forEach((name, r) -> {
            b.append(name).append('|').append(r.description()).append('|').append(new java.util.TreeSet<>(r.permissions()))
                    .append('|').append(new java.util.TreeSet<>(r.allowedKinds())).append('|').append(r.rateLimit());
            for (Role.TableRule t : r.rules()) {
                b.append('|').append(t.pattern()).append(new java.util.TreeSet<>(t.allow()))
                        .append(new java.util.TreeSet<>(t.deny()));
            }
            b.append('\n');
        });
        return b.toString();
    }

    private static boolean tokensEqual(SecuritySettings a, SecuritySettings b) {
        if (!a.plainToken().equals(b.plainToken()) || a.tokens().size() != b.tokens().size()) {
            return false;
        }
        for (int i = 0; i < a.tokens().size(); i++) {
            SecuritySettings.Token x = a.tokens().get(i);
            SecuritySettings.Token y = b.tokens().get(i);
            if (!x.client().equals(y.client()) || !x.role().equals(y.role())
                    || !java.security.MessageDigest.isEqual(x.sha256(), y.sha256())) {
                return false;
            }
        }
        return true;
    }

    /** SQL as the audit trail writes it with literals redacted (for spans, which always redact). */
    public String redactSql(String sql) {
        return redactor.redact(sql);
    }

    /** Audit records handed in and not yet written; 0 when the trail is off. */
    public int auditQueueDepth() {
        return trail == null ? 0 : trail.queueDepth();
    }

    public AccessPolicy accessPolicy() {
        return access;
    }

    public Audit audit() {
        return audit;
    }

    /** The audit trail as one plugin may add to it: its events are named {@code plugin.<id>.<action>}. */
    public Audit pluginAudit(String pluginId) {
        return io.xugumcp.server.audit.PluginAudit.of(audit, pluginId);
    }

    public Identities identities() {
        return identities;
    }

    /** The security view of one caller, for {@code ToolCall.security()}. */
    public Security view(Caller caller) {
        return new SecurityView(caller, this);
    }

    @Override
    public SecuritySettings settings() {
        return settings;
    }

    @Override
    public RolePolicy policy() {
        return policy;
    }

    @Override
    public RateLimiter limiter() {
        return limiter;
    }

    @Override
    public GuardVerdict inspect(String sql) {
        return guard.inspect(sql);
    }

    @Override
    public AuditSearch search() {
        return search;
    }

    @Override
    public boolean auditHealthy() {
        return trail == null || trail.healthy();
    }

    @Override
    public long auditRecords() {
        return trail == null ? 0 : trail.recordsWritten();
    }

    @Override
    public int httpTokens() {
        return identities.tokenCount();
    }

    @Override
    public void close() {
        if (trail != null) {
            trail.close();
        }
    }
}
