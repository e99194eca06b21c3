package io.xugumcp.api;

/**
 * An error the caller should read. Its message becomes the text of the tool's {@code isError} result, so write it
 * for the person or model on the other side: say what was wrong and what to do instead. Never put secrets in it.
 */
public class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    /** An error with the generic code {@code invalid_request}. */
    public ToolException(String message) {
        this("invalid_request", message, null);
    }

    /**
     * @param code a stable machine-readable code, preferably one of {@link ErrorCode}'s, e.g. {@code denied}
     */
    public ToolException(String code, String message) {
        this(code, message, null);
    }

    /**
     * An error with a code from the shared vocabulary.
     *
     * @since 0.3.0
     */
    public ToolException(ErrorCode code, String message) {
        this(code.code(), message, null);
    }

    /**
     * An error with a code from the shared vocabulary and its cause (kept for the server log, never sent).
     *
     * @since 0.3.0
     */
    public ToolException(ErrorCode code, String message, Throwable cause) {
        this(code.code(), message, cause);
    }

    public ToolException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A stable machine-readable code for the error. */
    public String code() {
        return code;
    }
}
