package io.xugumcp.api.write;

/**
 * How to run one change.
 *
 * @param dryRun          preview only: DML runs inside a transaction that is rolled back; DDL is rendered, not run
 * @param confirmToken    a token from an earlier preview of exactly this call, or {@code null}
 * @param confirmName     the object's name as typed by the person, for destructive schema changes, or {@code null}
 * @param maxAffectedRows the most rows the change may touch (0 = the server's configured default); checked inside the
 *                        transaction, which is rolled back when it is exceeded
 * @param sampleRows      how many rows to show as they would be after the change (0 = the server's default, a few)
 * @since 0.3.0
 */
public record WriteOptions(boolean dryRun, String confirmToken, String confirmName, long maxAffectedRows,
                           int sampleRows) {
    public WriteOptions {
        if (maxAffectedRows < 0 || sampleRows < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (confirmToken != null && confirmToken.isBlank()) {
            confirmToken = null;
        }
    }

    /** Run now, under the server's defaults (confirmation still applies where the server requires it). */
    public static final WriteOptions DEFAULTS = new WriteOptions(false, null, null, 0, 0);

    /** Preview only. */
    public static final WriteOptions DRY_RUN = new WriteOptions(true, null, null, 0, 0);
}
