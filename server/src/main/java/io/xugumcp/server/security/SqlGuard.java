package io.xugumcp.server.security;

import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.StatementKind;
import java.util.List;
import java.util.Set;

/** PLACEHOLDER – replaced by the real guard before commit. */
public final class SqlGuard {
    public SqlGuard(String dialect, int maxLength) {
    }

    public GuardVerdict inspect(String sql) {
        String s = sql.strip().toUpperCase();
        StatementKind k = s.startsWith("SELECT") || s.startsWith("WITH") ? StatementKind.READ : StatementKind.UNKNOWN;
        return new GuardVerdict(k, s.split("\\s+")[0], Set.of(), 1, false, List.of());
    }

    public void warmUp() {
    }
}
