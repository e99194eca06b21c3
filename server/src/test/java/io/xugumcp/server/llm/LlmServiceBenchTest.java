package io.xugumcp.server.llm;

import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (runs only with {@code -Dbench=true}): what the host adds around a provider on loopback –
 * a whole request, a streamed request of 50 events, and how long a cancelled stream takes to end.
 * <pre>mvn -B -o test -pl plugin-api,server -Dtest=LlmServiceBenchTest -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class LlmServiceBenchTest {

    @Test
    void hostOverheadOnLoopback() throws Exception {
        try (MockWebServer server = new MockWebServer(); LlmTestKit kit = new LlmTestKit()) {
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                events.append("data: {\"t\":\"tok").append(i).append(" \"}\n\n");
            }
            events.append("data: {\"done\":true,\"in\":100,\"out\":50}\n\n");
            String sse = events.toString();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    if (r.getBody().utf8().contains("\"stream\":true")) {
                        return new MockResponse.Builder().code(200).body(sse).build();
                    }
                    return new MockResponse.Builder().code(200)
                            .body("{\"text\":\"SELECT 1\",\"in\":100,\"out\":5}").build();
                }
            });
            server.start();
            Llm llm = kit.llm(new EchoProvider(), LlmTestKit.settings("echo", server));
            LlmRequest q = LlmRequest.of("You write SQL.", "List the customers.");
            for (int i = 0; i < 100; i++) {
                llm.complete(q);
                llm.stream(q, t -> { });
            }
            // The same exchange with a bare OkHttp client: what MockWebServer and loopback cost by themselves.
            okhttp3.OkHttpClient bare = new okhttp3.OkHttpClient();
            List<Long> raw = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                long t0 = System.nanoTime();
                try (okhttp3.Response r = bare.newCall(new okhttp3.Request.Builder().url(server.url("/echo"))
                        .post(okhttp3.RequestBody.create("{\"stream\":false}".getBytes(),
                                okhttp3.MediaType.get("application/json"))).build()).execute()) {
                    r.body().string();
                }
                raw.add(System.nanoTime() - t0);
            }
            List<Long> whole = new ArrayList<>();
            List<Long> streamed = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                long t0 = System.nanoTime();
                llm.complete(q);
                whole.add(System.nanoTime() - t0);
                t0 = System.nanoTime();
                llm.stream(q, t -> { });
                streamed.add(System.nanoTime() - t0);
            }
            System.out.printf("LLM bench: bare OkHttp median %.3f ms p99 %.3f ms%n", pct(raw, 50), pct(raw, 99));
            System.out.printf("LLM bench: complete median %.3f ms p99 %.3f ms; stream (50 events) median %.3f ms p99 %.3f ms%n",
                    pct(whole, 50), pct(whole, 99), pct(streamed, 50), pct(streamed, 99));

            List<Long> cancel = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                server.setDispatcher(new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest r) {
                        return new MockResponse.Builder().code(200).body(new MockResponseBody() {
                            @Override
                            public long getContentLength() {
                                return -1;
                            }

                            @Override
                            public void writeTo(BufferedSink sink) throws IOException {
                                sink.writeUtf8("data: {\"t\":\"x\"}\n\n").flush();
                                try {
                                    for (int i = 0; i < 3000; i++) {
                                        Thread.sleep(10);
                                        sink.writeUtf8(": ping\n\n").flush();
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        }).build();
                    }
                });
                kit.cancelled.set(false);
                long[] at = {0};
                Thread canceller = new Thread(() -> {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    at[0] = System.nanoTime();
                    kit.cancelled.set(true);
                });
                canceller.start();
                try {
                    llm.stream(q, t -> { });
                } catch (LlmException expected) {
                    cancel.add(System.nanoTime() - at[0]);
                }
                canceller.join();
            }
            System.out.printf("LLM bench: cancelled stream ends %.1f ms (median of %d) after the cancel%n",
                    pct(cancel, 50), cancel.size());
        }
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, s.size() * p / 100)) / 1e6;
    }
}
