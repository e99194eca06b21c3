package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.security.RateLimitedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One HTTP client cannot take every pooled connection: another client always finds one. */
class ClientShareTest {
    private final ClientShare share = new ClientShare(() -> 4);
    private final Caller slow = new Caller("http-anonymous@127.0.0.1#aaaa", "data_analyst", "http");
    private final Caller other = new Caller("http-anonymous@127.0.0.1#bbbb", "data_analyst", "http");

    @Test
    void aClientRunsAllConnectionsButOneAndAnotherIsStillAdmitted() {
        List<AccessPolicy.Slot> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(share.enter(slow));
        }
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> share.enter(slow));
        assertTrue(refused.getMessage().contains("already runs 3 statements") && refused.getMessage().contains("Retry"),
                refused.getMessage());
        share.enter(other).close();
        held.remove(0).close();
        share.enter(slow).close(); // a finished statement frees the client's place
    }

    @Test
    void stdioKeepsTheWholePool() {
        Caller local = new Caller("stdio", "data_analyst", "stdio");
        for (int i = 0; i < 10; i++) {
            share.enter(local);
        }
    }
}
