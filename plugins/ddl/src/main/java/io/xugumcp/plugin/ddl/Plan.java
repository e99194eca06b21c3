package io.xugumcp.plugin.ddl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one DDL tool call would do: the exact statements, what they are about, whether they destroy anything, what the
 * catalog says they affect, and what to describe once they ran. A plan without statements means "nothing to do"
 * ({@code unchanged} says why), e.g. {@code if_not_exists} for an object that exists.
 *
 * @param objectType {@code TABLE}, {@code VIEW}, {@code INDEX}, {@code SCHEMA}, {@code DATABASE}
 * @param objectName the name a person types to confirm a destructive change (exact spelling)
 * @param schema     the schema of the object, or {@code null} (databases)
 * @param table      the table concerned, or {@code null}
 * @param after      what to describe after the change, or {@code null}
 * @param extra      further structured facts for the answer (e.g. what a backup could not copy), may be empty
 */
record Plan(String objectType, String objectName, String schema, String table, List<String> statements,
            boolean destructive, Map<String, Object> impact, List<String> notes, After after, String unchanged,
            Map<String, Object> extra) {

    Plan {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectName, "objectName");
        statements = List.copyOf(statements);
        impact = impact == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(impact));
        notes = notes == null ? List.of() : List.copyOf(notes);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** What to show after the change: a table or view (its description) or a schema (its tables). */
    record After(Kind kind, String schema, String name) {
        enum Kind { TABLE, SCHEMA }

        static After table(String schema, String name) {
            return new After(Kind.TABLE, schema, name);
        }

        static After schema(String schema) {
            return new After(Kind.SCHEMA, schema, schema);
        }
    }

    /** Nothing to run, for the given reason. */
    static Plan nothing(String objectType, String objectName, String schema, String reason, After after) {
        return new Plan(objectType, objectName, schema, null, List.of(), false, Map.of(), List.of(), after, reason, Map.of());
    }
}
