package io.xugumcp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {
    private static final UnknownKeys HOST = UnknownKeys.ofHost(
            ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf"));

    private static List<UnknownKeys.Unknown> host(String conf) {
        return HOST.in(ConfigFactory.parseString(conf));
    }

    @Test
    void aTypoNamesTheClosestKnownKey() {
        List<UnknownKeys.Unknown> u = host("xugu-mcp.security.max_rows = 10\nxugu-mcp { securty { mode = read-write } }");
        assertEquals(2, u.size(), u.toString());
        assertEquals("xugu-mcp.security.max_rows", u.get(0).path());
        assertEquals("xugu-mcp.security.max-rows", u.get(0).closest());
        assertEquals("xugu-mcp.securty", u.get(1).path(), "a misspelt section is one key, not one per key inside it");
        assertEquals("xugu-mcp.security", u.get(1).closest());
        assertTrue(u.get(0).message().contains("did you mean xugu-mcp.security.max-rows?"), u.get(0).message());
    }

    @Test
    void aMisplacedKeyNamesWhereItBelongs() {
        List<UnknownKeys.Unknown> u = host("xugu-mcp.max-rows = 10\nxugu-mcp.http.portt = 1\nxugu-mcp.zzzzzzzz = 1");
        assertEquals("xugu-mcp.http.port", u.get(0).closest());
        assertEquals("xugu-mcp.security.max-rows", u.get(1).closest());
        assertNull(u.get(2).closest(), "nothing close: no guess");
    }

    @Test
    void everyKeyTheHostReadsIsKnown() {
        // Including those the code reads with hasPath (log-level, metrics.token, plugins.watch-interval,
        // llm.max-concurrency), custom roles and providers, and the examples of config/application.conf.
        String conf = """
                xugu-mcp {
                  log-level = debug, metrics.token = x, plugins { watch = true, watch-interval = 5s }, config.strict = true
                  llm { max-concurrency = 2, model = m, api-key-file = f, temperature = 0.2
                        openai { headers { OpenAI-Project = p }, max-tokens-field = auto }
                        mycloud { base-url = "https://x", model = y, retired-models { "a.b" = retired } } }
                  security {
                    roles.hr_reader { inherits = read_only, tables = [ { pattern = "hr.*", deny = [ALL] } ]
                                      rate-limit { per-minute = 5, burst = 2 } }
                    tokens = [ { client = c, role = read_only, sha256 = abc } ]
                    audit.max-sql-chars = 10
                  }
                  database.pool { min-size = 0, max-size = 2 }
                  tracing.enabled = true, answers.max-bytes = 64 KiB, toolsets = all, writes.import-dir = "/tmp"
                }
                plugins.anything.goes = 1
                """;
        assertEquals(List.of(), host(conf));
    }

    @Test
    void aRoleOrProviderKeyMisspeltInsideAnOpenMapIsFound() {
        List<UnknownKeys.Unknown> u = host("xugu-mcp.security.roles.hr { inherit = read_only }\n"
                + "xugu-mcp.llm.claude.modle = x\nxugu-mcp.llm.provder = claude");
        assertEquals(List.of("xugu-mcp.llm.claude.modle", "xugu-mcp.llm.provder", "xugu-mcp.security.roles.hr.inherit"),
                u.stream().map(UnknownKeys.Unknown::path).toList());
        assertEquals(List.of("xugu-mcp.llm.claude.model", "xugu-mcp.llm.provider", "xugu-mcp.security.roles.hr.inherits"),
                u.stream().map(UnknownKeys.Unknown::closest).toList());
    }

    @Test
    void pluginKeysAreCheckedAgainstThePluginsOwnReference() {
        Config settings = ConfigFactory.parseString("plugins { ddl.allow_drop_database = true, ddl.exact-count-below = 5,"
                + " quer.default-limit = 5, query.anything = 1, stranger.x = 1 }");
        Map<String, Config> refs = new HashMap<>();
        refs.put("ddl", ConfigFactory.parseString("plugins.ddl { allow-drop-database = false, exact-count-below = 1 }"));
        refs.put("query", null);
        List<UnknownKeys.Unknown> u = UnknownKeys.inPluginSection(settings, refs);
        Map<String, String> byPath = new HashMap<>();
        u.forEach(x -> byPath.put(x.path(), String.valueOf(x.closest())));
        assertEquals(Map.of("plugins.ddl.allow_drop_database", "plugins.ddl.allow-drop-database",
                "plugins.quer", "plugins.query", "plugins.stranger", "null"), byPath,
                "a plugin without a reference.conf (query) keeps its subtree as it is");
    }

    @Test
    void aPluginWhoseReferenceDeclaresNoKeysHasNoneKnown() {
        Config settings = ConfigFactory.parseString("plugins { schema.cache-ttl = 1, schema.linking { x = 1 },"
                + " commented.x = 1, schema {} }");
        Map<String, Config> refs = new HashMap<>();
        refs.put("schema", ConfigFactory.parseString("# reads nothing\nplugins.schema {\n}\n"));
        refs.put("commented", ConfigFactory.parseString("# only a comment, not even the section\n"));
        assertEquals(List.of("plugins.commented.x", "plugins.schema.cache-ttl", "plugins.schema.linking"),
                UnknownKeys.inPluginSection(settings, refs).stream().map(UnknownKeys.Unknown::path).toList(),
                "an empty reference.conf is a plugin that reads no keys, not one whose keys are unknown");
    }

    @Test
    void distanceIgnoresCaseAndUnderscores() {
        assertEquals("max-rows", UnknownKeys.closest("MAX_ROWS", List.of("max-bytes", "max-rows")));
        assertEquals(1, UnknownKeys.distance("securty", "security"));
        assertNull(UnknownKeys.closest("x", Stream.of("port").toList()));
    }
}
