package io.xugumcp.server.db;

/** Shared behaviour of the three supported dialects: ANSI double-quoted identifiers, plain EXPLAIN. */
public abstract class QuotingDialect implements SqlDialect {

    @Override
    public String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String explain(String sql) {
        return "EXPLAIN " + stripTrailingSemicolon(sql);
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
