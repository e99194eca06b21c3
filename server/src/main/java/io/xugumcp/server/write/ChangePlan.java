package io.xugumcp.server.write;

import io.xugumcp.api.StatementKind;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.PlannedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * A change turned into statements: the target table as the catalog knows it, each statement's SQL with its rows of
 * bound values, and what the sampling and confirmation steps need (the WHERE clause, the key columns).
 *
 * @param where      the row filter of an update or delete ({@code null}: every row, or not a filtered change)
 * @param keyColumns the columns that identify a row (upsert key, else the primary key); may be empty
 */
record ChangePlan(Change change, TargetTable table, List<Bound> statements, Where where, List<String> keyColumns,
                  List<String> notes) {

    ChangePlan {
        statements = List.copyOf(statements);
        keyColumns = List.copyOf(keyColumns);
        notes = List.copyOf(notes);
    }

    /** One statement and the rows of values it runs with (one row unless batched). */
    record Bound(String sql, StatementKind kind, List<String> columns, List<List<Object>> rows) {
        Bound {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        /** As shown to the caller: the values of the first row, JSON-safe. */
        PlannedStatement planned() {
            List<Object> shown = new ArrayList<>();
            if (!rows.isEmpty()) {
                for (Object v : rows.get(0)) {
                    shown.add(ColumnValues.shownValue(v));
                }
            }
            return new PlannedStatement(sql, shown, kind, rows.size());
        }
    }

    /** A WHERE condition (without the keyword) and its bound values. */
    record Where(String sql, List<Object> params) {
        Where {
            params = java.util.Collections.unmodifiableList(new ArrayList<>(params));
        }
    }

    List<PlannedStatement> planned() {
        return statements.stream().map(Bound::planned).toList();
    }

    /** Rows the statements run with in total. */
    long rowCount() {
        long n = 0;
        for (Bound b : statements) {
            n += b.rows().size();
        }
        return n;
    }
}
