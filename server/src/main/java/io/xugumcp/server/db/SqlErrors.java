package io.xugumcp.server.db;

import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.DatabaseException.Category;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns a driver's {@link SQLException} into a {@link DatabaseException} whose message a user can act on. The
 * database's own text is kept (it names the column, constraint or position), prefixed with what kind of problem it is.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    public static DatabaseException translate(SQLException e, SqlDialect dialect, long timeoutMs) {
        if (e instanceof DatabaseUnreachable u) {
            return unreachable(u, dialect, timeoutMs);
        }
        if (e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException failure) {
            // HikariCP gave up waiting for a connection: the reason is its last failed attempt, if any.
            e = failure;
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        if (e instanceof StatementTimedOut t) {
            return timedOut(t, state, code, timeoutMs);
        }
        ErrorReading reading = dialect.readError(e);
        if (reading != null && reading.explanation() != null) {
            // The driver's text (for XuguDB a Chinese list of possible causes, then the server's reason) stays.
            String message = reading.explanation() + " The database said: " + oneLine(e.getMessage())
                    + " [SQLState " + (state.isEmpty() ? "-" : state) + ", code " + code + "]";
            return new DatabaseException(reading.category(), message, code, state.isEmpty() ? null : state, e);
        }
        String text = firstLine(e.getMessage());
        Category category = reading != null ? reading.category() : categorize(e, state);
        String message;
        switch (category) {
            case TIMEOUT:
                message = "The statement was stopped after the " + (timeoutMs / 1000.0) + " s limit. Narrow it (WHERE, LIMIT,"
                        + " an index) or ask the operator to raise xugu-mcp.security.query-timeout.";
                break;
            case CONNECTION:
                message = "Could not reach the database: " + text + ". Check that it is running and reachable; the next call"
                        + " opens a new connection.";
                break;
            case SYNTAX:
                message = "SQL error: " + text + " (" + dialect.name() + " dialect).";
                break;
            case NOT_FOUND:
                message = "Not found: " + text + ". List the tables or columns first to get exact names.";
                break;
            case CONSTRAINT:
                message = "Constraint violated: " + text + ". Nothing was changed.";
                break;
            case PERMISSION:
                message = "The database refused: " + text + ". The database user lacks this privilege.";
                break;
            default:
                message = "Database error: " + text;
        }
        if (!state.isEmpty() || code != 0) {
            message += " [SQLState " + (state.isEmpty() ? "-" : state) + ", code " + code + "]";
        }
        return new DatabaseException(category, message, code, state.isEmpty() ? null : state, e);
    }

    /**
     * The database cannot be reached (or refuses the login): said at once, with the failed attempt's reason, how long
     * ago it failed, and that calls keep failing fast until an attempt succeeds.
     */
    private static DatabaseException unreachable(DatabaseUnreachable u, SqlDialect dialect, long timeoutMs) {
        SQLException cause = u.attemptError();
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        String why;
        if (state.startsWith("28")) {
            why = "it refused the login: " + firstLine(cause.getMessage()) + ". Check the database user and password"
                    + " (XUGU_DB_USER, XUGU_DB_PASSWORD)";
        } else {
            DatabaseException inner = cause instanceof DatabaseUnreachable ? null : translate(cause, dialect, timeoutMs);
            why = inner == null ? firstLine(cause.getMessage()) : stripTrailingDot(inner.getMessage());
        }
        String when = u.failedAgoMs() < 1000 ? "just now" : (u.failedAgoMs() / 1000) + " s ago";
        String message = "Database unreachable: the last attempt to connect (" + when + ") failed – " + why + ". Calls"
                + " fail at once until the database answers again; the server tries again every "
                + (ConnectionPool.PROBE_INTERVAL_MS / 1000) + " s.";
        return new DatabaseException(Category.CONNECTION, message, cause.getErrorCode(),
                state.isEmpty() ? "08001" : state, u);
    }

    private static String stripTrailingDot(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    private static DatabaseException timedOut(StatementTimedOut t, String state, int code, long timeoutMs) {
        ServerSideCancel.Outcome server = t.serverSide();
        String message = "The statement was stopped after the " + (timeoutMs / 1000.0) + " s limit: the wait ended and"
                + " the connection was discarded. " + (server.stopped()
                        ? "It was stopped on the server too: " + server.detail() + "."
                        : "It may still be running on the server: " + server.detail() + ".")
                + " Narrow the statement (WHERE, LIMIT, an index) or ask the operator to raise"
                + " xugu-mcp.security.query-timeout. [SQLState " + (state.isEmpty() ? "-" : state) + ", code " + code + "]";
        return new DatabaseException(Category.TIMEOUT, message, code, state.isEmpty() ? null : state, t);
    }

    static Category categorize(SQLException e, String state) {
        if (e instanceof SQLTimeoutException || state.equals("57014") || state.equals("HYT00") || state.equals("57P05")) {
            return Category.TIMEOUT;
        }
        // H2: 90067 "Connection is broken", 90121 "Database is already closed" (its server went away).
        if (state.startsWith("08") || state.equals("57P01") || state.equals("90067") || state.equals("90121")) {
            return Category.CONNECTION;
        }
        if (state.equals("42P01") || state.equals("42703") || state.equals("42S02") || state.equals("42S22")
                || state.equals("42102") || state.equals("42122") || state.equals("42883")) {
            return Category.NOT_FOUND;
        }
        if (state.startsWith("23")) {
            return Category.CONSTRAINT;
        }
        if (state.equals("42501") || state.startsWith("28") || state.equals("90096")) {
            return Category.PERMISSION;
        }
        if (state.startsWith("42")) {
            return Category.SYNTAX;
        }
        return Category.OTHER;
    }

    /** The whole message on one line, shortened: XuguDB puts the server's reason after a list of causes. */
    private static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String t = s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return t.length() > 500 ? t.substring(0, 500) + "…" : t;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        String line = nl < 0 ? t : t.substring(0, nl).strip();
        // H2 ends its first line with "; SQL statement:" and repeats the statement below; the caller has it already.
        if (line.endsWith("; SQL statement:")) {
            line = line.substring(0, line.length() - "; SQL statement:".length());
        }
        // H2 appends the whole statement in brackets after the message; keep it short.
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }
}
