package io.xugumcp.server.security;

import java.util.Locale;
import java.util.Map;

/**
 * Dictionary views that show the values stored in other tables' columns (most common values, histograms, minimum and
 * maximum) or the text of other sessions' statements with their literals. Reading one goes around every table rule,
 * so only ADMIN may. The host's own catalog reads them on its own connection, for tables the caller may read.
 */
final class ValueExposingViews {
    private static final String STATS = "shows column values of other tables (statistics: most common values,"
            + " histograms, bounds)";
    private static final String SQL_TEXT = "shows other sessions' statements with their literal values";

    /** By the name's last part, upper case. */
    private static final Map<String, String> VIEWS = Map.ofEntries(
            // PostgreSQL: pg_stats and its extended forms read pg_statistic; the activity views hold SQL texts.
            Map.entry("PG_STATS", STATS),
            Map.entry("PG_STATISTIC", STATS),
            Map.entry("PG_STATS_EXT", STATS),
            Map.entry("PG_STATS_EXT_EXPRS", STATS),
            Map.entry("PG_STATISTIC_EXT_DATA", STATS),
            Map.entry("PG_STAT_ACTIVITY", SQL_TEXT),
            Map.entry("PG_STAT_STATEMENTS", SQL_TEXT),
            // H2 keeps no column-value statistics it shows; its session and query-statistics tables hold SQL texts.
            Map.entry("SESSIONS", SQL_TEXT),
            Map.entry("QUERY_STATISTICS", SQL_TEXT),
            // XuguDB [P: xugudb-notes, catalog SQL]: the column dictionaries carry min_val and max_val.
            Map.entry("ALL_COLUMNS", STATS),
            Map.entry("USER_COLUMNS", STATS),
            Map.entry("DBA_COLUMNS", STATS),
            Map.entry("SYS_COLUMNS", STATS));

    private ValueExposingViews() {
    }

    /**
     * What {@code table} (as the SQL guard names it) exposes, or {@code null} when it is not such a view. H2's
     * {@code SESSIONS} and {@code QUERY_STATISTICS} count only in {@code INFORMATION_SCHEMA}: an ordinary table may be
     * called SESSIONS.
     */
    static String describe(String table) {
        String upper = table.toUpperCase(Locale.ROOT).replace("\"", "");
        int dot = upper.lastIndexOf('.');
        String last = dot < 0 ? upper : upper.substring(dot + 1);
        String what = VIEWS.get(last);
        if (what == null) {
            return null;
        }
        if (last.equals("SESSIONS") || last.equals("QUERY_STATISTICS")) {
            return upper.startsWith("INFORMATION_SCHEMA.") ? what : null;
        }
        return what;
    }
}
