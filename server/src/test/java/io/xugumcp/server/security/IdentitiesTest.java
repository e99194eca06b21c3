package io.xugumcp.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentitiesTest {

    private static SecuritySettings settings(String hocon, String plain) {
        return SecuritySettings.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference())
                .resolve(), false, plain, Path.of("/tmp/x"));
    }

    @Test
    void tokensAreKnownByTheirHashAndMapToClientAndRole() {
        String alice = Identities.newToken();
        String bob = Identities.newToken();
        assertNotEquals(alice, bob);
        assertEquals(64, Identities.hashToken(alice).length());
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Identities.hashToken("test"));
        SecuritySettings s = settings("xugu-mcp.security.tokens = ["
                + "{ client = alice, role = read_only, sha256 = \"" + Identities.hashToken(alice) + "\" },"
                + "{ client = bob, role = admin, sha256 = \"sha256:" + Identities.hashToken(bob).toUpperCase() + "\" }]",
                "shared-secret");
        Identities ids = new Identities(s);
        assertTrue(ids.tokenRequired());
        assertEquals(3, ids.tokenCount());
        assertEquals(Optional.of(new Identities.Identity("alice", "read_only")), ids.authenticate(alice));
        assertEquals(Optional.of(new Identities.Identity("bob", "admin")), ids.authenticate(bob));
        assertEquals(Optional.of(new Identities.Identity("http-token", "data_analyst")), ids.authenticate("shared-secret"));
        assertEquals(Optional.empty(), ids.authenticate("wrong"));
        assertEquals(Optional.empty(), ids.authenticate(alice + " "));
        assertEquals(Optional.empty(), ids.authenticate(""));
        assertEquals(Optional.empty(), ids.authenticate(null));
        assertFalse(s.toString().contains(Identities.hashToken(alice)), "settings never print hashes");
        assertFalse(s.toString().contains("shared-secret"));
    }

    @Test
    void withoutTokensHttpCallersAreAnonymousWithTheDefaultRole() {
        Identities ids = new Identities(settings("", ""));
        assertFalse(ids.tokenRequired());
        assertEquals(new Identities.Identity("http-anonymous", "data_analyst"), ids.anonymous());
        assertEquals("stdio", ids.stdio().clientId());
        assertEquals("data_analyst", ids.stdio().role());
    }
}
