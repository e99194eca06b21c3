package io.xugumcp.server.catalog;

import java.sql.SQLException;
import java.util.List;

/**
 * Runs one fixed catalog query with bind parameters and hands back its rows as plain values ({@code getObject}).
 * The dialect sources only ever see this, so their row decoding can be tested with canned rows and the exact SQL
 * text they send can be asserted.
 */
@FunctionalInterface
public interface Sql {

    /** The rows of {@code sql} run with {@code params} bound in order; one {@code Object[]} per row. */
    List<Object[]> rows(String sql, Object... params) throws SQLException;
}
