package io.xugumcp.server.mcp;

import static io.xugumcp.server.llm.LlmTestKit.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Caller;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.llm.LlmRequest;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.llm.EchoProvider;
import io.xugumcp.server.llm.Fixtures;
import io.xugumcp.server.llm.LlmService;
import io.xugumcp.server.llm.LlmTestKit;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.HostSecurity;
import io.xugumcp.server.security.RateLimiter;
import io.xugumcp.server.security.RolePolicy;
import io.xugumcp.server.security.SecuritySettings;
import io.xugumcp.server.sql.SqlGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tool that asks the model: the call's token usage lands in the call's audit record; no model, a clear error. */
class ToolAdapterLlmTest {
    private final MockWebServer server = new MockWebServer();
    private final LlmTestKit kit = new LlmTestKit();
    private final List<Map<String, Object>> records = new ArrayList<>();
    private ConnectionPool pool;
    private AccessPolicy policy;
    private DatabaseService database;

    @BeforeEach
    void open() throws Exception {
        server.start();
        pool = ConnectionPool.open(new ServerConfig.Database("jdbc:h2:mem:toolllm" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "", 0, "", "sa", "", "UTF8", Duration.ofSeconds(5), 1, 2, Duration.ofSeconds(5)), null);
        SecuritySettings settings = SecuritySettings.from(ConfigFactory.defaultReference().resolve(), false, "",
                Path.of("/tmp/x"));
        RateLimiter limiter = new RateLimiter(true, new Security.RateLimit(true, 1000, 1000), r -> null, 1);
        policy = new HostSecurity(new RolePolicy(settings.roles(), false, "PUBLIC"), limiter, () -> null);
        database = new DatabaseService(pool, new SqlGuard("h2"), policy,
                new ServerConfig.Security(false, "", 100, 64 * 1024, Duration.ofSeconds(5), 10_000, 10),
                (caller, action, details) -> {
                    if (action.equals("tool")) {
                        synchronized (records) {
                            records.add(details);
                        }
                    }
                });
    }

    @AfterEach
    void close() {
        kit.close();
        server.close();
        pool.close();
    }

    private McpSchema.CallToolResult call(LlmService llm) {
        ToolAdapter adapter = new ToolAdapter(new Callers(), policy, database,
                (caller, action, details) -> {
                    synchronized (records) {
                        records.add(details);
                    }
                }, new JacksonMcpJsonMapper(new ObjectMapper()), null, null, llm);
        Tool ask = Tool.builder("ask").description("asks the model twice").permission(Permission.CHAT2SQL)
                .handler(c -> {
                    String a = c.llm().complete(LlmRequest.of("s", "one")).text();
                    String b = c.llm().complete(LlmRequest.of("s", "two")).text();
                    return ToolResult.text(a + b);
                }).build();
        McpSyncServerExchange stdio = new McpSyncServerExchange(new McpAsyncServerExchange("s1", null,
                McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1"),
                Callers.context(new Caller("stdio", "data_analyst", "stdio"))));
        return adapter.call(new Features.Owned<>("chat2sql", getClass().getClassLoader(), ask), stdio,
                new McpSchema.CallToolRequest("ask", Map.of()));
    }

    @Test
    void theTokensOfEveryRequestOfTheCallGoIntoItsAuditRecord() {
        server.enqueue(Fixtures.json(200, "{\"text\":\"A\",\"in\":120,\"out\":7}"));
        server.enqueue(Fixtures.json(200, "{\"text\":\"B\",\"in\":80,\"out\":3}"));
        McpSchema.CallToolResult r = call(kit.service(new EchoProvider(), LlmTestKit.settings("echo", server)));
        assertFalse(r.isError(), r.toString());
        assertEquals("AB", ((McpSchema.TextContent) r.content().get(0)).text());
        Map<String, Object> record = records.get(records.size() - 1);
        assertEquals("ask", record.get("tool"));
        @SuppressWarnings("unchecked")
        Map<String, Object> llm = (Map<String, Object>) record.get("llm");
        assertEquals("echo", llm.get("provider"));
        assertEquals(2, llm.get("requests"));
        assertEquals(200L, llm.get("inputTokens"));
        assertEquals(10L, llm.get("outputTokens"));
        assertFalse(record.toString().contains(KEY), "no key in the audit record");
    }

    @Test
    void withoutAProviderTheToolSaysSoClearly() {
        McpSchema.CallToolResult r = call(kit.service(List.of(), Map.of(), Map.of()));
        assertTrue(r.isError());
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        assertTrue(text.contains("No language model is configured"), text);
        assertFalse(text.contains("Exception"), text);
        Map<String, Object> record = records.get(records.size() - 1);
        assertEquals("llm_error", record.get("code"));
        assertFalse(record.containsKey("llm"), "nothing was sent to a model");
    }
}
