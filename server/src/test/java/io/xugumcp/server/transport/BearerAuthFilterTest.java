package io.xugumcp.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Anonymous HTTP callers are told apart by address and session, so they do not share one rate-limit bucket. */
class BearerAuthFilterTest {
    static HttpServletRequest request(String remote, Map<String, String> headers, Map<String, String> params) {
        return (HttpServletRequest) Proxy.newProxyInstance(BearerAuthFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRemoteAddr" -> remote;
                    case "getHeader" -> headers.get((String) a[0]);
                    case "getParameter" -> params.get((String) a[0]);
                    default -> null;
                });
    }

    @Test
    void twoSessionsFromOneAddressAreTwoClients() {
        String a = BearerAuthFilter.anonymousClient(request("127.0.0.1", Map.of("Mcp-Session-Id", "11111111-aaaa"), Map.of()));
        String b = BearerAuthFilter.anonymousClient(request("127.0.0.1", Map.of("Mcp-Session-Id", "22222222-bbbb"), Map.of()));
        String sse = BearerAuthFilter.anonymousClient(request("127.0.0.1", Map.of(), Map.of("sessionId", "33333333-cccc")));
        assertNotEquals(a, b);
        assertEquals("http-anonymous@127.0.0.1#11111111", a);
        assertEquals("http-anonymous@127.0.0.1#33333333", sse);
        assertEquals("http-anonymous@10.0.0.2", BearerAuthFilter.anonymousClient(request("10.0.0.2", Map.of(), Map.of())));
    }
}
