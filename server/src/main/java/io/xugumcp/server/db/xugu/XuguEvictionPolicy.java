package io.xugumcp.server.db.xugu;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells HikariCP which XuguDB errors leave a connection broken. Hikari evicts on SQLState class 08 and a few known
 * codes; the XuguDB driver reports {@code xugu50022} for a dropped or timed-out socket [V], so without this Hikari
 * would hand the dead connection to the next caller (the driver has already closed it).
 */
public final class XuguEvictionPolicy implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (XuguErrors.breaksConnection(e.getErrorCode())) {
            return Override.MUST_EVICT;
        }
        // Everything else: Hikari's own rules (our connection-level errors carry SQLState 08xxx).
        return Override.CONTINUE_EVICT;
    }
}
