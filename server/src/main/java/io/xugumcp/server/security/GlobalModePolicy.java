package io.xugumcp.server.security;

import io.xugumcp.api.Caller;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The foundation's policy: one global mode. In read-only mode only reads run and only read tools are offered;
 * in read-write mode data and schema changes run too. Transaction control, session changes, privilege changes and
 * procedural code are denied in both modes: they can undo the guarantees the host gives (one statement, one
 * transaction, least privilege), and no role grants them yet.
 */
final class GlobalModePolicy implements AccessPolicy {
    private static final Set<Permission> READ_PERMISSIONS = EnumSet.of(Permission.NONE, Permission.SELECT, Permission.CHAT2SQL);
    private static final Set<StatementKind> NEVER = EnumSet.of(StatementKind.TCL, StatementKind.SESSION, StatementKind.DCL,
            StatementKind.PROCEDURAL, StatementKind.UNKNOWN);

    private final boolean readWrite;

    GlobalModePolicy(boolean readWrite) {
        this.readWrite = readWrite;
    }

    @Override
    public void checkTool(Caller caller, String toolName, Permission permission) {
        if (permission == Permission.ADMIN) {
            throw new ToolException(ErrorCode.DENIED, "Tool '" + toolName + "' needs the ADMIN permission, which no caller has"
                    + " until roles are configured.");
        }
        if (!readWrite && !READ_PERMISSIONS.contains(permission)) {
            throw new ToolException(ErrorCode.DENIED, "Tool '" + toolName + "' changes the database (it needs the " + permission
                    + " permission) and the server runs in read-only mode. " + RolePolicy.MODE_HINT);
        }
    }

    @Override
    public void checkStatement(Caller caller, GuardVerdict verdict) {
        StatementKind kind = verdict.kind();
        if (NEVER.contains(kind)) {
            String why = kind == StatementKind.UNKNOWN
                    ? "the SQL guard could not classify it, so it is treated as a write"
                    : "no role may run " + kind + " statements (" + describe(kind) + ")";
            throw new ToolException(ErrorCode.DENIED, "Denied: " + verdict.verb() + " is refused because " + why + ".");
        }
        if (kind.isWrite() && !readWrite) {
            throw new ToolException(ErrorCode.DENIED, "Denied: " + verdict.verb() + " changes the database ("
                    + StatementRules.withArticle(kind) + " statement) and the server runs in read-only mode; only"
                    + " SELECT-style reads run. " + RolePolicy.MODE_HINT);
        }
    }

    private static String describe(StatementKind kind) {
        switch (kind) {
            case TCL: return "the server manages transactions itself";
            case SESSION: return "session settings would leak into pooled connections";
            case DCL: return "privileges are managed by the database administrator";
            case PROCEDURAL: return "procedure calls and blocks may do anything";
            default: return "not allowed";
        }
    }
}
