package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL outage, on a private cluster this test stops and starts (never the shared server), through the built
 * distribution over Streamable HTTP: while the database is down every call is told at once that it is unreachable
 * (the pool timeout is its default 30 s, which each call used to wait out), {@code /health} answers 503 at once, and
 * calls are served again once it is back. The preemptive bounds only stop a hang.
 */
class OutageIT {

    private static McpSchema.CallToolResult select(McpSyncClient c) {
        return Dist.call(c, "execute_query", Map.of("sql", "SELECT 1 AS one"));
    }

    private static int health(Dist.HttpServer server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + "/health")).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void callsFailFastDuringAnOutageAndAreServedAgainAfterIt(@TempDir Path dir) throws Exception {
        Path bin = PrivatePostgres.binaries();
        assumeTrue(bin != null, "PostgreSQL server binaries under /usr/lib/postgresql");
        try (PrivatePostgres pg = PrivatePostgres.create(bin);
             Dist.HttpServer server = new Dist.HttpServer(Dist.home(), Dist.env(dir.resolve("data"),
                     Map.of("XUGU_DB_URL", pg.url(), "XUGU_DB_USER", "postgres")), dir.resolve("server.log"))) {
            McpSyncClient c = server.streamable(Map.of());
            try {
                assertFalse(Boolean.TRUE.equals(select(c).isError()), Dist.text(select(c)));
                assertEquals(200, health(server));

                pg.stop();
                List<String> errors = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        McpSchema.CallToolResult r = select(c);
                        assertEquals(Boolean.TRUE, r.isError(), Dist.text(r));
                        out.add(Dist.text(r));
                    }
                    return out;
                });
                for (String e : errors.subList(1, errors.size())) {
                    assertTrue(e.startsWith("Database unreachable: the last attempt to connect"), e);
                    assertTrue(e.contains("Calls fail at once"), e);
                }
                assertEquals(503, health(server), "health says down, at once");

                pg.start();
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    while (Boolean.TRUE.equals(select(c).isError())) {
                        Thread.sleep(250);
                    }
                });
                assertEquals(200, health(server));
            } finally {
                c.closeGracefully();
            }
        }
    }
}
