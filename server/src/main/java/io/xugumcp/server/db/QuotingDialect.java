package io.xugumcp.server.db;

/**
 * Shared behaviour of the three supported dialects: ANSI double-quoted identifiers, plain EXPLAIN, and the
 * well-behaved driver case (setMaxRows and setQueryTimeout work), which XuguDB overrides.
 */
public abstract class QuotingDialect implements SqlDialect {

    @Override
    public String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String explain(String sql) {
        return "EXPLAIN " + stripTrailingSemicolon(sql);
    }

    @Override
    public String capRows(String select, int maxRows) {
        return select;
    }

    @Override
    public boolean honoursQueryTimeout() {
        return true;
    }

    /** The statement without trailing semicolons, so it can be wrapped in another statement. */
    protected static String stripTrailingSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }
}
