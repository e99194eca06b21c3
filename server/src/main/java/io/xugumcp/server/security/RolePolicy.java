package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Role-based access: each caller's role decides which tools it may use and which statements the Database service
 * runs for it, table by table. The server-wide mode ({@code xugu-mcp.security.mode}) caps every role: in read-only
 * mode nothing but reads runs, whatever the role. Denials throw {@link ToolException} with code {@code denied} and a
 * message naming what is missing.
 */
public final class RolePolicy implements AccessPolicy {
    /** Permissions that change data or schema, or run arbitrary code: capped away in read-only mode. */
    static final Set<Permission> WRITE_PERMISSIONS = Collections.unmodifiableSet(EnumSet.of(Permission.INSERT,
            Permission.UPDATE, Permission.DELETE, Permission.CREATE, Permission.ALTER, Permission.DROP,
            Permission.TRUNCATE, Permission.EXECUTE));
    /** How an operator changes the mode: said in every read-only refusal, since a caller cannot change it. */
    static final String MODE_HINT = "To allow writes, an operator restarts the server in read-write mode:"
            + " XUGU_MCP_MODE=read-write in its environment, or the --read-write flag, or xugu-mcp.security.mode ="
            + " read-write in its configuration.";

    private final Map<String, Role> roles;
    private final boolean readWrite;
    private final java.util.function.Supplier<String> defaultSchema;

    public RolePolicy(Map<String, Role> roles, boolean readWrite) {
        this(roles, readWrite, (String) null);
    }

    /**
     * @param defaultSchema the schema unqualified table names resolve to (the connection's current schema), used to
     *                      match schema-qualified table rules; {@code null} when unknown (a schema-qualified deny rule
     *                      then applies to every unqualified name it matches by name)
     */
    public RolePolicy(Map<String, Role> roles, boolean readWrite, String defaultSchema) {
        this(roles, readWrite, () -> defaultSchema);
    }

    /** @param defaultSchema asked when a table rule needs it; may answer null (unknown, for now) */
    public RolePolicy(Map<String, Role> roles, boolean readWrite, java.util.function.Supplier<String> defaultSchema) {
        this.roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        this.readWrite = readWrite;
        this.defaultSchema = defaultSchema;
    }

    /** The schema unqualified names are taken to be in, or null. */
    public String defaultSchema() {
        String s = defaultSchema.get();
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code t} with the default schema in front when it has none (for matching table rules). */
    private String qualified(String t) {
        if (t == null || t.isBlank() || t.indexOf('.') >= 0) {
            return t;
        }
        String schema = defaultSchema();
        return schema == null ? t : schema + "." + t;
    }

    public boolean readWrite() {
        return readWrite;
    }

    public Map<String, Role> roles() {
        return roles;
    }

    public Role role(String name) {
        return name == null ? null : roles.get(name);
    }

    @Override
    public boolean narrowsReads(Caller caller) {
        Role role = role(caller.role());
        if (role == null || !role.holds(Permission.SELECT)) {
            return true;
        }
        for (Role.TableRule r : role.rules()) {
            if (r.deny().contains(Permission.SELECT)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkTool(Caller caller, String toolName, Permission permission) {
        Security.Decision d = decideTool(caller.role(), toolName, permission);
        if (!d.allowed()) {
            throw new ToolException(ErrorCode.DENIED, d.reason());
        }
    }

    @Override
    public void checkStatement(Caller caller, GuardVerdict verdict) {
        Security.Decision d = decide(caller.role(), verdict);
        if (!d.allowed()) {
            throw new ToolException(ErrorCode.DENIED, d.reason());
        }
    }

    /** May {@code roleName} use a tool needing {@code permission}? */
    public Security.Decision decideTool(String roleName, String toolName, Permission permission) {
        Role role = role(roleName);
        if (role == null) {
            return unknownRole(roleName, permission);
        }
        if (permission == Permission.NONE) {
            return new Security.Decision(true, role.name(), permission, null, "Every role may use it.");
        }
        // The mode first: in read-only mode no role could write, so naming the role would send the caller after the
        // wrong fix.
        if (!readWrite && WRITE_PERMISSIONS.contains(permission)) {
            return new Security.Decision(false, role.name(), permission, null, "Denied: tool '" + toolName
                    + "' changes the database (it needs the " + permission + " permission) and the server runs in"
                    + " read-only mode, which refuses every change whatever the caller's role. " + MODE_HINT);
        }
        if (!role.holdsSomewhere(permission)) {
            return new Security.Decision(false, role.name(), permission, null, "Denied: tool '" + toolName
                    + "' needs the " + permission + " permission; role '" + role.name() + "' does not have it."
                    + rolesWith(permission));
        }
        return new Security.Decision(true, role.name(), permission, null, "Role '" + role.name() + "' holds "
                + permission + (role.holds(permission) ? "." : " on some tables (see its table rules)."));
    }

    /** Which roles would do, and how an operator gives one to a caller. */
    private String rolesWith(Permission permission) {
        List<String> with = new ArrayList<>();
        for (Role r : roles.values()) {
            if (r.holds(permission) && !r.holds(Permission.ADMIN)) {
                with.add(r.name());
            }
        }
        if (with.isEmpty()) {
            return "";
        }
        return " Roles that have it: " + String.join(", ", with) + ". An operator gives a caller such a role with"
                + " XUGU_MCP_STDIO_ROLE (stdio), the role of its HTTP token in xugu-mcp.security.tokens, or"
                + " XUGU_MCP_DEFAULT_ROLE" + (WRITE_PERMISSIONS.contains(permission) && !readWrite
                ? ". The server also runs in read-only mode, so writes need xugu-mcp.security.mode = read-write"
                + " (XUGU_MCP_MODE or --read-write) as well" : "") + ".";
    }

    /** May {@code roleName} hold {@code permission} on {@code table} ({@code null}: on every table)? */
    public Security.Decision decide(String roleName, Permission permission, String table) {
        Role role = role(roleName);
        if (role == null) {
            return unknownRole(roleName, permission);
        }
        String on = table == null || table.isBlank() ? "" : " on " + table;
        if (!readWrite && WRITE_PERMISSIONS.contains(permission)) {
            return new Security.Decision(false, role.name(), permission, table, "Denied: " + permission + on
                    + " changes the database and the server runs in read-only mode, which refuses every change"
                    + " whatever the caller's role. " + MODE_HINT);
        }
        boolean held = table == null || table.isBlank() ? role.holds(permission) : role.holdsOn(permission, qualified(table));
        if (!held) {
            return new Security.Decision(false, role.name(), permission, table, "Denied: role '" + role.name()
                    + "' does not have the " + permission + " permission" + on + explainMissing(role, permission,
                    qualified(table)));
        }
        return new Security.Decision(true, role.name(), permission, table, "Role '" + role.name() + "' has the "
                + permission + " permission" + on + ".");
    }

    /** May {@code roleName} run the statement the guard classified as {@code v}? */
    public Security.Decision decide(String roleName, GuardVerdict v) {
        Role role = role(roleName);
        StatementRules.Requirement req = StatementRules.of(v);
        if (role == null) {
            return unknownRole(roleName, req.permissions().isEmpty() ? null : req.permissions().iterator().next());
        }
        String what = req.what();
        if (req.gatedKind() != null && !role.allowedKinds().contains(req.gatedKind())) {
            StatementKind k = req.gatedKind();
            return new Security.Decision(false, role.name(), null, null, "Denied: " + what + " is "
                    + StatementRules.withArticle(k) + " statement: " + StatementRules.whyGated(k) + ". Role '"
                    + role.name() + "' may not run " + k + " statements (missing: " + k + " in the role's allow-kinds).");
        }
        if (!readWrite && v.kind().isWrite() && req.gatedKind() == null) {
            // The mode before the role: no role may write in read-only mode, and only an operator can change it.
            return new Security.Decision(false, role.name(), req.permissions().isEmpty() ? null
                    : req.permissions().iterator().next(), null, "Denied: " + what + " changes the database ("
                    + StatementRules.withArticle(v.kind()) + " statement) and the server runs in read-only mode,"
                    + " which refuses every change whatever the caller's role; only SELECT-style reads run. "
                    + MODE_HINT);
        }
        if (!role.holds(Permission.ADMIN)) {
            for (String t : v.tables()) {
                String exposing = ValueExposingViews.describe(t);
                if (exposing != null) {
                    return new Security.Decision(false, role.name(), Permission.ADMIN, t, "Denied: " + t + " "
                            + exposing + ", which would go around the table rules; only a role with ADMIN may read it."
                            + " Use get_table_stats or describe_table for the tables you may read.");
                }
            }
        }
        List<String> tables = new ArrayList<>(v.tables());
        for (Permission p : req.permissions()) {
            if (tables.isEmpty() || !req.tableScoped()) {
                if (!role.holds(p)) {
                    return new Security.Decision(false, role.name(), p, null, "Denied: " + what + " needs the " + p
                            + " permission; role '" + role.name() + "' does not have it"
                            + (role.holdsSomewhere(p) && !tables.isEmpty() ? " on every table, and table rules do not"
                            + " grant it for " + what : role.holdsSomewhere(p) ? " on every table" : "") + ".");
                }
            }
            for (String t : tables) {
                String q = qualified(t);
                boolean ok = req.tableScoped() ? role.holdsOn(p, q) : !role.denies(p, q);
                if (!ok) {
                    return new Security.Decision(false, role.name(), p, t, "Denied: " + what + " needs the " + p
                            + " permission on " + t + "; role '" + role.name() + "' does not have it"
                            + explainMissing(role, p, q));
                }
            }
        }
        if (!readWrite && v.kind().isWrite()) {
            return new Security.Decision(false, role.name(), req.permissions().isEmpty() ? null
                    : req.permissions().iterator().next(), null, "Denied: " + what + " changes the database ("
                    + StatementRules.withArticle(v.kind()) + " statement) and the server runs in read-only mode,"
                    + " which refuses every change whatever the caller's role; only SELECT-style reads run. "
                    + MODE_HINT);
        }
        return new Security.Decision(true, role.name(), req.permissions().isEmpty() ? null
                : req.permissions().iterator().next(), null, "Role '" + role.name() + "' may run " + what + ".");
    }

    private static String explainMissing(Role role, Permission p, String table) {
        if (table != null && !table.isBlank() && role.denies(p, table)) {
            for (Role.TableRule r : role.rules()) {
                if (r.deny().contains(p) && r.matches(table, true)) {
                    return " (a deny rule for '" + r.pattern() + "' takes it away; deny wins over allow).";
                }
            }
        }
        List<String> where = new ArrayList<>();
        for (Role.TableRule r : role.rules()) {
            if (r.allow().contains(p)) {
                where.add(r.pattern());
            }
        }
        return where.isEmpty() ? "." : " (only on tables matching " + String.join(", ", where) + ").";
    }

    private static Security.Decision unknownRole(String roleName, Permission p) {
        return new Security.Decision(false, String.valueOf(roleName), p, null, "Denied: the caller's role '" + roleName
                + "' is not configured, so it may do nothing.");
    }

    /** Statement kinds denied unless a role allows them. */
    public static Set<StatementKind> deniedByDefault() {
        return StatementRules.GATED;
    }
}
