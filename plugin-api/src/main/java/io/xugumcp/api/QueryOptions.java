package io.xugumcp.api;

/**
 * Limits for one query. Values of 0 mean "the server's configured default"; the host never exceeds its configured
 * maximums whatever a plugin asks for.
 */
public record QueryOptions(int maxRows, long maxBytes, int timeoutSeconds) {

    /** The server's defaults. */
    public static final QueryOptions DEFAULTS = new QueryOptions(0, 0, 0);

    public QueryOptions {
        if (maxRows < 0 || maxBytes < 0 || timeoutSeconds < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** The defaults with a row limit. */
    public static QueryOptions maxRows(int maxRows) {
        return new QueryOptions(maxRows, 0, 0);
    }
}
