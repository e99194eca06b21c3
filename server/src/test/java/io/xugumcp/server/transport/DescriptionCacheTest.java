package io.xugumcp.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the kept initialize description depends on, and that no secret reaches its fingerprint. */
class DescriptionCacheTest {
    @TempDir
    Path dir;

    private DescriptionCache cache(Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("XUGU_MCP_HOME", dir.resolve("data").toString(),
                "XUGU_DB_URL", "jdbc:postgresql://db:5432/shop", "XUGU_DB_PASSWORD", "hunter2"));
        env.putAll(extra);
        return new DescriptionCache("1.0", dir, dir.resolve("application.conf"), List.of(args), env);
    }

    @Test
    void keptInstructionsComeBackForTheSameInputsOnly() throws Exception {
        cache(Map.of()).store("instructions A");
        assertEquals("instructions A", cache(Map.of()).load());
        assertNull(cache(Map.of("XUGU_DB_URL", "jdbc:postgresql://other:5432/shop")).load(), "another database");
        assertNull(cache(Map.of("XUGU_MCP_MODE", "read-write")).load(), "a variable the configuration reads");
        assertNull(cache(Map.of(), "--read-write").load(), "another command line");
        assertEquals("instructions A", cache(Map.of("UNRELATED_VARIABLE", "x")).load(), "not read by the configuration");
        Files.writeString(dir.resolve("application.conf"), "xugu-mcp.security.max-rows = 10\n");
        assertNull(cache(Map.of()).load(), "another configuration file");
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/new.jar"), "x");
        assertNull(cache(Map.of()).load(), "another jar");
    }

    @Test
    void secretsDoNotShapeTheFingerprintAndAreNotInTheFile() throws Exception {
        String base = cache(Map.of()).fingerprint();
        assertEquals(base, cache(Map.of("XUGU_DB_PASSWORD", "another")).fingerprint());
        assertEquals(cache(Map.of("LLM_API_KEY", "sk-1")).fingerprint(), cache(Map.of("LLM_API_KEY", "sk-2"))
                .fingerprint(), "a secret counts by its presence only");
        String withUrlPassword = cache(Map.of("XUGU_DB_URL", "jdbc:postgresql://u:pw1@db:5432/shop?password=a")).fingerprint();
        assertEquals(withUrlPassword, cache(Map.of("XUGU_DB_URL", "jdbc:postgresql://u:pw2@db:5432/shop?password=b"))
                .fingerprint(), "a URL's password is left out");
        assertNotEquals(base, withUrlPassword);
        cache(Map.of()).store("instructions");
        String file = Files.readString(dir.resolve("data/cache/initialize.json"));
        assertFalse(file.contains("hunter2") || file.contains("shop"), file);
    }

    @Test
    void aConfigurationFileWithIncludesIsNotFingerprinted() throws Exception {
        Files.writeString(dir.resolve("application.conf"), "include \"secrets.conf\"\nxugu-mcp.security.max-rows = 10\n");
        assertNull(cache(Map.of()).fingerprint());
        cache(Map.of()).store("instructions");
        assertNull(cache(Map.of()).load());
        Files.writeString(dir.resolve("application.conf"), "xugu-mcp.schema.include-system-schemas = true\n");
        assertTrue(cache(Map.of()).fingerprint() != null, "a key named include-… is no include");
    }

    @Test
    void withoutSecretsLeavesOutSecretMembersAndUrlPasswords() {
        assertEquals("{\"password\":\"?\",\"url\":\"jdbc:x://u:?@h/db?password=?\",\"user\":\"sa\"}",
                Fingerprint.withoutSecrets("{\"password\":\"p\\\"w\",\"url\":\"jdbc:x://u:pw@h/db?password=pw\","
                        + "\"user\":\"sa\"}"));
        assertEquals("  api-key = ?\nmax-rows = 5", Fingerprint.withoutSecrets("  api-key = \"sk-123\"\nmax-rows = 5"));
    }
}
