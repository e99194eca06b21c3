package io.xugumcp.server.db;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * A statement whose wait was ended by the network timeout (drivers that ignore the query timeout), with what the
 * attempt to stop it on the server achieved. Keeps the driver's code and SQLState.
 */
final class StatementTimedOut extends SQLTimeoutException {
    private static final long serialVersionUID = 1L;
    private final transient ServerSideCancel.Outcome serverSide;

    StatementTimedOut(SQLException cause, ServerSideCancel.Outcome serverSide) {
        super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        this.serverSide = serverSide;
    }

    ServerSideCancel.Outcome serverSide() {
        return serverSide;
    }
}
