package io.xugumcp.api;

/**
 * One invocation of a tool: its arguments, who is calling, the database bound to that caller, and the channel back
 * to the client for progress, log messages, sampling and elicitation.
 */
public interface ToolCall {

    /** The tool's name. */
    String toolName();

    /** The arguments, already validated against the tool's input schema. */
    Arguments arguments();

    /** The caller. */
    Caller caller();

    /**
     * The database service acting for {@link #caller()}: every statement passes the SQL guard and the caller's
     * permissions, and is audited.
     */
    Database database();

    /** The channel back to the client that made this call. */
    ClientChannel client();

    /** True once the client cancelled this call or the server is shutting down; long work should check it. */
    boolean isCancelled();

    /**
     * The schema model (tables, columns, keys, indexes, views, statistics), read and cached by the host. Exact row
     * counts through it run as {@link #caller()}.
     *
     * @throws UnsupportedOperationException on a host without a catalog (API before 0.2.0)
     * @since 0.2.0
     */
    default Catalog catalog() {
        throw new UnsupportedOperationException("this host provides no catalog");
    }

    /**
     * The host's security model as this caller may see it (roles, permission checks, audit trail, rate limits).
     * The host enforces access inside the view itself. Hosts older than API 0.2 have none and throw
     * {@link ToolException} with code {@code unsupported}.
     *
     * @since 0.2.0
     */
    default Security security() {
        throw new ToolException("unsupported", "This server does not offer the security view.");
    }
}
