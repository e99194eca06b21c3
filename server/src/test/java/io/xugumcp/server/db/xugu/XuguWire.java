package io.xugumcp.server.db.xugu;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Codec for the XuguDB client/server wire protocol, as far as the JDBC driver
 * {@code com.xugudb:xugu-jdbc:12.2.0} speaks it. Every fact here was read from the driver's bytecode
 * ({@code ConnectionIO}, {@code Statement.firstResultSet/readFieldsInfo/prepare/readParameters},
 * {@code ResultSet.get*}, {@code TypesUtil}) and then checked by running the driver against
 * {@link XuguWireDouble}. It says what the driver accepts, not what a real server sends.
 *
 * <p>Framing (all integers big-endian):
 * <ul>
 *   <li>login: ASCII {@code login database='DB' user=U password=P version=301 ...} + {@code 0x00};
 *       reply read by ONE socket read: byte 0 {@code K} (ok, protocol 201) or {@code N} (ok, protocol 301);
 *       anything else, or EOF, is E50027.</li>
 *   <li>command: {@code '?'} + int32 length + SQL bytes (session charset) + {@code 0x00} + parameter block
 *       (int32 count, then per parameter: int16 name length, name, int16 in/out (1 = in), int16 wire type,
 *       int32 data length, data).</li>
 *   <li>halt: the single byte {@code '.'}, sent when {@code setMaxRows(n)} is reached within the first 2000 rows.</li>
 *   <li>replies: tagged messages, ended by {@code K} (or {@code <}): {@code A} int32 column count then per column
 *       str name, int32 wire type, int32 precision/scale, int32 flags; {@code R} one row, per column int32 length
 *       + bytes, length &lt;= 0 is NULL; {@code U}/{@code D} int32 count; {@code I} str rowid; {@code E}/{@code F}
 *       str error text {@code [Ecode]message}; {@code W}/{@code M} str warning; {@code $} parameter descriptions
 *       (int32 count, per parameter str name, int32 in/out minus 1, int32 wire type, int32 precision/scale).
 *       "str" is int32 length + bytes.</li>
 * </ul>
 */
public final class XuguWire {

    private XuguWire() {
    }

    /** Message tags. */
    static final int CMD = '?';
    static final int HALT = '.';
    static final int LOGIN_OK_201 = 'K';
    static final int LOGIN_OK_301 = 'N';
    static final int END = 'K';
    static final int ERROR = 'E';
    static final int COLUMNS = 'A';
    static final int ROW = 'R';
    static final int UPDATED = 'U';
    static final int DELETED = 'D';
    static final int INSERTED = 'I';
    static final int WARNING = 'W';
    static final int PARAMS = '$';

    /**
     * Wire type codes ({@code TypesUtil.REDHORSE_TYPE_*}) with the {@code java.sql.Types} value the driver reports
     * for them ({@code TypesUtil.toJavaType}). Note BIGINT is reported as NUMERIC (2), and the non-standard
     * 3001..3700 codes only exist on the JDBC side: on the wire they are 12..47.
     * Codes 31 (NCHAR), 35..44 and 46 are known to the server but {@code getObject} throws E50044 for them.
     */
    public enum Type {
        BOOLEAN(2, Types.BOOLEAN),
        TINYINT(3, Types.TINYINT),
        SMALLINT(4, Types.SMALLINT),
        INTEGER(5, Types.INTEGER),
        BIGINT(6, Types.NUMERIC),
        NUMERIC(7, Types.NUMERIC),
        FLOAT(8, Types.FLOAT),
        DOUBLE(9, Types.DOUBLE),
        DATE(10, Types.DATE),
        TIME(11, Types.TIME),
        TIME_TZ(12, 3200),
        DATETIME(13, Types.TIMESTAMP),
        DATETIME_TZ(14, 3100),
        INTERVAL_Y(15, 3001),
        INTERVAL_Y2M(16, 3007),
        INTERVAL_M(17, 3002),
        INTERVAL_D(18, 3003),
        INTERVAL_D2H(19, 3008),
        INTERVAL_H(20, 3004),
        INTERVAL_D2M(21, 3009),
        INTERVAL_H2M(22, 3011),
        INTERVAL_MI(23, 3005),
        INTERVAL_D2S(24, 3010),
        INTERVAL_H2S(25, 3012),
        INTERVAL_M2S(26, 3013),
        INTERVAL_S(27, 3006),
        ROWVERSION(28, 3399),
        GUID(29, 3400),
        CHAR(30, Types.VARCHAR),
        /** Reported as VARCHAR (toJavaType's default), but getObject throws E50044 for it [V]. */
        NCHAR(31, Types.VARCHAR),
        CLOB(32, Types.CLOB),
        BINARY(33, Types.BINARY),
        BLOB(34, Types.BLOB),
        ROWID(45, Types.ROWID),
        JSON(47, 3700);

        public final int code;
        public final int jdbcType;

        Type(int code, int jdbcType) {
            this.code = code;
            this.jdbcType = jdbcType;
        }

        static Type ofCode(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One column of an {@code A} message. {@code precScale} is {@code precision << 16 | scale} for NUMERIC. */
    public record Column(String name, Type type, int precScale, int flags) {
        public Column {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("column name must not be empty");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Values: Java object -> cell bytes, exactly as ResultSet.get* decodes them.

    /**
     * Encodes one cell. {@code null} gives {@code null} (sent as length 0, which the driver reads as SQL NULL).
     * A {@code byte[]} is always sent as is, whatever the type, to let tests send malformed cells.
     */
    public static byte[] encode(Type type, Object v, Charset cs) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] raw) {
            return raw;
        }
        return switch (type) {
            // getBoolean accepts 'T','t','1' / 'F','f','0'; getString returns the raw text.
            case BOOLEAN -> new byte[] {(byte) (((Boolean) v) ? 'T' : 'F')};
            // getByte/getString read the LAST byte of the cell.
            case TINYINT -> new byte[] {((Number) v).byteValue()};
            case SMALLINT -> ByteBuffer.allocate(2).putShort(((Number) v).shortValue()).array();
            case INTEGER -> ByteBuffer.allocate(4).putInt(((Number) v).intValue()).array();
            case BIGINT -> ByteBuffer.allocate(8).putLong(((Number) v).longValue()).array();
            // NUMERIC travels as text.
            case NUMERIC -> ascii(v instanceof BigDecimal bd ? bd.toPlainString() : v.toString());
            case FLOAT -> ByteBuffer.allocate(4).putFloat(((Number) v).floatValue()).array();
            case DOUBLE -> ByteBuffer.allocate(8).putDouble(((Number) v).doubleValue()).array();
            // DATE: int32 days since 1970-01-01; the driver rebuilds Y-M-D arithmetically (no time zone).
            case DATE -> i32((int) ((LocalDate) v).toEpochDay());
            // TIME: int32 milliseconds of the day.
            case TIME -> i32((int) (((LocalTime) v).toNanoOfDay() / 1_000_000));
            // DATETIME: int64 milliseconds since 1970 of the WALL CLOCK (read as if UTC, then built in the JVM zone).
            case DATETIME -> i64(((LocalDateTime) v).toInstant(ZoneOffset.UTC).toEpochMilli());
            // TIME_TZ: int32 ms of the UTC time + int16 offset minutes; the driver shows the time at that offset.
            case TIME_TZ -> {
                OffsetTime t = (OffsetTime) v;
                LocalTime utc = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
                yield concat(i32((int) (utc.toNanoOfDay() / 1_000_000)), i16(t.getOffset().getTotalSeconds() / 60));
            }
            // DATETIME_TZ: int64 MICROseconds of the instant + int16 offset minutes.
            case DATETIME_TZ -> {
                OffsetDateTime t = (OffsetDateTime) v;
                long micros = t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
                yield concat(i64(micros), i16(t.getOffset().getTotalSeconds() / 60));
            }
            // Single-unit and *2H/*2M intervals: int32 count of the smallest unit (Y2M months, D2H hours, D2M/H2M
            // minutes). *2S and SECOND: int64 microseconds.
            case INTERVAL_Y, INTERVAL_Y2M, INTERVAL_M, INTERVAL_D, INTERVAL_D2H, INTERVAL_H, INTERVAL_D2M,
                 INTERVAL_H2M, INTERVAL_MI -> i32(((Number) v).intValue());
            case INTERVAL_D2S, INTERVAL_H2S, INTERVAL_M2S, INTERVAL_S ->
                i64(v instanceof Duration d ? d.toNanos() / 1_000 : ((Number) v).longValue());
            // Text types: charset bytes. An empty string must be ONE 0x00 byte: length 0 means NULL.
            case CHAR, NCHAR, CLOB, JSON, ROWID, ROWVERSION, GUID -> {
                String s = v.toString();
                yield s.isEmpty() ? new byte[] {0} : s.getBytes(cs);
            }
            case BINARY, BLOB -> throw new IllegalArgumentException(type + " cells take a byte[]");
        };
    }

    public static byte[] i16(int v) {
        return ByteBuffer.allocate(2).putShort((short) v).array();
    }

    public static byte[] i32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    public static byte[] i64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Frames.

    /** Builds reply bytes; everything is buffered so one reply goes out in one write. */
    public static final class Frame {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Charset cs;

        Frame(Charset cs) {
            this.cs = cs;
        }

        Frame tag(int tag) {
            out.write(tag);
            return this;
        }

        Frame i32(int v) {
            out.writeBytes(XuguWire.i32(v));
            return this;
        }

        /** int32 length + bytes; the driver's {@code ConnectionIO.readStr}. */
        Frame str(String s) {
            return bytes(s.getBytes(cs));
        }

        /** int32 length + bytes; {@code null} is length 0. */
        Frame bytes(byte[] b) {
            if (b == null) {
                return i32(0);
            }
            i32(b.length);
            out.writeBytes(b);
            return this;
        }

        Frame columns(List<Column> columns) {
            tag(COLUMNS).i32(columns.size());
            for (Column c : columns) {
                str(c.name()).i32(c.type().code).i32(c.precScale()).i32(c.flags());
            }
            return this;
        }

        Frame row(List<Column> columns, List<?> values) {
            tag(ROW);
            for (int i = 0; i < columns.size(); i++) {
                bytes(encode(columns.get(i).type(), values.get(i), cs));
            }
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Requests.

    /** A parameter of an executed prepared statement, as the driver encoded it. */
    public record Param(String name, int inOut, int wireType, byte[] data, Object value) {
        /** The wire type as an enum, or {@code null} for codes the double does not know. */
        Type type() {
            return Type.ofCode(wireType);
        }

        @Override
        public String toString() {
            return name + ":" + (type() == null ? wireType : type()) + "=" + value;
        }
    }

    /** Reads the remainder of a {@code '?'} command (after the tag). */
    public record RawCommand(String sql, List<Param> params) {
    }

    public static RawCommand readCommand(DataInputStream in, Charset cs) throws IOException {
        int len = in.readInt();
        byte[] sql = new byte[len];
        in.readFully(sql);
        int terminator = in.read();
        if (terminator != 0) {
            throw new IOException("SQL not terminated by 0x00 but " + terminator);
        }
        int count = in.readInt();
        List<Param> params = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[in.readShort()];
            in.readFully(name);
            int inOut = in.readShort();
            int type = in.readShort();
            int dataLen = in.readInt();
            byte[] data = new byte[Math.max(dataLen, 0)];
            in.readFully(data);
            params.add(new Param(new String(name, cs), inOut, type, data, decodeParam(type, data, cs)));
        }
        return new RawCommand(new String(sql, cs), Collections.unmodifiableList(params));
    }

    /** Decodes parameter data the way the driver encodes it (length 0 is NULL: setNull and setString("") alike). */
    public static Object decodeParam(int wireType, byte[] data, Charset cs) {
        if (data.length == 0) {
            return null;
        }
        Type t = Type.ofCode(wireType);
        if (t == null) {
            return data;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        return switch (t) {
            case BOOLEAN -> data[0] == 1 || data[0] == 'T' || data[0] == 't' || data[0] == '1';
            case TINYINT -> data[data.length - 1];
            case SMALLINT -> b.getShort();
            case INTEGER -> b.getInt();
            case BIGINT -> b.getLong();
            case FLOAT -> b.getFloat();
            case DOUBLE -> b.getDouble();
            case BINARY, BLOB -> data;
            default -> new String(data, cs);
        };
    }

    /** A parsed login string. Values are kept as the server would split them: unquoted ones end at a blank. */
    public record Login(String raw, Map<String, String> fields) {
        public String database() {
            return fields.get("database");
        }

        public String user() {
            return fields.get("user");
        }

        public String password() {
            return fields.get("password");
        }

        /** The session charset; the driver defaults to GBK when {@code char_set} is not given. */
        public Charset charset() {
            String cs = fields.getOrDefault("char_set", "GBK").toUpperCase(Locale.ROOT);
            return "UTF8".equals(cs) || "UTF-8".equals(cs) ? StandardCharsets.UTF_8 : Charset.forName("GBK");
        }
    }

    private static final Pattern LOGIN_FIELD = Pattern.compile("(\\w+)=(?:'([^']*)'|(\\S*))");

    public static Login parseLogin(byte[] raw) {
        // The login string is ASCII except for user, password and database names, sent in the session charset.
        String latin = new String(raw, StandardCharsets.ISO_8859_1);
        Login probe = parse(latin);
        String text = new String(raw, probe.charset());
        return parse(text);
    }

    private static Login parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String body = text.startsWith("login ") ? text.substring("login ".length()) : text;
        Matcher m = LOGIN_FIELD.matcher(body);
        while (m.find()) {
            fields.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return new Login(text, Collections.unmodifiableMap(fields));
    }

    /** Counts {@code ?} placeholders outside quotes and comments, as the server must to describe parameters. */
    public static int countPlaceholders(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                i = end < 0 ? sql.length() : end;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '?') {
                n++;
            }
        }
        return n;
    }
}
