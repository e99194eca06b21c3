package io.xugumcp.server.db.xugu;

import static io.xugumcp.server.db.xugu.XuguReply.col;
import static io.xugumcp.server.db.xugu.XuguReply.numeric;
import static io.xugumcp.server.db.xugu.XuguReply.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.server.db.xugu.XuguWire.Param;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received.Kind;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The real XuguDB JDBC driver against {@link XuguWireDouble}: login, results of every type the driver decodes,
 * update counts, errors, prepared statements, halt. These pin what the driver does with each reply; they say
 * nothing about a real server (see the double's Javadoc).
 */
class XuguWireDoubleTest {

    static Connection connect(XuguWireDouble db) throws SQLException {
        return DriverManager.getConnection(db.url("SYSTEM"), XuguWireDouble.props("SYSDBA", "SYSDBA"));
    }

    static XuguScript keepAlive() {
        return new XuguScript().on("select 1 from dual", rows(col("EXPR1", Type.INTEGER)).row(1));
    }

    @Test
    void loginStringCarriesDatabaseUserPasswordAndSessionSettings() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(keepAlive().user("SYSDBA", "SYSDBA"));
             Connection c = connect(db)) {
            assertFalse(c.isClosed());
            XuguWire.Login login = db.logins().get(0);
            // Exact text, so a driver upgrade that changes it is noticed. Note: char_set is lower-cased,
            // user and password are unquoted, and nothing is sent after the login until the first statement.
            assertEquals("login database='SYSTEM' user=SYSDBA password=SYSDBA version=301 return_schema=on"
                + " return_cursor_id=on char_set=utf8 iso_level='READ COMMITTED' auto_commit=on", login.raw());
            assertEquals("SYSTEM", login.database());
            assertEquals("SYSDBA", login.user());
            assertEquals("SYSDBA", login.password());
            assertEquals(List.of(), db.sqlTexts(), "the driver sends no session-setup SQL after login");
        }
    }

    @Test
    void rejectedLoginIsSqlException50027WhateverTheServerSays() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(new XuguScript().user("SYSDBA", "right"))) {
            SQLException e = assertThrows(SQLException.class, () ->
                DriverManager.getConnection(db.url("SYSTEM"), XuguWireDouble.props("SYSDBA", "wrong")));
            assertEquals(50027, e.getErrorCode());
            assertEquals("xugu50027", e.getSQLState());
            // The server's text is appended, length prefix included, after the driver's own list of causes.
            assertTrue(e.getMessage().startsWith("[E50027]"), e.getMessage());
            assertTrue(e.getMessage().contains("[E10003]user name or password is wrong"), e.getMessage());
        }
    }

    @Test
    void unknownDatabaseIsAlso50027() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(new XuguScript().databases("SYSTEM"))) {
            SQLException e = assertThrows(SQLException.class, () ->
                DriverManager.getConnection(db.url("NOPE"), XuguWireDouble.props("u", "p")));
            assertEquals(50027, e.getErrorCode());
            assertEquals("NOPE", db.logins().get(0).database());
        }
    }

    @Test
    void passwordWithABlankIsCutAtTheBlankBecauseTheLoginStringIsUnquoted() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(new XuguScript().user("u", "pass word"))) {
            SQLException e = assertThrows(SQLException.class, () ->
                DriverManager.getConnection(db.url("SYSTEM"), XuguWireDouble.props("u", "pass word")));
            assertEquals(50027, e.getErrorCode());
            assertEquals("pass", db.logins().get(0).password());
            assertTrue(db.logins().get(0).raw().contains(" password=pass word version=301"));
        }
    }

    @Test
    void protocol301LoginReplyWorksToo() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(keepAlive().protocol301());
             Connection c = connect(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1 from dual")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void selectOneFromDual() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(keepAlive());
             Connection c = connect(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1 from dual")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getObject(1));
            assertEquals("EXPR1", rs.getMetaData().getColumnName(1));
            assertFalse(rs.next());
            assertEquals(List.of("select 1 from dual"), db.sqlTexts());
        }
    }

    /** One row with a cell of every wire type the driver decodes, read with getObject and getString. */
    @Test
    void everyDecodedTypeRoundTripsThroughGetObject() throws Exception {
        LocalDateTime ts = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000);
        XuguReply.Rows typed = rows(
            col("B", Type.BOOLEAN), col("TI", Type.TINYINT), col("SI", Type.SMALLINT), col("I", Type.INTEGER),
            col("BI", Type.BIGINT), numeric("N", 20, 3), col("F", Type.FLOAT), col("D", Type.DOUBLE),
            col("DT", Type.DATE), col("TM", Type.TIME), col("TS", Type.DATETIME),
            col("TMTZ", Type.TIME_TZ), col("TSTZ", Type.DATETIME_TZ),
            col("IY", Type.INTERVAL_Y), col("IY2M", Type.INTERVAL_Y2M), col("IM", Type.INTERVAL_M),
            col("ID", Type.INTERVAL_D), col("ID2H", Type.INTERVAL_D2H), col("IH", Type.INTERVAL_H),
            col("ID2M", Type.INTERVAL_D2M), col("IH2M", Type.INTERVAL_H2M), col("IMI", Type.INTERVAL_MI),
            col("ID2S", Type.INTERVAL_D2S), col("IH2S", Type.INTERVAL_H2S), col("IM2S", Type.INTERVAL_M2S),
            col("IS", Type.INTERVAL_S), col("RV", Type.ROWVERSION), col("G", Type.GUID), col("CH", Type.CHAR),
            col("CL", Type.CLOB), col("BIN", Type.BINARY), col("BL", Type.BLOB), col("RID", Type.ROWID),
            col("J", Type.JSON), col("NUL", Type.CHAR), col("EMPTY", Type.CHAR))
            .row(true, 7, -300, 123456, 9_007_199_254_740_993L, new BigDecimal("12345.678"), 1.5f, 2.25,
                LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 500_000_000), ts,
                OffsetTime.of(9, 0, 0, 0, ZoneOffset.ofHours(8)),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(-5, -30)),
                3, 14, 5, 6, 50, 7, 1501, 61, 8,
                Duration.ofDays(1).plusHours(1).plusMinutes(1).plusSeconds(1).plusNanos(1000),
                Duration.ofSeconds(3661), Duration.ofMillis(61_500), Duration.ofMillis(1500),
                "rv1", "0123456789ABCDEF0123456789ABCDEF", "héllo 虚谷", "clob text", new byte[] {1, 2, 3},
                new byte[] {4, 5}, "AAAAAB", "{\"a\":1}", null, "");
        try (XuguWireDouble db = XuguWireDouble.start(new XuguScript().on("select typed", typed));
             Connection c = connect(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select typed")) {
            assertTrue(rs.next());
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Type wire = typed.columns().get(i - 1).type();
                assertEquals(wire.jdbcType, md.getColumnType(i), "java.sql.Types of " + md.getColumnName(i));
            }
            assertEquals(Boolean.TRUE, rs.getObject("B"));
            assertEquals("T", rs.getString("B"));
            // TINYINT and BIGINT come back as BigDecimal although getColumnClassName says Byte / Long.
            assertEquals(new BigDecimal("7"), rs.getObject("TI"));
            assertEquals("java.lang.Byte", md.getColumnClassName(2));
            assertEquals((short) -300, rs.getObject("SI"));
            assertEquals(123456, rs.getObject("I"));
            assertEquals(new BigDecimal("9007199254740993"), rs.getObject("BI"));
            assertEquals("java.lang.Long", md.getColumnClassName(5));
            assertEquals(new BigDecimal("12345.678"), rs.getObject("N"));
            assertEquals(20, md.getPrecision(6));
            assertEquals(3, md.getScale(6));
            assertEquals(1.5f, rs.getObject("F"));
            assertEquals(2.25, rs.getObject("D"));
            // Dates are wall-clock values: the same in every JVM time zone. getString appends the era.
            assertEquals(Date.valueOf("2024-02-29"), rs.getObject("DT"));
            assertEquals("2024-02-29 AD", rs.getString("DT"));
            Time time = assertInstanceOf(Time.class, rs.getObject("TM"));
            assertEquals(LocalTime.of(13, 14, 15), time.toLocalTime());
            assertEquals(500, Math.floorMod(time.getTime(), 1000), "milliseconds are kept");
            // ... but the Time's date part is year 0000, not 1970: never use time.getTime() as ms of the day.
            assertTrue(time.getTime() < -62_000_000_000_000L, String.valueOf(time.getTime()));
            assertEquals("13:14:15", rs.getString("TM"), "... but dropped by getString (Time.toString)");
            assertEquals(Timestamp.valueOf(ts), rs.getObject("TS"));
            assertEquals("2024-02-29 13:14:15.123 AD", rs.getString("TS"));
            // Zoned types are Strings: the time at the sent offset, then the offset.
            assertEquals("09:00:00 +08:00", rs.getObject("TMTZ"));
            assertEquals("2024-01-02 03:04:05.0 -05:30", rs.getObject("TSTZ"));
            assertEquals("2024-01-02 03:04:05.0 -05:30 AD", rs.getString("TSTZ"));
            assertEquals("3", rs.getObject("IY"));
            assertEquals("1-2", rs.getObject("IY2M"));
            assertEquals("5", rs.getObject("IM"));
            assertEquals("6", rs.getObject("ID"));
            assertEquals("2 2", rs.getObject("ID2H"));
            assertEquals("7", rs.getObject("IH"));
            assertEquals("1 1:1", rs.getObject("ID2M"));
            assertEquals("1:1", rs.getObject("IH2M"));
            assertEquals("8", rs.getObject("IMI"));
            assertEquals("1 1:1:1.000001", rs.getObject("ID2S"));
            assertEquals("1:1:1.0", rs.getObject("IH2S"));
            assertEquals("1:1.5", rs.getObject("IM2S"));
            assertEquals("1.5", rs.getObject("IS"));
            assertEquals("rv1", rs.getObject("RV"));
            assertEquals("0123456789ABCDEF0123456789ABCDEF", rs.getObject("G"));
            assertEquals("héllo 虚谷", rs.getObject("CH"));
            Clob clob = assertInstanceOf(Clob.class, rs.getObject("CL"));
            assertEquals("clob text", clob.getSubString(1, (int) clob.length()));
            assertEquals("clob text", rs.getString("CL"));
            // BINARY: an InputStream (getColumnClassName claims java.sql.Blob); BLOB: a Blob, getString throws.
            try (InputStream in = assertInstanceOf(InputStream.class, rs.getObject("BIN"))) {
                assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            }
            Blob blob = assertInstanceOf(Blob.class, rs.getObject("BL"));
            assertArrayEquals(new byte[] {4, 5}, blob.getBytes(1, (int) blob.length()));
            assertEquals(50044, assertThrows(SQLException.class, () -> rs.getString("BL")).getErrorCode());
            assertEquals("AAAAAB", rs.getObject("RID"));
            // JSON: getObject gives a String, getColumnClassName says java.sql.Clob.
            assertEquals("{\"a\":1}", rs.getObject("J"));
            assertEquals("java.sql.Clob", md.getColumnClassName(34));
            assertNull(rs.getObject("NUL"));
            assertTrue(rs.wasNull());
            assertEquals("", rs.getObject("EMPTY"), "an empty string is one 0x00 byte; length 0 is NULL");
            assertFalse(rs.next());
        }
    }

    @Test
    void getObjectRefusesNcharAndGetStringGivesNull() throws Exception {
        XuguScript script = new XuguScript().on("select nc", rows(col("NC", Type.NCHAR)).row("宽字符"));
        try (XuguWireDouble db = XuguWireDouble.start(script);
             Connection c = connect(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select nc")) {
            assertTrue(rs.next());
            assertEquals(java.sql.Types.VARCHAR, rs.getMetaData().getColumnType(1), "reported as VARCHAR ...");
            assertEquals(50044, assertThrows(SQLException.class, () -> rs.getObject(1)).getErrorCode(),
                "... but getObject refuses it");
            // getString gives null although the value is not NULL; getBytes has the UTF-8 text.
            assertNull(rs.getString(1));
            assertFalse(rs.wasNull());
            assertArrayEquals("宽字符".getBytes(java.nio.charset.StandardCharsets.UTF_8), rs.getBytes(1));
            assertEquals("宽字符", io.xugumcp.server.db.ValueConverter.read(rs, 1, java.sql.Types.VARCHAR),
                "our fallback finds the text");
        }
    }

    @Test
    void updateDeleteAndInsertCounts() throws Exception {
        XuguScript script = new XuguScript()
            .on("update t set a = 1", XuguReply.updated(3))
            .on("delete from t", XuguReply.deleted(2))
            .on("insert into t values (1)", XuguReply.inserted("AAAAAAAAAAE"))
            .on("create table x (a int)", XuguReply.ok());
        try (XuguWireDouble db = XuguWireDouble.start(script);
             Connection c = connect(db);
             Statement st = c.createStatement()) {
            assertEquals(3, st.executeUpdate("update t set a = 1"));
            assertEquals(2, st.executeUpdate("delete from t"));
            assertEquals(1, st.executeUpdate("insert into t values (1)"));
            assertFalse(st.execute("update t set a = 1"));
            assertEquals(3, st.getUpdateCount());
            assertEquals(-1, st.executeUpdate("create table x (a int)"), "a bare K is update count -1");
        }
    }

    @Test
    void errorReplyBecomesSqlExceptionWithCodeAndXuguState() throws Exception {
        XuguScript script = new XuguScript()
            .on(Pattern.compile("select .* fetch first .*"), XuguReply.error(19132, "syntax error near FETCH"))
            .on("select line", XuguReply.errorText("[E19001 L3]error at line 3"))
            .on("select line2", XuguReply.errorText("[E19001L3]error at line 3"))
            .on("select nocode", XuguReply.errorText("no bracketed code"));
        try (XuguWireDouble db = XuguWireDouble.start(script);
             Connection c = connect(db);
             Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                () -> st.executeQuery("select a from t offset 0 rows fetch first 1 rows only"));
            assertEquals(19132, e.getErrorCode());
            assertEquals("xugu19132", e.getSQLState());
            assertEquals("[E19132]syntax error near FETCH", e.getMessage());
            assertEquals(19001, assertThrows(SQLException.class, () -> st.executeQuery("select line"))
                .getErrorCode());
            // The driver takes the digits between "E" and the character BEFORE "L": without a blank, one is lost.
            assertEquals(1900, assertThrows(SQLException.class, () -> st.executeQuery("select line2"))
                .getErrorCode());
            SQLException noCode = assertThrows(SQLException.class, () -> st.executeQuery("select nocode"));
            assertEquals(0, noCode.getErrorCode());
            assertEquals("xugu0", noCode.getSQLState());
            // The connection survives an error reply.
            assertEquals(XuguScript.UNSCRIPTED_ERROR_CODE,
                assertThrows(SQLException.class, () -> st.executeQuery("select unscripted")).getErrorCode());
        }
    }

    @Test
    void preparedStatementSendsPrepareExecuteDeallocateAndTypedParameters() throws Exception {
        XuguScript script = new XuguScript().on(
            r -> r.sql().startsWith("select name from t where"),
            r -> rows(col("NAME", Type.CHAR)).row("row for " + r.params().get(0).value()));
        try (XuguWireDouble db = XuguWireDouble.start(script); Connection c = connect(db)) {
            String sql = "select name from t where a=? and b=? and c=? and d=? and e=? and f=? and g=? and h=?"
                + " and i=? and j=? and k='?'";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, 42);
                ps.setString(2, "hi");
                ps.setLong(3, 5L);
                ps.setTimestamp(4, Timestamp.valueOf("2024-01-02 03:04:05.006"));
                ps.setNull(5, java.sql.Types.VARCHAR);
                ps.setBigDecimal(6, new BigDecimal("1.50"));
                ps.setBoolean(7, true);
                ps.setDouble(8, 0.5);
                ps.setDate(9, Date.valueOf("2024-01-02"));
                ps.setBytes(10, new byte[] {9, 8});
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("row for 42", rs.getString(1));
                }
                ps.setInt(1, 43);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("row for 43", rs.getString(1));
                }
            }
            List<Received> log = db.received();
            assertEquals(List.of(Kind.PREPARE, Kind.EXECUTE, Kind.EXECUTE, Kind.DEALLOCATE),
                log.stream().map(Received::kind).toList());
            assertTrue(log.get(0).wireText().matches("Prepare st\\w+ as \\Q" + sql + "\\E"), log.get(0).wireText());
            String name = log.get(0).wireText().split(" ")[1];
            assertEquals(List.of("Prepare " + name + " as " + sql, "? " + name, "? " + name, "deallocate " + name),
                db.sqlTexts());
            assertEquals(List.of(sql, sql), db.executedSql());
            // The driver encodes each value by the setter, not by the type the server described.
            List<Param> p = log.get(1).params();
            assertEquals(10, p.size());
            // Only int, long and boolean get binary types; double, BigDecimal, dates and even byte[] go as CHAR.
            assertEquals(List.of(Type.INTEGER, Type.CHAR, Type.BIGINT, Type.CHAR, Type.CHAR, Type.CHAR,
                    Type.BOOLEAN, Type.CHAR, Type.CHAR, Type.CHAR),
                p.stream().map(Param::type).toList(), p.toString());
            assertEquals(42, p.get(0).value());
            assertEquals("hi", p.get(1).value());
            assertEquals(5L, p.get(2).value());
            assertEquals("2024-01-02 03:04:05.006", p.get(3).value(), "timestamps travel as text");
            assertNull(p.get(4).value(), "setNull is a CHAR of length 0");
            assertEquals("1.50", p.get(5).value(), "BigDecimal travels as text");
            assertArrayEquals(new byte[] {1}, p.get(6).data(), "setBoolean(true) is one byte 0x01");
            assertEquals(Boolean.TRUE, p.get(6).value());
            assertEquals("0.5", p.get(7).value());
            assertEquals("2024-01-02", p.get(8).value());
            assertArrayEquals(new byte[] {9, 8}, p.get(9).data());
            assertEquals(43, log.get(2).params().get(0).value());
            assertTrue(p.stream().allMatch(x -> x.inOut() == 1 && x.name().equals("?")));
        }
    }

    @Test
    void setMaxRowsSendsAHaltByteAndKeepsTheSessionUsable() throws Exception {
        XuguReply.Rows five = rows(col("N", Type.INTEGER));
        for (int i = 0; i < 5; i++) {
            five.row(i);
        }
        try (XuguWireDouble db = XuguWireDouble.start(keepAlive().on("select n from t", five));
             Connection c = connect(db);
             Statement st = c.createStatement()) {
            st.setMaxRows(2);
            int n = 0;
            try (ResultSet rs = st.executeQuery("select n from t")) {
                while (rs.next()) {
                    n++;
                }
            }
            assertEquals(2, n);
            try (ResultSet rs = st.executeQuery("select 1 from dual")) {
                assertTrue(rs.next());
            }
            assertEquals(1, db.halts());
            assertEquals(List.of("select n from t", "select 1 from dual"), db.sqlTexts());
        }
    }

    @Test
    void moreRowsThanTheFirstBatchAreReadByTheDriversBackgroundThread() throws Exception {
        XuguReply.Rows many = rows(col("N", Type.INTEGER), col("S", Type.CHAR));
        for (int i = 0; i < 5000; i++) {
            many.row(i, "row " + i);
        }
        try (XuguWireDouble db = XuguWireDouble.start(new XuguScript().on("select many", many));
             Connection c = connect(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select many")) {
            int n = 0;
            while (rs.next()) {
                assertEquals(n, rs.getInt(1));
                n++;
            }
            assertEquals(5000, n);
        }
    }

    @Test
    void driverControlStatementsAreRecordedExactly() throws Exception {
        try (XuguWireDouble db = XuguWireDouble.start(keepAlive()); Connection c = connect(db)) {
            c.setAutoCommit(false);
            c.commit();
            c.rollback();
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            c.setAutoCommit(true);
            // setReadOnly sends nothing; SERIALIZABLE is silently sent as level 1, which is READ COMMITTED.
            assertEquals(List.of("set auto commit off", "commit", "rollback", "SET SESSION_ISO_LEVEL TO 1",
                "set auto commit on"), db.sqlTexts());
        }
    }
}
