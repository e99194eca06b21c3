package io.xugumcp.server.db.xugu;

import io.xugumcp.server.db.xugu.XuguWire.Column;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A canned reply of {@link XuguWireDouble} to one command. Build with the static factories; wrap with
 * {@link #delayed(Duration)} to delay the first byte. Faults that cut a reply short are their own replies
 * ({@link Rows#dropAfterRows(int)}, {@link #silence()}, {@link #close(boolean)}).
 */
public sealed interface XuguReply {

    /** Just {@code K}: what the driver's {@code executeOther} (commit, rollback, set ..., deallocate) expects. */
    static XuguReply ok() {
        return new Ok();
    }

    /** {@code U n K}: an update count. */
    static XuguReply updated(int count) {
        return new Count(XuguWire.UPDATED, count);
    }

    /** {@code D n K}: a delete count (the driver treats it like {@code U}). */
    static XuguReply deleted(int count) {
        return new Count(XuguWire.DELETED, count);
    }

    /** {@code I rowid K}: one inserted row (update count 1). */
    static XuguReply inserted(String rowid) {
        return new Inserted(rowid);
    }

    /**
     * {@code E "[E<code>]message" K}. The driver parses the code between {@code [E} and {@code ]} (or {@code L}, for
     * {@code [E123L4]} line numbers) into {@code getErrorCode()} and makes {@code getSQLState()} "xugu" + code.
     */
    static XuguReply error(int code, String message) {
        return new Error("[E" + code + "]" + message);
    }

    /** An error whose text is sent verbatim (no {@code [Ecode]} prefix gives error code 0). */
    static XuguReply errorText(String text) {
        return new Error(text);
    }

    /** A result set; add rows with {@link Rows#row(Object...)}. */
    static Rows rows(Column... columns) {
        return new Rows(List.of(columns), new ArrayList<>(), -1, false);
    }

    static Column col(String name, Type type) {
        return new Column(name, type, 0, 0);
    }

    /** NUMERIC(precision, scale), sent as {@code precision << 16 | scale} like the server does. */
    static Column numeric(String name, int precision, int scale) {
        return new Column(name, Type.NUMERIC, precision << 16 | scale, 0);
    }

    /** Never answer this command; the session stays open and silent until the double closes. */
    static XuguReply silence() {
        return new Silence();
    }

    /** Close the connection instead of answering: FIN, or RST (SO_LINGER 0) when {@code reset}. */
    static XuguReply close(boolean reset) {
        return new Close(reset);
    }

    /** Sleep before the first byte of this reply ("slow first byte"). */
    default XuguReply delayed(Duration delay) {
        return new Delayed(this, delay);
    }

    record Ok() implements XuguReply {
    }

    record Count(int tag, int count) implements XuguReply {
    }

    record Inserted(String rowid) implements XuguReply {
    }

    record Error(String text) implements XuguReply {
    }

    record Silence() implements XuguReply {
    }

    record Close(boolean reset) implements XuguReply {
    }

    record Delayed(XuguReply inner, Duration delay) implements XuguReply {
    }

    /**
     * Columns and rows. {@code dropAfter >= 0} sends the column block and that many rows, then closes the
     * connection (RST when {@code reset}) without the closing {@code K}.
     */
    record Rows(List<Column> columns, List<List<Object>> rows, int dropAfter, boolean reset) implements XuguReply {

        /** Adds a row; values are encoded by {@link XuguWire#encode}. Returns this builder. */
        public Rows row(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException("row has " + values.length + " values for " + columns.size()
                    + " columns");
            }
            rows.add(Arrays.asList(values));
            return this;
        }

        public Rows dropAfterRows(int sent) {
            return new Rows(columns, rows, sent, false);
        }

        public Rows resetAfterRows(int sent) {
            return new Rows(columns, rows, sent, true);
        }
    }
}
