package io.xugumcp.server.db.xugu;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Server session id per physical connection, recorded when the connection is opened. Weak keys: a connection that
 * is closed and dropped takes its entry with it. Looks through a pool proxy with {@code unwrap}.
 */
final class SessionIds {
    private final Map<Connection, Long> ids = Collections.synchronizedMap(new WeakHashMap<>());

    void put(Connection physical, Long sessionId) {
        if (sessionId != null) {
            ids.put(physical, sessionId);
        }
    }

    Long of(Connection c) {
        Long id = ids.get(c);
        if (id != null) {
            return id;
        }
        try {
            // A HikariCP proxy answers unwrap(Connection.class) with the connection it wraps.
            Connection physical = c.unwrap(Connection.class);
            return physical == c ? null : ids.get(physical);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }
}
