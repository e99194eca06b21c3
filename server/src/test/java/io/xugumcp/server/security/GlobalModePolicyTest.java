package io.xugumcp.server.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.Permission;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.ToolException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GlobalModePolicyTest {
    private static final Caller CALLER = new Caller("stdio", "data_analyst", "stdio");

    private static GuardVerdict verdict(StatementKind kind, String verb) {
        return new GuardVerdict(kind, verb, Set.of("T"), 1, true, List.of());
    }

    @Test
    void readOnlyAllowsReadsOnly() {
        AccessPolicy p = AccessPolicy.globalMode(false);
        assertDoesNotThrow(() -> p.checkStatement(CALLER, verdict(StatementKind.READ, "SELECT")));
        assertDoesNotThrow(() -> p.checkStatement(CALLER, verdict(StatementKind.METADATA, "SHOW")));
        for (StatementKind k : StatementKind.values()) {
            if (k.isWrite()) {
                ToolException e = assertThrows(ToolException.class, () -> p.checkStatement(CALLER, verdict(k, k.name())));
                assertEquals("denied", e.code());
            }
        }
        assertDoesNotThrow(() -> p.checkTool(CALLER, "execute_query", Permission.SELECT));
        ToolException tool = assertThrows(ToolException.class, () -> p.checkTool(CALLER, "insert_rows", Permission.INSERT));
        assertTrue(tool.getMessage().contains("read-only"), tool.getMessage());
    }

    @Test
    void readWriteStillRefusesTransactionSessionPrivilegeAndUnknownStatements() {
        AccessPolicy p = AccessPolicy.globalMode(true);
        assertDoesNotThrow(() -> p.checkStatement(CALLER, verdict(StatementKind.DELETE, "DELETE")));
        assertDoesNotThrow(() -> p.checkStatement(CALLER, verdict(StatementKind.DDL, "CREATE TABLE")));
        for (StatementKind k : List.of(StatementKind.TCL, StatementKind.SESSION, StatementKind.DCL,
                StatementKind.PROCEDURAL, StatementKind.UNKNOWN)) {
            assertThrows(ToolException.class, () -> p.checkStatement(CALLER, verdict(k, k.name())), k.name());
        }
        assertThrows(ToolException.class, () -> p.checkTool(CALLER, "get_audit_log", Permission.ADMIN));
    }
}
