package io.xugumcp.api;

import java.util.List;
import java.util.Locale;

/**
 * What differs between the databases the host supports (xugu, h2, postgresql): identifier quoting, EXPLAIN syntax,
 * capabilities, type names, and the rules an assistant needs to write valid SQL for it.
 */
public interface Dialect {

    /** The dialect's id: {@code xugu}, {@code h2} or {@code postgresql}. */
    String name();

    /** Quotes an identifier (doubling embedded quote characters). */
    String quoteIdentifier(String identifier);

    /** The EXPLAIN statement for a read statement; never one that executes it. */
    String explain(String sql);

    /** Short rules for writing SQL in this dialect (pagination, upsert, quoting, case folding…). */
    List<String> sqlRules();

    /**
     * What this database can do (upsert form, transactional DDL, batch counts, identifier folding and length …).
     *
     * @since 0.3.0
     */
    default DialectCapabilities capabilities() {
        return DialectCapabilities.CONSERVATIVE;
    }

    /**
     * A schema-qualified, quoted name: {@code "S"."T"}, or just {@code "T"} when {@code schema} is {@code null}.
     * The parts are used as given (exact catalog spelling); no folding happens.
     *
     * @since 0.3.0
     */
    default String qualify(String schema, String name) {
        return schema == null ? quoteIdentifier(name) : quoteIdentifier(schema) + "." + quoteIdentifier(name);
    }

    /**
     * How the database stores an identifier written without quotes ({@code orders} → {@code ORDERS} on XuguDB and H2,
     * {@code orders} on PostgreSQL), for comparing a caller's spelling with the catalog's.
     *
     * @since 0.3.0
     */
    default String foldIdentifier(String unquoted) {
        return switch (capabilities().identifierCase()) {
            case UPPER -> unquoted.toUpperCase(Locale.ROOT);
            case LOWER -> unquoted.toLowerCase(Locale.ROOT);
            case AS_WRITTEN -> unquoted;
        };
    }

    /**
     * Checks a column type as a caller wrote it ({@code VARCHAR(50)}, {@code NUMERIC(12,2)}, {@code int unsigned})
     * against the types this database has, and returns it as the database should receive it. A type the database
     * lacks throws {@link ToolException} ({@link ErrorCode#INVALID_ARGUMENT}) saying so and naming the nearest type
     * it has (XuguDB has no UNSIGNED, ENUM or YEAR, for example). The text never reaches SQL unchecked: anything that
     * is not a type name with optional numeric arguments and known modifiers is refused.
     *
     * @since 0.3.0
     */
    default String checkType(String type) {
        throw new ToolException(ErrorCode.UNSUPPORTED, "This server cannot check column types for " + name() + ".");
    }

    /**
     * The type names this database accepts in column definitions, upper case, without arguments
     * ({@code VARCHAR}, {@code NUMERIC}, {@code TIMESTAMP WITH TIME ZONE} …), for tool descriptions and suggestions.
     *
     * @since 0.3.0
     */
    default List<String> typeNames() {
        return List.of();
    }
}
