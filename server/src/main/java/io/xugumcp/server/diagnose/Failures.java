package io.xugumcp.server.diagnose;

import io.xugumcp.server.db.xugu.XuguErrors;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The likely cause and the fix of a failed step, for a person who cannot connect: by exception type for the network
 * steps, by the driver's error code for the login (XuguDB's client codes, PostgreSQL's SQLStates, H2's codes).
 */
final class Failures {
    private Failures() {
    }

    /** A cause and what to do. */
    record Advice(String errorCode, String cause, String fix) {
    }

    static Advice dns(UnknownHostException e, String host, String hostSetting) {
        return new Advice(null, "the host name '" + host + "' does not resolve to an address",
                "check the spelling in " + hostSetting + ", use the server's IP address, or fix DNS / the hosts file"
                        + " on this machine");
    }

    static Advice tcp(Exception e, String host, int port, String portSetting, int defaultPort) {
        if (e instanceof ConnectException) {
            return new Advice(null, "nothing accepts connections at " + host + ":" + port + " (the database server is"
                    + " not running, listens on another port or address, or a firewall rejects the connection)",
                    "start the database server, or set the right port in " + portSetting + " (default " + defaultPort
                            + "); check that the server listens on this address and not only on localhost");
        }
        if (e instanceof SocketTimeoutException) {
            return new Advice(null, "no answer from " + host + ":" + port + " (a firewall drops the packets, or the"
                    + " host is down or unreachable)", "check the network path: firewall, security group, VPN, the"
                    + " host being up; ping and telnet/nc " + host + " " + port + " from this machine");
        }
        if (e instanceof NoRouteToHostException) {
            return new Advice(null, "there is no network route to " + host, "check this machine's network"
                    + " connection and routing, or the VPN");
        }
        return new Advice(null, "the connection to " + host + ":" + port + " failed", "check the address and the"
                + " network path to the database server");
    }

    /** A failed login, by dialect. */
    static Advice login(String dialect, Exception e, String user, String database) {
        if (e instanceof SQLException s) {
            return switch (dialect) {
                case "xugu" -> xugu(s, user, database);
                case "postgresql" -> postgres(s, user, database);
                default -> h2(s, user, database);
            };
        }
        return new Advice(null, "the driver failed while connecting", "check the database URL and the driver in lib/");
    }

    private static Advice xugu(SQLException e, String user, String database) {
        int code = e.getErrorCode();
        String c = code == 0 ? null : "E" + code;
        String msg = lower(e.getMessage());
        if (msg.contains("no answer from the xugudb server")) {
            return new Advice("08001", "the server accepted the TCP connection but did not answer the login in time (an"
                    + " overloaded server, another service on this port, or a proxy that holds connections)",
                    "check that the port is XuguDB's (default 5138) and that the server is healthy; raise"
                            + " XUGU_DB_CONNECT_TIMEOUT only if it is known to be that slow");
        }
        return switch (code) {
            case XuguErrors.REFUSED -> new Advice(c, "the XuguDB server refused the connection (E50025): not running,"
                    + " or another port", "start the server or correct XUGU_DB_PORT (default 5138)");
            case XuguErrors.UNKNOWN_HOST -> new Advice(c, "the driver could not resolve the host (E50026)",
                    "correct XUGU_DB_HOST or the host in XUGU_DB_URL");
            case XuguErrors.LOGIN_FAILED -> new Advice(c, "the login was refused (E50027): wrong user or password, the"
                    + " database '" + database + "' does not exist, the user '" + user + "' may not log in to it, or"
                    + " the server closed the connection during the login", "check XUGU_DB_USER, XUGU_DB_PASSWORD and"
                    + " XUGU_DB_DATABASE (the system database is SYSTEM); ask the DBA whether the user is locked or"
                    + " the server limits connections");
            case XuguErrors.BROKEN, XuguErrors.CLOSED, XuguErrors.RECONNECTED -> new Advice(c, "the connection broke"
                    + " during the login (E" + code + "): network interruption or server restart", "try again; if it"
                    + " persists, check the network path and the server's log");
            case XuguErrors.RETRIES_EXHAUSTED -> new Advice(c, "the driver gave up after several attempts (E51023)",
                    "check that the server runs and is reachable");
            default -> new Advice(c, "the XuguDB driver reported: " + e.getMessage(), "check the URL, user, password"
                    + " and database; the server's log may say more");
        };
    }

    private static Advice postgres(SQLException e, String user, String database) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = lower(e.getMessage());
        return switch (state) {
            case "28P01" -> new Advice(state, "wrong password for user '" + user + "'", "set the right password in"
                    + " XUGU_DB_PASSWORD (or the URL)");
            case "28000" -> msg.contains("pg_hba") ? new Advice(state, "the server's pg_hba.conf has no entry that lets"
                    + " user '" + user + "' connect to '" + database + "' from this machine", "ask the DBA to add a"
                    + " pg_hba.conf line for this host, user and database (then reload PostgreSQL)")
                    : new Advice(state, "the user '" + user + "' may not log in (unknown role, or no LOGIN right)",
                    "check XUGU_DB_USER, or CREATE ROLE " + user + " LOGIN");
            case "3D000" -> new Advice(state, "the database '" + database + "' does not exist", "correct the database"
                    + " name in XUGU_DB_URL, or create it");
            case "53300" -> new Advice(state, "the server has no connection slots left (too many connections)",
                    "lower other clients' pools or raise max_connections; XUGU_DB_POOL_MAX_SIZE lowers ours");
            case "57P03" -> new Advice(state, "the server is starting up, shutting down or in recovery", "wait and try"
                    + " again; check the server's state");
            default -> {
                if (state.startsWith("08")) {
                    yield new Advice(state, msg.contains("timed out") || msg.contains("timeout")
                            ? "the server did not answer the login in time" : "the connection could not be made or"
                            + " broke during the login", "check that the server runs at this address and port and"
                            + " accepts connections (listen_addresses, pg_hba.conf, SSL settings)");
                }
                yield new Advice(state.isEmpty() ? null : state, "PostgreSQL reported: " + e.getMessage(),
                        "check the URL, user, password and database");
            }
        };
    }

    private static Advice h2(SQLException e, String user, String database) {
        int code = e.getErrorCode();
        String c = code == 0 ? e.getSQLState() : Integer.toString(code);
        return switch (code) {
            case 28000 -> new Advice(c, "wrong user name or password for the H2 database", "check the user and"
                    + " password (the demo database sets its own; delete its folder to start afresh)");
            case 90020 -> new Advice(c, "the H2 database file is in use by another process", "stop the other server"
                    + " process using it, or give each server its own data directory (XUGU_MCP_HOME)");
            case 90146, 90013 -> new Advice(c, "the H2 database '" + database + "' does not exist", "check the path in"
                    + " XUGU_DB_URL");
            case 90067 -> new Advice(c, "the H2 server is not reachable", "start the H2 server or correct the URL");
            default -> new Advice(c, "H2 reported: " + e.getMessage(), "check the URL, user and password");
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
