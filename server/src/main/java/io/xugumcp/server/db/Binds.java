package io.xugumcp.server.db;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Binds values to a prepared statement. Plugins pass JSON shapes (string, number, boolean, null); the host's write
 * path passes values it already converted for the target column ({@link io.xugumcp.server.write}): dates and times,
 * exact decimals, bytes, and the two markers below. Every value is bound, never spliced into the SQL text.
 */
public final class Binds {

    /** A NULL of a known SQL type ({@link Types}), so that strict databases (PostgreSQL) accept it for the column. */
    public record Null(int sqlType) {
    }

    /**
     * Text whose type the database infers from where it is used (PostgreSQL's {@code unknown}); other databases get a
     * plain string, which they convert themselves.
     */
    public record Untyped(String text) {
    }

    private Binds() {
    }

    public static void bind(PreparedStatement ps, List<?> params, SqlDialect dialect) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            bind(ps, i + 1, params.get(i), dialect);
        }
    }

    static void bind(PreparedStatement ps, int index, Object p, SqlDialect dialect) throws SQLException {
        if (p == null || p instanceof String || p instanceof Boolean || p instanceof Integer || p instanceof Long
                || p instanceof Short || p instanceof Byte || p instanceof Double || p instanceof Float
                || p instanceof BigDecimal) {
            // JSON shapes as the drivers have always received them.
            ps.setObject(index, p);
        } else if (p instanceof BigInteger b) {
            ps.setBigDecimal(index, new BigDecimal(b));
        } else if (p instanceof Number n) {
            ps.setBigDecimal(index, new BigDecimal(n.toString()));
        } else if (p instanceof Null n) {
            ps.setNull(index, n.sqlType());
        } else if (p instanceof Untyped u) {
            dialect.bindUntyped(ps, index, u.text());
        } else if (p instanceof LocalDate d) {
            ps.setDate(index, java.sql.Date.valueOf(d));
        } else if (p instanceof LocalDateTime t) {
            ps.setTimestamp(index, java.sql.Timestamp.valueOf(t));
        } else if (p instanceof LocalTime t) {
            ps.setTime(index, java.sql.Time.valueOf(t));
        } else if (p instanceof OffsetDateTime t) {
            dialect.bindTimestampWithZone(ps, index, t);
        } else if (p instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else if (p instanceof java.util.Date d) {
            ps.setObject(index, d);
        } else {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Parameter " + index
                    + " must be a string, number, boolean or null.");
        }
    }
}
