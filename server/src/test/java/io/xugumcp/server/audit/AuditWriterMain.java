package io.xugumcp.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Caller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A second process writing to the same trail, for {@link AuditTrailTest}: args FILE CLIENT COUNT. */
public final class AuditWriterMain {
    private AuditWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        AuditSettings s = new AuditSettings(true, Path.of(args[0]), Duration.ofMillis(200), 64L << 20,
                true, 4000, true);
        Caller c = new Caller(args[1], "read_only", "stdio");
        try (AuditTrail t = AuditTrail.open(s, new ObjectMapper(), sql -> sql, "test")) {
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                t.record(c, "tool", Map.of("tool", "there", "outcome", "ok"));
                if (i % 50 == 0) {
                    Thread.sleep(5);
                }
            }
        }
    }
}
