package io.xugumcp.server.db.xugu;

import io.xugumcp.server.db.ServerSideCancel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills, from a separate control connection, the transaction of a session whose statement outlived its timeout.
 * The client stopped waiting (network timeout, the connection is gone), but the XuguDB server keeps running the
 * statement: the driver's {@code cancel()} is client-side only and {@code setQueryTimeout} is ignored [V].
 * Needs a user allowed to read {@code SYS_ALL_SESSIONS} and run {@code DBMS_DBA}; without that right the result
 * says the statement may still be running.
 */
public final class XuguStatementKiller implements ServerSideCancel {
    private static final Logger LOG = LoggerFactory.getLogger(XuguStatementKiller.class);

    /** The node that runs a session [P: xugudb-notes; SYS_ALL_SESSIONS(NODEID, SESSION_ID) as in xugudb-exporter]. */
    static final String FIND_NODE_SQL = "SELECT NODEID FROM SYS_ALL_SESSIONS WHERE SESSION_ID=?";

    /**
     * {@code DBMS_DBA.KILL_SESSION_TRANS(NODEID INTEGER, SESSID INTEGER)} [P: xugudb-notes; package spec in the
     * vendor's SQL parser tests]. Both arguments are numbers we parsed, so they are written into the text: whether
     * the server binds parameters in EXEC is unverified.
     */
    static String killSql(long nodeId, long sessionId) {
        return "EXEC DBMS_DBA.KILL_SESSION_TRANS(" + nodeId + "," + sessionId + ")";
    }

    private static final ExecutorService KILLING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xugu-kill");
        t.setDaemon(true);
        return t;
    });

    private final XuguDataSource dataSource;

    public XuguStatementKiller(XuguDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Object sessionOf(Connection c) {
        return dataSource.sessionOf(c);
    }

    @Override
    public Outcome cancel(Object session, long budgetMs) {
        if (!(session instanceof Long sid)) {
            return new Outcome(false, "its server session id is unknown, so it could not be stopped");
        }
        CompletableFuture<Outcome> kill = CompletableFuture.supplyAsync(() -> kill(sid, budgetMs), KILLING);
        try {
            return kill.get(budgetMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Let it finish in the background; the caller must not wait longer than the budget.
            kill.thenAccept(o -> LOG.info("Late result of killing XuguDB session {}: {}", sid, o.detail()));
            return new Outcome(false, "the kill request to the server did not finish within " + budgetMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted while asking the server to stop it");
        } catch (ExecutionException e) {
            return new Outcome(false, "the kill request failed: " + e.getCause());
        }
    }

    private Outcome kill(long sid, long budgetMs) {
        try (Connection c = dataSource.open(Math.max(budgetMs, 250))) {
            Long node = null;
            try (PreparedStatement ps = c.prepareStatement(FIND_NODE_SQL)) {
                if (sid <= Integer.MAX_VALUE) {
                    ps.setInt(1, (int) sid);
                } else {
                    ps.setLong(1, sid);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        node = rs.getLong(1);
                    }
                }
            }
            if (node == null) {
                return new Outcome(false, "session " + sid + " is not visible in SYS_ALL_SESSIONS to the configured"
                        + " user (no privilege, or the session already ended)");
            }
            try (Statement st = c.createStatement()) {
                st.execute(killSql(node, sid));
            }
            LOG.info("Killed the transaction of XuguDB session {} on node {} after its statement timed out", sid, node);
            return new Outcome(true, "the server was told to stop it (DBMS_DBA.KILL_SESSION_TRANS on session " + sid
                    + ")");
        } catch (SQLException e) {
            LOG.info("Could not kill XuguDB session {}: {}", sid, e.getMessage());
            return new Outcome(false, "the configured user could not stop it (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
