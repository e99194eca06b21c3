package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bypass corpus (src/test/resources/security/bypass-corpus.json): statements that try to get a write, a
 * transaction escape, a session change, procedural code or a denied table past the host – COMMIT escapes, BEGIN … DROP,
 * writes inside CTEs, comments and literals hiding a second statement, EXEC/CALL/DO, SELECT … INTO, COPY, SET ROLE,
 * GRANT, Unicode look-alikes, case and whitespace tricks, schema-qualified and quoted names of a denied table.
 *
 * <p>Each one is sent as {@code read_only} through {@code execute_query} and through {@code execute_batch}, over the
 * MCP client to the real distribution, against H2 and against PostgreSQL – both connected as their all-powerful admin
 * user, so nothing but the host stands in the way. The server runs in read-write mode, so it is the role that must
 * refuse. Each call must be a denial, each must leave a {@code denied} tool record and a {@code denied} statement record
 * in the audit trail, the tables must be unchanged afterwards, and the trail must verify.
 */
class SecurityBypassIT {
    static final String PG_URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getProperty("pg.user", "postgres");
    static final String PG_SCHEMA = "xmcp_sec";
    static final List<String> TABLES = List.of("orders", "customers", "payments");
    static final List<String> FILES = List.of("/tmp/xmcp-orders.csv", "/tmp/xmcp.sql", "/tmp/xmcp-out", "/tmp/xmcp-dump",
            "/tmp/xmcp-copy", "/tmp/xmcp-backup.zip");
    /** read_only, plus a table it may not touch at all. */
    static final String CONFIG = """
            xugu-mcp.security {
              stdio-role = read_only
              roles.read_only.tables = [ { pattern = "payments", deny = [ALL] } ]
              rate-limit.enabled = false
            }
            """;

    record Entry(String id, String group, String sql, List<String> dialects) {
    }

    @SuppressWarnings("unchecked")
    static List<Entry> corpus(String dialect) throws Exception {
        try (InputStream in = SecurityBypassIT.class.getResourceAsStream("/security/bypass-corpus.json")) {
            List<Map<String, Object>> raw = new ObjectMapper().readValue(in, List.class);
            List<Entry> out = new ArrayList<>();
            for (Map<String, Object> e : raw) {
                List<String> dialects = (List<String>) e.getOrDefault("dialects", List.of());
                if (dialects.isEmpty() || dialects.contains(dialect)) {
                    out.add(new Entry((String) e.get("id"), (String) e.get("group"), (String) e.get("sql"), dialects));
                }
            }
            return out;
        }
    }

    @Test
    void h2(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("bypass") + ";AUTO_SERVER=TRUE";
        // This connection keeps the database open (and this JVM its AUTO_SERVER host) for the whole test.
        try (Connection owner = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = owner.createStatement()) {
                createTables(s);
            }
            run("h2", dir, Map.of("XUGU_DB_URL", url, "XUGU_DB_USER", "sa", "XUGU_DB_PASSWORD", ""),
                    () -> DriverManager.getConnection(url, "sa", ""), "PUBLIC", "SELECT COUNT(*) FROM INFORMATION_SCHEMA.USERS");
        }
    }

    @Test
    void postgresql(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            s.execute("DROP ROLE IF EXISTS xmcp_evil");
            s.execute("CREATE SCHEMA " + PG_SCHEMA);
            s.execute("SET search_path = " + PG_SCHEMA);
            createTables(s);
        }
        try {
            run("postgresql", dir, Map.of("XUGU_DB_URL", PG_URL + "?currentSchema=" + PG_SCHEMA, "XUGU_DB_USER", PG_USER),
                    () -> {
                        Connection c = DriverManager.getConnection(PG_URL, PG_USER, "");
                        try (Statement s = c.createStatement()) {
                            s.execute("SET search_path = " + PG_SCHEMA);
                        }
                        return c;
                    }, PG_SCHEMA, "SELECT COUNT(*) FROM pg_roles");
        } finally {
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            }
        }
    }

    private static void createTables(Statement s) throws Exception {
        s.execute("CREATE TABLE customers (customer_id INT PRIMARY KEY, name VARCHAR(50))");
        s.execute("CREATE TABLE orders (order_id INT PRIMARY KEY, customer_id INT, status VARCHAR(20))");
        s.execute("CREATE TABLE payments (payment_id INT PRIMARY KEY, order_id INT, amount DECIMAL(10,2))");
        for (int i = 1; i <= 20; i++) {
            s.execute("INSERT INTO customers VALUES (" + i + ", 'customer " + i + "')");
            s.execute("INSERT INTO orders VALUES (" + i + ", " + (i % 5 + 1) + ", 'new')");
            s.execute("INSERT INTO payments VALUES (" + i + ", " + i + ", " + (i * 10) + ".50)");
        }
    }

    interface Connector {
        Connection open() throws Exception;
    }

    private void run(String dialect, Path dir, Map<String, String> db, Connector connector, String schema,
                     String principals) throws Exception {
        for (String f : FILES) {
            Files.deleteIfExists(Path.of(f));
        }
        List<Entry> corpus = corpus(dialect);
        assertTrue(corpus.size() >= 100, "corpus of " + corpus.size());
        String before = snapshot(connector, schema, principals);

        Path config = dir.resolve("application.conf");
        Files.writeString(config, CONFIG);
        Path data = dir.resolve("data");
        McpSyncClient client = Dist.stdio(Dist.home(), Dist.env(data, db), "--config", config.toString(), "--read-write");
        List<String> failures = new ArrayList<>();
        try {
            for (Entry e : corpus) {
                McpSchema.CallToolResult q = Dist.call(client, "execute_query", Map.of("sql", e.sql()));
                check(e, "execute_query", q, failures);
                McpSchema.CallToolResult b = Dist.call(client, "execute_batch", Map.of("queries", List.of(e.sql())));
                check(e, "execute_batch", b, failures);
            }
        } finally {
            client.closeGracefully();
        }
        Path audit = Audits.file(data);
        Audits.awaitCleanEnd(audit);
        assertTrue(failures.isEmpty(), failures.size() + " of " + (2 * corpus.size()) + " calls were not denied:\n"
                + String.join("\n", failures));

        // Audit: one denied tool record per call, and a denied statement record for each of those calls.
        List<Map<String, Object>> records = Audits.records(audit);
        List<Map<String, Object>> tools = Audits.where(records, Audits.action("tool"));
        assertEquals(2 * corpus.size(), tools.size(), "one tool record per call");
        Set<Object> deniedStatementCalls = new HashSet<>();
        for (Map<String, Object> r : Audits.where(records, Audits.action("statement"))) {
            assertEquals("denied", r.get("outcome"), "no statement ran: " + r);
            deniedStatementCalls.add(r.get("callId"));
        }
        for (int i = 0; i < tools.size(); i++) {
            Map<String, Object> t = tools.get(i);
            Entry e = corpus.get(i / 2);
            assertEquals(i % 2 == 0 ? "execute_query" : "execute_batch", t.get("tool"));
            assertEquals("denied", t.get("outcome"), e.id() + " " + t);
            assertEquals("read_only", t.get("role"));
            assertTrue(deniedStatementCalls.contains(t.get("callId")), e.id() + ": a denied statement record for " + t);
        }
        String text = Files.readString(audit, StandardCharsets.UTF_8);
        assertFalse(text.contains("/etc/passwd"), "literals are redacted in the trail");

        assertEquals(before, snapshot(connector, schema, principals), "the tables are unchanged");
        for (String f : FILES) {
            assertFalse(Files.exists(Path.of(f)), "no file written: " + f);
        }
        Audits.Verified v = Audits.verify(audit);
        assertEquals(0, v.exit(), v.output());
        System.out.printf("bypass corpus on %s: %d statements x 2 tools, all denied and audited%n", dialect, corpus.size());
    }

    private static void check(Entry e, String tool, McpSchema.CallToolResult r, List<String> failures) {
        String text = r.content().isEmpty() ? "" : Dist.text(r);
        boolean refused = Boolean.TRUE.equals(r.isError()) && (text.contains("Denied") || text.contains("Rejected"));
        if (!refused) {
            failures.add(e.id() + " " + tool + ": " + e.sql().replace("\n", "\\n") + " -> " + text);
        }
    }

    /** Every row of the three tables, the schema's tables, and the database's roles or users. */
    private static String snapshot(Connector connector, String schema, String principals) throws Exception {
        Map<String, Object> snap = new LinkedHashMap<>();
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                StringBuilder b = new StringBuilder();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + t + " ORDER BY 1")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        b.append('\n');
                    }
                }
                snap.put(t, b.toString());
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
                while (rs.next()) {
                    String sch = rs.getString("TABLE_SCHEM");
                    if (sch != null && sch.equalsIgnoreCase(schema)) {
                        tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
                    }
                }
            }
            tables.sort(null);
            snap.put("tables", tables);
            try (ResultSet rs = s.executeQuery(principals)) {
                rs.next();
                snap.put("principals", rs.getLong(1));
            }
        }
        return snap.toString();
    }
}
