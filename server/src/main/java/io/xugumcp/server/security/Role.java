package io.xugumcp.server.security;

import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.StatementKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One role, compiled for checking: permissions held on every table, statement kinds it may run although they are
 * denied by default, table rules (allow and deny by name pattern; a deny always wins), and an optional rate limit.
 * Immutable.
 */
public final class Role {
    private final String name;
    private final String description;
    private final Set<Permission> permissions;
    private final Set<StatementKind> allowedKinds;
    private final List<TableRule> rules;
    private final Security.RateLimit rateLimit;
    private final boolean builtIn;

    public Role(String name, String description, Set<Permission> permissions, Set<StatementKind> allowedKinds,
                List<TableRule> rules, Security.RateLimit rateLimit, boolean builtIn) {
        this.name = name;
        this.description = description == null ? "" : description;
        this.permissions = Collections.unmodifiableSet(permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions));
        this.allowedKinds = Collections.unmodifiableSet(allowedKinds.isEmpty() ? EnumSet.noneOf(StatementKind.class) : EnumSet.copyOf(allowedKinds));
        this.rules = List.copyOf(rules);
        this.rateLimit = rateLimit;
        this.builtIn = builtIn;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    public Set<StatementKind> allowedKinds() {
        return allowedKinds;
    }

    public List<TableRule> rules() {
        return rules;
    }

    /** The role's own rate limit, or {@code null} when the server-wide one applies. */
    public Security.RateLimit rateLimit() {
        return rateLimit;
    }

    public boolean builtIn() {
        return builtIn;
    }

    /** Holds {@code p} on every table ({@link Permission#NONE} is held by every role). */
    public boolean holds(Permission p) {
        return p == Permission.NONE || permissions.contains(p);
    }

    /** Holds {@code p} on every table or on some tables through an allow rule: enough to use a tool needing it. */
    public boolean holdsSomewhere(Permission p) {
        if (holds(p)) {
            return true;
        }
        for (TableRule r : rules) {
            if (r.allow().contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** True when a deny rule matching {@code table} takes {@code p} away. */
    public boolean denies(Permission p, String table) {
        for (TableRule r : rules) {
            if (r.deny().contains(p) && r.matches(table, true)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code p} is held on {@code table}: held everywhere or allowed by a rule, and not denied by any. */
    public boolean holdsOn(Permission p, String table) {
        if (denies(p, table)) {
            return false;
        }
        if (holds(p)) {
            return true;
        }
        for (TableRule r : rules) {
            if (r.allow().contains(p) && r.matches(table, false)) {
                return true;
            }
        }
        return false;
    }

    /** The published description of this role. */
    public Security.Role describe() {
        List<Security.TableRule> rs = new ArrayList<>();
        for (TableRule r : rules) {
            rs.add(new Security.TableRule(r.pattern(), r.allow(), r.deny()));
        }
        return new Security.Role(name, description, permissions, allowedKinds, rs, rateLimit, builtIn);
    }

    @Override
    public String toString() {
        return "Role[" + name + "]";
    }

    /**
     * Tables matching {@code pattern} gain {@code allow} and lose {@code deny}. Wildcards {@code *} and {@code ?},
     * case-insensitive. A pattern without a dot matches the table's own name in any schema; {@code schema.name}
     * matches schema-qualified names (the policy puts the default schema in front of unqualified names first). A
     * name that is still unqualified (default schema unknown) matches a schema-qualified pattern only for deny rules
     * (the deny is assumed to apply) or when the pattern's schema part is {@code *}.
     */
    public record TableRule(String pattern, Set<Permission> allow, Set<Permission> deny, Pattern schemaPart, Pattern namePart) {

        public static TableRule of(String pattern, Set<Permission> allow, Set<Permission> deny) {
            String p = pattern.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("an empty table pattern");
            }
            int dot = p.lastIndexOf('.');
            Pattern schema = dot < 0 ? null : glob(p.substring(0, dot));
            Pattern table = glob(dot < 0 ? p : p.substring(dot + 1));
            return new TableRule(p,
                    Collections.unmodifiableSet(allow.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(allow)),
                    Collections.unmodifiableSet(deny.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(deny)),
                    schema, table);
        }

        /** @param denying true when asked for a deny rule (unknown schemas then count as matching) */
        boolean matches(String table, boolean denying) {
            if (table == null || table.isEmpty()) {
                return false;
            }
            String bare = table;
            int at = bare.indexOf('@');
            if (at >= 0) {
                bare = bare.substring(0, at);
            }
            int dot = bare.lastIndexOf('.');
            String name = dot < 0 ? bare : bare.substring(dot + 1);
            if (!namePart.matcher(name).matches()) {
                return false;
            }
            if (schemaPart == null) {
                return true;
            }
            if (dot < 0) {
                return denying || schemaPart.pattern().equals(".*");
            }
            String qualifier = bare.substring(0, dot);
            int d2 = qualifier.lastIndexOf('.');
            String schema = d2 < 0 ? qualifier : qualifier.substring(d2 + 1);   // catalog.schema.table: the schema
            return schemaPart.matcher(schema).matches();
        }

        private static Pattern glob(String g) {
            StringBuilder re = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : g.toCharArray()) {
                if (c == '*' || c == '?') {
                    if (!literal.isEmpty()) {
                        re.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    re.append(c == '*' ? ".*" : ".");
                } else if (c != '"') {
                    literal.append(c);
                }
            }
            if (!literal.isEmpty()) {
                re.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }
}
