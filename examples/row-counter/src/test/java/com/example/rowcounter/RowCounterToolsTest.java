package com.example.rowcounter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.testing.Answer;
import io.xugumcp.testing.RecordingClient;
import io.xugumcp.testing.TestingHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin on the xugu-mcp testing kit: H2, the host's real guard, roles and audit, a recording client. */
class RowCounterToolsTest {

    private static TestingHost host(String role) {
        return TestingHost.builder()
                .pluginId("row-counter")
                .role(role)
                .setUp("CREATE TABLE fruit (id INT PRIMARY KEY, name VARCHAR(20))",
                        "INSERT INTO fruit VALUES (1, 'apple'), (2, 'pear'), (3, 'plum')")
                .build();
    }

    @Test
    void countsRowsReportsProgressAndIsAudited() {
        try (TestingHost host = host("read_only")) {
            host.install(new RowCounterTools(host.context()));
            Answer a = host.call("count_rows", Map.of("table", "fruit"));
            assertFalse(a.error(), a.text());
            assertEquals(3, a.get("rows"));
            assertEquals("FRUIT", a.get("table"));
            assertEquals(List.of("finding fruit", "counting FRUIT", "done"),
                    host.client().progress().stream().map(RecordingClient.Progress::message).toList());
            assertEquals("ok", host.audit().last("tool").get("outcome"));
            assertEquals("count_rows", host.audit().last("statement").get("tool"));
        }
    }

    @Test
    void anUnknownTableIsNotFoundWithSuggestions() {
        try (TestingHost host = host("read_only")) {
            host.install(new RowCounterTools(host.context()));
            Answer a = host.call("count_rows", Map.of("table", "fruits"));
            assertEquals("not_found", a.code(), a.text());
            assertTrue(a.text().contains("FRUIT"), a.text());
        }
    }

    @Test
    void aLargeTableNeedsConfirmationFromTheConfiguredLimit() {
        try (TestingHost host = TestingHost.builder().pluginId("row-counter").pluginConfig("max-estimate = 1")
                .setUp("CREATE TABLE fruit (id INT PRIMARY KEY)", "INSERT INTO fruit VALUES (1), (2), (3)",
                        "ANALYZE TABLE fruit")
                .build()) {
            host.install(new RowCounterTools(host.context()));
            Answer refused = host.call("count_rows", Map.of("table", "fruit"));
            assertEquals("limit_exceeded", refused.code(), refused.text());
            assertEquals(3, host.call("count_rows", Map.of("table", "fruit", "confirm", true)).get("rows"));
        }
    }

    @Test
    void thePromptNeedsSelectAndIsAudited() {
        try (TestingHost host = TestingHost.builder().pluginId("row-counter")
                .hostConfig("xugu-mcp.security.roles.guest { description = \"no data\", permissions = [] }")
                .role("read_only").build()) {
            host.install(new RowCounterPrompts());
            Answer ok = host.prompt("compare_table_sizes", Map.of("first", "A", "second", "B"));
            assertTrue(ok.text().startsWith("Use count_rows on A and on B"), ok.text());
            host.as("guest");
            Answer denied = host.prompt("compare_table_sizes", Map.of("first", "A", "second", "B"));
            assertEquals("denied", denied.code(), denied.text());
            assertEquals(List.of("ok", "denied"),
                    host.audit().of("prompt").stream().map(e -> e.get("outcome")).toList());
        }
    }
}
