package io.xugumcp.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolResult;
import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.security.RolePolicy;
import io.xugumcp.server.security.SecuritySettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolVisibilityTest {
    private static final SecuritySettings SETTINGS = SecuritySettings.from(ConfigFactory.defaultReference().resolve(),
            false, "", java.nio.file.Path.of("/tmp/unused"));

    private static Features.Owned<Tool> tool(String plugin, String name, Permission p, ToolAnnotations a) {
        return new Features.Owned<>(plugin, ToolVisibilityTest.class.getClassLoader(), Tool.builder(name)
                .description(name).permission(p).annotations(a).handler(call -> ToolResult.text("x")).build());
    }

    private static final List<Features.Owned<Tool>> TOOLS = List.of(
            tool("query", "execute_query", Permission.SELECT, ToolAnnotations.READ_ONLY),
            tool("query", "execute_batch", Permission.SELECT, ToolAnnotations.DESTRUCTIVE),
            tool("dml", "insert_rows", Permission.INSERT, ToolAnnotations.WRITE),
            tool("audit", "get_audit_log", Permission.ADMIN, ToolAnnotations.READ_ONLY));

    private static Set<String> seen(ToolVisibility v, String role) {
        McpTransportContext ctx = Callers.context(new Caller("c", role, "stdio"));
        return TOOLS.stream().map(t -> t.item().name())
                .filter(n -> v.isVisible(ctx, McpSchema.Tool.builder().name(n).inputSchema(Map.of()).build()))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aCallerSeesOnlyWhatItsRoleMayCallCappedByTheMode() {
        ToolVisibility readOnly = new ToolVisibility(() -> new RolePolicy(SETTINGS.roles(), false, "PUBLIC"), () -> TOOLS);
        ToolVisibility readWrite = new ToolVisibility(() -> new RolePolicy(SETTINGS.roles(), true, "PUBLIC"), () -> TOOLS);
        assertEquals(Set.of("execute_query"), seen(readOnly, "data_analyst"));
        assertEquals(Set.of("execute_query", "get_audit_log"), seen(readOnly, "admin"));
        assertEquals(Set.of("execute_query", "execute_batch", "insert_rows", "get_audit_log"), seen(readWrite, "admin"));
        assertFalse(seen(readWrite, "data_analyst").contains("get_audit_log"));
        assertEquals(Set.of(), seen(readOnly, "no_such_role"));
        // No caller on the request: nothing (fail closed).
        assertFalse(readWrite.isVisible(McpTransportContext.EMPTY,
                McpSchema.Tool.builder().name("execute_query").inputSchema(Map.of()).build()));
    }

    @Test
    void toolsetsChoosePluginsInPluginOrderAndRefuseUnknownNames() {
        Features f = new Features(TOOLS, List.of(), List.of(), List.of());
        Set<String> present = Set.of("query", "dml", "audit");
        Features chosen = Toolsets.from(ConfigFactory.parseMap(Map.of("xugu-mcp.toolsets", "query, audit")))
                .select(f, present);
        assertEquals(List.of("get_audit_log", "execute_query", "execute_batch"),
                chosen.tools().stream().map(t -> t.item().name()).toList());
        assertEquals(4, Toolsets.from(ConfigFactory.parseMap(Map.of("xugu-mcp.toolsets", List.of("all"))))
                .select(f, present).tools().size());
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Toolsets.from(ConfigFactory.parseMap(Map.of("xugu-mcp.toolsets", "query,chat2sql")))
                        .select(f, present));
        assertTrue(e.getMessage().contains("unknown toolset chat2sql") && e.getMessage().contains("known: all, audit, dml, query"),
                e.getMessage());
    }
}
