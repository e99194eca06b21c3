package io.xugumcp.server.db;

import io.xugumcp.api.QueryResult;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a result set row by row into JSON-safe values, stopping at the row cap or the byte cap – never
 * materialising more than it returns (plus the one row that proves truncation).
 */
final class RowReader {

    /**
     * @param rowsReason what stopping at {@code maxRows} is called: {@code "limit"} when it is the caller's own limit,
     *                   {@code "rows"} when it is the server's row cap
     */
    QueryResult read(ResultSet rs, int maxRows, String rowsReason, long maxBytes, long startNanos) throws SQLException {
        return readCounted(rs, maxRows, rowsReason, maxBytes, startNanos).result();
    }

    /** Rows read and their approximate JSON size (what a batch charges against its answer's budget). */
    record Read(QueryResult result, long bytes) {
    }

    Read readCounted(ResultSet rs, int maxRows, String rowsReason, long maxBytes, long startNanos) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<QueryResult.Column> columns = new ArrayList<>(n);
        int[] types = new int[n];
        for (int i = 1; i <= n; i++) {
            String typeName = typeName(md, i);
            columns.add(new QueryResult.Column(md.getColumnLabel(i), typeName));
            // pgjdbc reports timestamptz as plain TIMESTAMP; its name tells.
            types[i - 1] = "timestamptz".equalsIgnoreCase(typeName) ? Types.TIMESTAMP_WITH_TIMEZONE : md.getColumnType(i);
        }
        List<List<Object>> rows = new ArrayList<>(Math.min(maxRows, 256));
        long bytes = 0;
        String truncated = null;
        while (rs.next()) {
            if (rows.size() >= maxRows) {
                truncated = rowsReason;
                break;
            }
            Object[] row = new Object[n];
            long rowBytes = 2;
            for (int i = 0; i < n; i++) {
                Object v = ValueConverter.read(rs, i + 1, types[i]);
                row[i] = v;
                rowBytes += ValueConverter.estimateSize(v) + 1;
            }
            if (bytes + rowBytes > maxBytes && !rows.isEmpty()) {
                truncated = "bytes";
                break;
            }
            bytes += rowBytes;
            rows.add(Arrays.asList(row));
        }
        return new Read(new QueryResult(columns, rows, rows.size(), truncated != null, truncated,
                DatabaseService.elapsedMs(startNanos)), bytes);
    }

    private static String typeName(ResultSetMetaData md, int i) {
        try {
            String t = md.getColumnTypeName(i);
            return t == null ? "UNKNOWN" : t;
        } catch (SQLException | RuntimeException e) {
            // Some drivers throw for vendor types; the values still convert.
            return "UNKNOWN";
        }
    }
}
