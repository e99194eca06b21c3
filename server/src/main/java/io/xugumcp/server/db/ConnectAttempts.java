package io.xugumcp.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the last attempts to open a connection to the database came to, whoever made them (the pool filling itself,
 * a probe, a control connection): the breaker of {@link ConnectionPool} reads it to fail callers fast while the
 * database is unreachable, and health reads it without touching the database.
 */
public final class ConnectAttempts {

    /** A failed attempt: its error and when it started and ended ({@link System#nanoTime()}). */
    public record Failure(SQLException error, long startedNanos, long endedNanos) {
    }

    /** Opens one connection. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private volatile Failure lastFailure;
    private volatile long lastSuccessNanos;
    private volatile boolean everSucceeded;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();

    /** Runs one attempt and records its outcome; an unchecked failure counts (and is thrown) as an SQLException. */
    public Connection attempt(Opener opener) throws SQLException {
        long started = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            Connection c = opener.open();
            succeeded();
            return c;
        } catch (SQLException e) {
            lastFailure = new Failure(e, started, System.nanoTime());
            throw e;
        } catch (RuntimeException e) {
            SQLException s = new SQLException("connecting failed: " + e, "08001", e);
            lastFailure = new Failure(s, started, System.nanoTime());
            throw s;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** A connection proved the database answers (a new one opened, or a pooled one passed validation). */
    void succeeded() {
        lastFailure = null;
        lastSuccessNanos = System.nanoTime();
        everSucceeded = true;
    }

    /** The failure of the last attempt, or {@code null} when it succeeded (or none was made). */
    public Failure lastFailure() {
        return lastFailure;
    }

    /** True once any attempt succeeded. */
    public boolean everSucceeded() {
        return everSucceeded;
    }

    long lastSuccessNanos() {
        return lastSuccessNanos;
    }

    int inFlight() {
        return inFlight.get();
    }

    /**
     * Claims the right to probe: no attempt is under way and the last one ended at least {@code intervalNanos} ago.
     * The caller must {@link #endProbe()} afterwards.
     */
    boolean startProbe(long intervalNanos) {
        Failure f = lastFailure;
        if (f == null || inFlight.get() > 0 || System.nanoTime() - f.endedNanos() < intervalNanos) {
            return false;
        }
        return probing.compareAndSet(false, true);
    }

    void endProbe() {
        probing.set(false);
    }
}
