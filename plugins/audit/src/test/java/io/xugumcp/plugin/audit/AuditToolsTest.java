package io.xugumcp.plugin.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Caller;
import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.Database;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.StatementKind;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.ToolResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditToolsTest {
    private static final Caller ME = new Caller("alice", "admin", "stdio");
    private final List<Security.AuditQuery> queries = new ArrayList<>();

    private final Security security = new Security() {
        final Role admin = new Role("admin", "all", Set.of(Permission.values()), Set.of(StatementKind.PROCEDURAL),
                List.of(new TableRule("dev_*", Set.of(Permission.DROP), Set.of())), null, true);

        @Override
        public Role callerRole() {
            return admin;
        }

        @Override
        public List<Role> roles() {
            return List.of(admin);
        }

        @Override
        public Optional<Role> role(String name) {
            return name.equals("admin") ? Optional.of(admin) : Optional.empty();
        }

        @Override
        public Decision check(String role, Permission permission, String table) {
            return new Decision(permission != Permission.DROP, "admin", permission, table, "because");
        }

        @Override
        public Decision checkStatement(String role, String sql) {
            return new Decision(false, "admin", Permission.DROP, "ORDERS", "Denied: DROP on ORDERS");
        }

        @Override
        public List<AuditEntry> auditLog(AuditQuery query) {
            queries.add(query);
            return List.of(new AuditEntry(Map.of("seq", 2, "time", "2025-01-01T00:00:01.000Z", "action", "tool",
                    "tool", "execute_query", "outcome", "ok")), new AuditEntry(Map.of("seq", 1, "action", "chain.start")));
        }

        @Override
        public AuditStatistics auditStatistics(Instant since) {
            return new AuditStatistics(since, Instant.now(), 3, 2, 1, Map.of("tool:ok", 2L), Map.of("execute_query", 2L),
                    Map.of("alice", 2L), Map.of("READ", 1L), 0, 7, true);
        }

        @Override
        public RateLimits rateLimits() {
            return new RateLimits(true, new RateLimit(true, 300, 300), 32, 0, 0, List.of(new ClientRate("alice",
                    "admin", new RateLimit(true, 300, 300), 299.5, 1, 0, Instant.now())));
        }

        @Override
        public Status status() {
            return new Status("read-only", ME, true, true, 10, true, true, new RateLimit(true, 300, 300), 32, false, 0,
                    "data_analyst", "admin", List.of("admin"), Set.of(StatementKind.TCL));
        }
    };

    private ToolResult call(String tool, Map<String, Object> args) throws Exception {
        Map<String, Tool> tools = new AuditTools(null).tools().stream().collect(Collectors.toMap(Tool::name, t -> t));
        return tools.get(tool).handler().handle(new ToolCall() {
            @Override
            public String toolName() {
                return tool;
            }

            @Override
            public Arguments arguments() {
                return new Arguments(args);
            }

            @Override
            public Caller caller() {
                return ME;
            }

            @Override
            public Database database() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ClientChannel client() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public Security security() {
                return security;
            }
        });
    }

    @Test
    void theSeedsSevenToolsWithTheirPermissions() {
        Map<String, Permission> perms = new AuditTools(null).tools().stream()
                .collect(Collectors.toMap(Tool::name, Tool::permission));
        assertEquals(Map.of("get_audit_log", Permission.ADMIN, "get_audit_statistics", Permission.ADMIN,
                "get_rate_limit_stats", Permission.ADMIN, "list_roles", Permission.ADMIN,
                "get_role_details", Permission.NONE, "check_permission", Permission.NONE,
                "get_security_status", Permission.NONE), perms);
        for (Tool t : new AuditTools(null).tools()) {
            assertTrue(t.annotations().readOnly(), t.name());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void auditLogPassesFiltersAndAnswersNewestFirst() throws Exception {
        ToolResult r = call("get_audit_log", Map.of("limit", 5, "operation_type", "tool", "outcome", "DENIED",
                "client", "bob", "since", "2h"));
        Security.AuditQuery q = queries.get(0);
        assertEquals("tool", q.action());
        assertEquals("denied", q.outcome());
        assertEquals("bob", q.client());
        assertEquals(5, q.limit());
        assertTrue(q.since().isBefore(Instant.now().minusSeconds(7100)));
        Map<String, Object> s = (Map<String, Object>) r.structured();
        assertEquals(2, s.get("count"));
        assertEquals(List.of("seq", "time", "action", "tool", "outcome"),
                List.copyOf(((List<Map<String, Object>>) s.get("entries")).get(0).keySet()));
        call("get_audit_log", Map.of("since", "2025-06-30T14:00:00+08:00"));
        assertEquals(Instant.parse("2025-06-30T06:00:00Z"), queries.get(1).since());
        assertThrows(ToolException.class, () -> call("get_audit_log", Map.of("outcome", "maybe")));
        assertThrows(ToolException.class, () -> call("get_audit_log", Map.of("since", "yesterday")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rolesPermissionsStatisticsAndStatus() throws Exception {
        Map<String, Object> role = (Map<String, Object>) call("get_role_details", Map.of()).structured();
        assertEquals("admin", role.get("name"));
        assertEquals(List.of(Map.of("pattern", "dev_*", "allow", List.of("DROP"), "deny", List.of())), role.get("tableRules"));
        assertThrows(ToolException.class, () -> call("get_role_details", Map.of("role_name", "ghost")));
        Map<String, Object> d = (Map<String, Object>) call("check_permission",
                Map.of("operation", "delete", "table_name", "orders")).structured();
        assertEquals(true, d.get("allowed"));
        assertEquals("DELETE", d.get("permission"));
        Map<String, Object> sql = (Map<String, Object>) call("check_permission", Map.of("sql", "DROP TABLE orders")).structured();
        assertEquals(false, sql.get("allowed"));
        assertThrows(ToolException.class, () -> call("check_permission", Map.of("operation", "FLY")));
        assertThrows(ToolException.class, () -> call("check_permission", Map.of()));
        Map<String, Object> st = (Map<String, Object>) call("get_audit_statistics", Map.of("hours", 1)).structured();
        assertEquals(2L, st.get("toolCalls"));
        Map<String, Object> rl = (Map<String, Object>) call("get_rate_limit_stats", Map.of()).structured();
        assertEquals(1, ((List<?>) rl.get("clients")).size());
        Map<String, Object> status = (Map<String, Object>) call("get_security_status", Map.of()).structured();
        assertEquals("read-only", status.get("mode"));
        assertEquals(List.of("TCL"), status.get("deniedByDefault"));
        assertEquals(1, ((List<?>) ((Map<String, Object>) call("list_roles", Map.of()).structured()).get("roles")).size());
    }
}
