package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL tools against the real PostgreSQL, in a schema of their own (and, for the database tools, a database of
 * their own, dropped afterwards): lower-case folding, transactional DDL (a dry run is rehearsed and rolled back),
 * every option seen through describe_table, alters, backup, token-confirmed drops, and create/drop database with the
 * operator's switch on.
 */
class PostgresDdlIT {
    static final String ADMIN_URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("pg.user", "postgres");
    static final String SCHEMA = "xmcp_ddl_it_" + System.nanoTime();
    static final String DATABASE = "xmcp_ddl_db_" + System.nanoTime();
    @TempDir
    static Path data;
    static McpSyncClient admin;

    @BeforeAll
    static void setUp() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".customers (id int PRIMARY KEY, name text NOT NULL)");
            s.execute("INSERT INTO " + SCHEMA + ".customers SELECT g, '客户' || g FROM generate_series(1, 25) g");
        }
        admin = Dist.stdio(Dist.home(), Dist.env(data, Map.of("XUGU_DB_URL", ADMIN_URL + "?currentSchema=" + SCHEMA,
                "XUGU_DB_USER", USER, "XUGU_MCP_STDIO_ROLE", "admin", "XUGU_MCP_DDL_ALLOW_DROP_DATABASE", "true")),
                "--read-write");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (admin != null) {
            admin.closeGracefully();
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> ok(McpSchema.CallToolResult r) {
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> Dist.text(r));
        return Dist.structured(r);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static Map<String, Object> column(Map<String, Object> d, String name) {
        return maps(d.get("columns")).stream().filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
    }

    static Map<String, Object> confirmed(String tool, Map<String, Object> a) {
        Map<String, Object> first = ok(Dist.call(admin, tool, a));
        assertEquals("confirmation_required", first.get("status"), first::toString);
        Map<String, Object> again = new LinkedHashMap<>(a);
        again.put("confirm_token", map(first.get("confirmation")).get("confirm_token"));
        again.put("confirm_name", map(first.get("confirmation")).get("confirm_name"));
        Map<String, Object> done = ok(Dist.call(admin, tool, again));
        assertEquals("applied", done.get("status"), done::toString);
        return done;
    }

    static boolean exists(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    @Test
    void tablesAltersBackupsAndDropsOnPostgres() {
        Map<String, Object> made = ok(Dist.call(admin, "create_table", args("table_name", "Orders", "comment", "订单",
                "columns", List.of(
                        args("name", "id", "type", "bigint", "identity", true, "primary_key", true, "comment", "编号"),
                        args("name", "customer_id", "type", "int", "references", "customers"),
                        args("name", "total", "type", "numeric(12,2)", "default", "0", "nullable", false),
                        args("name", "tags", "type", "text[]"),
                        args("name", "note", "type", "varchar(20)", "comment", "备注")),
                "constraints", List.of(args("type", "check", "expression", "total >= 0")))));
        assertEquals("orders", made.get("objectName"), "folded the PostgreSQL way");
        Map<String, Object> d = map(made.get("object"));
        assertEquals("订单", d.get("comment"));
        assertEquals(true, column(d, "id").get("identity"));
        assertEquals("编号", column(d, "id").get("comment"));
        assertEquals("customers", map(maps(d.get("foreignKeys")).get(0).get("references")).get("table"));

        // A dry run of a destructive alter is rehearsed in a rolled-back transaction: nothing changes.
        Map<String, Object> preview = ok(Dist.call(admin, "alter_table", args("table_name", "orders", "dry_run", true,
                "operations", List.of(args("op", "drop_column", "column", "note")))));
        assertEquals("previewed", preview.get("status"));
        column(ok(Dist.call(admin, "describe_table", args("table_name", "orders"))), "note");

        confirmed("alter_table", args("table_name", "orders", "operations", List.of(
                args("op", "drop_column", "column", "note"),
                args("op", "alter_column", "column", "total", "type", "numeric(14,2)", "default", 1),
                args("op", "rename_column", "column", "tags", "new_name", "labels"),
                args("op", "add_column", "name", "paid", "type", "boolean", "default", false, "nullable", false))));
        Map<String, Object> after = ok(Dist.call(admin, "describe_table", args("table_name", "orders")));
        assertTrue(String.valueOf(column(after, "total").get("type")).contains("14,2"));
        column(after, "labels");
        assertEquals(false, column(after, "paid").get("nullable"));

        ok(Dist.call(admin, "create_index", args("index_name", "idx_orders_paid", "table_name", "orders",
                "columns", List.of("paid", "total desc"))));
        Map<String, Object> backup = ok(Dist.call(admin, "backup_table", args("table_name", "orders")));
        String name = (String) map(backup.get("backup")).get("backupName");
        assertTrue(name.startsWith("orders_bak_"), name);
        Map<String, Object> copy = ok(Dist.call(admin, "describe_table", args("table_name", name)));
        assertEquals("订单", copy.get("comment"));
        assertEquals(List.of("id"), map(copy.get("primaryKey")).get("columns"));
        assertTrue(maps(copy.get("indexes")).stream().anyMatch(i -> i.get("columns").equals(List.of("paid", "total DESC"))),
                copy.get("indexes").toString());

        confirmed("drop_table", args("table_name", name));
        confirmed("drop_index", args("index_name", "idx_orders_paid"));
        // PostgreSQL rehearses a dry run: without cascade the drop would fail, and the answer says why.
        McpSchema.CallToolResult refused = Dist.call(admin, "drop_table", args("table_name", "customers", "dry_run", true));
        assertEquals(Boolean.TRUE, refused.isError());
        assertTrue(Dist.text(refused).contains("other objects depend on it"), Dist.text(refused));
        Map<String, Object> referenced = ok(Dist.call(admin, "drop_table", args("table_name", "customers",
                "cascade", true, "dry_run", true)));
        assertEquals("previewed", referenced.get("status"));
        assertEquals(25L, ((Number) map(referenced.get("impact")).get("rows")).longValue());
        assertEquals(1, ((List<?>) map(referenced.get("impact")).get("referencedBy")).size());
    }

    @Test
    void databasesAreCreatedAndDroppedWhenTheOperatorAllowsIt() throws Exception {
        ok(Dist.call(admin, "create_database", args("database_name", DATABASE)));
        assertTrue(exists("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'"));
        Map<String, Object> done = confirmed("drop_database", args("database_name", DATABASE));
        assertEquals(DATABASE, done.get("objectName"));
        assertFalse(exists("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'"));
        McpSchema.CallToolResult current = Dist.call(admin, "drop_database", args("database_name", "test"));
        assertEquals(Boolean.TRUE, current.isError());
        assertTrue(Dist.text(current).contains("connected to"), Dist.text(current));
    }
}
