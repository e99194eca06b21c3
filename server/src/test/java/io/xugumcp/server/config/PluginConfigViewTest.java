package io.xugumcp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.xugumcp.api.PluginConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A plugin's view of its config: lists, lists of objects, and secrets that are never shown. */
class PluginConfigViewTest {
    private static PluginConfig view(String hocon) {
        return new PluginConfigView(ConfigFactory.parseString(hocon).resolve(), "p");
    }

    @Test
    void listsAndListsOfObjects() {
        PluginConfig c = view("plugins.p { roles = [a, \"b, c\"], tools = [ { name = one, n = 1 }, { name = two,"
                + " params = [ { name = x } ] } ] }");
        assertEquals(List.of("a", "b, c"), c.getList("roles"));
        assertEquals(List.of(), c.getList("absent"));
        List<PluginConfig> tools = c.getConfigList("tools");
        assertEquals(2, tools.size());
        assertEquals("one", tools.get(0).getString("name", null));
        assertEquals(1, tools.get(0).getInt("n", 0));
        assertEquals("x", tools.get(1).getConfigList("params").get(0).get("name").orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getConfigList("roles"));
        assertTrue(e.getMessage().contains("plugins.p.roles"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.getList("tools"));
    }

    @Test
    void secretsByNameAndByDeclarationAreNeverShown() {
        PluginConfig c = view("plugins.p { api-key = sk-123, db.password = hunter2, auth_token = t0k, dsn = \"x://u:pw@h\","
                + " empty-token = \"\", secret-keys = [dsn], greeting = hi }");
        assertEquals(Set.of("api-key", "db.password", "auth_token", "dsn", "empty-token"), c.secretKeys());
        assertEquals("sk-123", c.get("api-key").orElseThrow(), "the plugin itself still reads its secret");
        assertEquals("<secret>", c.redacted().get("dsn"));
        assertEquals("", c.redacted().get("empty-token"), "an empty value shows that it is unset");
        assertEquals("hi", c.redacted().get("greeting"));
        String shown = c.toString();
        for (String secret : List.of("sk-123", "hunter2", "t0k", "pw@h")) {
            assertFalse(shown.contains(secret), shown);
        }
        assertFalse(c.asMap().containsKey("secret-keys"));
    }

    @Test
    void theApisFallbackReadsAnOlderHostsListForm() {
        PluginConfig old = new PluginConfig() {
            @Override
            public java.util.Optional<String> get(String key) {
                return java.util.Optional.of("[a, b]");
            }

            @Override
            public java.util.Map<String, String> asMap() {
                return java.util.Map.of("k", "[a, b]");
            }
        };
        assertEquals(List.of("a", "b"), old.getList("k"));
        assertEquals(Set.of(), old.secretKeys());
    }
}
