package io.xugumcp.server.mcp;

import io.xugumcp.api.Caller;
import java.util.Map;

/**
 * Told when a tool call starts and ends (traces). Kept apart from the audit trail, which hears only the end.
 */
public interface CallObserver {
    CallObserver NONE = (tool, plugin, caller, meta, session) -> Handle.NONE;

    /**
     * Called on the thread that runs the call (statements the call runs are recorded on it too).
     *
     * @param caller    the caller the request carries, or null when it carries none (it is then refused)
     * @param meta      the request's {@code _meta} (may carry a W3C {@code traceparent}); may be null
     * @param sessionId the MCP session, or null
     */
    Handle toolCall(String tool, String pluginId, Caller caller, Map<String, Object> meta, String sessionId);

    /** The end of one call. */
    interface Handle {
        Handle NONE = (outcome, code, errorResult) -> { };

        /**
         * @param outcome     as audited: ok, denied, error, timeout
         * @param code        the error code, or null
         * @param errorResult true when the client got an {@code isError} result
         */
        void end(String outcome, String code, boolean errorResult);
    }
}
