package io.xugumcp.api.write;

import java.util.List;

/**
 * The statements a change would run, built and checked but not run.
 *
 * @param notes remarks such as "the count will be inexact on XuguDB"
 * @since 0.3.0
 */
public record WritePlan(List<PlannedStatement> statements, List<String> notes) {
    public WritePlan {
        statements = List.copyOf(statements);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
