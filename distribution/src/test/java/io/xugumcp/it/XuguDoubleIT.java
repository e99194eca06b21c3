package io.xugumcp.it;

import static io.xugumcp.server.db.xugu.XuguReply.col;
import static io.xugumcp.server.db.xugu.XuguReply.numeric;
import static io.xugumcp.server.db.xugu.XuguReply.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.server.db.xugu.XuguReply;
import io.xugumcp.server.db.xugu.XuguScript;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble;
import io.xugumcp.server.db.xugu.XuguWireDouble.ConnectionFault;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution configured for XuguDB, talking to the protocol-level test double ({@link XuguWireDouble},
 * from the server's test sources) through the REAL XuguDB driver inside the server process, driven by the MCP Java
 * SDK client over stdio. Like the double, this proves that our code and the driver agree – the SQL we send, the
 * values and errors we make of the driver's answers, the timings of its faults – not that a real server answers so:
 * {@code XuguRealServerIT} runs the same scenarios against a real XuguDB when one is configured.
 *
 * <p>The fault matrix goes through one server process, so each fault is followed by a call that must succeed once
 * the double behaves again: the pool recovered. Timings are written to {@code target/xugu-fault-matrix.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XuguDoubleIT {
    /** Statement limit of the server under test, seconds. */
    static final int QUERY_TIMEOUT_S = 3;
    /** Login deadline of the server under test, seconds. */
    static final int CONNECT_TIMEOUT_S = 2;
    /** What the slow statement would take: far past the limit. */
    static final Duration SLOW = Duration.ofSeconds(12);
    /** HikariCP checks an idle connection only after 500 ms unused: wait past that so it meets the fault. */
    static final long HIKARI_ALIVE_BYPASS_MS = 600;

    static final Pattern CAPPED = Pattern.compile("(?s)SELECT \\* FROM \\((.*)\\) mcp_q LIMIT (\\d+)");
    static final String SESSION_SQL = "SELECT SYS_CONTEXT('USERENV','SESSIONID') FROM DUAL";
    static final String NODE_SQL = "SELECT NODEID FROM SYS_ALL_SESSIONS WHERE SESSION_ID=?";

    @TempDir
    static Path data;
    static XuguWireDouble db;
    static McpSyncClient client;
    static final AtomicBoolean mayKill = new AtomicBoolean(true);
    static final Map<String, String> matrix = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        db = XuguWireDouble.start(script());
        client = Dist.stdio(Dist.home(), Dist.env(data, env(db.url("SYSTEM"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.closeGracefully();
        }
        if (db != null) {
            db.close();
        }
        StringBuilder md = new StringBuilder("| scenario | time to the client's error | message shown |\n| --- | --- | --- |\n");
        matrix.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(Path.of("target", "xugu-fault-matrix.md"), md.toString());
    }

    /** The server's environment: the double's URL as an operator would write it (no char_set: UTF8 is added). */
    static Map<String, String> env(String url) {
        return Map.of("XUGU_DB_URL", url, "XUGU_DB_USER", "SYSDBA", "XUGU_DB_PASSWORD", "SYSDBA",
                "SECURITY_MAX_QUERY_EXECUTION_TIME", String.valueOf(QUERY_TIMEOUT_S),
                "XUGU_DB_CONNECT_TIMEOUT", String.valueOf(CONNECT_TIMEOUT_S));
    }

    /** The inner statement of a row-capped SELECT, or null. */
    static String inner(Received r) {
        Matcher m = CAPPED.matcher(r.sql());
        return m.matches() ? m.group(1) : null;
    }

    static XuguScript script() {
        XuguReply.Rows ten = rows(col("ID", Type.INTEGER));
        for (int i = 1; i <= 10; i++) {
            ten.row(i);
        }
        XuguReply.Rows dropped = rows(col("ID", Type.INTEGER));
        for (int i = 1; i <= 10; i++) {
            dropped.row(i);
        }
        return new XuguScript()
                .on("select 1 from dual", rows(col("EXPR1", Type.INTEGER)).row(1))
                // Each double session is its own server session: its number is the session id.
                .on(r -> r.sql().equals(SESSION_SQL), r -> rows(col("EXPR1", Type.CHAR)).row(String.valueOf(r.session())))
                .on(r -> r.sql().equals(NODE_SQL), r -> mayKill.get()
                        ? rows(col("NODEID", Type.INTEGER)).row(1)
                        : rows(col("NODEID", Type.INTEGER)))
                .on(Pattern.compile("EXEC DBMS_DBA\\.KILL_SESSION_TRANS\\(\\d+,\\d+\\)"), XuguReply.ok())
                .on(r -> "SELECT * FROM typed".equals(inner(r)), typedRow())
                .on(r -> "SELECT id FROM t".equals(inner(r)), ten)
                .on(r -> "SELECT * FROM missing".equals(inner(r)),
                        XuguReply.errorText("[E5021 L1 C15]表或视图MISSING不存在"))
                .on(r -> "SELECT oops".equals(inner(r)), XuguReply.error(19999, "语法错误 near oops"))
                .on(r -> "SELECT slow".equals(inner(r)), rows(col("N", Type.INTEGER)).row(1).delayed(SLOW))
                .on(r -> "SELECT dropped".equals(inner(r)), dropped.dropAfterRows(3));
    }

    /** One row with a cell of every type the driver decodes (see XuguWireDoubleTest). */
    static XuguReply.Rows typedRow() {
        return rows(
                col("B", Type.BOOLEAN), col("TI", Type.TINYINT), col("SI", Type.SMALLINT), col("I", Type.INTEGER),
                col("BI", Type.BIGINT), col("BI_SMALL", Type.BIGINT), numeric("N", 20, 3), numeric("N_BIG", 38, 10),
                col("F", Type.FLOAT), col("D", Type.DOUBLE), col("DT", Type.DATE), col("TM", Type.TIME),
                col("TS", Type.DATETIME), col("TMTZ", Type.TIME_TZ), col("TSTZ", Type.DATETIME_TZ),
                col("IY2M", Type.INTERVAL_Y2M), col("ID2S", Type.INTERVAL_D2S), col("RV", Type.ROWVERSION),
                col("G", Type.GUID), col("CH", Type.CHAR), col("CL", Type.CLOB), col("BIN", Type.BINARY),
                col("BL", Type.BLOB), col("RID", Type.ROWID), col("J", Type.JSON), col("NUL", Type.CHAR),
                col("EMPTY", Type.CHAR), col("NC", Type.NCHAR))
                .row(true, 7, -300, 123456, 9_007_199_254_740_993L, 42L, new BigDecimal("12345.678"),
                        new BigDecimal("1234567890123456789.0123456789"), 0.1f, 2.25,
                        LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 500_000_000),
                        LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000),
                        OffsetTime.of(9, 0, 0, 0, ZoneOffset.ofHours(8)),
                        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(-5, -30)),
                        14, Duration.ofDays(1).plusHours(1).plusMinutes(1).plusSeconds(1).plusNanos(1000),
                        "rv1", "0123456789ABCDEF0123456789ABCDEF", "héllo 虚谷", "clob text", new byte[] {1, 2, 3},
                        new byte[] {4, 5}, "AAAAAB", "{\"a\":1}", null, "", "宽字符");
    }

    static McpSchema.CallToolResult query(McpSyncClient c, String sql) {
        return Dist.call(c, "execute_query", Map.of("sql", sql));
    }

    static McpSchema.CallToolResult query(String sql) {
        return query(client, sql);
    }

    static void assertOk(McpSchema.CallToolResult r) {
        assertFalse(Boolean.TRUE.equals(r.isError()), Dist.text(r));
    }

    /** Calls, checks it is an error, records the row of the fault matrix and returns the elapsed milliseconds. */
    static long faultCall(String scenario, String sql, String expected) {
        long t0 = System.nanoTime();
        McpSchema.CallToolResult r = query(sql);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Boolean.TRUE, r.isError(), scenario + ": " + Dist.text(r));
        assertTrue(Dist.text(r).contains(expected), scenario + ": " + Dist.text(r));
        matrix.put(scenario, ms + " ms | " + Dist.text(r).replace("|", "\\|").replace("\n", " "));
        return ms;
    }

    /**
     * The pool recovered: calls succeed again. Right after a failed connect the breaker answers "unreachable" until
     * its next probe (every 2 s) or the pool's own retry succeeds, so this waits for that, within 15 s.
     */
    static void recovered() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        McpSchema.CallToolResult r = query("SELECT id FROM t");
        while (Boolean.TRUE.equals(r.isError()) && Dist.text(r).startsWith("Database unreachable")
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = query("SELECT id FROM t");
        }
        assertOk(r);
        assertEquals(10, Dist.rows(r).size());
    }

    // ------------------------------------------------------------------------------------------------ answers

    @Test
    @Order(1)
    void returnsCorrectlyTypedJsonForEveryType() {
        McpSchema.CallToolResult r = query("SELECT * FROM typed");
        assertOk(r);
        Map<String, Object> s = Dist.structured(r);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) s.get("columns");
        List<Object> row = Dist.rows(r).get(0);
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            v.put((String) columns.get(i).get("name"), row.get(i));
        }
        assertEquals(true, v.get("B"));
        assertEquals(7, ((Number) v.get("TI")).intValue(), "TINYINT arrives as BigDecimal, leaves as a number");
        assertEquals(-300, ((Number) v.get("SI")).intValue());
        assertEquals(123456, ((Number) v.get("I")).intValue());
        assertEquals("9007199254740993", v.get("BI"), "a BIGINT past 2^53 travels as a string");
        assertEquals(42, ((Number) v.get("BI_SMALL")).intValue(), "a small BIGINT is a number");
        assertEquals(12345.678, ((Number) v.get("N")).doubleValue(), 1e-9);
        assertEquals("1234567890123456789.0123456789", v.get("N_BIG"), "digits a double cannot hold: a string");
        assertEquals(0.1, ((Number) v.get("F")).doubleValue(), 0.0, "FLOAT 0.1 stays 0.1");
        assertEquals(2.25, ((Number) v.get("D")).doubleValue(), 0.0);
        assertEquals("2024-02-29", v.get("DT"), "ISO date, no ' AD'");
        assertEquals("13:14:15.5", v.get("TM"), "milliseconds kept");
        assertEquals("2024-02-29T13:14:15.123", v.get("TS"));
        assertEquals("09:00:00+08:00", v.get("TMTZ"));
        assertEquals("2024-01-02T03:04:05-05:30", v.get("TSTZ"));
        assertEquals("1-2", v.get("IY2M"), "INTERVAL in XuguDB's text form");
        assertEquals("1 1:1:1.000001", v.get("ID2S"));
        assertEquals("rv1", v.get("RV"));
        assertEquals("0123456789ABCDEF0123456789ABCDEF", v.get("G"));
        assertEquals("héllo 虚谷", v.get("CH"), "UTF8 although the URL named no charset");
        assertEquals("clob text", v.get("CL"));
        assertEquals("AQID", v.get("BIN"), "BINARY (an InputStream) as base64");
        assertEquals("BAU=", v.get("BL"), "BLOB as base64");
        assertEquals("AAAAAB", v.get("RID"));
        assertEquals("{\"a\":1}", v.get("J"), "JSON as its text");
        assertNull(v.get("NUL"));
        assertEquals("", v.get("EMPTY"));
        assertEquals("宽字符", v.get("NC"), "getObject throws E50044 for NCHAR: read with getString instead");
        assertTrue(db.logins().stream().allMatch(l -> "utf8".equalsIgnoreCase(l.fields().get("char_set"))),
                db.logins().toString());
    }

    @Test
    @Order(2)
    void sendsExactlyTheExpectedSqlWithLimitNeverFetchFirst() {
        int before = db.received().size();
        McpSchema.CallToolResult r = Dist.call(client, "execute_query", Map.of("sql", "SELECT id FROM t", "limit", 5));
        assertOk(r);
        assertEquals(5, Dist.rows(r).size());
        assertEquals(true, Dist.structured(r).get("truncated"));
        List<String> sent = db.received().subList(before, db.received().size()).stream()
                .filter(x -> x.kind() == Received.Kind.EXECUTE || x.kind() == Received.Kind.DIRECT)
                .map(Received::sql).filter(sql -> !sql.equals("select 1 from dual")).toList();
        assertEquals(List.of("SELECT * FROM (SELECT id FROM t) mcp_q LIMIT 6"), sent, "one row more than the limit");
        assertTrue(db.sqlTexts().stream().noneMatch(t -> t.toUpperCase().contains("FETCH FIRST")), db.sqlTexts().toString());
        // Every new connection was validated, then asked for its session id, before any statement of ours.
        List<String> first = db.received().stream().filter(x -> x.session() == db.received().get(0).session())
                .map(Received::sql).limit(2).toList();
        assertEquals(List.of("select 1 from dual", SESSION_SQL), first);
    }

    @Test
    @Order(3)
    void errorRepliesBecomeClearToolErrorsWithTheOriginalCode() {
        McpSchema.CallToolResult missing = query("SELECT * FROM missing");
        assertEquals(Boolean.TRUE, missing.isError());
        String text = Dist.text(missing);
        assertTrue(text.contains("The table or view does not exist"), text);
        assertTrue(text.contains("表或视图MISSING不存在"), "the server's own text is kept: " + text);
        assertTrue(text.contains("code 5021") && text.contains("xugu5021"), text);

        McpSchema.CallToolResult oops = query("SELECT oops");
        assertEquals(Boolean.TRUE, oops.isError());
        assertTrue(Dist.text(oops).contains("syntax error") && Dist.text(oops).contains("Classified from the message"),
                Dist.text(oops));
        recovered();
    }

    // ------------------------------------------------------------------------------------------- fault matrix

    @Test
    @Order(10)
    void refused() throws Exception {
        recovered();
        db.stopListening();
        try {
            db.dropSessions();
            Thread.sleep(HIKARI_ALIVE_BYPASS_MS);
            long ms = faultCall("refused (port closed)", "SELECT id FROM t", "Nothing accepted the connection");
            assertTrue(ms < 5000, ms + " ms");
        } finally {
            db.resumeListening();
        }
        recovered();
    }

    @Test
    @Order(11)
    void unknownHost(@TempDir Path own) {
        McpSyncClient other = Dist.stdio(Dist.home(), Dist.env(own,
                env("jdbc:xugu://no-such-host.invalid:5138/SYSTEM")));
        try {
            long t0 = System.nanoTime();
            McpSchema.CallToolResult r = query(other, "SELECT id FROM t");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Boolean.TRUE, r.isError(), Dist.text(r));
            assertTrue(Dist.text(r).contains("host name could not be resolved"), Dist.text(r));
            assertTrue(ms < (CONNECT_TIMEOUT_S + 3) * 1000L, ms + " ms");
            matrix.put("unknown host (separate server; its URL never becomes valid)",
                    ms + " ms | " + Dist.text(r).replace("|", "\\|").replace("\n", " "));
        } finally {
            other.closeGracefully();
        }
    }

    @Test
    @Order(12)
    void acceptThenClose() throws Exception {
        recovered();
        db.connectionFault(ConnectionFault.ACCEPT_THEN_CLOSE);
        try {
            db.dropSessions();
            Thread.sleep(HIKARI_ALIVE_BYPASS_MS);
            long ms = faultCall("accept-then-close (during login)", "SELECT id FROM t", "The login was refused");
            assertTrue(ms < 5000, ms + " ms");
        } finally {
            db.connectionFault(ConnectionFault.NONE);
        }
        recovered();
    }

    @Test
    @Order(13)
    void silentServerMeetsTheConnectDeadline() throws Exception {
        recovered();
        db.connectionFault(ConnectionFault.SILENT);
        try {
            db.dropSessions();
            Thread.sleep(HIKARI_ALIVE_BYPASS_MS);
            long ms = faultCall("silent server (login never answered)", "SELECT id FROM t",
                    "no answer from the XuguDB server");
            assertTrue(ms >= CONNECT_TIMEOUT_S * 1000L - 200 && ms < (CONNECT_TIMEOUT_S + 3) * 1000L, ms + " ms");
        } finally {
            db.connectionFault(ConnectionFault.NONE);
        }
        recovered();
    }

    @Test
    @Order(14)
    void resetDuringLoginIsAZombieCaughtByValidation() throws Exception {
        recovered();
        db.connectionFault(ConnectionFault.RESET_DURING_LOGIN);
        try {
            db.dropSessions();
            Thread.sleep(HIKARI_ALIVE_BYPASS_MS);
            long ms = faultCall("RST during login (zombie connection)", "SELECT id FROM t",
                    "died right after the login");
            assertTrue(ms < 5000, ms + " ms");
        } finally {
            db.connectionFault(ConnectionFault.NONE);
        }
        recovered();
    }

    @Test
    @Order(15)
    void resetAfterLoginIsCaughtByValidation() throws Exception {
        recovered();
        db.connectionFault(ConnectionFault.RESET_AFTER_LOGIN);
        try {
            db.dropSessions();
            Thread.sleep(HIKARI_ALIVE_BYPASS_MS);
            long ms = faultCall("RST after login (at the first statement)", "SELECT id FROM t",
                    "died right after the login");
            assertTrue(ms < 5000, ms + " ms");
        } finally {
            db.connectionFault(ConnectionFault.NONE);
        }
        recovered();
    }

    @Test
    @Order(16)
    void slowFirstBytePastTheLimitIsStoppedAndKilledOnTheServer() {
        recovered();
        mayKill.set(true);
        long ms = faultCall("slow first byte past the 3 s limit (kill allowed)", "SELECT slow",
                "It was stopped on the server too");
        assertTrue(ms >= QUERY_TIMEOUT_S * 1000L - 50 && ms <= QUERY_TIMEOUT_S * 1100L, "limit + 10%: " + ms + " ms");
        Received slow = db.received().stream().filter(x -> "SELECT slow".equals(inner(x))).reduce((a, b) -> b)
                .orElseThrow();
        String kill = "EXEC DBMS_DBA.KILL_SESSION_TRANS(1," + slow.session() + ")";
        List<String> control = db.received().stream().filter(x -> x.session() != slow.session())
                .map(Received::sql).filter(s -> s.equals(NODE_SQL) || s.startsWith("EXEC ")).toList();
        assertTrue(control.contains(kill), "killed the slow statement's session from another one: " + control);
        Received lookup = db.received().stream().filter(x -> x.sql().equals(NODE_SQL)
                && x.kind() == Received.Kind.EXECUTE).reduce((a, b) -> b).orElseThrow();
        assertEquals(slow.session(), ((Number) lookup.params().get(0).value()).intValue(), "bound session id");
        recovered();
    }

    @Test
    @Order(17)
    void slowStatementThatMayNotBeKilledSaysItMayStillRun() {
        recovered();
        mayKill.set(false);
        try {
            long ms = faultCall("slow first byte past the 3 s limit (user may not kill)", "SELECT slow",
                    "may still be running on the server");
            assertTrue(ms <= QUERY_TIMEOUT_S * 1100L, "limit + 10%: " + ms + " ms");
        } finally {
            mayKill.set(true);
        }
        recovered();
    }

    @Test
    @Order(18)
    void dropMidResult() {
        recovered();
        long ms = faultCall("drop mid-result (3 of 10 rows sent)", "SELECT dropped", "The connection to the database broke");
        assertTrue(ms < 5000, ms + " ms");
        recovered();
    }

    /**
     * Raw process: the driver prints "网路返回-1 execute sql is ..." to System.out when a socket drops mid-result; it
     * must end up on stderr, and stdout must carry only JSON-RPC.
     */
    @Test
    @Order(30)
    void stdoutCarriesOnlyJsonRpcWhenTheDriverPrints(@TempDir Path own) throws Exception {
        Path stderr = own.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/xugu-mcp").toString())
                .redirectError(stderr.toFile());
        pb.environment().putAll(Dist.env(own, env(db.url("SYSTEM"))));
        Process p = pb.start();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        List<String> lines = List.of(init, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                call(2, "SELECT dropped"), call(3, "SELECT id FROM t"));
        try (OutputStream in = p.getOutputStream()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            ObjectMapper m = new ObjectMapper();
            List<JsonNode> replies = new ArrayList<>();
            for (String l : lines) {
                in.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                if (l.contains("\"id\"")) {
                    String line = out.readLine();
                    assertNotNull(line, "stdout ended early after " + replies);
                    JsonNode n = m.readTree(line);
                    assertEquals("2.0", n.path("jsonrpc").asText(), "every stdout line is JSON-RPC: " + line);
                    replies.add(n);
                }
            }
            assertTrue(replies.get(1).path("result").path("isError").asBoolean(), replies.get(1).toString());
            assertFalse(replies.get(2).path("result").path("isError").asBoolean(), replies.get(2).toString());
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "server exits when stdin closes");
        assertTrue(Files.readString(stderr, StandardCharsets.UTF_8).contains("网路返回-1 execute sql is"),
                "the driver did print, to stderr");
    }

    private static String call(int id, String sql) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\","
                + "\"arguments\":{\"sql\":\"" + sql + "\"}}}";
    }
}
