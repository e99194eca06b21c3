package io.xugumcp.server.write;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.write.Writes;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.sql.SqlGuard;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host's write path in-process on a real in-memory H2 database: pool, guard, policy, database service, catalog
 * and write service wired as the server wires them, with a recording audit trail, a settable clock and a scripted
 * client channel (progress recorded, elicitation answered as told).
 */
final class WriteFixture implements AutoCloseable {
    static final Caller EDITOR = new Caller("alice", "data_editor", "stdio");
    static final Caller OTHER = new Caller("bob", "data_editor", "http");

    final ConnectionPool pool;
    final CatalogService catalog;
    final DatabaseService database;
    final WriteService service;
    final List<Map<String, Object>> audit = new ArrayList<>();
    final MutableClock clock = new MutableClock();

    WriteFixture(String name, boolean readWrite, WriteSettings settings, String... ddl) throws Exception {
        this("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", readWrite, settings, ddl);
    }

    /** On any database the server supports (a real PostgreSQL, for example). */
    WriteFixture(String url, String user, boolean readWrite, WriteSettings settings, String... ddl) throws Exception {
        pool = ConnectionPool.open(new ServerConfig.Database(url, "", 0, "", user, "", "UTF8", Duration.ofSeconds(5), 1, 4,
                Duration.ofSeconds(5)), null);
        // The fixture's own set-up and clean-up change data: on PostgreSQL pooled connections rest read-only.
        try (Connection c = pool.writableConnection(); Statement s = c.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
        }
        catalog = new CatalogService(pool::connection, pool.dialect(), Duration.ofSeconds(5), Duration.ofMinutes(10));
        ServerConfig.Security limits = new ServerConfig.Security(readWrite, "data_editor", 1000, 8 << 20,
                Duration.ofSeconds(10), 100_000, 100);
        Audit recording = (caller, action, details) -> {
            synchronized (audit) {
                Map<String, Object> r = new LinkedHashMap<>(details);
                r.put("action", action);
                r.put("client", caller == null ? null : caller.clientId());
                audit.add(r);
            }
        };
        database = new DatabaseService(pool, new SqlGuard(pool.dialect().name()), AccessPolicy.globalMode(readWrite), limits, recording,
                catalog::invalidate);
        service = new WriteService(database, catalog, settings, recording, readWrite, clock);
    }

    Writes writes(Caller caller, String tool, Map<String, Object> args, Channel client) {
        return service.forCall(new WriteCall(caller, tool, "call-" + audit.size(), args, client, client.cancelled::get));
    }

    Writes writes(String tool, Map<String, Object> args) {
        return writes(EDITOR, tool, args, new Channel(null));
    }

    long count(String sql) throws Exception {
        try (Connection c = pool.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void exec(String sql) throws Exception {
        try (Connection c = pool.writableConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    List<Map<String, Object>> audit(String action) {
        synchronized (audit) {
            return audit.stream().filter(r -> action.equals(r.get("action"))).toList();
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A clock tests move forward. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-03-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * A client: elicitation answered with {@code answer} ({@code null}: the client cannot ask), progress recorded,
     * cancellation settable (also from a progress callback, like a person pressing stop after a batch).
     */
    static final class Channel implements ClientChannel {
        final Map<String, Object> answer;
        final List<Map<String, Object>> asked = new ArrayList<>();
        final List<Double> progress = new ArrayList<>();
        final AtomicBoolean cancelled = new AtomicBoolean();
        int cancelAfterProgress = -1;

        Channel(Map<String, Object> answer) {
            this.answer = answer;
        }

        @Override
        public void progress(double progress, Double total, String message) {
            this.progress.add(progress);
            if (cancelAfterProgress >= 0 && this.progress.size() >= cancelAfterProgress) {
                cancelled.set(true);
            }
        }

        @Override
        public void log(LogLevel level, String logger, String message) {
        }

        @Override
        public Map<String, Object> createMessage(Map<String, Object> request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Object> elicit(Map<String, Object> request) {
            asked.add(request);
            return answer;
        }

        @Override
        public boolean supportsElicitation() {
            return answer != null;
        }
    }
}
