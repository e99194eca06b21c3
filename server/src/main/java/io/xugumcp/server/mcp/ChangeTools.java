package io.xugumcp.server.mcp;

import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Tool;
import io.xugumcp.server.security.StatementRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of the loaded tools make changes, for the message a read-only call gives when it is sent a write: a caller told
 * "use a tool made for changes" must hear its name. Tools needing a permission the statement needs come first (the DML
 * plugin's {@code insert_rows} for an INSERT, the DDL plugin's {@code create_table} for a CREATE TABLE), then the
 * general ones that run any statement ({@code execute_batch}: not read-only, no write permission of its own).
 */
public final class ChangeTools implements Function<GuardVerdict, List<String>> {
    private static final Set<Permission> WRITES = EnumSet.of(Permission.INSERT, Permission.UPDATE, Permission.DELETE,
            Permission.CREATE, Permission.ALTER, Permission.DROP, Permission.TRUNCATE);

    private final List<Tool> specific = new ArrayList<>();
    private final List<Tool> general = new ArrayList<>();

    public ChangeTools(List<Tool> tools) {
        for (Tool t : tools) {
            if (WRITES.contains(t.permission())) {
                specific.add(t);
            } else if (!t.annotations().readOnly() && t.permission() == Permission.SELECT) {
                general.add(t);
            }
        }
    }

    /** The names of the tools that can run what {@code v} describes, the most fitting first. */
    @Override
    public List<String> apply(GuardVerdict v) {
        Set<Permission> needed = StatementRules.of(v).permissions();
        List<String> out = new ArrayList<>();
        for (Tool t : specific) {
            if (needed.contains(t.permission())) {
                out.add(t.name());
            }
        }
        for (Tool t : general) {
            out.add(t.name());
        }
        return out;
    }
}
