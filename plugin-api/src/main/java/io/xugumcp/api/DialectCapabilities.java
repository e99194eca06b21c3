package io.xugumcp.api;

import java.util.Objects;

/**
 * What a database can and cannot do, as data, so plugins never branch on the dialect's name. The host fills it per
 * dialect (facts in the project's writes notes); a plugin that needs a form the database lacks says so to the caller
 * and names the alternative.
 *
 * @param upsertForm            how "insert or update by key" is written
 * @param transactionalDdl      DDL takes part in the transaction (can be rolled back); false means it commits at once
 * @param transactionalTruncate TRUNCATE can be rolled back
 * @param batchCountsExact      {@code executeBatch} reports exact per-row counts (false: counts are estimated from the
 *                              rows sent, and a failed batch does not name its failing row)
 * @param generatedKeys         how generated key values can be read back after an insert
 * @param dropIndexNeedsTable   {@code DROP INDEX} must name the table ({@code DROP INDEX t.i}, XuguDB)
 * @param identifierCase        how the database folds unquoted identifiers
 * @param maxIdentifierLength   the longest identifier the database accepts, in {@code identifierLengthUnit}
 * @param identifierLengthUnit  whether {@code maxIdentifierLength} counts UTF-8 bytes or characters
 * @param createDatabase        {@code CREATE DATABASE} exists (false on H2, where a database is a file)
 * @param renameColumn          {@code ALTER TABLE … RENAME COLUMN} is known to work
 * @param commentOn             {@code COMMENT ON TABLE/COLUMN} sets comments
 * @param nativeTableBackup     the database has its own table backup statement (XuguDB {@code BACKUP TABLE … TO})
 * @param savepointRelease      {@code RELEASE SAVEPOINT} exists (XuguDB 11 has none: savepoints pile up)
 * @since 0.3.0
 */
public record DialectCapabilities(UpsertForm upsertForm, boolean transactionalDdl, boolean transactionalTruncate,
                                  boolean batchCountsExact, GeneratedKeys generatedKeys, boolean dropIndexNeedsTable,
                                  IdentifierCase identifierCase, int maxIdentifierLength,
                                  LengthUnit identifierLengthUnit, boolean createDatabase, boolean renameColumn,
                                  boolean commentOn, boolean nativeTableBackup, boolean savepointRelease) {

    public DialectCapabilities {
        Objects.requireNonNull(upsertForm, "upsertForm");
        Objects.requireNonNull(generatedKeys, "generatedKeys");
        Objects.requireNonNull(identifierCase, "identifierCase");
        Objects.requireNonNull(identifierLengthUnit, "identifierLengthUnit");
        if (maxIdentifierLength <= 0) {
            throw new IllegalArgumentException("maxIdentifierLength must be positive");
        }
    }

    /**
     * The most careful assumptions, for a dialect that says nothing: no upsert, DDL and TRUNCATE commit at once,
     * inexact batch counts, no generated keys, upper-case folding, 30-byte identifiers.
     */
    public static final DialectCapabilities CONSERVATIVE = new DialectCapabilities(UpsertForm.NONE, false, false, false,
            GeneratedKeys.NONE, false, IdentifierCase.UPPER, 30, LengthUnit.BYTES, false, false, false, false, false);

    /** The statement form for an upsert. */
    public enum UpsertForm {
        /** XuguDB: {@code MERGE INTO t USING (SELECT ? AS c … FROM DUAL) s ON (…) WHEN MATCHED … WHEN NOT MATCHED …}. */
        MERGE_USING_DUAL,
        /** H2: {@code MERGE INTO t (c…) KEY (k…) VALUES (…)}. */
        MERGE_KEY,
        /** PostgreSQL: {@code INSERT … ON CONFLICT (k…) DO UPDATE SET c = EXCLUDED.c}. */
        ON_CONFLICT,
        /** No single-statement upsert. */
        NONE
    }

    /** How generated keys come back. */
    public enum GeneratedKeys {
        /** {@code Statement.getGeneratedKeys} after a (batched) insert, by column names. */
        JDBC,
        /** Only one row at a time ({@code executeUpdate} with {@code RETURN_GENERATED_KEYS}); XuguDB. */
        JDBC_PER_ROW,
        /** Not available. */
        NONE
    }

    /** How unquoted identifiers are stored. */
    public enum IdentifierCase {
        UPPER, LOWER, AS_WRITTEN
    }

    /** The unit of {@link #maxIdentifierLength()}. */
    public enum LengthUnit {
        BYTES, CHARACTERS
    }
}
