package io.xugumcp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Completer;
import io.xugumcp.api.Content;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.PromptProvider;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceContents;
import io.xugumcp.api.ResourceProvider;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The testing host runs a plugin through the real host services: guard, roles, audit, channel, config. */
class TestingHostTest {

    /** A small plugin, as a third party would write it. */
    static final class Sample implements ToolGroup, ResourceProvider, PromptProvider {
        private final PluginContext context;

        Sample(PluginContext context) {
            this.context = context;
        }

        @Override
        public List<Tool> tools() {
            return List.of(
                    Tool.builder("count_items").description("Counts items")
                            .inputSchema(JsonSchema.object().property("min", JsonSchema.integer("Minimum id", 0, 100))
                                    .required("min").build())
                            .outputSchema(JsonSchema.object().property("count", JsonSchema.integer("n", 0, 1000))
                                    .required("count").build())
                            .handler(call -> {
                                call.client().progress(0, 1.0, "counting");
                                QueryResult r = call.database().query("SELECT COUNT(*) FROM item WHERE id >= ?",
                                        List.of(call.arguments().optionalInt("min", 0, 100).orElse(0)),
                                        QueryOptions.DEFAULTS);
                                call.client().progress(1, 1.0, "done");
                                Object n = r.rows().get(0).get(0);
                                return ToolResult.structured(Map.of("count", ((Number) n).intValue()), "count " + n);
                            }).build(),
                    Tool.builder("sneaky_delete").description("Tries to write through a read tool")
                            .handler(call -> ToolResult.text(String.valueOf(
                                    call.database().query("DELETE FROM item", List.of(), QueryOptions.DEFAULTS))))
                            .build(),
                    Tool.builder("purge_items").description("Deletes items").annotations(ToolAnnotations.DESTRUCTIVE)
                            .permission(Permission.DELETE)
                            .handler(call -> {
                                Map<String, Object> answer = call.client().elicit(Map.of("message", "Really purge?",
                                        "requestedSchema", Map.of("type", "object", "properties", Map.of())));
                                if (!"accept".equals(answer.get("action"))) {
                                    return ToolResult.text("kept");
                                }
                                return ToolResult.text(call.database().execute("DELETE FROM item", List.of())
                                        .affectedRows() + " deleted");
                            }).build(),
                    Tool.builder("greeting").description("Says the configured greeting")
                            .handler(call -> ToolResult.text(context.config().getString("greeting", "none")
                                    + " / secret keys " + context.config().secretKeys())).build());
        }

        @Override
        public List<Resource> resources() {
            return List.of(new Resource("sample://items", "items", "Items", "The items", "text/plain",
                    Permission.SELECT, req -> List.of(new ResourceContents.Text(req.uri(), "text/plain",
                    String.valueOf(req.database().query("SELECT COUNT(*) FROM item", List.of(), QueryOptions.DEFAULTS)
                            .rows().get(0).get(0))))));
        }

        @Override
        public List<Prompt> prompts() {
            return List.of(new Prompt("explain_item", "Explain", "Explain an item",
                    List.of(new Prompt.Argument("id", "Item id", true)), Map.of(),
                    (args, caller) -> new Prompt.Result("d", List.of(new Prompt.Message(Prompt.Role.USER,
                            new Content.Text("Explain item " + args.get("id")))))));
        }

        @Override
        public Permission permission() {
            return Permission.SELECT;
        }
    }

    private static TestingHost.Builder base() {
        return TestingHost.builder().setUp("CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(20))",
                "INSERT INTO item SELECT x, 'item-' || x FROM SYSTEM_RANGE(1, 10)");
    }

    @Test
    void aToolRunsThroughTheHostAndIsAuditedWithItsStatement() {
        try (TestingHost host = base().build()) {
            host.install((ToolGroup) new Sample(host.context()));
            Answer a = host.call("count_items", Map.of("min", 4));
            assertFalse(a.error(), a.text());
            assertEquals(7, a.get("count"));
            assertEquals(List.of("counting", "done"),
                    host.client().progress().stream().map(RecordingClient.Progress::message).toList());
            assertEquals("ok", host.audit().last("tool").get("outcome"));
            assertEquals("count_items", host.audit().last("statement").get("tool"));
        }
    }

    @Test
    void theInputSchemaIsCheckedBeforeTheHandlerAsTheSdkDoes() {
        try (TestingHost host = base().build()) {
            host.install((ToolGroup) new Sample(host.context()));
            Answer a = host.call("count_items", Map.of("min", "four"));
            assertTrue(a.error());
            assertTrue(host.audit().of("tool").isEmpty(), "the call never reached the server's handler");
        }
    }

    @Test
    void theGuardRefusesAWriteThroughAReadAndThePolicyAWriteToolForAReader() {
        try (TestingHost host = base().readWrite(true).role("data_editor").build()) {
            host.install((ToolGroup) new Sample(host.context()));
            Answer sneaky = host.call("sneaky_delete", Map.of());
            assertTrue(sneaky.error());
            assertEquals("not_a_read", sneaky.code(), sneaky.text());
            host.as("read_only");
            Answer purge = host.call("purge_items", Map.of());
            assertEquals("denied", purge.code(), purge.text());
            assertEquals("denied", host.audit().last("tool").get("outcome"));
            assertEquals(List.of(List.of(10L)), host.queryAsOwner("SELECT COUNT(*) FROM item"));
        }
    }

    @Test
    void elicitationAnswersComeFromTheScriptedClient() {
        try (TestingHost host = base().readWrite(true).role("data_editor").build()) {
            host.install((ToolGroup) new Sample(host.context()));
            host.client().decline();
            assertEquals("kept", host.call("purge_items", Map.of()).text());
            host.client().accept(Map.of());
            assertEquals("10 deleted", host.call("purge_items", Map.of()).text());
            assertEquals("Really purge?", host.client().elicitations().get(0).get("message"));
            assertEquals(List.of(List.of(0L)), host.queryAsOwner("SELECT COUNT(*) FROM item"));
            host.client().elicitationSupported(false);
            Answer a = host.call("purge_items", Map.of());
            assertEquals("unsupported", a.code(), a.text());
        }
    }

    @Test
    void thePluginsOwnReferenceConfIsReadUnderTheTestsSettings() {
        try (TestingHost host = base().build()) {
            host.install((ToolGroup) new Sample(host.context()));
            assertEquals("hello from reference.conf / secret keys [api-key]", host.call("greeting", Map.of()).text());
        }
        try (TestingHost host = base().pluginConfig("greeting = overridden").build()) {
            host.install((ToolGroup) new Sample(host.context()));
            assertTrue(host.call("greeting", Map.of()).text().startsWith("overridden"));
        }
    }

    @Test
    void resourcesAndPromptsGoThroughTheSameEnvelope() {
        try (TestingHost host = base().hostConfig("xugu-mcp.security.roles.nobody { description = x, permissions = [] }")
                .build()) {
            Sample s = new Sample(host.context());
            host.install((ResourceProvider) s).install((PromptProvider) s);
            assertEquals("10", host.read("sample://items").text());
            assertEquals("Explain item 7", host.prompt("explain_item", Map.of("id", "7")).text());
            assertEquals("ok", host.audit().last("prompt").get("outcome"));
            host.as("nobody");
            Answer denied = host.prompt("explain_item", Map.of("id", "7"));
            assertEquals("denied", denied.code(), denied.text());
            assertEquals("denied", host.audit().last("prompt").get("outcome"));
            assertEquals("denied", host.read("sample://items").code());
        }
    }

    /** Offers table names, as a caller may see them, for a prompt argument and in a resource. */
    static final class Tables implements PromptProvider, ResourceProvider {
        private final PluginContext context;

        Tables(PluginContext context) {
            this.context = context;
        }

        @Override
        public List<Prompt> prompts() {
            Completer names = new Completer() {
                @Override
                public List<String> complete(String prefix, Map<String, String> ctx) {
                    return List.of();
                }

                @Override
                public List<String> complete(String prefix, Map<String, String> ctx, Caller caller) {
                    Catalog c = context.catalog(caller);
                    return c.tables(null).stream().filter(c::mayRead).map(Catalog.Table::name)
                            .filter(n -> n.startsWith(prefix.toUpperCase(java.util.Locale.ROOT))).toList();
                }
            };
            return List.of(new Prompt("explain_table", "Explain", "Explain a table",
                    List.of(new Prompt.Argument("table", "Table", true)), Map.of("table", names),
                    (args, caller) -> new Prompt.Result("d", List.of(new Prompt.Message(Prompt.Role.USER,
                            new Content.Text("Explain " + args.get("table")))))));
        }

        @Override
        public List<Resource> resources() {
            return List.of(new Resource("sample://tables", "tables", "Tables", "Readable tables", "text/plain",
                    Permission.SELECT, req -> List.of(new ResourceContents.Text(req.uri(), "text/plain",
                    String.join(",", req.catalog().tables(null).stream().filter(req.catalog()::mayRead)
                            .map(Catalog.Table::name).toList())))));
        }

        @Override
        public Permission permission() {
            return Permission.SELECT;
        }
    }

    @Test
    void completionsAndResourcesSeeOnlyTablesTheCallerMayRead() {
        try (TestingHost host = base().setUp("CREATE TABLE secret_notes (id INT PRIMARY KEY)")
                .hostConfig("xugu-mcp.security.roles.no_secrets { description = x, permissions = [SELECT],"
                        + " tables = [{ pattern = \"SECRET_*\", deny = [ALL] }] }\n"
                        + " xugu-mcp.security.roles.nobody { description = x, permissions = [] }")
                .role("data_analyst").build()) {
            Tables t = new Tables(host.context());
            host.install((PromptProvider) t).install((ResourceProvider) t);
            assertEquals(List.of("SECRET_NOTES"), host.complete("explain_table", "table", "se").get("values"));
            assertEquals("ITEM,SECRET_NOTES", host.read("sample://tables").text());

            host.as("no_secrets");
            assertEquals(List.of(), host.complete("explain_table", "table", "se").get("values"));
            assertEquals(List.of("ITEM"), host.complete("explain_table", "table", "i").get("values"));
            assertEquals("ITEM", host.read("sample://tables").text());

            host.as("nobody");
            Answer denied = host.complete("explain_table", "table", "i");
            assertEquals("denied", denied.code(), denied.text());
        }
    }

    @Test
    void anUnknownToolNameSaysWhatIsInstalled() {
        try (TestingHost host = base().build()) {
            host.install((ToolGroup) new Sample(host.context()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> host.call("nope", Map.of()));
            assertTrue(e.getMessage().contains("count_items"), e.getMessage());
        }
    }

    /** A provider that answers in process, as a test of a plugin that uses the model would bring. */
    static final class EchoModel implements io.xugumcp.api.llm.LlmProvider {
        @Override
        public String id() {
            return "echo";
        }

        @Override
        public String defaultBaseUrl() {
            return "http://127.0.0.1:1";
        }

        @Override
        public String defaultModel() {
            return "echo-1";
        }

        @Override
        public boolean requiresApiKey() {
            return false;
        }

        @Override
        public io.xugumcp.api.llm.LlmReply complete(io.xugumcp.api.llm.LlmRequest request, Exchange exchange) {
            String last = request.messages().get(request.messages().size() - 1).text();
            return new io.xugumcp.api.llm.LlmReply("echo: " + last, "echo-1", 7, 3,
                    io.xugumcp.api.llm.LlmReply.FinishReason.STOP);
        }

        @Override
        public io.xugumcp.api.llm.LlmReply stream(io.xugumcp.api.llm.LlmRequest request, Exchange exchange,
                                                   java.util.function.Consumer<String> onText) {
            io.xugumcp.api.llm.LlmReply r = complete(request, exchange);
            onText.accept(r.text());
            return r;
        }
    }

    private static final ToolGroup ASK = () -> List.of(Tool.builder("ask").description("Asks the model")
            .inputSchema(JsonSchema.object().property("q", JsonSchema.string("question")).required("q").build())
            .handler(call -> ToolResult.text(call.llm().complete(io.xugumcp.api.llm.LlmRequest.of("be brief",
                    call.arguments().requireString("q"))).text()))
            .build());

    @Test
    void theModelComesFromTheProviderATestBringsThroughTheHostsLlmService() {
        try (TestingHost host = base().llmProvider(new EchoModel()).build()) {
            host.install(ASK);
            Answer a = host.call("ask", Map.of("q", "hello"));
            assertEquals("echo: hello", a.text());
            assertTrue(host.context().llm().available());
            assertEquals("ok", host.audit().last("tool").get("outcome"));
            Map<?, ?> usage = (Map<?, ?>) host.audit().last("tool").get("llm");
            assertEquals("echo", usage.get("provider"));
            assertEquals(7L, ((Number) usage.get("inputTokens")).longValue());
            assertEquals(3L, ((Number) usage.get("outputTokens")).longValue());
        }
        try (TestingHost host = base().build()) {
            host.install(ASK);
            Answer none = host.call("ask", Map.of("q", "hello"));
            assertTrue(none.error(), none.text());
            assertEquals("llm_error", none.code(), none.text());
        }
    }
}
