package io.xugumcp.server.write;

import io.xugumcp.api.Caller;
import io.xugumcp.api.ClientChannel;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The tool call a {@link io.xugumcp.api.write.Writes} is bound to: who calls, which tool, with which arguments (the
 * confirmation token is bound to them), the way back to the client, and whether the call was cancelled.
 */
public record WriteCall(Caller caller, String tool, String callId, Map<String, Object> arguments, ClientChannel client,
                        BooleanSupplier cancelled) {
    public WriteCall {
        arguments = arguments == null ? Map.of() : arguments;
        cancelled = cancelled == null ? () -> false : cancelled;
    }

    /** The caller as a token is bound to it. */
    String callerKey() {
        return caller.clientId() + "|" + caller.role() + "|" + caller.transport();
    }
}
