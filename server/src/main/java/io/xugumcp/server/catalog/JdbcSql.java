package io.xugumcp.server.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@link Sql} on one JDBC connection: every query is a prepared statement with bind parameters and the configured
 * timeout, applied the way the driver really honours it (XuguDB ignores setQueryTimeout, so the socket wait is bounded
 * instead, which discards the connection when it fires).
 */
final class JdbcSql implements Sql {
    private final Connection connection;
    private final long timeoutMs;
    private final boolean honoursQueryTimeout;
    private final Executor networkTimeoutExecutor;

    JdbcSql(Connection connection, long timeoutMs, boolean honoursQueryTimeout, Executor networkTimeoutExecutor)
            throws SQLException {
        this.connection = connection;
        this.timeoutMs = timeoutMs;
        this.honoursQueryTimeout = honoursQueryTimeout;
        this.networkTimeoutExecutor = networkTimeoutExecutor;
        if (!honoursQueryTimeout) {
            connection.setNetworkTimeout(networkTimeoutExecutor, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
        }
    }

    @Override
    public List<Object[]> rows(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (honoursQueryTimeout) {
                ps.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
            }
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<Object[]> out = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        Object v = rs.getObject(i + 1);
                        // Read LOBs and arrays now: they die with the result set.
                        if (v instanceof java.sql.Clob || v instanceof java.sql.Array) {
                            v = v instanceof java.sql.Array ? Rows.strings(v).toArray(new String[0]) : Rows.str(v);
                        }
                        row[i] = v;
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }
}
