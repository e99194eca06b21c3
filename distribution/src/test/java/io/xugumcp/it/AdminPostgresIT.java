package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin plugin on PostgreSQL: every tool against the shared server (in a schema of the test's own), and a
 * private cluster stopped under a running HTTP server: {@code /health} keeps answering at once, {@code /ready} says
 * the database is down within its bound, diagnose_connection says why and what to do, and readiness returns when the
 * database does.
 */
class AdminPostgresIT {
    static final String URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("pg.user", "postgres");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static Map<String, Object> step(Map<String, Object> diagnosis, String name) {
        return list(diagnosis.get("steps")).stream().filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void everyAdminToolAnswersOnPostgresql(@TempDir Path data) throws Exception {
        String schema = "xmcp_admin_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".gadget (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO " + schema + ".gadget SELECT g, 'gadget ' || g FROM generate_series(1, 25) g");
        }
        McpSyncClient c = Dist.stdio(Dist.home(), Dist.env(data, Map.of("XUGU_DB_URL", URL + "?currentSchema=" + schema,
                "XUGU_DB_USER", USER, "XUGU_MCP_STDIO_ROLE", "admin")), "--read-write");
        try {
            Map<String, Object> health = Dist.structured(AdminIT.ok(c, "health_check", Map.of("detailed", true)));
            assertEquals("ok", health.get("status"), health.toString());
            Map<String, Object> info = Dist.structured(AdminIT.ok(c, "get_server_info", Map.of()));
            assertEquals("postgresql", info.get("dialect"));
            assertTrue(String.valueOf(info.get("database")).startsWith("jdbc:postgresql://127.0.0.1:5432/test"), info.toString());
            assertEquals(List.of("stdio"), info.get("transports"));
            Map<String, Object> pool = Dist.structured(AdminIT.ok(c, "get_connections", Map.of()));
            assertEquals(8, ((Number) pool.get("max")).intValue());
            assertEquals(1, ((Number) Dist.structured(AdminIT.ok(c, "test_query", Map.of())).get("rowCount")).intValue());
            Map<String, Object> q = Dist.structured(AdminIT.ok(c, "test_query", Map.of("sql", "SELECT * FROM gadget ORDER BY id")));
            assertEquals(10, ((Number) q.get("rowCount")).intValue());
            assertEquals(true, q.get("truncated"));
            String insert = AdminIT.refused(c, "test_query", Map.of("sql", "INSERT INTO gadget VALUES (99, 'no')"));
            assertTrue(insert.contains("reads only"), insert);
            try (Connection x = DriverManager.getConnection(URL, USER, ""); Statement s = x.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM " + schema + ".gadget")) {
                rs.next();
                assertEquals(25, rs.getInt(1), "nothing was inserted");
            }
            Map<String, Object> metrics = Dist.structured(AdminIT.ok(c, "get_server_metrics", Map.of()));
            assertTrue(String.valueOf(metrics.get("statements")).contains("INSERT:denied"), metrics.toString());
            Map<String, Object> history = Dist.structured(AdminIT.ok(c, "get_query_history", Map.of("operation_type", "SELECT")));
            assertTrue(String.valueOf(history.get("entries")).contains("gadget"), history.toString());
            assertEquals("stdio", history.get("client"));
            AdminIT.ok(c, "clear_all_caches", Map.of());
            Map<String, Object> d = Dist.structured(AdminIT.ok(c, "diagnose_connection", Map.of("detailed", true)));
            assertEquals(true, d.get("ok"), d.toString());
            for (String s : List.of("dns", "tcp", "login", "query", "version", "privileges.catalog")) {
                assertEquals("ok", step(d, s).get("status"), s + ": " + d);
            }
            assertTrue(String.valueOf(step(d, "version").get("detail")).startsWith("PostgreSQL"));
            assertTrue(((String) step(d, "privileges.catalog").get("detail")).startsWith("1 tables visible")
                    || ((String) step(d, "privileges.catalog").get("detail")).matches("\\d+ tables visible.*"));
            Map<String, Object> reload = Dist.structured(AdminIT.ok(c, "reload_config", Map.of()));
            assertEquals(true, reload.get("applied"), reload.toString());
        } finally {
            c.closeGracefully();
            try (Connection x = DriverManager.getConnection(URL, USER, ""); Statement s = x.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    static HttpResponse<String> get(Dist.HttpServer server, String path, Duration bound) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(bound).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStoppedDatabaseLeavesHealthAnsweringAndReadinessSaysSo(@TempDir Path data) throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.create(java.util.Objects.requireNonNull(PrivatePostgres.binaries(),
                "PostgreSQL server binaries under /usr/lib/postgresql"));
             Dist.HttpServer server = new Dist.HttpServer(Dist.home(), Dist.env(data, Map.of("XUGU_DB_URL", pg.url(),
                     "XUGU_DB_USER", "postgres")), data.resolve("server.log"))) {
            assertEquals(200, get(server, "/ready", Duration.ofSeconds(30)).statusCode());
            McpSyncClient c = server.streamable(Map.of());
            try {
                assertFalse(Boolean.TRUE.equals(Dist.call(c, "execute_query", Map.of("sql", "SELECT 1")).isError()));
                pg.stop();

                // The bounds below are generous guards against blocking on the pool's 30 s wait, not timings.
                long t0 = System.nanoTime();
                HttpResponse<String> health = get(server, "/health", Duration.ofSeconds(3));
                long healthMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(health.statusCode() == 200 || health.statusCode() == 503, "it answers: " + health.body());
                t0 = System.nanoTime();
                HttpResponse<String> ready = get(server, "/ready", Duration.ofSeconds(5));
                long readyMs = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"database\":\"down"), ready.body());
                assertFalse(ready.body().toLowerCase().contains("exception"), ready.body());
                HttpResponse<String> after = get(server, "/health", Duration.ofSeconds(3));
                assertEquals(503, after.statusCode(), after.body());
                assertTrue(after.body().contains("\"database\":\"down\""), after.body());
                System.out.println("MEASURED database stopped: /health " + healthMs + " ms, /ready " + readyMs + " ms");

                McpSchema.CallToolResult diag = Dist.call(c, "diagnose_connection", Map.of());
                Map<String, Object> d = Dist.structured(diag);
                assertEquals(false, d.get("ok"), d.toString());
                Map<String, Object> tcp = step(d, "tcp");
                assertEquals("failed", tcp.get("status"), d.toString());
                assertTrue(String.valueOf(tcp.get("cause")).contains("nothing accepts connections at 127.0.0.1:" + pg.port),
                        tcp.toString());
                assertTrue(String.valueOf(d.get("summary")).contains("Fix:"), d.toString());
                Map<String, Object> health2 = Dist.structured(Dist.call(c, "health_check", Map.of()));
                assertEquals("down", health2.get("status"), health2.toString());

                pg.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                int status = 0;
                while (status != 200 && System.nanoTime() < deadline) {
                    status = get(server, "/ready", Duration.ofSeconds(5)).statusCode();
                    if (status != 200) {
                        Thread.sleep(500);
                    }
                }
                assertEquals(200, status, "ready again once the database is back");
            } finally {
                c.closeGracefully();
            }
        }
    }
}
