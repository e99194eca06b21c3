package io.xugumcp.server.db;

import java.sql.Connection;

/**
 * Stops a statement on the server after the client gave up waiting for it. Needed where the driver cannot: the
 * XuguDB driver ignores {@code setQueryTimeout} and its {@code cancel()} is client-side only, so the statement goes
 * on running after the network timeout ended the wait.
 */
public interface ServerSideCancel {

    /**
     * What identifies {@code c}'s session on the server, captured before the statement runs (the connection is gone
     * after the timeout). Must not talk to the server. {@code null} when unknown.
     */
    Object sessionOf(Connection c);

    /**
     * Asks the server to stop what {@code session} is running, waiting at most {@code budgetMs}.
     *
     * @return what happened, for the caller's error message
     */
    Outcome cancel(Object session, long budgetMs);

    /** The result of one cancel request. */
    record Outcome(boolean stopped, String detail) {
    }
}
