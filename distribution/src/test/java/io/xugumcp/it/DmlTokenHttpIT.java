package io.xugumcp.it;

import static io.xugumcp.it.DmlIT.args;
import static io.xugumcp.it.DmlIT.error;
import static io.xugumcp.it.DmlIT.map;
import static io.xugumcp.it.DmlIT.ok;
import static io.xugumcp.it.DmlIT.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confirmation tokens between two HTTP clients with the same role but their own bearer tokens: a token works only for
 * the client that previewed; and a token expires (the server is configured with a two-second lifetime). Refusals are
 * audited with the token's id.
 */
class DmlTokenHttpIT {
    static final String ALICE = "alice-" + System.nanoTime();
    static final String BOB = "bob-" + System.nanoTime();
    @TempDir
    static Path dir;
    static Dist.HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, "xugu-mcp.security.tokens = [\n"
                + "  { client = alice, role = data_editor, sha256 = \"" + HttpSecurityIT.sha256(ALICE) + "\" },\n"
                + "  { client = bob, role = data_editor, sha256 = \"" + HttpSecurityIT.sha256(BOB) + "\" }\n"
                + "]\n"
                + "xugu-mcp.writes.confirm-token-ttl = 2s\n");
        server = new Dist.HttpServer(Dist.home(), Dist.env(dir.resolve("data"), Map.of()), dir.resolve("server.log"),
                "--config", config.toString(), "--read-write");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static McpSyncClient client(String token) {
        return server.streamable(Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void aTokenWorksOnlyForItsCallerAndOnlyUntilItExpires() throws Exception {
        McpSyncClient alice = client(ALICE);
        McpSyncClient bob = client(BOB);
        try {
            Map<String, Object> a = args("table_name", "order_items", "all_rows", true);
            long items = scalar(alice, "SELECT COUNT(*) FROM order_items");
            Map<String, Object> held = ok(Dist.call(alice, "delete_rows", a));
            assertEquals("confirmation_required", held.get("status"));
            String token = (String) map(held.get("confirmation")).get("confirm_token");
            Map<String, Object> confirmed = args("table_name", "order_items", "all_rows", true, "confirm_token", token);
            String stolen = error(Dist.call(bob, "delete_rows", confirmed));
            assertTrue(stolen.contains("another caller"), stolen);
            assertEquals(items, scalar(alice, "SELECT COUNT(*) FROM order_items"));

            Thread.sleep(3200);   // past the two-second lifetime
            String expired = error(Dist.call(alice, "delete_rows", confirmed));
            assertTrue(expired.contains("expired"), expired);
            assertEquals(items, scalar(alice, "SELECT COUNT(*) FROM order_items"));

            // A fresh preview confirmed in time works, for its own caller.
            String fresh = (String) map(ok(Dist.call(alice, "delete_rows", a)).get("confirmation")).get("confirm_token");
            Map<String, Object> done = ok(Dist.call(alice, "delete_rows", args("table_name", "order_items", "all_rows",
                    true, "confirm_token", fresh)));
            assertEquals("applied", done.get("status"));
            assertEquals(items, ((Number) done.get("affectedRows")).longValue());
            assertEquals(0, scalar(alice, "SELECT COUNT(*) FROM order_items"));
        } finally {
            alice.closeGracefully();
            bob.closeGracefully();
        }
        List<Map<String, Object>> writes = Audits.where(Audits.records(Audits.file(dir.resolve("data"))),
                Audits.action("write"));
        List<Map<String, Object>> refused = writes.stream().filter(r -> "refused".equals(r.get("outcome"))).toList();
        assertEquals(2, refused.size(), writes.toString());
        assertEquals("bob", refused.get(0).get("client"));
        assertEquals("alice", refused.get(1).get("client"));
        assertTrue(String.valueOf(refused.get(1).get("reason")).contains("expired"));
    }
}
