package io.xugumcp.plugin.audit;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Security;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.pf4j.Extension;

/**
 * The security and audit tools. They only shape arguments and answers: the host's {@link Security} view reads the
 * trail, the roles and the rate limiter, and enforces who may see what (another role's details, the audit log and the
 * rate limiter's state need ADMIN, whatever tool asks).
 */
@Extension
public final class AuditTools implements ToolGroup {
    private static final int MAX_LIMIT = 1000;
    private final int defaultLimit;

    public AuditTools(PluginContext context) {
        int configured = context == null ? 0 : context.config().getInt("default-limit", 100);
        this.defaultLimit = configured <= 0 ? 100 : Math.min(configured, MAX_LIMIT);
    }

    @Override
    public List<Tool> tools() {
        return List.of(getAuditLog(), getAuditStatistics(), getRateLimitStats(), listRoles(), getRoleDetails(),
                checkPermission(), getSecurityStatus());
    }

    // ------------------------------------------------------------------------------------------------- get_audit_log

    private Tool getAuditLog() {
        return Tool.builder("get_audit_log")
                .title("Read the audit log")
                .description("The audit trail's records, newest first: one per tool call ('tool'), per SQL statement"
                        + " ('statement', with kind, tables and the SQL with literals redacted), per refused HTTP request"
                        + " ('auth') and per resource read. Filter by tool, outcome (ok, denied, error, timeout), client"
                        + " and time. Needs the ADMIN permission.")
                .inputSchema(JsonSchema.object()
                        .property("limit", JsonSchema.integer("Most records to return (default 100)", 1, MAX_LIMIT))
                        .property("operation_type", JsonSchema.string("Record type: tool, statement, auth, resource"))
                        .property("tool", JsonSchema.string("Only records of this tool"))
                        .property("outcome", JsonSchema.string("ok, denied, error or timeout"))
                        .property("client", JsonSchema.string("Only records of this client id (stdio, a token's client)"))
                        .property("since", JsonSchema.string("ISO-8601 time, or a duration back from now such as 30m, 2h, 1d"))
                        .property("until", JsonSchema.string("ISO-8601 time, or a duration back from now"))
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("entries", JsonSchema.array("Audit records, newest first", Map.of("type", "object")))
                        .property("count", JsonSchema.integer("How many records are returned", 0, MAX_LIMIT))
                        .property("limit", JsonSchema.integer("The limit applied", 1, MAX_LIMIT))
                        .required("entries", "count", "limit")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.ADMIN)
                .handler(call -> {
                    Arguments a = call.arguments();
                    int limit = a.optionalInt("limit", 1, MAX_LIMIT).orElse(defaultLimit);
                    Instant now = Instant.now();
                    Security.AuditQuery q = new Security.AuditQuery(blankToNull(a.optionalString("operation_type")),
                            blankToNull(a.optionalString("tool")), outcome(a), blankToNull(a.optionalString("client")),
                            time(a, "since", now), time(a, "until", now), limit);
                    List<Security.AuditEntry> entries = call.security().auditLog(q);
                    List<Map<String, Object>> out = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (Security.AuditEntry e : entries) {
                        Map<String, Object> f = ordered(e.fields());
                        out.add(f);
                        text.append(line(f)).append('\n');
                    }
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("entries", out);
                    result.put("count", out.size());
                    result.put("limit", limit);
                    return ToolResult.structured(result, out.isEmpty() ? "No audit records match."
                            : out.size() + " audit record(s), newest first:\n" + text);
                })
                .build();
    }

    private static String outcome(Arguments a) {
        String o = blankToNull(a.optionalString("outcome"));
        if (o == null) {
            return null;
        }
        String lower = o.toLowerCase(Locale.ROOT);
        if (!List.of("ok", "denied", "error", "timeout").contains(lower)) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'outcome' must be ok, denied, error or timeout.");
        }
        return lower;
    }

    /** ISO-8601 (with offset or Z) or a duration back from now: 90s, 30m, 2h, 1d. */
    static Instant time(Arguments a, String name, Instant now) {
        String v = blankToNull(a.optionalString(name));
        if (v == null) {
            return null;
        }
        String s = v.trim();
        if (s.matches("\\d+[smhd]")) {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            Duration d = switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument '" + name + "' must be an ISO-8601 time such as"
                        + " 2025-06-30T14:00:00+08:00, or a duration back from now such as 30m, 2h or 1d.");
            }
        }
    }

    private static final List<String> FIRST = List.of("seq", "time", "action", "client", "role", "transport", "tool",
            "outcome", "code", "kind", "verb", "tables", "sql", "rows", "elapsedMs", "reason");

    private static Map<String, Object> ordered(Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : FIRST) {
            if (fields.containsKey(k)) {
                out.put(k, fields.get(k));
            }
        }
        for (String k : new TreeSet<>(fields.keySet())) {
            out.putIfAbsent(k, fields.get(k));
        }
        return out;
    }

    private static String line(Map<String, Object> f) {
        StringBuilder b = new StringBuilder();
        b.append('#').append(f.get("seq")).append(' ').append(f.get("time")).append(' ').append(f.get("action"));
        for (String k : List.of("client", "role", "tool", "kind", "outcome", "code", "rows", "elapsedMs")) {
            if (f.get(k) != null) {
                b.append(' ').append(k).append('=').append(f.get(k));
            }
        }
        if (f.get("sql") != null) {
            b.append(" sql=").append(f.get("sql"));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------ get_audit_statistics

    private Tool getAuditStatistics() {
        return Tool.builder("get_audit_statistics")
                .title("Audit statistics")
                .description("Counts over the audit trail for the last hours: tool calls and statements by outcome,"
                        + " calls per tool and per client, statements per kind, refused HTTP requests, the slowest"
                        + " call. Needs the ADMIN permission.")
                .inputSchema(JsonSchema.object()
                        .property("hours", JsonSchema.integer("How many hours back (default 24)", 1, 24 * 366))
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("since", JsonSchema.string("Start of the window"))
                        .property("until", JsonSchema.string("End of the window"))
                        .property("records", JsonSchema.integer("Records in the window", 0, Long.MAX_VALUE))
                        .property("toolCalls", JsonSchema.integer("Tool calls", 0, Long.MAX_VALUE))
                        .property("statements", JsonSchema.integer("SQL statements", 0, Long.MAX_VALUE))
                        .property("byOutcome", JsonSchema.any("Counts by record type and outcome, e.g. tool:denied"))
                        .property("byTool", JsonSchema.any("Tool calls per tool"))
                        .property("byClient", JsonSchema.any("Tool calls per client"))
                        .property("byStatementKind", JsonSchema.any("Statements per kind"))
                        .property("deniedAuthentications", JsonSchema.integer("HTTP requests refused with 401", 0, Long.MAX_VALUE))
                        .property("slowestMs", JsonSchema.integer("The slowest tool call, ms", 0, Long.MAX_VALUE))
                        .property("partial", JsonSchema.bool("True when the trail does not reach back to the window's start"))
                        .required("since", "until", "records", "toolCalls", "statements", "partial")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.ADMIN)
                .handler(call -> {
                    int hours = call.arguments().optionalInt("hours", 1, 24 * 366).orElse(24);
                    Security.AuditStatistics s = call.security().auditStatistics(Instant.now().minus(Duration.ofHours(hours)));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("since", s.since().toString());
                    out.put("until", s.until().toString());
                    out.put("records", s.records());
                    out.put("toolCalls", s.toolCalls());
                    out.put("statements", s.statements());
                    out.put("byOutcome", s.byOutcome());
                    out.put("byTool", s.byTool());
                    out.put("byClient", s.byClient());
                    out.put("byStatementKind", s.byStatementKind());
                    out.put("deniedAuthentications", s.deniedAuthentications());
                    out.put("slowestMs", s.slowestMs());
                    out.put("partial", s.partial());
                    String text = "Last " + hours + " h: " + s.toolCalls() + " tool calls, " + s.statements()
                            + " statements, " + s.deniedAuthentications() + " refused HTTP requests.\nBy outcome: "
                            + s.byOutcome() + "\nBy tool: " + s.byTool() + "\nBy client: " + s.byClient()
                            + "\nStatements by kind: " + s.byStatementKind() + "\nSlowest call: " + s.slowestMs() + " ms"
                            + (s.partial() ? "\n(The trail does not reach back to the start of the window.)" : "");
                    return ToolResult.structured(out, text);
                })
                .build();
    }

    // ------------------------------------------------------------------------------------------- get_rate_limit_stats

    private Tool getRateLimitStats() {
        return Tool.builder("get_rate_limit_stats")
                .title("Rate limit statistics")
                .description("The rate limiter: the per-client token buckets (limit, tokens left, calls allowed and"
                        + " refused) and the server-wide cap on statements in flight. Needs the ADMIN permission.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("enabled", JsonSchema.bool("Whether rate limits apply"))
                        .property("defaultLimit", JsonSchema.any("The server-wide limit"))
                        .property("maxStatementsInFlight", JsonSchema.integer("The cap (0 = none)", 0, Integer.MAX_VALUE))
                        .property("statementsInFlight", JsonSchema.integer("Running now", 0, Integer.MAX_VALUE))
                        .property("refusedInFlight", JsonSchema.integer("Statements refused by the cap", 0, Long.MAX_VALUE))
                        .property("clients", JsonSchema.array("One bucket per client", Map.of("type", "object")))
                        .required("enabled", "clients")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.ADMIN)
                .handler(call -> {
                    Security.RateLimits r = call.security().rateLimits();
                    List<Map<String, Object>> clients = new ArrayList<>();
                    StringBuilder text = new StringBuilder("Rate limits " + (r.enabled() ? "on" : "off") + "; default "
                            + limitText(r.defaults()) + "; statements in flight " + r.statementsInFlight() + "/"
                            + (r.maxStatementsInFlight() == 0 ? "unlimited" : r.maxStatementsInFlight()) + ", refused "
                            + r.refusedInFlight() + ".\n");
                    for (Security.ClientRate c : r.clients()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("client", c.client());
                        m.put("role", c.role());
                        m.put("limit", limit(c.limit()));
                        m.put("available", c.available());
                        m.put("allowed", c.allowed());
                        m.put("refused", c.refused());
                        m.put("lastSeen", c.lastSeen() == null ? null : c.lastSeen().toString());
                        clients.add(m);
                        text.append("  ").append(c.client()).append(" (").append(c.role()).append("): ")
                                .append(limitText(c.limit())).append(", ").append(c.available()).append(" left, ")
                                .append(c.allowed()).append(" allowed, ").append(c.refused()).append(" refused\n");
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("enabled", r.enabled());
                    out.put("defaultLimit", limit(r.defaults()));
                    out.put("maxStatementsInFlight", r.maxStatementsInFlight());
                    out.put("statementsInFlight", r.statementsInFlight());
                    out.put("refusedInFlight", r.refusedInFlight());
                    out.put("clients", clients);
                    return ToolResult.structured(out, text.toString());
                })
                .build();
    }

    private static Map<String, Object> limit(Security.RateLimit l) {
        if (l == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", l.enabled());
        m.put("perMinute", l.perMinute());
        m.put("burst", l.burst());
        return m;
    }

    private static String limitText(Security.RateLimit l) {
        return l == null ? "server default" : !l.enabled() ? "unlimited"
                : l.perMinute() + "/min, burst " + l.burst();
    }

    // ------------------------------------------------------------------------------------------- roles and permissions

    private static final Map<String, Object> ROLE_SCHEMA = JsonSchema.object()
            .property("name", JsonSchema.string("Role name"))
            .property("description", JsonSchema.string("What the role is for"))
            .property("builtIn", JsonSchema.bool("One of the five predefined roles"))
            .property("permissions", JsonSchema.array("Permissions held on every table", Map.of("type", "string")))
            .property("allowedKinds", JsonSchema.array("Statement kinds allowed although denied by default",
                    Map.of("type", "string")))
            .property("tableRules", JsonSchema.array("Per-table allow and deny rules (deny wins)", Map.of("type", "object")))
            .property("rateLimit", JsonSchema.any("The role's own rate limit, or null for the server default"))
            .required("name", "permissions")
            .build();

    private Tool listRoles() {
        return Tool.builder("list_roles")
                .title("List roles")
                .description("Every configured role with its permissions, table rules and rate limit. Needs the ADMIN"
                        + " permission (get_role_details shows your own role to anyone).")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("roles", JsonSchema.array("The roles", ROLE_SCHEMA))
                        .required("roles")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.ADMIN)
                .handler(call -> {
                    List<Map<String, Object>> roles = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (Security.Role r : call.security().roles()) {
                        roles.add(role(r));
                        text.append(roleText(r)).append('\n');
                    }
                    return ToolResult.structured(Map.of("roles", roles), text.toString());
                })
                .build();
    }

    private Tool getRoleDetails() {
        return Tool.builder("get_role_details")
                .title("Describe a role")
                .description("One role's permissions, allowed statement kinds, table rules and rate limit. Without"
                        + " role_name: your own role (anyone may ask); another role needs the ADMIN permission.")
                .inputSchema(JsonSchema.object()
                        .property("role_name", JsonSchema.string("The role; default: your own"))
                        .build())
                .outputSchema(ROLE_SCHEMA)
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.NONE)
                .handler(call -> {
                    Optional<String> name = call.arguments().optionalString("role_name").filter(s -> !s.isBlank());
                    Security.Role r = name.isEmpty() ? call.security().callerRole()
                            : call.security().role(name.get()).orElseThrow(() -> new ToolException(ErrorCode.NOT_FOUND,
                                    "No role '" + name.get() + "' is configured. list_roles shows them."));
                    return ToolResult.structured(role(r), roleText(r));
                })
                .build();
    }

    private static Map<String, Object> role(Security.Role r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("description", r.description());
        m.put("builtIn", r.builtIn());
        m.put("permissions", new TreeSet<>(r.permissions().stream().map(Enum::name).toList()).stream().toList());
        m.put("allowedKinds", new TreeSet<>(r.allowedKinds().stream().map(Enum::name).toList()).stream().toList());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Security.TableRule t : r.tableRules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("pattern", t.pattern());
            rule.put("allow", t.allow().stream().map(Enum::name).sorted().toList());
            rule.put("deny", t.deny().stream().map(Enum::name).sorted().toList());
            rules.add(rule);
        }
        m.put("tableRules", rules);
        m.put("rateLimit", limit(r.rateLimit()));
        return m;
    }

    private static String roleText(Security.Role r) {
        StringBuilder b = new StringBuilder(r.name()).append(r.builtIn() ? " (built-in)" : "").append(": ")
                .append(r.description()).append("\n  permissions: ")
                .append(new TreeSet<>(r.permissions().stream().map(Enum::name).toList()));
        if (!r.allowedKinds().isEmpty()) {
            b.append("\n  also runs: ").append(new TreeSet<>(r.allowedKinds().stream().map(Enum::name).toList()));
        }
        for (Security.TableRule t : r.tableRules()) {
            b.append("\n  tables ").append(t.pattern());
            if (!t.allow().isEmpty()) {
                b.append(" allow ").append(new TreeSet<>(t.allow().stream().map(Enum::name).toList()));
            }
            if (!t.deny().isEmpty()) {
                b.append(" deny ").append(new TreeSet<>(t.deny().stream().map(Enum::name).toList()));
            }
        }
        if (r.rateLimit() != null) {
            b.append("\n  rate limit: ").append(limitText(r.rateLimit()));
        }
        return b.toString();
    }

    private Tool checkPermission() {
        return Tool.builder("check_permission")
                .title("Check a permission")
                .description("Whether a role may do something, without doing it: an 'operation' (SELECT, INSERT, …,"
                        + " ADMIN), optionally on 'table_name', or a whole 'sql' statement. Another role than your own"
                        + " needs ADMIN.")
                .inputSchema(JsonSchema.object()
                        .property("role_name", JsonSchema.string("The role; default: your own"))
                        .property("operation", JsonSchema.string("A permission name, e.g. DELETE"))
                        .property("table_name", JsonSchema.string("A table, optionally schema-qualified"))
                        .property("sql", JsonSchema.string("A SQL statement to check instead of an operation"))
                        .build())
                .outputSchema(JsonSchema.object()
                        .property("allowed", JsonSchema.bool("Whether it is allowed"))
                        .property("role", JsonSchema.string("The role checked"))
                        .property("permission", JsonSchema.typed(List.of("string", "null"), "The deciding permission"))
                        .property("table", JsonSchema.typed(List.of("string", "null"), "The deciding table"))
                        .property("reason", JsonSchema.string("Why"))
                        .required("allowed", "role", "reason")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.NONE)
                .handler(call -> {
                    Arguments a = call.arguments();
                    String role = blankToNull(a.optionalString("role_name"));
                    String sql = blankToNull(a.optionalString("sql"));
                    String operation = blankToNull(a.optionalString("operation"));
                    Security.Decision d;
                    if (sql != null) {
                        d = call.security().checkStatement(role, sql);
                    } else if (operation != null) {
                        d = call.security().check(role, permission(operation), blankToNull(a.optionalString("table_name")));
                    } else {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Give 'operation' (a permission such as DELETE) or"
                                + " 'sql' (a statement) to check.");
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("allowed", d.allowed());
                    out.put("role", d.role());
                    out.put("permission", d.permission() == null ? null : d.permission().name());
                    out.put("table", d.table());
                    out.put("reason", d.reason());
                    return ToolResult.structured(out, (d.allowed() ? "Allowed. " : "") + d.reason());
                })
                .build();
    }

    static Permission permission(String operation) {
        String u = operation.trim().toUpperCase(Locale.ROOT);
        switch (u) {
            case "READ", "QUERY" -> u = "SELECT";
            case "WRITE" -> u = "INSERT";
            default -> { }
        }
        try {
            return Permission.valueOf(u);
        } catch (IllegalArgumentException e) {
            if (u.contains(" ")) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "'" + operation + "' looks like SQL: pass it as 'sql'.");
            }
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Unknown operation '" + operation + "'; use one of "
                    + java.util.Arrays.toString(Permission.values()) + ", or pass a statement as 'sql'.");
        }
    }

    // --------------------------------------------------------------------------------------------- get_security_status

    private Tool getSecurityStatus() {
        return Tool.builder("get_security_status")
                .title("Security status")
                .description("Who you are (client, role), the server mode, audit health, rate limits, HTTP token"
                        + " use, the roles and the statement kinds denied by default.")
                .inputSchema(JsonSchema.object().build())
                .outputSchema(JsonSchema.object()
                        .property("mode", JsonSchema.string("read-only or read-write"))
                        .property("caller", JsonSchema.any("Your client id, role and transport"))
                        .property("audit", JsonSchema.any("The audit trail's state"))
                        .property("rateLimit", JsonSchema.any("The rate limits"))
                        .property("http", JsonSchema.any("HTTP authentication"))
                        .property("roles", JsonSchema.array("Configured roles", Map.of("type", "string")))
                        .property("deniedByDefault", JsonSchema.array("Statement kinds denied unless a role allows them",
                                Map.of("type", "string")))
                        .required("mode", "caller", "audit", "rateLimit")
                        .build())
                .annotations(ToolAnnotations.READ_ONLY)
                .permission(Permission.NONE)
                .handler(AuditTools::status)
                .build();
    }

    private static ToolResult status(ToolCall call) {
        Security.Status s = call.security().status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", s.mode());
        out.put("caller", Map.of("client", s.caller().clientId(), "role", s.caller().role(),
                "transport", s.caller().transport()));
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("enabled", s.auditEnabled());
        audit.put("healthy", s.auditHealthy());
        audit.put("recordsThisRun", s.auditRecords());
        audit.put("literalsRedacted", s.literalsRedacted());
        out.put("audit", audit);
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("enabled", s.rateLimitEnabled());
        rate.put("default", limit(s.defaultRateLimit()));
        rate.put("maxStatementsInFlight", s.maxStatementsInFlight());
        out.put("rateLimit", rate);
        out.put("http", Map.of("tokenRequired", s.httpAuthRequired(), "tokens", s.httpTokens()));
        out.put("defaultRole", s.defaultRole());
        out.put("stdioRole", s.stdioRole());
        out.put("roles", s.roles());
        out.put("deniedByDefault", new TreeSet<>(s.deniedByDefault().stream().map(StatementKind::name).toList())
                .stream().toList());
        String text = "You are " + s.caller().clientId() + " with role " + s.caller().role() + " over "
                + s.caller().transport() + ". Mode: " + s.mode() + ". Audit trail: "
                + (s.auditEnabled() ? (s.auditHealthy() ? "on" : "on but FAILING") + ", literals "
                + (s.literalsRedacted() ? "redacted" : "kept") : "off") + ". Rate limit: "
                + (s.rateLimitEnabled() ? limitText(s.defaultRateLimit()) + " per client" : "off")
                + "; statements in flight at most " + s.maxStatementsInFlight() + ". HTTP: "
                + (s.httpAuthRequired() ? s.httpTokens() + " token(s)" : "no token required") + ". Roles: " + s.roles()
                + ". Denied unless a role allows them: " + out.get("deniedByDefault") + ".";
        return ToolResult.structured(out, text);
    }

    private static String blankToNull(Optional<String> s) {
        return s.filter(v -> !v.isBlank()).map(String::trim).orElse(null);
    }
}
