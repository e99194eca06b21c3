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
        StatementKind kind = v.kind();
        String raw = v.verb() == null || v.verb().isBlank() ? kind.name() : v.verb();
        String verb = describe(raw, kind);
        boolean several = v.tables().size() > 1;
        return switch (kind) {
            case READ, METADATA -> new Requirement(null, EnumSet.of(Permission.SELECT), true, verb);
            case INSERT -> dml(Permission.INSERT, several, verb);
            case UPDATE -> dml(Permission.UPDATE, several, verb);
            case DELETE -> dml(Permission.DELETE, several, verb);
            // MERGE may insert, update and delete; which of them it does depends on data the guard cannot see.
            case MERGE -> new Requirement(null, EnumSet.of(Permission.INSERT, Permission.UPDATE, Permission.DELETE,
                    Permission.SELECT), true, verb);
            case DDL -> ddl(raw, verb, several);
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

    private static Requirement ddl(String verb, String what, boolean several) {
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
            return new Requirement(null, EnumSet.of(Permission.ADMIN), false, what);
        }
        Set<Permission> ps = several ? EnumSet.of(p, Permission.SELECT) : EnumSet.of(p);
        return new Requirement(null, ps, TABLE_DDL.contains(verb), what);
    }

    private static final Set<String> PROCEDURAL_VERBS = Set.of("CALL", "EXEC", "EXECUTE", "DO", "BEGIN", "DECLARE",
            "NOTIFY", "LOAD", "KILL", "COPY");

    /** The verb, with what the statement really does when that is not what its first word says. */
    static String describe(String verb, StatementKind kind) {
        boolean natural = switch (kind) {
            case INSERT -> verb.startsWith("INSERT") || verb.equals("UPSERT") || verb.equals("REPLACE") || verb.equals("COPY");
            case UPDATE -> verb.startsWith("UPDATE");
            case DELETE -> verb.startsWith("DELETE");
            case MERGE -> verb.startsWith("MERGE");
            case LOCK -> verb.startsWith("LOCK");
            case PROCEDURAL -> PROCEDURAL_VERBS.contains(verb);
            case DDL -> !verb.equals("SELECT") && !verb.equals("WITH");
            default -> true;
        };
        if (natural) {
            return verb;
        }
        return verb + " (it " + switch (kind) {
            case PROCEDURAL -> "calls a function with side effects or runs code";
            case DDL -> "creates a table: SELECT … INTO";
            case LOCK -> "locks rows";
            default -> "holds " + withArticle(kind);
        } + ")";
    }

    /** The kind with its article: "an INSERT", "a DDL", "an UNKNOWN". */
    public static String withArticle(StatementKind kind) {
        return ("AEIOU".indexOf(kind.name().charAt(0)) >= 0 ? "an " : "a ") + kind.name();
    }

    /** Why a gated kind is denied by default, as a clause. */
    static String whyGated(StatementKind kind) {
        return switch (kind) {
            case TCL -> "the server runs every call in a transaction it manages itself";
            case SESSION -> "session changes would leak into pooled connections other callers use";
            case PROCEDURAL -> "procedure calls, blocks and functions with side effects may do anything";
            case LOCK -> "locks (LOCK TABLE, SELECT … FOR UPDATE) hold rows other callers wait for";
            case DCL -> "privileges and accounts are the database administrator's";
            case UNKNOWN -> "the SQL guard did not understand it, so it is treated as a write";
            default -> kind.name();
        };
    }
}
