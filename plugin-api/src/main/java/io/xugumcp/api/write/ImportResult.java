package io.xugumcp.api.write;

/**
 * What an import did.
 *
 * @param rowsRead         rows taken from the source (from {@code startRow} on)
 * @param rowsCommitted    rows committed by this call
 * @param batchesCommitted batches committed by this call
 * @param complete         every row of the source was committed
 * @param cancelled        the call was cancelled between batches
 * @param nextStartRow     where a second call should start to finish the job (= the first row not committed)
 * @param failure          the first failing row and the database's reason, or {@code null}
 * @since 0.3.0
 */
public record ImportResult(long rowsRead, long rowsCommitted, int batchesCommitted, boolean complete,
                           boolean cancelled, long nextStartRow, Failure failure, long elapsedMs) {

    /**
     * A failed row.
     *
     * @param row     the 0-based index of the row in the source
     * @param located false when the database could not name the row and the whole batch is given instead
     * @param message the database's reason, sanitised (no values echoed)
     */
    public record Failure(long row, boolean located, String message) {
    }
}
