package io.xugumcp.plugin.sqltools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.ToolException;
import io.xugumcp.testing.Answer;
import io.xugumcp.testing.CapturedAudit;
import io.xugumcp.testing.TestingHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declared SQL tools run on the host's real guard, policy, Database service and audit trail (the testing kit). */
class SqlToolsTest {
    private static final String[] SCHEMA = {
        "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50), city VARCHAR(50))",
        "INSERT INTO customers VALUES (1, 'Ann', 'Beijing'), (2, 'Bo', 'Shanghai'), (3, 'Cy', 'Beijing')",
        "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, order_date DATE, status VARCHAR(20),"
                + " total DECIMAL(10,2))",
        "INSERT INTO orders VALUES (10, 1, DATE '2024-01-05', 'PAID', 120.50), (11, 1, DATE '2024-03-01', 'NEW', 9.90),"
                + " (12, 2, DATE '2023-12-24', 'PAID', 300.00), (13, 3, DATE '2024-02-10', 'SHIPPED', 45.00)"
    };

    static final String TOOLS = """
            tools = [
              {
                name = orders_of_customer
                title = "Orders of a customer"
                description = "A customer's orders since a date"
                statement = ""\"
                  SELECT id, status, total FROM orders
                  WHERE customer_id = :customer_id AND order_date >= :since -- not a :parameter in a comment
                  ORDER BY id
                ""\"
                parameters = [
                  { name = customer_id, type = integer, required = true, min = 1, description = "The customer" }
                  { name = since, type = date, default = "2024-01-01" }
                ]
              }
              {
                name = customers_in_city
                description = "Customers of a city"
                statement = "SELECT name, 'a :fake param' AS note FROM customers WHERE city = :city ORDER BY name"
                parameters = [ { name = city, type = string, required = true, max-length = 100 } ]
              }
              {
                name = count_orders
                description = "Orders by status above a total"
                statement = "SELECT COUNT(*) AS n FROM orders WHERE status = :status AND total >= :min_total AND :paid_only = (status = 'PAID')"
                parameters = [
                  { name = status, type = enum, values = [NEW, PAID, SHIPPED], default = PAID }
                  { name = min_total, type = number, default = 0, min = 0 }
                  { name = paid_only, type = boolean, default = true }
                ]
                max-rows = 5
              }
              {
                name = cancel_order
                description = "Cancels an order"
                read-only = false
                statement = "UPDATE orders SET status = 'CANCELLED' WHERE id = :id AND status <> 'SHIPPED'"
                parameters = [ { name = id, type = integer, required = true } ]
              }
              {
                name = delete_order_admin_only
                description = "Deletes an order"
                read-only = false
                roles = [admin]
                statement = "DELETE FROM orders WHERE id = :id"
                parameters = [ { name = id, type = integer, required = true } ]
              }
              {
                name = purge_orders
                description = "Declared read-only, but writes"
                statement = "DELETE FROM orders WHERE customer_id = :id"
                parameters = [ { name = id, type = integer } ]
              }
              {
                name = typo_in_type
                description = "x"
                statement = "SELECT name FROM customers WHERE id = :id"
                parameters = [ { name = id, type = integr } ]
              }
              {
                name = undeclared
                description = "x"
                statement = "SELECT name FROM customers WHERE id = :cid"
              }
              {
                name = two_statements
                description = "x"
                statement = "SELECT 1 FROM customers; DELETE FROM orders"
              }
              {
                name = positional
                description = "x"
                statement = "SELECT name FROM customers WHERE id = ?"
              }
            ]
            """;

    private static TestingHost host(boolean readWrite, String role) {
        return TestingHost.builder().pluginId("sql-tools").setUp(SCHEMA).pluginConfig(TOOLS)
                .readWrite(readWrite).role(role).build();
    }

    private static TestingHost installed(boolean readWrite, String role) {
        TestingHost host = host(readWrite, role);
        host.install(new SqlTools(host.context()));
        return host;
    }

    @Test
    void eachBadDeclarationIsOneClearLineAndTheOthersServe() {
        try (TestingHost host = host(false, "data_analyst")) {
            SqlTools tools = new SqlTools(host.context());
            assertEquals(List.of("orders_of_customer", "customers_in_city", "count_orders", "cancel_order",
                    "delete_order_admin_only"), tools.tools().stream().map(io.xugumcp.api.Tool::name).toList());
            List<String> problems = tools.problems();
            assertEquals(5, problems.size(), problems.toString());
            assertProblem(problems, 0, "tools[5] (purge_orders)", "read-only but its statement is a DELETE statement");
            assertProblem(problems, 1, "tools[6] (typo_in_type)", "type 'integr' is not one of string, integer");
            assertProblem(problems, 2, "tools[7] (undeclared)", "uses :cid, which is not declared");
            assertProblem(problems, 3, "tools[8] (two_statements)", "SQL guard refuses");
            assertProblem(problems, 4, "tools[9] (positional)", "uses '?'");
            for (String p : problems) {
                assertFalse(p.contains("\n") || p.contains("Exception"), p);
            }
        }
    }

    private static void assertProblem(List<String> problems, int i, String where, String what) {
        String p = problems.get(i);
        assertTrue(p.startsWith("plugins.sql-tools." + where + ": "), p);
        assertTrue(p.contains(what), p);
    }

    @Test
    void theInputSchemaDescribesEveryTypedParameter() {
        try (TestingHost host = installed(false, "data_analyst")) {
            McpSchema.Tool t = host.tool("orders_of_customer");
            Map<?, ?> props = (Map<?, ?>) t.inputSchema().get("properties");
            assertEquals(Map.of("type", "integer", "minimum", 1L, "description", "The customer"), props.get("customer_id"));
            assertEquals(Map.of("type", "string", "format", "date", "description", "since (YYYY-MM-DD)",
                    "default", "2024-01-01"), props.get("since"));
            assertEquals(List.of("customer_id"), t.inputSchema().get("required"));
            assertEquals(Boolean.FALSE, t.inputSchema().get("additionalProperties"));
            assertEquals(Boolean.TRUE, t.annotations().readOnlyHint());
            Map<?, ?> status = (Map<?, ?>) ((Map<?, ?>) host.tool("count_orders").inputSchema().get("properties"))
                    .get("status");
            assertEquals(List.of("NEW", "PAID", "SHIPPED"), status.get("enum"));
            assertEquals(Boolean.TRUE, host.tool("cancel_order").annotations().destructiveHint());
        }
    }

    @Test
    void typedParametersBindAndDefaultsApply() {
        try (TestingHost host = installed(false, "data_analyst")) {
            Answer a = host.call("orders_of_customer", Map.of("customer_id", 1));
            assertFalse(a.error(), a.text());
            assertEquals(List.of(List.of("10", "PAID", "120.5"), List.of("11", "NEW", "9.9")), rows(a));
            assertEquals(1, rows(host.call("orders_of_customer", Map.of("customer_id", 1, "since", "2024-02-01")))
                    .size());
            assertEquals(List.of(List.of("2")), rows(host.call("count_orders", Map.of())));
            assertEquals(List.of(List.of("1")), rows(host.call("count_orders", Map.of("min_total", 200.5))));
            assertEquals(List.of(List.of("1")), rows(host.call("count_orders", Map.of("status", "NEW",
                    "paid_only", false))));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> rows(Answer a) {
        assertFalse(a.error(), a.text());
        return ((List<List<Object>>) a.get("rows")).stream()
                .map(r -> r.stream().map(SqlToolsTest::plain).toList())
                .toList();
    }

    /** Numbers compared by value, whether the row gives 120.5 or "120.50". */
    private static Object plain(Object v) {
        if (v instanceof Number || v instanceof String s && s.matches("-?\\d+(\\.\\d+)?")) {
            return new java.math.BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
        }
        return v;
    }

    @Test
    void argumentsOfTheWrongTypeOrOutOfRangeAreRefusedNamingTheParameter() {
        try (TestingHost host = installed(false, "data_analyst")) {
            assertInvalid(host.call("orders_of_customer", Map.of("customer_id", "1")), "customer_id");
            assertInvalid(host.call("orders_of_customer", Map.of("customer_id", 0)), "customer_id");
            assertInvalid(host.call("orders_of_customer", Map.of()), "customer_id");
            assertInvalid(host.call("count_orders", Map.of("status", "LOST")), "status");
            assertInvalid(host.call("customers_in_city", Map.of("city", "x".repeat(101))), "city");
            assertInvalid(host.call("orders_of_customer", Map.of("customer_id", 1, "sql", "DROP TABLE orders")), "sql");
            assertTrue(host.audit().of("statement").isEmpty(), "no statement ran");
        }
    }

    private static void assertInvalid(Answer a, String parameter) {
        assertTrue(a.error(), a.text());
        assertTrue(a.text().contains(parameter), a.text());
    }

    @Test
    void thePluginChecksArgumentsItselfToo() {
        // Whatever a client skips, the plugin's own check names the parameter and the rule.
        try (TestingHost host = host(false, "data_analyst")) {
            Declaration d = declaration(host, "orders_of_customer");
            ToolException e = assertThrows(ToolException.class, () -> SqlTools.values(d, Map.of("customer_id", 1,
                    "since", "2024-02-30")));
            assertEquals("invalid_argument", e.code());
            assertEquals("Argument 'since' of tool 'orders_of_customer' is not a real date, got '2024-02-30'.",
                    e.getMessage());
            e = assertThrows(ToolException.class, () -> SqlTools.values(d, Map.of("customer_id", 2.5)));
            assertTrue(e.getMessage().contains("must be a whole number"), e.getMessage());
            e = assertThrows(ToolException.class, () -> SqlTools.values(d, Map.of("customer_id", 1, "limit", 5)));
            assertTrue(e.getMessage().contains("has no parameter 'limit'; its parameters: [customer_id, since]"),
                    e.getMessage());
            assertEquals(List.of(7L, "2024-01-01"), SqlTools.values(d, Map.of("customer_id", 7)));
        }
    }

    private static Declaration declaration(TestingHost host, String name) {
        return Declaration.read(host.context().config().getConfigList("tools").stream()
                .filter(c -> c.get("name").orElse("").equals(name)).findFirst().orElseThrow(), host.context()::inspect);
    }

    @Test
    void anInjectionAttemptThroughAStringParameterStaysAValue() {
        try (TestingHost host = installed(true, "admin")) {
            for (String attack : List.of("Beijing' OR '1'='1", "x'; DELETE FROM orders; --", "Beijing' --",
                    "' UNION SELECT name, city FROM customers --")) {
                Answer a = host.call("customers_in_city", Map.of("city", attack));
                assertFalse(a.error(), a.text());
                assertEquals(0, a.get("rowCount"), attack + " must match no city");
                CapturedAudit.Entry statement = host.audit().last("statement");
                assertEquals("ok", statement.get("outcome"));
                assertEquals("READ", statement.get("kind"));
                assertFalse(String.valueOf(statement.get("sql")).contains("DELETE"), String.valueOf(statement.get("sql")));
            }
            assertEquals(List.of(List.of(4L)), host.queryAsOwner("SELECT COUNT(*) FROM orders"));
            Answer real = host.call("customers_in_city", Map.of("city", "Beijing"));
            assertEquals(List.of(List.of("Ann", "a :fake param"), List.of("Cy", "a :fake param")), rows(real));
        }
    }

    @Test
    void writeToolsNeedReadWriteModeAndTheirPermissionAndRoles() {
        try (TestingHost readOnlyServer = installed(false, "data_editor")) {
            Answer a = readOnlyServer.call("cancel_order", Map.of("id", 11));
            assertEquals("denied", a.code(), a.text());
            assertTrue(a.text().contains("read-only mode"), a.text());
        }
        try (TestingHost host = installed(true, "data_analyst")) {
            Answer a = host.call("cancel_order", Map.of("id", 11));
            assertEquals("denied", a.code(), a.text());
            assertTrue(a.text().contains("UPDATE"), a.text());

            host.as("data_editor");
            Answer ok = host.call("cancel_order", Map.of("id", 11));
            assertFalse(ok.error(), ok.text());
            assertEquals(1, ok.get("affectedRows"));
            assertEquals("UPDATE", ok.get("kind"));
            assertEquals(List.of(List.of("CANCELLED")), host.queryAsOwner("SELECT status FROM orders WHERE id = 11"));
            assertEquals(0, host.call("cancel_order", Map.of("id", 13)).get("affectedRows"), "shipped stays");

            Answer notAdmin = host.call("delete_order_admin_only", Map.of("id", 10));
            assertEquals("denied", notAdmin.code(), notAdmin.text());
            assertTrue(notAdmin.text().contains("only for the roles [admin]"), notAdmin.text());
            host.as("admin");
            assertEquals(1, host.call("delete_order_admin_only", Map.of("id", 10)).get("affectedRows"));
        }
    }

    @Test
    void everyCallIsAuditedWithItsStatement() {
        try (TestingHost host = installed(true, "data_editor")) {
            host.call("orders_of_customer", Map.of("customer_id", 1));
            host.call("cancel_order", Map.of("id", 12));
            host.as("read_only").call("cancel_order", Map.of("id", 12));
            host.call("count_orders", Map.of("status", "LOST"));

            List<CapturedAudit.Entry> calls = host.audit().of("tool");
            assertEquals(List.of("orders_of_customer", "cancel_order", "cancel_order"),
                    calls.stream().map(e -> e.get("tool")).toList(), "the last call never passed the input schema");
            assertEquals(List.of("ok", "ok", "denied"), calls.stream().map(e -> e.get("outcome")).toList());
            assertEquals("sql-tools", calls.get(0).get("plugin"));
            List<CapturedAudit.Entry> statements = host.audit().of("statement");
            assertEquals(2, statements.size(), "the denied call ran nothing");
            assertEquals(List.of("READ", "UPDATE"), statements.stream().map(e -> e.get("kind")).toList());
            assertEquals(calls.get(1).get("callId"), statements.get(1).get("callId"));
            assertEquals(List.of("ORDERS"), statements.get(1).get("tables"));
            assertNull(calls.get(0).get("code"));
        }
    }

    @Test
    void noDeclarationsMeansNoToolsAndABadListIsOneProblem() {
        try (TestingHost host = TestingHost.builder().pluginId("sql-tools").build()) {
            assertTrue(new SqlTools(host.context()).tools().isEmpty(), "the plugin's reference.conf declares none");
        }
        try (TestingHost host = TestingHost.builder().pluginId("sql-tools").pluginConfig("tools { a = 1 }").build()) {
            SqlTools t = new SqlTools(host.context());
            assertTrue(t.tools().isEmpty());
            assertEquals(1, t.problems().size());
            assertTrue(t.problems().get(0).contains("must be a list of objects"), t.problems().get(0));
        }
    }
}
