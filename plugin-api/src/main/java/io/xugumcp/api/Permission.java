package io.xugumcp.api;

/**
 * A permission a role may hold. Each tool declares the one it needs; the host checks it before the tool's handler
 * runs, and the {@link Database} service checks the statement-level ones for every statement it runs.
 */
public enum Permission {
    /** Needs nothing beyond being a known caller (server information, fixtures). */
    NONE,
    /** Read data and metadata. */
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    CREATE,
    ALTER,
    DROP,
    TRUNCATE,
    /** Call procedures and functions, run procedural blocks. */
    EXECUTE,
    /** Use natural-language-to-SQL tools. */
    CHAT2SQL,
    /** Server administration: audit log, roles, caches, sessions. */
    ADMIN
}
