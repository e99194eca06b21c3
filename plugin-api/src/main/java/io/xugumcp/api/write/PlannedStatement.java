package io.xugumcp.api.write;

import io.xugumcp.api.StatementKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One statement the host built (or was given, for schema changes), with its bind values, as it runs or would run.
 *
 * @param params the bind values, in order; for a batch the values of its first row
 * @param rows   how many rows of values the statement runs with (1 unless batched)
 * @since 0.3.0
 */
public record PlannedStatement(String sql, List<Object> params, StatementKind kind, int rows) {
    public PlannedStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
        params = params == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(params));
    }
}
