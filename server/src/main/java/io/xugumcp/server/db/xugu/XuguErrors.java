package io.xugumcp.server.db.xugu;

import io.xugumcp.api.DatabaseException.Category;
import io.xugumcp.server.db.ErrorReading;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads XuguDB driver errors. Their SQLState is {@code "xugu" + code}, which no generic rule understands, so the
 * error code decides. Each code below names where it is known from:
 * <ul>
 *   <li>[V] the driver's own table {@code JdbcErrorCode.txt} in xugu-jdbc 12.2.0, and runs of the driver against the
 *       protocol-level test double;</li>
 *   <li>[P] a primary public source (see xugudb-notes);</li>
 *   <li>[S] secondary sources: an independent client or community documents. Used because a wrong guess only
 *       changes the first words of the message: the server's own text and code are always kept.</li>
 * </ul>
 * Codes not listed (the server's catalogue is not public) are classified by words in the server's message, and the
 * message says so.
 */
public final class XuguErrors {

    /** Connection closed [V: JdbcErrorCode.txt "连接已关闭"]. */
    public static final int CLOSED = 50020;
    /** Connection re-established after a break [V: "与服务器重新建立连接"]. */
    public static final int RECONNECTED = 50021;
    /**
     * Connection broken: network failure, server gone, or the read timeout set by {@code setNetworkTimeout} /
     * {@code connect_timeout} ran out [V: "与服务器间的连接已经断开", and runs against the double].
     */
    public static final int BROKEN = 50022;
    /** Nothing accepted the TCP connection [V: "无法连接上服务器"; refused port measured]. */
    public static final int REFUSED = 50025;
    /** The host name does not resolve [V: "无法获取服务器地址"]. */
    public static final int UNKNOWN_HOST = 50026;
    /**
     * Login failed: unknown user, wrong password, unknown database, no login right [V: "无法连接到指定服务器"] – and
     * also a server that closes the connection during the login [V: runs against the double].
     */
    public static final int LOGIN_FAILED = 50027;
    /** The driver ran out of retries to connect [V: "重试N次，无法连接上服务器"]. */
    public static final int RETRIES_EXHAUSTED = 51023;
    /** SQL text longer than 2 MiB [V: "SQL命令长度超过允许的最大长度", limit read from ConnectionIO.checkSqlLen]. */
    public static final int SQL_TOO_LONG = 50028;
    /** {@code getObject} cannot convert this type [V: "Required type conversion not allowed"]. */
    public static final int CONVERSION_NOT_ALLOWED = 50044;

    /** Unique or primary key violated [S: sqlx-xugu error.rs, xugudb-dev-skills, an application's error check]. */
    public static final int UNIQUE_VIOLATION = 13001;
    /** A constraint violated [S: sqlx-xugu error.rs "违反约束"]. */
    public static final int CONSTRAINT_VIOLATION = 13004;
    /** Foreign key violated [S: sqlx-xugu error.rs "违反外键约束"]. */
    public static final int FOREIGN_KEY_VIOLATION = 13005;
    /** Check constraint violated [S: sqlx-xugu error.rs "违反值检查约束"]. */
    public static final int CHECK_VIOLATION = 13008;
    /** Table or view does not exist [S: xugudb-dev-skills, and a tool's sample "[E5021 L1 C15] 表或视图T不存在"]. */
    public static final int TABLE_NOT_FOUND = 5021;
    /** {@code OFFSET ... FETCH FIRST} rejected [P: see xugudb-notes, dialect cheat-sheet]. */
    public static final int FETCH_FIRST_REJECTED = 19132;

    private static final String NEXT_CALL = " The connection was discarded; the next call opens a new one.";

    private static final Map<Integer, ErrorReading> BY_CODE = Map.ofEntries(
            Map.entry(CLOSED, new ErrorReading(Category.CONNECTION,
                    "The connection to the database was already closed (broken earlier)." + NEXT_CALL)),
            Map.entry(RECONNECTED, new ErrorReading(Category.CONNECTION,
                    "The connection to the database broke (network interruption or server restart)." + NEXT_CALL)),
            Map.entry(BROKEN, new ErrorReading(Category.CONNECTION,
                    "The connection to the database broke or timed out (network failure, server closed it, or no"
                            + " answer in time)." + NEXT_CALL)),
            Map.entry(REFUSED, new ErrorReading(Category.CONNECTION,
                    "Nothing accepted the connection at the configured host and port: is the XuguDB server running,"
                            + " and are xugu-mcp.database.host / port (XUGU_DB_HOST, XUGU_DB_PORT, default port 5138)"
                            + " right?")),
            Map.entry(UNKNOWN_HOST, new ErrorReading(Category.CONNECTION,
                    "The database host name could not be resolved: check xugu-mcp.database.host (XUGU_DB_HOST) or"
                            + " the host in XUGU_DB_URL.")),
            Map.entry(LOGIN_FAILED, new ErrorReading(Category.CONNECTION,
                    "The login was refused: bad credentials, unknown database, a user without the right to log in,"
                            + " or the server closed the connection. Check XUGU_DB_USER, XUGU_DB_PASSWORD and"
                            + " XUGU_DB_DATABASE.")),
            Map.entry(RETRIES_EXHAUSTED, new ErrorReading(Category.CONNECTION,
                    "The driver could not reach the database after several attempts: is the server running and"
                            + " reachable?")),
            Map.entry(SQL_TOO_LONG, new ErrorReading(Category.OTHER,
                    "The SQL text is longer than the 2 MiB the XuguDB driver can send. Send a shorter statement.")),
            Map.entry(CONVERSION_NOT_ALLOWED, new ErrorReading(Category.OTHER,
                    "The XuguDB driver cannot read a value of this column type. Cast the column to text in the"
                            + " SELECT (e.g. col::VARCHAR).")),
            Map.entry(UNIQUE_VIOLATION, new ErrorReading(Category.CONSTRAINT,
                    "A unique or primary key constraint was violated: the value already exists.")),
            Map.entry(CONSTRAINT_VIOLATION, new ErrorReading(Category.CONSTRAINT, "A constraint was violated.")),
            Map.entry(FOREIGN_KEY_VIOLATION, new ErrorReading(Category.CONSTRAINT,
                    "A foreign key constraint was violated: the referenced row is missing, or other rows still"
                            + " refer to this one.")),
            Map.entry(CHECK_VIOLATION, new ErrorReading(Category.CONSTRAINT,
                    "A check constraint was violated by the value.")),
            Map.entry(TABLE_NOT_FOUND, new ErrorReading(Category.NOT_FOUND,
                    "The table or view does not exist. List the tables first to get exact names (unquoted names are"
                            + " upper case in XuguDB).")),
            Map.entry(FETCH_FIRST_REJECTED, new ErrorReading(Category.SYNTAX,
                    "XuguDB rejects OFFSET ... FETCH FIRST: use LIMIT n [OFFSET m] instead.")));

    /** Message words for codes not in the table; checked in this order. */
    private record ByText(Pattern pattern, ErrorReading reading) {
    }

    private static final String GUESSED = " (Classified from the message text: this XuguDB error code is not in"
            + " xugu-mcp's table.)";

    private static final ByText[] BY_TEXT = {
        new ByText(Pattern.compile("唯一|unique|duplicate"), new ErrorReading(Category.CONSTRAINT,
                "A unique constraint was violated." + GUESSED)),
        new ByText(Pattern.compile("外键|foreign key"), new ErrorReading(Category.CONSTRAINT,
                "A foreign key constraint was violated." + GUESSED)),
        new ByText(Pattern.compile("非空|不能为空|不允许为空|not null|null value"), new ErrorReading(Category.CONSTRAINT,
                "A NOT NULL column was given no value." + GUESSED)),
        new ByText(Pattern.compile("约束|constraint"), new ErrorReading(Category.CONSTRAINT,
                "A constraint was violated." + GUESSED)),
        new ByText(Pattern.compile("权限|privilege|permission|denied|not authorized"), new ErrorReading(
                Category.PERMISSION, "The database user lacks the privilege for this." + GUESSED)),
        new ByText(Pattern.compile("不存在|does not exist|not exist|not found|unknown (table|column)"),
                new ErrorReading(Category.NOT_FOUND, "A named object does not exist. List the tables or columns first"
                        + " to get exact names." + GUESSED)),
        new ByText(Pattern.compile("语法|syntax|parse"), new ErrorReading(Category.SYNTAX,
                "The statement has a syntax error." + GUESSED)),
    };

    private XuguErrors() {
    }

    /** The reading of {@code e}, or {@code null} when neither its code nor its text says anything. */
    public static ErrorReading read(SQLException e) {
        ErrorReading known = BY_CODE.get(e.getErrorCode());
        if (known != null) {
            return known;
        }
        if (e.getErrorCode() >= 50000) {
            // The driver's own client-side errors: its text (Chinese, from JdbcErrorCode.txt) is all there is.
            return null;
        }
        String text = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        for (ByText t : BY_TEXT) {
            if (t.pattern().matcher(text).find()) {
                return t.reading();
            }
        }
        return null;
    }

    /** True for the codes after which the connection is unusable: the pool must discard it. */
    public static boolean breaksConnection(int code) {
        return code == CLOSED || code == RECONNECTED || code == BROKEN || code == REFUSED || code == UNKNOWN_HOST
                || code == LOGIN_FAILED || code == RETRIES_EXHAUSTED;
    }
}
