package io.xugumcp.server.db.xugu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.DatabaseException;
import io.xugumcp.api.DatabaseException.Category;
import io.xugumcp.server.db.SqlErrors;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** XuguDB errors read by code, then by text; the driver's code, SQLState and text are always kept. */
class XuguErrorsTest {

    private static SQLException xugu(int code, String text) {
        // As the driver builds them: SQLState "xugu" + code, message "[Ecode]text" [V].
        return new SQLException("[E" + code + "]" + text, "xugu" + code, code);
    }

    private static DatabaseException translate(SQLException e) {
        return SqlErrors.translate(e, new XuguDialect(), 30_000);
    }

    @Test
    void connectionCodesGetActionableMessages() {
        DatabaseException refused = translate(xugu(50025, "无法连接上服务器，可能原因：\n1.服务器地址错误"));
        assertEquals(Category.CONNECTION, refused.category());
        assertTrue(refused.getMessage().startsWith("Nothing accepted the connection"), refused.getMessage());
        assertTrue(refused.getMessage().contains("无法连接上服务器，可能原因： 1.服务器地址错误"), "kept, on one line");
        assertEquals(50025, refused.vendorCode());
        assertEquals("xugu50025", refused.sqlState());

        assertTrue(translate(xugu(50026, "无法获取服务器地址")).getMessage().contains("host name could not be resolved"));
        String login = translate(xugu(50027, "无法连接到指定服务器")).getMessage();
        assertTrue(login.contains("bad credentials, unknown database") && login.contains("closed the connection"), login);
        for (int code : new int[] {50020, 50021, 50022}) {
            DatabaseException e = translate(xugu(code, "x"));
            assertEquals(Category.CONNECTION, e.category(), String.valueOf(code));
            assertTrue(e.getMessage().contains("next call opens a new one"), e.getMessage());
            assertTrue(XuguErrors.breaksConnection(code));
        }
        assertFalse(XuguErrors.breaksConnection(13001));
    }

    @Test
    void serverCodesFromPublicSources() {
        assertEquals(Category.CONSTRAINT, translate(xugu(13001, "违反唯一值约束")).category());
        assertEquals(Category.CONSTRAINT, translate(xugu(13005, "违反外键约束")).category());
        assertEquals(Category.CONSTRAINT, translate(xugu(13008, "违反值检查约束")).category());
        assertEquals(Category.NOT_FOUND, translate(
            new SQLException("[E5021 L1 C15]表或视图T不存在", "xugu5021", 5021)).category());
        DatabaseException fetch = translate(xugu(19132, "syntax error near FETCH"));
        assertEquals(Category.SYNTAX, fetch.category());
        assertTrue(fetch.getMessage().contains("use LIMIT"), fetch.getMessage());
    }

    @Test
    void unknownCodesAreClassifiedByTextAndSaySo() {
        DatabaseException notNull = translate(xugu(16999, "列C不能为空"));
        assertEquals(Category.CONSTRAINT, notNull.category());
        assertTrue(notNull.getMessage().contains("NOT NULL") && notNull.getMessage().contains("Classified from the"
            + " message text"), notNull.getMessage());
        assertEquals(Category.PERMISSION, translate(xugu(18999, "权限不足")).category());
        assertEquals(Category.SYNTAX, translate(xugu(19999, "语法错误")).category());
        assertNull(XuguErrors.read(xugu(12345, "something else entirely")));
        assertEquals(Category.OTHER, translate(xugu(12345, "something else entirely")).category());
        // The driver's own client-side errors are not guessed from their text.
        assertNull(XuguErrors.read(xugu(50069, "ResultSet: an illegal type conversion")));
    }

    @Test
    void hikariEvictsConnectionsTheDriverBroke() {
        XuguEvictionPolicy policy = new XuguEvictionPolicy();
        assertEquals(com.zaxxer.hikari.SQLExceptionOverride.Override.MUST_EVICT, policy.adjudicate(xugu(50022, "x")));
        assertEquals(com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT,
            policy.adjudicate(xugu(13001, "x")));
    }

    @Test
    void urlGetsUtf8AndTheConnectDeadlineAsReadTimeout() {
        assertEquals("jdbc:xugu://h:1/DB?char_set=UTF8", XuguDataSource.withCharset("jdbc:xugu://h:1/DB"));
        assertEquals("jdbc:xugu://h:1/DB?char_set=GBK", XuguDataSource.withCharset("jdbc:xugu://h:1/DB?char_set=GBK"));
        assertEquals("jdbc:xugu://h:1/DB?a=1&connect_timeout=2000",
            XuguDataSource.withConnectTimeout("jdbc:xugu://h:1/DB?connect_timeout=99&a=1", 2000));
        assertEquals("jdbc:xugu://h:1/DB?connect_timeout=2000",
            XuguDataSource.withConnectTimeout("jdbc:xugu://h:1/DB", 2000));
    }
}
