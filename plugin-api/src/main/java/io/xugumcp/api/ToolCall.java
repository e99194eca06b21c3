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

    /**
     * The host's write path for this call: changes described as data, built, guarded, previewed and confirmed by the
     * host. Confirmation tokens are bound to this call's caller, tool and arguments.
     *
     * @throws ToolException {@code unsupported} on a host before API 0.3.0
     * @since 0.3.0
     */
    default io.xugumcp.api.write.Writes writes() {
        throw new ToolException(ErrorCode.UNSUPPORTED, "This server does not offer the write path.");
    }

    /**
     * The configured language model for this call: cancelling the call aborts the request, and token usage is added
     * to this call's audit record. When no provider is configured, {@link io.xugumcp.api.llm.Llm#available()} is false.
     *
     * @since 0.3.0
     */
    default io.xugumcp.api.llm.Llm llm() {
        return io.xugumcp.api.llm.Llm.none("This server offers no language model.");
    }

    /**
     * An id unique to this call, as written to the audit trail (to tie a plugin's own records to the call).
     *
     * @since 0.3.0
     */
    default String callId() {
        return null;
    }

    /**
     * The server's administration as this caller may use it: server information, health, the pool, metrics, a
     * connection diagnosis, configuration reload, caches, the caller's query history. The host enforces ADMIN inside
     * the service wherever an answer shows other clients' data or a call changes the server's state.
     *
     * @throws ToolException {@code unsupported} on a host before API 0.3.0
     * @since 0.3.0
     */
    default io.xugumcp.api.admin.Admin admin() {
        throw new ToolException(ErrorCode.UNSUPPORTED, "This server does not offer the administration service.");
    }
}
