package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LoginUserTest {
    private static final String OS_USER = "ada";

    @Test
    void onlyXuguDbGetsSysdbaByDefault() {
        assertEquals(new LoginUser("SYSDBA", null), LoginUser.of("jdbc:xugu://db:5138/SYSTEM?char_set=UTF8", "", OS_USER));
        assertEquals(new LoginUser("mcp_ro", null), LoginUser.of("jdbc:xugu://db:5138/SYSTEM", " mcp_ro ", OS_USER));
        // The issue: these inherited SYSDBA and the log said "as SYSDBA".
        assertEquals("ada", LoginUser.of("jdbc:postgresql://127.0.0.1:5432/test", "", OS_USER).name(),
                "PgJDBC's own default: the account name");
        assertEquals("", LoginUser.of("jdbc:h2:mem:x", "", OS_USER).name(), "H2's default: the empty user");
        assertEquals("(empty user)", LoginUser.of("jdbc:h2:mem:x", "", OS_USER).shown());
    }

    @Test
    void theUrlsUserIsTheOneUsed() {
        assertEquals(new LoginUser("reporter", null),
                LoginUser.of("jdbc:postgresql://h/test?ssl=false&user=reporter&password=x", "", OS_USER));
        assertEquals("名 字", LoginUser.of("jdbc:postgresql://h/test?user=%E5%90%8D+%E5%AD%97", "", OS_USER).name());
        assertEquals(new LoginUser("ALICE", null), LoginUser.of("jdbc:h2:mem:x;user=ALICE;PASSWORD=p", "", OS_USER));
        assertEquals(new LoginUser("reporter", "someone"),
                LoginUser.of("jdbc:postgresql://h/test?user=reporter", "someone", OS_USER), "the driver lets the URL win");
        assertNull(LoginUser.of("jdbc:h2:mem:x;USER=ALICE", "ALICE", OS_USER).overridden(), "the same user: nothing ignored");
    }

    @Test
    void theConfiguredUserWhenTheUrlNamesNone() {
        assertEquals(new LoginUser("app", null), LoginUser.of("jdbc:postgresql://h/test?ssl=false", "app", OS_USER));
        assertEquals(new LoginUser("APP", null), LoginUser.of("jdbc:h2:file:/d/x;IFEXISTS=TRUE", "APP", OS_USER));
        assertEquals(new LoginUser("app", null), LoginUser.of("jdbc:postgresql://h/test?xuser=bob", "app", OS_USER));
    }
}
