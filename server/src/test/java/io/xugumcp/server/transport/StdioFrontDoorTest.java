package io.xugumcp.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.xugumcp.api.Caller;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.mcp.ServerDescription;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class StdioFrontDoorTest {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"%s\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private final ObjectMapper mapper = new ObjectMapper();
    private PrintStream client;
    private BufferedReader answers;
    private java.io.OutputStream serverOut;
    private StdioFrontDoor door;
    private java.util.concurrent.ExecutorService reading;
    private java.util.concurrent.ExecutorService writing;
    private final ServerDescription self =
            ServerDescription.of(ConfigLoader.load(null, Path.of("/opt/x"), Map.of()), "9.9.9");

    @BeforeEach
    void pipes() throws IOException {
        reading = java.util.concurrent.Executors.newSingleThreadExecutor();
        writing = java.util.concurrent.Executors.newSingleThreadExecutor();
        // OS-level pipes: java.io's piped streams fail once the thread that last wrote one has ended.
        java.nio.channels.Pipe toServer = java.nio.channels.Pipe.open();
        client = new PrintStream(java.nio.channels.Channels.newOutputStream(toServer.sink()), true, StandardCharsets.UTF_8);
        java.io.InputStream serverIn = java.nio.channels.Channels.newInputStream(toServer.source());
        java.nio.channels.Pipe fromServer = java.nio.channels.Pipe.open();
        serverOut = java.nio.channels.Channels.newOutputStream(fromServer.sink());
        answers = new BufferedReader(new InputStreamReader(java.nio.channels.Channels.newInputStream(fromServer.source()),
                StandardCharsets.UTF_8));
        door = new StdioFrontDoor(serverIn, serverOut, ServerDescription.PROTOCOL_VERSIONS).open();
    }

    @AfterEach
    void close() {
        client.close();
        reading.shutdownNow();
        writing.shutdownNow();
    }

    private JsonNode answer() throws Exception {
        String line = reading.submit(answers::readLine).get(10, TimeUnit.SECONDS);
        return mapper.readTree(line);
    }

    /** What the SDK itself writes for this initialize result. */
    private JsonNode sdkJson(McpSchema.InitializeResult result) throws IOException {
        McpJsonMapper sdk = new JacksonMcpJsonMapper(new ObjectMapper());
        return mapper.readTree(sdk.writeValueAsString(result));
    }

    @Test
    void answersInitializeOnceTheConfigurationIsKnownWithExactlyWhatTheSdkWrites() throws Exception {
        client.println(INITIALIZE.formatted("2025-06-18"));
        door.describe(self);
        JsonNode answer = answer();
        assertEquals(1, answer.get("id").asInt());
        assertEquals(sdkJson(self.initializeResult("2025-06-18", ServerDescription.PROTOCOL_VERSIONS)),
                answer.get("result"));
        assertEquals("2025-06-18", answer.at("/result/protocolVersion").asText());
        assertEquals("xugu-mcp", answer.at("/result/serverInfo/name").asText());
        assertTrue(answer.at("/result/instructions").asText().contains("read-only"));
        // The line is still the SDK session's, in order.
        assertTrue(door.nextLine().contains("\"initialize\""));
    }

    @Test
    void anUnknownProtocolVersionGetsTheNewestAsTheSdkWould() throws Exception {
        door.describe(self);
        client.println(INITIALIZE.formatted("1999-01-01"));
        JsonNode answer = answer();
        assertEquals("2025-11-25", answer.at("/result/protocolVersion").asText());
        assertEquals(sdkJson(self.initializeResult("1999-01-01", ServerDescription.PROTOCOL_VERSIONS)),
                answer.get("result"));
    }

    @Test
    void theSdkServerSeesEveryLineAndItsSecondInitializeAnswerIsDropped() throws Exception {
        client.println(INITIALIZE.formatted("2025-06-18"));
        door.describe(self);
        JsonNode early = answer();
        client.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        client.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        StdioTransport transport = new StdioTransport(json, new ObjectMapper(), door, serverOut,
                () -> new Caller("stdio", "data_analyst", "stdio"), null);
        McpSyncServer server = McpServer.sync(transport).serverInfo(self.serverInfo())
                .instructions(self.instructions()).capabilities(self.capabilities()).build();
        try {
            JsonNode next = answer();
            assertEquals(2, next.get("id").asInt(), "the SDK's own initialize answer must not reach the client: " + next);
            assertTrue(next.at("/result/tools").isArray());
            assertEquals(1, early.get("id").asInt());
        } finally {
            server.close();
        }
    }

    /** A real SDK server with one tool, described by {@code description}, behind a transport reading from the door. */
    private McpSyncServer sdkServer(String description) {
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        StdioTransport transport = new StdioTransport(json, new ObjectMapper(), door, serverOut,
                () -> new Caller("stdio", "data_analyst", "stdio"), null);
        McpSchema.Tool tool = McpSchema.Tool.builder().name("execute_query").description(description)
                .inputSchema(Map.of("type", "object", "properties", Map.of("sql", Map.of("type", "string",
                        "maxLength", 100)), "required", java.util.List.of("sql"))).build();
        return McpServer.sync(transport).serverInfo(self.serverInfo()).instructions(self.instructions())
                .capabilities(self.capabilities())
                .tools(new io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification(tool,
                        (exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("ok").build()))
                .build();
    }

    /** Starts like a client: initialize, initialized, tools/list (id 2); returns the initialize answer. */
    private JsonNode initializeAndListTools(ToolListCache cache) throws Exception {
        client.println(INITIALIZE.formatted("2025-06-18"));
        door.describe(self, cache);
        JsonNode init = answer();
        client.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        client.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        return init;
    }

    @Test
    void aToolListKeptByAnEarlierStartIsTheAnswerBeforeTheHostIsReadyAndTheHostsOwnIsDropped(
            @org.junit.jupiter.api.io.TempDir Path data) throws Exception {
        ToolListCache cache = new ToolListCache(ConfigLoader.load(null, data, Map.of("xugu-mcp.data-dir",
                data.toString())), "9.9.9", data);
        // The first start: nothing kept; the host's answer passes and is kept.
        initializeAndListTools(cache);
        McpSyncServer first = sdkServer("Runs one read");
        try {
            JsonNode listed = answer();
            assertEquals(2, listed.get("id").asInt());
            assertEquals("Runs one read", listed.at("/result/tools/0/description").asText());
        } finally {
            first.close();
        }
        assertTrue(cache.load() != null && cache.load().contains("Runs one read"), "kept: " + cache.load());

        // The next start: tools/list is answered before any SDK server exists; the host's answer is not sent again.
        close();
        pipes();
        initializeAndListTools(cache);
        JsonNode early = answer();
        assertEquals(2, early.get("id").asInt());
        assertEquals("Runs one read", early.at("/result/tools/0/description").asText());
        client.println("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        McpSyncServer second = sdkServer("Runs one read");
        try {
            JsonNode next = answer();
            assertEquals(3, next.get("id").asInt(), "the host's second tools/list answer must not reach the client: "
                    + next);
        } finally {
            second.close();
        }

        // A start whose host lists something else: the client is told, and the new list is kept.
        close();
        pipes();
        initializeAndListTools(cache);
        assertEquals("Runs one read", answer().at("/result/tools/0/description").asText());
        McpSyncServer third = sdkServer("Runs one read-only statement");
        try {
            JsonNode changed = answer();
            assertEquals("notifications/tools/list_changed", changed.path("method").asText(), changed.toString());
        } finally {
            third.close();
        }
        assertTrue(cache.load().contains("Runs one read-only statement"), cache.load());
    }

    @Test
    void initializeIsAnsweredFromTheKeptDescriptionBeforeTheConfigurationIsRead(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        DescriptionCache kept = new DescriptionCache("9.9.9", dir, dir.resolve("application.conf"), java.util.List.of(),
                Map.of("XUGU_MCP_HOME", dir.toString()));
        kept.store(self.instructions());
        reopen(d -> d.keptDescriptions(kept));
        client.println(INITIALIZE.formatted("2025-06-18"));
        JsonNode answer = answer(); // describe() was never called: the configuration is still being read
        assertEquals(sdkJson(self.initializeResult("2025-06-18", ServerDescription.PROTOCOL_VERSIONS)),
                answer.get("result"));
        door.describe(self);
        assertTrue(door.nextLine().contains("\"initialize\""));
    }

    /** A new door on new pipes, set up by {@code setup} before it opens. */
    private void reopen(java.util.function.UnaryOperator<StdioFrontDoor> setup) throws IOException {
        close();
        java.nio.channels.Pipe toServer = java.nio.channels.Pipe.open();
        client = new PrintStream(java.nio.channels.Channels.newOutputStream(toServer.sink()), true, StandardCharsets.UTF_8);
        java.nio.channels.Pipe fromServer = java.nio.channels.Pipe.open();
        serverOut = java.nio.channels.Channels.newOutputStream(fromServer.sink());
        answers = new BufferedReader(new InputStreamReader(java.nio.channels.Channels.newInputStream(fromServer.source()),
                StandardCharsets.UTF_8));
        reading = java.util.concurrent.Executors.newSingleThreadExecutor();
        writing = java.util.concurrent.Executors.newSingleThreadExecutor();
        door = setup.apply(new StdioFrontDoor(java.nio.channels.Channels.newInputStream(toServer.source()), serverOut,
                ServerDescription.PROTOCOL_VERSIONS)).open();
    }

    @Test
    void aToolListKeptUnderTheConfigurationsInputsIsAnsweredBeforeItIsRead(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("my plugins"));
        Files.write(plugins.resolve("query-0.1.0.jar"), new byte[] {1, 2, 3});
        Map<String, String> env = Map.of("XUGU_MCP_HOME", dir.toString(), "XUGU_MCP_PLUGINS_DIR", plugins.toString());
        java.util.function.Supplier<DescriptionCache> inputs = () -> new DescriptionCache("9.9.9", dir,
                dir.resolve("application.conf"), java.util.List.of(), env);
        // As the configuration read with these inputs has it (the plugin folder from XUGU_MCP_PLUGINS_DIR).
        ToolListCache read = new ToolListCache(ConfigLoader.load(null, dir, Map.of("xugu-mcp.data-dir",
                dir.toString(), "xugu-mcp.plugin-dir", plugins.toString())), "9.9.9", dir);
        DescriptionCache first = inputs.get();
        first.store(self.instructions());
        ToolListCache kept = ToolListCache.beforeConfiguration(first, dir);
        kept.configured(read);
        String list = "{\"tools\":[{\"name\":\"execute_query\",\"inputSchema\":{\"type\":\"object\"}}]}";
        kept.store(list);
        String file = Files.readString(first.file().resolveSibling("tools-list.json"));
        assertEquals(3, file.strip().lines().count(), "the fingerprint, the plugin folder and the list: " + file);
        assertFalse(file.contains("data-dir") || file.contains("XUGU_MCP"), "no configuration: " + file);

        // The next start with the same inputs: initialize and tools/list both answered, describe() never called.
        reopen(d -> d.keptDescriptions(inputs.get()).keptToolLists(ToolListCache.beforeConfiguration(inputs.get(), dir)));
        client.println(INITIALIZE.formatted("2025-06-18"));
        assertEquals(1, answer().get("id").asInt());
        client.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        client.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        JsonNode early = answer();
        assertEquals(2, early.get("id").asInt());
        assertEquals("execute_query", early.at("/result/tools/0/name").asText(), early.toString());

        // A jar dropped into the plugin folder: the kept list no longer holds; the host's answer is awaited and kept.
        Files.write(plugins.resolve("ddl-0.1.0.jar"), new byte[] {4});
        reopen(d -> d.keptDescriptions(inputs.get()).keptToolLists(ToolListCache.beforeConfiguration(inputs.get(), dir)));
        client.println(INITIALIZE.formatted("2025-06-18"));
        assertEquals(1, answer().get("id").asInt());
        client.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        client.println("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        door.describe(self, read);
        assertTrue(door.nextLine().contains("initialize"));
        assertTrue(door.nextLine().contains("tools/list"));
        assertTrue(door.nextLine().contains("ping"));
        assertFalse(answers.ready(), "tools/list is the host's to answer");
        assertNull(ToolListCache.beforeConfiguration(inputs.get(), dir).load(), "nothing kept for the new jars yet");
    }

    @Test
    void aConfigurationWithIncludesWaitsForTheConfigurationToTellItsToolList(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("application.conf"), "include \"other.conf\"\n");
        DescriptionCache inputs = new DescriptionCache("9.9.9", dir, dir.resolve("application.conf"), java.util.List.of(),
                Map.of("XUGU_MCP_HOME", dir.toString()));
        ToolListCache byInputs = ToolListCache.beforeConfiguration(inputs, dir);
        assertFalse(byInputs.usable(), "its includes could change unseen");
        ToolListCache read = new ToolListCache(ConfigLoader.load(null, dir, Map.of("xugu-mcp.data-dir",
                dir.toString())), "9.9.9", dir);
        read.store("{\"tools\":[]}");
        reopen(d -> d.keptDescriptions(inputs).keptToolLists(byInputs));
        client.println(INITIALIZE.formatted("2025-06-18"));
        door.describe(self, read);
        assertEquals(1, answer().get("id").asInt());
        client.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        JsonNode listed = answer();
        assertEquals(2, listed.get("id").asInt(), "answered from the list kept under the configuration as read");
    }

    @Test
    void withoutAConfiguredDataFolderTheToolListIsKeptInTheEnvironmentsOne() {
        // The usual start: no data-dir set (the server then uses DataDirs' folder); before, this threw on the door's
        // thread and the client waited forever.
        ToolListCache cache = new ToolListCache(ConfigLoader.load(null, Path.of("/opt/x"), Map.of()), "0.0.0-test",
                Path.of("/opt/x"));
        assertNull(cache.load(), "nothing kept for this made-up version");
    }

    @Test
    void aToolListKeptForAnotherConfigurationIsNotUsed(@org.junit.jupiter.api.io.TempDir Path data) throws Exception {
        ToolListCache readOnly = new ToolListCache(ConfigLoader.load(null, data, Map.of("xugu-mcp.data-dir",
                data.toString())), "9.9.9", data);
        readOnly.store("{\"tools\":[]}");
        ToolListCache readWrite = new ToolListCache(ConfigLoader.load(null, data, Map.of("xugu-mcp.data-dir",
                data.toString(), "xugu-mcp.security.mode", "read-write")), "9.9.9", data);
        assertNull(readWrite.load(), "another configuration");
        assertNull(new ToolListCache(ConfigLoader.load(null, data, Map.of("xugu-mcp.data-dir", data.toString())),
                "9.9.10", data).load(), "another version");
        assertEquals("{\"tools\":[]}", readOnly.load());
        initializeAndListTools(readWrite);
        client.println("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        assertTrue(door.nextLine().contains("initialize"));
        assertTrue(door.nextLine().contains("notifications/initialized"));
        assertTrue(door.nextLine().contains("tools/list"));
        assertTrue(door.nextLine().contains("ping"));
        assertFalse(answers.ready(), "nothing but initialize was answered by the door");
    }

    @Test
    void aStartThatFailsAfterTheKeptListWasSentDoesNotAnswerItTwice(@org.junit.jupiter.api.io.TempDir Path data)
            throws Exception {
        ToolListCache cache = new ToolListCache(ConfigLoader.load(null, data, Map.of("xugu-mcp.data-dir",
                data.toString())), "9.9.9", data);
        cache.store("{\"tools\":[{\"name\":\"x\",\"inputSchema\":{\"type\":\"object\"}}]}");
        initializeAndListTools(cache);
        assertEquals(2, answer().get("id").asInt());
        door.failed("the database pool could not be made");
        client.println("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
        JsonNode refused = answer();
        assertEquals(4, refused.get("id").asInt(), "tools/list (2) is not refused after its answer: " + refused);
        assertTrue(refused.at("/error/message").asText().contains("could not start"), refused.toString());
    }

    @Test
    void aFailedStartAnswersTheWaitingAndLaterRequestsWithTheReason() throws Exception {
        // The start fails before the client's first line arrives: the door waits for it.
        writing.submit(() -> client.println(INITIALIZE.formatted("2025-06-18")));
        door.failed("invalid configuration: xugu-mcp.security.max-rows: must be a whole number");
        JsonNode refused = answer();
        assertEquals(1, refused.get("id").asInt());
        assertEquals(McpSchema.ErrorCodes.INTERNAL_ERROR, refused.at("/error/code").asInt());
        assertTrue(refused.at("/error/message").asText().contains("could not start: invalid configuration: "
                + "xugu-mcp.security.max-rows"), refused.toString());
        writing.submit(() -> {
            client.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            client.println("{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"tools/list\"}");
        });
        JsonNode later = answer();
        assertEquals("b", later.get("id").asText(), "a notification gets no answer, a request does");
        assertTrue(later.at("/error/message").asText().contains("could not start"));
    }

    @Test
    void aFirstLineThatIsNotInitializeIsLeftToTheSdk() throws Exception {
        door.describe(self);
        client.println("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
        assertTrue(door.nextLine().contains("ping"));
        client.close();
        assertNull(door.nextLine());
        assertNull(door.nextLine(), "the end stays the end");
        assertFalse(answers.ready(), "nothing was answered by the door");
    }

    @Test
    void theProtocolVersionsAreTheSdks() {
        McpServerTransportProvider sdkDefault = new McpServerTransportProvider() {
            @Override
            public void setSessionFactory(McpServerSession.Factory factory) {
            }

            @Override
            public Mono<Void> notifyClients(String method, Object params) {
                return Mono.empty();
            }

            @Override
            public Mono<Void> closeGracefully() {
                return Mono.empty();
            }
        };
        assertEquals(sdkDefault.protocolVersions(), ServerDescription.PROTOCOL_VERSIONS,
                "the SDK changed its protocol versions: update ServerDescription.PROTOCOL_VERSIONS");
    }
}
