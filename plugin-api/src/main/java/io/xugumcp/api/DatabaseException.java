package io.xugumcp.api;

/**
 * An error reported by the database or its driver, turned into a message the caller can act on. The vendor's own
 * code and SQLState are kept for the structured error.
 */
public class DatabaseException extends ToolException {
    private static final long serialVersionUID = 1L;
    private final Category category;
    private final int vendorCode;
    private final String sqlState;

    public DatabaseException(Category category, String message, int vendorCode, String sqlState, Throwable cause) {
        super(category.code(), message, cause);
        this.category = category;
        this.vendorCode = vendorCode;
        this.sqlState = sqlState;
    }

    /** What kind of failure this is. */
    public Category category() {
        return category;
    }

    /** The driver's error code (0 when none). */
    public int vendorCode() {
        return vendorCode;
    }

    /** The SQLState, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }

    /** Failure categories, each with a stable code. */
    public enum Category {
        CONNECTION("connection_failed"),
        TIMEOUT("timeout"),
        SYNTAX("syntax_error"),
        CONSTRAINT("constraint_violation"),
        NOT_FOUND("object_not_found"),
        PERMISSION("database_permission_denied"),
        OTHER("database_error");

        private final String code;

        Category(String code) {
            this.code = code;
        }

        /** The stable code, e.g. {@code timeout}. */
        public String code() {
            return code;
        }
    }
}
