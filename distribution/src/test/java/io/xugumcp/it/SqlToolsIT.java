package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sql-tools plugin in the built distribution, through the MCP SDK client over stdio on the demo database:
 * declared tools are listed with their schemas, bind their typed values, refuse what the declaration does not allow,
 * and are audited; a bad declaration is one log line and the others serve.
 */
class SqlToolsIT {
    private static final String CONFIG = """
            plugins.sql-tools.tools = [
              {
                name = vip_customers_in_city
                description = "VIP customers of one city"
                statement = "SELECT customer_id, name FROM customers WHERE city = :city AND is_vip = :vip ORDER BY customer_id"
                parameters = [
                  { name = city, type = string, required = true, max-length = 40 }
                  { name = vip, type = boolean, default = true }
                ]
              }
              {
                name = orders_since
                description = "Orders placed since a date, by status"
                statement = "SELECT COUNT(*) AS n FROM orders WHERE ordered_at >= :since AND status = :status"
                parameters = [
                  { name = since, type = date, required = true }
                  { name = status, type = enum, values = ["待付款", "已付款", "已发货", "已完成", "已取消"], default = "已完成" }
                ]
              }
              {
                name = cancel_order
                description = "Cancels an order"
                read-only = false
                statement = "UPDATE orders SET status = '已取消' WHERE order_id = :order_id"
                parameters = [ { name = order_id, type = integer, required = true, min = 1 } ]
              }
              {
                name = sneaky_cleanup
                description = "Declared read-only but deletes"
                statement = "DELETE FROM order_items WHERE order_id = :order_id"
                parameters = [ { name = order_id, type = integer } ]
              }
            ]
            """;

    @Test
    void declaredToolsServeThroughTheDistribution(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, CONFIG);
        List<String> stderr = new CopyOnWriteArrayList<>();
        ServerParameters params = ServerParameters.builder(Dist.home().resolve("bin/xugu-mcp").toString())
                .args("--config", config.toString()).env(Dist.env(dir, Map.of())).build();
        StdioClientTransport transport = new StdioClientTransport(params, Dist.JSON);
        transport.setStdErrorHandler(stderr::add);
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).build();
        try {
            client.initialize();
            Map<String, McpSchema.Tool> tools = client.listTools().tools().stream()
                    .collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
            assertTrue(tools.keySet().containsAll(List.of("vip_customers_in_city", "orders_since")),
                    tools.keySet().toString());
            // Read-only mode: the write tool is served but not listed (its call below is still refused by the host).
            assertFalse(tools.containsKey("cancel_order"), tools.keySet().toString());
            assertFalse(tools.containsKey("sneaky_cleanup"), "a read-only tool whose statement deletes is not served");
            List<String> bad = stderr.stream().filter(l -> l.contains("SQL tool not served")).toList();
            assertEquals(1, bad.size(), String.join("\n", stderr));
            assertTrue(bad.get(0).contains("plugins.sql-tools.tools[3] (sneaky_cleanup)") && bad.get(0).contains("DELETE"),
                    bad.get(0));

            Map<?, ?> since = (Map<?, ?>) ((Map<?, ?>) tools.get("orders_since").inputSchema().get("properties"))
                    .get("since");
            assertEquals("date", since.get("format"));
            assertEquals(List.of("since"), tools.get("orders_since").inputSchema().get("required"));

            McpSchema.CallToolResult vips = Dist.call(client, "vip_customers_in_city", Map.of("city", "北京"));
            assertFalse(vips.isError(), Dist.text(vips));
            List<List<Object>> rows = Dist.rows(vips);
            assertFalse(rows.isEmpty(), "the demo shop has VIP customers in 北京");

            McpSchema.CallToolResult injected = Dist.call(client, "vip_customers_in_city",
                    Map.of("city", "北京' OR '1'='1", "vip", false));
            assertFalse(injected.isError(), Dist.text(injected));
            assertEquals(0, Dist.structured(injected).get("rowCount"), "the attack is a city name that does not exist");

            McpSchema.CallToolResult counted = Dist.call(client, "orders_since", Map.of("since", "2020-01-01"));
            assertFalse(counted.isError(), Dist.text(counted));

            McpSchema.CallToolResult wrongType = Dist.call(client, "orders_since", Map.of("since", 20200101));
            assertTrue(wrongType.isError());
            McpSchema.CallToolResult badDate = Dist.call(client, "orders_since", Map.of("since", "2020-02-31"));
            assertTrue(badDate.isError(), Dist.text(badDate));
            assertTrue(Dist.text(badDate).contains("since"), Dist.text(badDate));

            McpSchema.CallToolResult write = Dist.call(client, "cancel_order", Map.of("order_id", 1));
            assertTrue(write.isError(), "the server runs read-only: " + Dist.text(write));
            assertEquals("denied", write.meta().get("code"));
        } finally {
            client.closeGracefully();
        }

        Path trail = Audits.file(dir);
        Audits.awaitCleanEnd(trail);
        List<Map<String, Object>> records = Audits.records(trail);
        List<Map<String, Object>> calls = Audits.where(records, r -> "tool".equals(r.get("action"))
                && List.of("vip_customers_in_city", "orders_since", "cancel_order").contains(r.get("tool")));
        assertEquals(List.of("ok", "ok", "ok", "error", "denied"), calls.stream().map(r -> r.get("outcome")).toList(),
                "one record per call that reached the server (the SDK refused the wrong JSON type before)");
        List<Map<String, Object>> statements = Audits.where(records, r -> "statement".equals(r.get("action"))
                && "vip_customers_in_city".equals(r.get("tool")));
        assertEquals(2, statements.size());
        for (Map<String, Object> s : statements) {
            assertFalse(String.valueOf(s.get("sql")).contains("OR '1'"), String.valueOf(s.get("sql")));
        }
    }
}
