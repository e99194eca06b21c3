package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.ToolException;

/**
 * Decides whether a caller may use a tool and run a statement. Both checks happen in the host (the tool check before
 * the handler runs, the statement check inside the Database service), so no plugin can go around them.
 * This implementation is the global mode of the foundation: read-only or read-write for everyone. Role-based
 * policies replace it through this same interface.
 */
public interface AccessPolicy {

    /** Throws {@link ToolException} with code {@code denied} when the caller may not use a tool needing {@code permission}. */
    void checkTool(Caller caller, String toolName, Permission permission);

    /** Throws {@link ToolException} with code {@code denied} when the caller may not run the statement. */
    void checkStatement(Caller caller, GuardVerdict verdict);

    /** The global read-only / read-write mode. */
    static AccessPolicy globalMode(boolean readWrite) {
        return new GlobalModePolicy(readWrite);
    }
}
