package io.xugumcp.api;

/** What a statement does, as the SQL guard classifies it. The most dangerous kind wins when a text holds several. */
public enum StatementKind {
    /** SELECT, WITH … SELECT, VALUES, TABLE. */
    READ(false),
    /** SHOW, DESCRIBE, EXPLAIN (without ANALYZE) and other statements that read metadata only. */
    METADATA(false),
    INSERT(true),
    UPDATE(true),
    DELETE(true),
    MERGE(true),
    /** CREATE, ALTER, DROP, TRUNCATE, RENAME, COMMENT ON. */
    DDL(true),
    /** GRANT, REVOKE, CREATE/ALTER USER or ROLE. */
    DCL(true),
    /** COMMIT, ROLLBACK, SAVEPOINT, BEGIN/START TRANSACTION. */
    TCL(true),
    /** SET, USE, ALTER SESSION – changes the session's state. */
    SESSION(true),
    /** LOCK TABLE, SELECT … FOR UPDATE. */
    LOCK(true),
    /** CALL, EXEC, DO, anonymous blocks – may do anything. */
    PROCEDURAL(true),
    /** Not understood: always treated as a write (fail closed). */
    UNKNOWN(true);

    private final boolean write;

    StatementKind(boolean write) {
        this.write = write;
    }

    /** True when the statement may change data, schema, privileges or session state. */
    public boolean isWrite() {
        return write;
    }
}
