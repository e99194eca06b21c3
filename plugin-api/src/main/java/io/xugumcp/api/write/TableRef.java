package io.xugumcp.api.write;

import java.util.Objects;

/**
 * A table as a caller named it. The host resolves it against the catalog (case-insensitively when unambiguous,
 * {@code schema.table} accepted in {@code name} when {@code schema} is null) and refuses unknown names with the
 * closest existing ones.
 *
 * @param schema may be {@code null}: the connection's current schema
 * @since 0.3.0
 */
public record TableRef(String schema, String name) {
    public TableRef {
        Objects.requireNonNull(name, "name");
    }

    /** A table in the current schema (or {@code schema.table}). */
    public static TableRef of(String name) {
        return new TableRef(null, name);
    }
}
