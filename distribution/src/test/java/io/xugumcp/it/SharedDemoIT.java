package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 6: several server processes on one machine share the demo database (before, the second one started
 * and then every call failed with H2's "Database may be already in use"). The first process to open the file serves
 * the others through H2's auto-server, which must listen on loopback only.
 */
class SharedDemoIT {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void anHttpServerAndAStdioSessionShareTheDemoDatabase() throws Exception {
        try (Dist.HttpServer http = new Dist.HttpServer(Dist.home(), Dist.env(data, Map.of()), logs.resolve("http.log"))) {
            McpSyncClient web = http.streamable(Map.of());
            McpSyncClient session = null;
            try {
                assertEquals(0, count(web, "SELECT COUNT(*) FROM customers WHERE city = '共享城'"), "the HTTP server opened it first");
                session = Dist.stdio(Dist.home(), Dist.env(data, Map.of()), "--read-write");
                McpSchema.CallToolResult ins = Dist.call(session, "insert_rows", Map.of("table_name", "customers",
                        "rows", List.of(Map.of("name", "共享客户", "city", "共享城", "registered_at", "2026-01-02T03:04:05"))));
                assertFalse(Boolean.TRUE.equals(ins.isError()), Dist.text(ins));
                assertEquals(1, count(session, "SELECT COUNT(*) FROM customers WHERE city = '共享城'"));
                assertEquals(1, count(web, "SELECT COUNT(*) FROM customers WHERE city = '共享城'"),
                        "the HTTP server sees the stdio session's write");
                assertLoopbackOnly();
            } finally {
                if (session != null) {
                    session.closeGracefully();
                }
                web.closeGracefully();
            }
        }
    }

    @Test
    void theSecondServerGoesOnWhenTheFirstStops() {
        McpSyncClient first = Dist.stdio(Dist.home(), Dist.env(data, Map.of()));
        McpSyncClient second;
        try {
            assertEquals(400, count(first, "SELECT COUNT(*) FROM customers"));
            second = Dist.stdio(Dist.home(), Dist.env(data, Map.of()));
            assertEquals(400, count(second, "SELECT COUNT(*) FROM customers"));
        } finally {
            first.closeGracefully(); // the process that served the database to the other one exits
        }
        try {
            // The second server's pooled connection went through the first one; the pool replaces it and the
            // second process now opens the file itself.
            assertEquals(400, count(second, "SELECT COUNT(*) FROM customers"));
        } finally {
            second.closeGracefully();
        }
    }

    private static long count(McpSyncClient c, String sql) {
        McpSchema.CallToolResult r = Dist.call(c, "execute_query", Map.of("sql", sql));
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
        return ((Number) Dist.rows(r).get(0).get(0)).longValue();
    }

    /** The auto-server's port (from H2's lock file) answers on loopback and on no other address of this machine. */
    private void assertLoopbackOnly() throws Exception {
        Properties lock = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve("demo/shop.lock.db"))) {
            lock.load(in);
        }
        String server = lock.getProperty("server", "");
        assertTrue(server.startsWith("localhost:") || server.startsWith("127.0.0.1:"), "auto-server address: " + server);
        int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        }
        List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLoopbackAddress()).toList();
        for (InetAddress other : others) {
            try (Socket s = new Socket()) {
                assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(other, port), 5_000),
                        "the auto-server must not listen on " + other);
            }
        }
    }
}
