package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a caller may use a tool and run a statement. Both checks happen in the host (the tool check before
 * the handler runs, the statement check inside the Database service), so no plugin can go around them.
 * {@link #globalMode} is the foundation's global mode (read-only or read-write for everyone); {@link HostSecurity}
 * is the role-based policy with rate limits that the server uses.
 */
public interface AccessPolicy {

    /** Throws {@link ToolException} with code {@code denied} when the caller may not use a tool needing {@code permission}. */
    void checkTool(Caller caller, String toolName, Permission permission);

    /**
     * Like {@link #checkTool} for a request that is not a call: completing a prompt's or template's argument. The
     * caller's role must hold {@code permission} as for a call, but nothing is taken from its rate limit (clients ask
     * at every keystroke; each call still counts).
     */
    default void checkAccess(Caller caller, String item, Permission permission) {
        checkTool(caller, item, permission);
    }

    /** Throws {@link ToolException} with code {@code denied} when the caller may not run the statement. */
    void checkStatement(Caller caller, GuardVerdict verdict);

    /**
     * True when the caller could read {@code table} ({@code schema.table}): judged exactly as a plain SELECT of it would
     * be, so schema linking never shows a model a table its caller may not query.
     */
    default boolean mayRead(Caller caller, String table) {
        try {
            checkStatement(caller, new GuardVerdict(StatementKind.READ, "SELECT", Set.of(table), 1, true, List.of()));
            return true;
        } catch (ToolException e) {
            return false;
        }
    }

    /**
     * False when the caller may read every table the database has, apart from the database's own views that expose
     * other tables' values: no table rule of its role narrows reading. Listings and counts then need no filtering.
     */
    default boolean narrowsReads(Caller caller) {
        return true;
    }

    /**
     * Reserves room for one statement (or one batch) to run: the server-wide cap on statements in flight. Throws
     * {@link ToolException} (code {@code rate_limited}) when there is none; close the slot when the statement is done.
     */
    default Slot enterStatement(Caller caller) {
        return Slot.NONE;
    }

    /** Room for one running statement; closing it twice is harmless. */
    interface Slot extends AutoCloseable {
        Slot NONE = () -> { };

        @Override
        void close();
    }

    /** The global read-only / read-write mode. */
    static AccessPolicy globalMode(boolean readWrite) {
        return new GlobalModePolicy(readWrite);
    }
}
