package io.xugumcp.api.write;

import java.util.List;

/**
 * Which rows an update or delete touches: structured conditions (ANDed), and/or a raw {@code where} fragment with
 * {@code ?} bind values as the seed's tools accepted it. A raw fragment is never trusted on its own: the host admits
 * it only as part of the whole statement the SQL guard inspects (one statement, no comments hiding another, no
 * subquery that writes), and binds {@code whereParams}. A filter with neither matches every row and is refused unless
 * {@code allRows} is true – and a change of all rows always needs confirmation.
 *
 * @param conditions  may be empty
 * @param where       may be {@code null}
 * @param whereParams bind values for the {@code ?} in {@code where}
 * @param allRows     the caller explicitly means every row
 * @since 0.3.0
 */
public record Filter(List<Condition> conditions, String where, List<Object> whereParams, boolean allRows) {
    public Filter {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        whereParams = whereParams == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(whereParams));
        if (where != null && where.isBlank()) {
            where = null;
        }
    }

    /** Every row: only honoured with confirmation. */
    public static final Filter ALL_ROWS = new Filter(List.of(), null, List.of(), true);

    /** True when neither conditions nor a where fragment restrict the rows. */
    public boolean isEmpty() {
        return conditions.isEmpty() && where == null;
    }
}
