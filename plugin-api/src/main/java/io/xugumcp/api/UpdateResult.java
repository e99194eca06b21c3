package io.xugumcp.api;

/** The outcome of one write statement. */
public record UpdateResult(StatementKind kind, long affectedRows, long elapsedMs) {
}
