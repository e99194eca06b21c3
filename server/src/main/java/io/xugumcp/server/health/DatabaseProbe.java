package io.xugumcp.server.health;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database answers, asked on a thread of its own so that nobody who asks waits longer than they choose:
 * {@link #check(Duration)} waits up to a bound (readiness: about a second), {@link #lastState()} never waits
 * (liveness). At most one check runs at a time – a database that hangs costs one stuck thread, not one per request –
 * and a request that arrives while one runs waits for that one. The check takes a connection from the pool and runs
 * the dialect's test query on it: a pooled connection used a moment ago is handed out unvalidated, so having one proves
 * nothing once the server went away. Driver error texts stay in the server log.
 */
public final class DatabaseProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProbe.class);

    /** Opens a connection (the pool's). */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws Exception;
    }

    /**
     * What was seen.
     *
     * @param status    {@code up}, {@code down} or {@code unknown} (never checked)
     * @param detail    a sentence without driver text, e.g. "no answer within 1000 ms"
     * @param elapsedMs how long the check took (or waited), -1 when never checked
     */
    public record State(String status, Instant at, String detail, long elapsedMs) {
        public boolean up() {
            return "up".equals(status);
        }
    }

    private final Connector connector;
    private final String testQuery;
    private volatile State last = new State("unknown", null, "not checked yet", -1);
    private CompletableFuture<State> running;

    /** @param testQuery a statement every connection answers ({@code SELECT 1}; XuguDB: {@code select 1 from dual}) */
    public DatabaseProbe(Connector connector, String testQuery) {
        this.connector = connector;
        this.testQuery = testQuery;
    }

    /** The state seen last; never waits. */
    public State lastState() {
        return last;
    }

    /**
     * Checks the database, waiting at most {@code bound}. When no answer comes in time the result is {@code down}
     * ("no answer within …") while the check goes on in the background and updates {@link #lastState()} later.
     */
    public State check(Duration bound) {
        long start = System.nanoTime();
        CompletableFuture<State> f = start();
        try {
            return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            State s = new State("down", Instant.now(), "no answer within " + bound.toMillis() + " ms",
                    (System.nanoTime() - start) / 1_000_000);
            // A slow answer is as bad as none; the check's own result replaces this when it comes.
            last = s;
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new State("unknown", Instant.now(), "interrupted", -1);
        } catch (ExecutionException e) {
            return new State("down", Instant.now(), "the check failed", (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Starts a check unless one runs; never waits. */
    public void refresh() {
        start();
    }

    private synchronized CompletableFuture<State> start() {
        if (running != null && !running.isDone()) {
            return running;
        }
        CompletableFuture<State> f = new CompletableFuture<>();
        running = f;
        Thread t = new Thread(() -> f.complete(probe()), "db-probe");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private State probe() {
        long start = System.nanoTime();
        State s;
        try (Connection c = connector.open(); java.sql.Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            try (java.sql.ResultSet rs = st.executeQuery(testQuery)) {
                boolean answered = rs.next();
                s = new State(answered ? "up" : "down", Instant.now(), answered ? "the test query was answered"
                        : "the test query returned nothing", (System.nanoTime() - start) / 1_000_000);
            }
        } catch (Exception | LinkageError e) {
            LOG.debug("Database check failed: {}", e.toString());
            s = new State("down", Instant.now(), "cannot get a connection (diagnose_connection says why)",
                    (System.nanoTime() - start) / 1_000_000);
        }
        if (!s.status().equals(last.status())) {
            LOG.info("Database is {} ({} ms)", s.status(), s.elapsedMs());
        }
        last = s;
        return s;
    }
}
