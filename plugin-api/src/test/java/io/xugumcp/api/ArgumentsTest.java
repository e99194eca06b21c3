package io.xugumcp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void typedAccessWithClearErrors() {
        Map<String, Object> m = new HashMap<>();
        m.put("sql", "SELECT 1");
        m.put("limit", 10.0);
        m.put("queries", List.of("a", "b"));
        m.put("flag", true);
        m.put("nothing", null);
        Arguments a = new Arguments(m);
        assertEquals("SELECT 1", a.requireString("sql"));
        assertEquals(10, a.optionalInt("limit", 1, 100).orElseThrow());
        assertEquals(List.of("a", "b"), a.stringList("queries"));
        assertTrue(a.bool("flag", false));
        assertTrue(a.optionalString("nothing").isEmpty());

        ToolException missing = assertThrows(ToolException.class, () -> a.requireString("table_name"));
        assertEquals("invalid_argument", missing.code());
        assertTrue(missing.getMessage().contains("'table_name' is required"));
        assertThrows(ToolException.class, () -> new Arguments(Map.of("limit", 0)).optionalInt("limit", 1, 100));
        assertThrows(ToolException.class, () -> new Arguments(Map.of("limit", 1.5)).optionalInt("limit", 1, 100));
        assertThrows(ToolException.class, () -> new Arguments(Map.of("queries", List.of(1))).stringList("queries"));
        assertThrows(ToolException.class, () -> new Arguments(Map.of("sql", "  ")).requireString("sql"));
    }

    @Test
    void theApiKnowsItsVersion() {
        assertTrue(PluginApi.VERSION.matches("\\d+\\.\\d+\\.\\d+"), PluginApi.VERSION);
    }

    @Test
    void schemaBuilderMakesJsonShapes() {
        Map<String, Object> s = JsonSchema.object().property("sql", JsonSchema.string("x")).required("sql").build();
        assertEquals("object", s.get("type"));
        assertEquals(List.of("sql"), s.get("required"));
        assertEquals(Map.of("type", "string", "description", "x"), ((Map<?, ?>) s.get("properties")).get("sql"));
    }
}
