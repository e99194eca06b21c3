package io.xugumcp.server.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A body is read whole before the application sees it, within a deadline and a size cap. */
class BodyFirstHandlerTest {
    private Server jetty;
    private int port;

    @BeforeEach
    void start() throws Exception {
        jetty = LoopbackJetty.create();
        // The application echoes the body it read, blocking, as the SDK's servlets do.
        Handler echo = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                response.write(true, ByteBuffer.wrap(("got:" + body).getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
        jetty.setHandler(new BodyFirstHandler(echo, 100, Duration.ofSeconds(1)));
        jetty.start();
        port = LoopbackJetty.port(jetty);
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    private String exchange(String head, String body, boolean finish) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write((head + body).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            if (finish) {
                s.shutdownOutput();
            } // else: the connection stays open and silent, so only the server's deadline or cap ends the request
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aCompleteBodyReachesTheApplication() throws IOException {
        String a = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\n", "hello", true);
        assertTrue(a.startsWith("HTTP/1.1 200") && a.endsWith("got:hello"), a);
    }

    @Test
    void aBodyNotCompleteInTimeGets408() throws IOException {
        String a = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n", "{", false);
        assertTrue(a.startsWith("HTTP/1.1 408"), a);
        assertTrue(a.contains("\"code\":-32600") && a.contains("not received within 1 s"), a);
    }

    @Test
    void aChunkedBodyOverTheCapGets413() throws IOException {
        String chunk = "x".repeat(60);
        String body = "3c\r\n" + chunk + "\r\n3c\r\n" + chunk + "\r\n0\r\n\r\n";
        String a = exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", body, true);
        assertTrue(a.startsWith("HTTP/1.1 413"), a);
        assertTrue(a.contains("Request body too large"), a);
    }

    @Test
    void aDeclaredLengthOverTheCapGets413WithoutReading() throws IOException {
        String a = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", "", false);
        assertTrue(a.startsWith("HTTP/1.1 413"), a);
    }
}
