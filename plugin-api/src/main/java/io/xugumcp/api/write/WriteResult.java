package io.xugumcp.api.write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened to a change.
 *
 * @param status        see {@link Status}
 * @param statements    the statements that ran (or would run)
 * @param affectedRows  rows changed (or that would be changed); -1 when unknown
 * @param exactCount    false when the database only estimates (XuguDB batches report no per-row counts)
 * @param inserted      rows inserted, for upserts where the database can tell; -1 otherwise
 * @param updated       rows updated, for upserts where the database can tell; -1 otherwise
 * @param generatedKeys one map of key column → value per inserted row, when asked for and available
 * @param sample        the rows as they were and as they would be (a few), or {@code null}
 * @param confirmation  how to confirm, when {@code status} is {@link Status#PREVIEWED} or
 *                      {@link Status#CONFIRMATION_REQUIRED}; else {@code null}
 * @param notes         short remarks for the caller (e.g. "TRUNCATE cannot be undone on XuguDB")
 * @param impact        what the catalog says a schema change affects (from {@link Change.SchemaChange#impact()})
 * @since 0.3.0
 */
public record WriteResult(Status status, List<PlannedStatement> statements, long affectedRows, boolean exactCount,
                          long inserted, long updated, List<Map<String, Object>> generatedKeys, Sample sample,
                          Confirmation confirmation, List<String> notes, Map<String, Object> impact, long elapsedMs) {
    public WriteResult {
        Objects.requireNonNull(status, "status");
        statements = List.copyOf(statements);
        generatedKeys = generatedKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(generatedKeys));
        notes = notes == null ? List.of() : List.copyOf(notes);
        impact = impact == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(impact));
    }

    /** The outcome of {@link Writes#apply}. */
    public enum Status {
        /** The change ran and was committed. */
        APPLIED,
        /** Dry run: DML ran and was rolled back, DDL was only rendered; nothing changed. */
        PREVIEWED,
        /** Nothing changed: the change needs confirmation (see {@link WriteResult#confirmation()}). */
        CONFIRMATION_REQUIRED,
        /** Nothing changed: the person declined or cancelled when asked through the client. */
        DECLINED
    }

    /**
     * Rows before and after the change, at most a few; values JSON-safe. For an insert {@code before} is empty, for a
     * delete {@code after} is empty.
     */
    public record Sample(List<String> columns, List<List<Object>> before, List<List<Object>> after) {
        public Sample {
            columns = List.copyOf(columns);
            before = Collections.unmodifiableList(new ArrayList<>(before));
            after = Collections.unmodifiableList(new ArrayList<>(after));
        }
    }

    /**
     * How to confirm a change: call the same tool again with exactly the same arguments plus
     * {@code confirm_token = token} before {@code expiresAt}. The token works once, for this caller only.
     *
     * @param reason why confirmation is needed (e.g. "deletes 1,204 rows; more than 100 need confirmation")
     */
    public record Confirmation(String token, Instant expiresAt, String reason) {
        public Confirmation {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }
}
