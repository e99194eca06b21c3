package io.xugumcp.api.write;

/**
 * How to import rows.
 *
 * @param batchSize rows per JDBC batch (0 = the server's default, 1000)
 * @param mode      {@link Mode#ATOMIC}: all rows or none; {@link Mode#PER_BATCH}: each batch commits on its own
 * @param startRow  0-based index of the first row to import (to resume a per-batch import after a failure)
 * @param confirmToken a confirmation token, when the server requires one for imports of this size, or {@code null}
 * @since 0.3.0
 */
public record ImportOptions(int batchSize, Mode mode, long startRow, String confirmToken) {
    public ImportOptions {
        if (batchSize < 0 || startRow < 0) {
            throw new IllegalArgumentException("batchSize and startRow must not be negative");
        }
        if (mode == null) {
            mode = Mode.ATOMIC;
        }
    }

    /** Transaction scope of an import. */
    public enum Mode {
        /** One transaction: a failure or cancellation leaves no row behind. */
        ATOMIC,
        /** One transaction per batch: a failure keeps the committed batches and reports where to resume. */
        PER_BATCH
    }
}
