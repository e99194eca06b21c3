package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LoginPasswordTest {

    @Test
    void theUrlsPasswordIsTheOneUsed() {
        assertEquals(new LoginPassword("p", false), LoginPassword.of("jdbc:h2:mem:x;user=ALICE;password=p", ""));
        assertEquals(new LoginPassword("a b", false),
                LoginPassword.of("jdbc:postgresql://h/test?user=r&password=a+b", ""), "PgJDBC decodes the value");
        assertEquals(new LoginPassword("p", true), LoginPassword.of("jdbc:h2:file:/d/x;PASSWORD=p", "other"));
        assertEquals(new LoginPassword("p", false), LoginPassword.of("jdbc:h2:file:/d/x;PASSWORD=p", "p"));
        assertEquals(new LoginPassword("", false), LoginPassword.of("jdbc:h2:mem:x;PASSWORD=", ""));
    }

    @Test
    void theConfiguredPasswordWhenTheUrlCarriesNone() {
        assertEquals(new LoginPassword("c", false), LoginPassword.of("jdbc:h2:mem:x;USER=A", "c"));
        assertEquals(new LoginPassword("c", false), LoginPassword.of("jdbc:postgresql://h/test?xpassword=u", "c"));
        assertEquals(new LoginPassword("c", false), LoginPassword.of("jdbc:xugu://h:5138/SYSTEM?password=u", "c"),
                "XuguDB URLs are left as they are");
    }

    @Test
    void neverPrintsThePassword() {
        assertFalse(LoginPassword.of("jdbc:h2:mem:x;PASSWORD=hush", "").toString().contains("hush"));
    }
}
