package io.xugumcp.server.security;

import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.StatementKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * What running a statement takes, from the SQL guard's verdict: the permissions the role must hold (on every table the
 * statement names, where the statement acts on tables), and whether the statement's kind must be allowed explicitly.
 *
 * <p>Kinds denied unless a role allows them ({@code allow-kinds}): transaction control (the server runs each call in
 * its own transaction), session changes (they would leak into pooled connections), procedural code (it may do
 * anything), locks, privilege changes and anything the guard did not understand.
 */
public final class StatementRules {

    /** Statement kinds a role must name in {@code allow-kinds} to run them at all. */
    public static final Set<StatementKind> GATED = Set.copyOf(EnumSet.of(StatementKind.TCL, StatementKind.SESSION,
            StatementKind.PROCEDURAL, StatementKind.LOCK, StatementKind.DCL, StatementKind.UNKNOWN));

    /** Verbs whose object is the table the guard reports, so table rules apply to them. */
    private static final Set<String> TABLE_DDL = Set.of("CREATE TABLE", "ALTER TABLE", "DROP TABLE", "CREATE VIEW",
            "ALTER VIEW", "DROP VIEW", "CREATE MATERIALIZED VIEW", "ALTER MATERIALIZED VIEW", "DROP MATERIALIZED VIEW",
            "TRUNCATE", "RENAME", "COMMENT", "SELECT", "WITH");

    /**
     * @param gatedKind    the kind that must be in the role's {@code allow-kinds}, or {@code null}
     * @param permissions  held on every table the statement names (or everywhere, when it names none)
     * @param tableScoped  true when table allow rules may grant {@code permissions}; otherwise the role must hold
     *                     them everywhere (deny rules apply either way)
     * @param what         how to call the statement in a message, e.g. {@code DROP TABLE}
     */
    public record Requirement(StatementKind gatedKind, Set<Permission> permissions, boolean tableScoped, String what) {
    }

    private StatementRules() {
    }

    public static Requirement of(GuardVerdict v) {
        String verb = v.verb() == null || v.verb().isBlank() ? v.kind().name() : v.verb();
        StatementKind kind = v.kind();
        boolean several = v.tables().size() > 1;
        return switch (kind) {
            case READ, METADATA -> new Requirement(null, EnumSet.of(Permission.SELECT), true, verb);
            case INSERT -> dml(Permission.INSERT, several, verb);
            case UPDATE -> dml(Permission.UPDATE, several, verb);
            case DELETE -> dml(Permission.DELETE, several, verb);
            // MERGE may insert, update and delete; which of them it does depends on data the guard cannot see.
            case MERGE -> new Requirement(null, EnumSet.of(Permission.INSERT, Permission.UPDATE, Permission.DELETE,
                    Permission.SELECT), true, verb);
            case DDL -> ddl(verb, several);
            case LOCK -> new Requirement(kind, EnumSet.of(Permission.UPDATE, Permission.SELECT), true, verb);
            case DCL, SESSION, UNKNOWN -> new Requirement(kind, EnumSet.of(Permission.ADMIN), false, verb);
            case PROCEDURAL -> new Requirement(kind, EnumSet.of(Permission.EXECUTE), false, verb);
            case TCL -> new Requirement(kind, EnumSet.noneOf(Permission.class), false, verb);
        };
    }

    /** A write naming several tables also reads some of them, and which is the target is not known: SELECT on all. */
    private static Requirement dml(Permission p, boolean several, String verb) {
        return new Requirement(null, several ? EnumSet.of(p, Permission.SELECT) : EnumSet.of(p), true, verb);
    }

    private static Requirement ddl(String verb, boolean several) {
        Permission p;
        if (verb.startsWith("CREATE")) {
            p = Permission.CREATE;
        } else if (verb.startsWith("ALTER") || verb.equals("RENAME") || verb.equals("COMMENT")) {
            p = Permission.ALTER;
        } else if (verb.startsWith("DROP")) {
            p = Permission.DROP;
        } else if (verb.equals("TRUNCATE")) {
            p = Permission.TRUNCATE;
        } else if (verb.equals("SELECT") || verb.equals("WITH")) {
            p = Permission.CREATE;   // SELECT … INTO creates a table
        } else {
            // COPY … TO a server file, ANALYZE, VACUUM, REINDEX, CHECKPOINT, FLASHBACK, IMPORT, …: administration.
            return new Requirement(null, EnumSet.of(Permission.ADMIN), false, verb);
        }
        Set<Permission> ps = several ? EnumSet.of(p, Permission.SELECT) : EnumSet.of(p);
        return new Requirement(null, ps, TABLE_DDL.contains(verb), verb);
    }

    /** A short explanation of why a gated kind is denied by default. */
    static String whyGated(StatementKind kind) {
        return switch (kind) {
            case TCL -> "transaction control: the server runs every call in a transaction it manages itself";
            case SESSION -> "a session change: it would leak into pooled connections other callers use";
            case PROCEDURAL -> "procedural code (a procedure call or block), which may do anything";
            case LOCK -> "a lock, which would outlive nothing useful in a one-statement transaction";
            case DCL -> "a privilege or account change";
            case UNKNOWN -> "not understood by the SQL guard, so it is treated as a write";
            default -> kind.name();
        };
    }
}
