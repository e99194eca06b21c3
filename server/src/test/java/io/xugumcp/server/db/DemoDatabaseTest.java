package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.xugumcp.server.db.DemoDatabase.Credentials;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatabaseTest {

    static final List<String> TABLES =
            List.of("CATEGORIES", "SUPPLIERS", "PRODUCTS", "CUSTOMERS", "ORDERS", "ORDER_ITEMS", "PAYMENTS");

    @TempDir
    Path dataDir;

    @Test
    void firstPrepareSeedsTheShop() throws Exception {
        Credentials app = new DemoDatabase(dataDir).prepare();
        assertEquals(DemoDatabase.APP_USER, app.user());
        assertFalse(app.toString().contains(app.password()), "password must not show in logs");

        Map<String, Long> counts = rowCounts(app);
        counts.forEach((table, n) -> assertTrue(n > 0, table + " is empty"));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(total >= 2_000 && total <= 10_000, "a few thousand rows, got " + total);

        try (Connection c = connect(app)) {
            assertEquals(List.of("CATEGORIES", "ORDERS", "ORDER_ITEMS", "PAYMENTS", "PRODUCTS"), strings(c,
                    "SELECT DISTINCT TABLE_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'PUBLIC'"
                    + " AND CONSTRAINT_TYPE = 'FOREIGN KEY' ORDER BY TABLE_NAME"));
            assertEquals(List.of("ORDER_ID", "LINE_NO"), strings(c,
                    "SELECT k.COLUMN_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS t"
                    + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = t.CONSTRAINT_NAME"
                    + " WHERE t.TABLE_NAME = 'ORDER_ITEMS' AND t.CONSTRAINT_TYPE = 'PRIMARY KEY' ORDER BY k.ORDINAL_POSITION"));
            assertEquals(List.of("CUSTOMER_ID", "ORDERED_AT"), strings(c,
                    "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS"
                    + " WHERE INDEX_NAME = 'IDX_ORDERS_CUSTOMER_TIME' ORDER BY ORDINAL_POSITION"));

            // Comments round-trip as Chinese (a wrong script charset would garble them), on every table and column.
            assertEquals(List.of("客户"), strings(c, "SELECT REMARKS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'CUSTOMERS'"));
            assertEquals(List.of("订单状态"), strings(c,
                    "SELECT REMARKS FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'ORDERS' AND COLUMN_NAME = 'STATUS'"));
            assertEquals(List.of(), strings(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' AND COALESCE(REMARKS, '') = ''"));
            assertEquals(List.of(), strings(c, "SELECT c.TABLE_NAME || '.' || c.COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS c"
                    + " JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_SCHEMA = c.TABLE_SCHEMA"
                    + " WHERE c.TABLE_SCHEMA = 'PUBLIC' AND t.TABLE_TYPE = 'BASE TABLE' AND COALESCE(c.REMARKS, '') = ''"));

            assertTrue(count(c, "SELECT COUNT(*) FROM customers WHERE city = '北京' AND name LIKE '王%'") > 0);
            assertEquals(12, count(c, "SELECT COUNT(DISTINCT city) FROM customers"));
            assertEquals(counts.get("ORDERS"), count(c, "SELECT COUNT(*) FROM v_order_summary"));
            assertEquals(counts.get("PRODUCTS"), count(c, "SELECT COUNT(*) FROM v_product_sales WHERE units_sold >= 0"));

            // The column types the tools must be able to render are all there and actually hold values.
            List<String> types = strings(c, "SELECT DISTINCT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'");
            assertTrue(types.containsAll(List.of("NUMERIC", "DATE", "TIMESTAMP", "BOOLEAN",
                    "BINARY LARGE OBJECT", "CHARACTER LARGE OBJECT")), types.toString());
            assertTrue(count(c, "SELECT COUNT(*) FROM customers WHERE email IS NULL") > 0);
            assertTrue(count(c, "SELECT COUNT(*) FROM orders WHERE shipped_at IS NULL") > 0);
            assertTrue(count(c, "SELECT MAX(CHAR_LENGTH(description)) FROM products") > 2_000);
            long blobs = count(c, "SELECT COUNT(*) FROM products WHERE thumbnail IS NOT NULL");
            assertTrue(blobs > 0 && blobs < 10, "a few small binary values, got " + blobs);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT thumbnail FROM products WHERE product_id = 1")) {
                assertTrue(rs.next());
                byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
                assertArrayEquals(png, rs.getBlob(1).getBytes(1, 4));
            }
        }
    }

    @Test
    void seedIsDeterministic() throws Exception {
        String fingerprint = "SELECT (SELECT SUM(total_amount) FROM orders) || '/' || (SELECT SUM(amount) FROM payments)"
                + " || '/' || (SELECT LISTAGG(name, ',') WITHIN GROUP (ORDER BY customer_id) FROM customers)";
        Credentials a = new DemoDatabase(dataDir.resolve("a")).prepare();
        Credentials b = new DemoDatabase(dataDir.resolve("b")).prepare();
        try (Connection ca = connect(a); Connection cb = connect(b)) {
            assertEquals(strings(ca, fingerprint), strings(cb, fingerprint));
        }
        assertNotEquals(a.password(), b.password(), "passwords are random per installation");
    }

    @Test
    void secondPrepareKeepsTheDatabase() throws Exception {
        Credentials first = new DemoDatabase(dataDir).prepare();
        try (Connection c = connect(first); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO categories (category_id, name) VALUES (99, '测试类别')");
        }
        Map<String, Long> before = rowCounts(first);

        long start = System.nanoTime();
        Credentials second = new DemoDatabase(dataDir).prepare();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(first, second, "same passwords: the database was not re-created");
        assertEquals(before, rowCounts(second), "a re-seed would have dropped the added category");
        assertTrue(millis < 500, "second start must not seed again, took " + millis + " ms");
    }

    @Test
    void appUserChangesRowsAndTablesButHasNoAdminRights() throws Exception {
        DemoDatabase demo = new DemoDatabase(dataDir);
        Credentials app = demo.prepare();
        try (Connection c = connect(app); Statement st = c.createStatement()) {
            assertTrue(count(c, "SELECT COUNT(*) FROM products") > 0);
            assertEquals(1, st.executeUpdate("INSERT INTO customers (name, city, registered_at) VALUES ('新客户', '深圳', CURRENT_TIMESTAMP)"));
            assertEquals(1, st.executeUpdate("UPDATE customers SET city = '上海' WHERE name = '新客户'"));
            assertEquals(1, st.executeUpdate("DELETE FROM customers WHERE name = '新客户'"));

            // The DDL tools can be tried on the demo (the server's roles and mode decide who may).
            st.execute("CREATE TABLE scratch (id INT PRIMARY KEY)");
            st.execute("COMMENT ON TABLE scratch IS '草稿'");
            st.execute("CREATE INDEX scratch_idx ON scratch (id)");
            st.execute("INSERT INTO scratch SELECT category_id FROM categories");
            st.execute("ALTER TABLE customers ADD COLUMN nickname VARCHAR(20)");
            st.execute("DROP TABLE scratch");

            assertRejected(st, "CREATE USER intruder PASSWORD 'x' ADMIN", ErrorCode.ADMIN_RIGHTS_REQUIRED);
            assertRejected(st, "SCRIPT TO 'dump.sql'", ErrorCode.ADMIN_RIGHTS_REQUIRED);
            assertRejected(st, "CALL FILE_READ('credentials.properties')", ErrorCode.ADMIN_RIGHTS_REQUIRED);
            assertRejected(st, "CREATE ALIAS GETPROP FOR 'java.lang.System.getProperty'", ErrorCode.ADMIN_RIGHTS_REQUIRED);
        }
    }

    @Test
    void killedSeedIsDoneAgainFromScratch() throws Exception {
        // What a process killed mid-seed leaves behind: a partial database (under an owner we do not know).
        Path demoDir = Files.createDirectories(dataDir.resolve("demo"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + demoDir.resolve("shop-seeding"), "OTHER", "pw");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INT)");
        }

        Credentials app = new DemoDatabase(dataDir).prepare();

        assertTrue(rowCounts(app).get("CUSTOMERS") > 100);
        assertFalse(Files.exists(demoDir.resolve("shop-seeding.mv.db")));
    }

    @Test
    void failedSeedLeavesNoDatabaseAndIsRetried() throws Exception {
        // Running the schema script a second time fails after all the data is in: a seed broken half way.
        List<String> failing = new ArrayList<>(DemoDatabase.SEED_SCRIPTS);
        failing.add(DemoDatabase.SEED_SCRIPTS.get(0));
        assertThrows(SQLException.class, () -> new DemoDatabase(dataDir, failing).prepare());
        assertFalse(Files.exists(dataDir.resolve("demo/shop.mv.db")), "an unfinished seed must not look finished");

        Credentials app = new DemoDatabase(dataDir).prepare();
        assertTrue(rowCounts(app).get("ORDERS") > 100);
    }

    @Test
    void lostCredentialsOrDatabaseFileMeansReseed() throws Exception {
        Credentials first = new DemoDatabase(dataDir).prepare();
        Files.delete(dataDir.resolve("demo/credentials.properties"));
        Credentials second = new DemoDatabase(dataDir).prepare();
        assertNotEquals(first.password(), second.password());
        assertTrue(rowCounts(second).get("PAYMENTS") > 0);

        Files.delete(dataDir.resolve("demo/shop.mv.db"));
        // Connecting now must fail, not quietly create an empty database with the app user as its admin.
        assertThrows(SQLException.class, () -> connect(second).close());
        assertFalse(Files.exists(dataDir.resolve("demo/shop.mv.db")));
        Credentials third = new DemoDatabase(dataDir).prepare();
        assertNotEquals(second.password(), third.password());
        assertTrue(rowCounts(third).get("PAYMENTS") > 0);
    }

    @Test
    void secretsAreOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        new DemoDatabase(dataDir).prepare();
        Path demoDir = dataDir.resolve("demo");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(demoDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(demoDir.resolve("credentials.properties"))));
    }

    @Test
    void sharesTheDatabaseWithOtherProcessesOverLoopbackOnly() throws Exception {
        Credentials app = new DemoDatabase(dataDir).prepare();
        assertTrue(app.jdbcUrl().contains(";AUTO_SERVER=TRUE"), "other server processes may open it: " + app.jdbcUrl());
        try (Connection ignored = connect(app)) {
            // The first process to open the file runs H2's TCP server and writes its address into the lock file.
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(dataDir.resolve("demo/shop.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server", "");
            // H2 writes 127.0.0.1 as "localhost"; without a bind address it would write this machine's address.
            assertTrue(server.startsWith("localhost:") || server.startsWith("127.0.0.1:"),
                    "auto-server address in the lock file: " + server);
            int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            }
            List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLoopbackAddress()).toList();
            assumeTrue(!others.isEmpty(), "no other interface to check");
            for (InetAddress other : others) {
                try (Socket s = new Socket()) {
                    assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(other, port), 5_000),
                            "the auto-server must not listen on " + other);
                }
            }
        }
    }

    private static void assertRejected(Statement st, String sql, int errorCode) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
        assertEquals(errorCode, e.getErrorCode(), e.getMessage());
    }

    private static Connection connect(Credentials c) throws SQLException {
        return DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
    }

    /** Row count per base table, in {@link #TABLES} order; fails if the app user cannot read one. */
    private static Map<String, Long> rowCounts(Credentials app) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = connect(app)) {
            assertEquals(TABLES.stream().sorted().toList(), strings(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"));
            for (String table : TABLES) {
                counts.put(table, count(c, "SELECT COUNT(*) FROM " + table));
            }
        }
        return counts;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
