package io.xugumcp.api;

/**
 * The small vocabulary of machine-readable error codes a {@link ToolException} carries. The codes are the stable
 * strings clients see in a tool error's structured content; plugins should use these rather than inventing new ones,
 * so that clients and the host (which maps some of them to audit outcomes) understand them.
 *
 * @since 0.3.0
 */
public enum ErrorCode {
    /** An argument is missing, has the wrong type or an impossible value. */
    INVALID_ARGUMENT("invalid_argument"),
    /** A schema, table, column or other named object does not exist. */
    NOT_FOUND("not_found"),
    /** The caller's role or the server's mode does not allow this. */
    DENIED("denied"),
    /** The SQL guard refused the text itself (several statements, too long, not understood …), whatever the role. */
    REJECTED("rejected"),
    /** A read-only tool was given a statement that is not a read. */
    NOT_A_READ("not_a_read"),
    /** The caller's rate limit or the server's cap on statements in flight was reached; retry later. */
    RATE_LIMITED("rate_limited"),
    /** This server, database or client does not offer the feature. */
    UNSUPPORTED("unsupported"),
    /** A service the call needs (database, audit trail, model provider) cannot be reached now. */
    UNAVAILABLE("unavailable"),
    /** The work ran past its time limit. */
    TIMEOUT("timeout"),
    /** The client cancelled the call, or the server is shutting down. */
    CANCELLED("cancelled"),
    /** A write needs a person's confirmation first: preview it and send the confirmation token it returns. */
    CONFIRMATION_REQUIRED("confirmation_required"),
    /** The confirmation token is unknown, expired, already used, or bound to another caller, tool or arguments. */
    CONFIRMATION_INVALID("confirmation_invalid"),
    /** A safety limit would be exceeded (rows affected, answer size, import size); nothing was changed. */
    LIMIT_EXCEEDED("limit_exceeded"),
    /** The database reported an error (see {@link DatabaseException} for its category). */
    DATABASE_ERROR("database_error"),
    /** The configured language model failed (see {@link io.xugumcp.api.llm.LlmException} for its kind). */
    LLM_ERROR("llm_error"),
    /** A fault inside the server; the message carries a reference id for the server log. */
    INTERNAL("internal_error");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The wire form, e.g. {@code invalid_argument}. */
    public String code() {
        return code;
    }
}
