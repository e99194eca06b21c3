package io.xugumcp.server.db;

import java.sql.SQLException;

/**
 * The pool's breaker is open: the last attempt to connect failed, so the caller is told at once instead of waiting.
 * Carries the attempt's own error as its cause (and its SQLState and code), for {@link SqlErrors} to explain.
 */
public final class DatabaseUnreachable extends SQLException {
    private static final long serialVersionUID = 1L;
    private final long failedAgoMs;
    private final boolean fastFail;

    DatabaseUnreachable(ConnectAttempts.Failure failure, boolean fastFail) {
        super(reason(failure.error()), failure.error().getSQLState() == null ? "08001" : failure.error().getSQLState(),
                failure.error().getErrorCode(), failure.error());
        this.failedAgoMs = Math.max(0, (System.nanoTime() - failure.endedNanos()) / 1_000_000L);
        this.fastFail = fastFail;
    }

    /** The failed attempt's message on one line. */
    static String reason(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    /** How long ago the attempt failed. */
    public long failedAgoMs() {
        return failedAgoMs;
    }

    /** True when this caller made no attempt of its own (another failed moments ago). */
    public boolean fastFail() {
        return fastFail;
    }

    /** The attempt's own error. */
    public SQLException attemptError() {
        return (SQLException) getCause();
    }
}
