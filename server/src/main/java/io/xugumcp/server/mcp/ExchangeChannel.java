package io.xugumcp.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.ClientChannel;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.Locale;
import java.util.Map;

/** {@link ClientChannel} over the SDK's exchange of one request. */
final class ExchangeChannel implements ClientChannel {
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };
    private final McpSyncServerExchange exchange;
    private final Object progressToken;
    private final McpJsonMapper json;

    ExchangeChannel(McpSyncServerExchange exchange, Object progressToken, McpJsonMapper json) {
        this.exchange = exchange;
        this.progressToken = progressToken;
        this.json = json;
    }

    @Override
    public void progress(double progress, Double total, String message) {
        if (progressToken != null && exchange != null) {
            exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, progress, total, message));
        }
    }

    @Override
    public void log(LogLevel level, String logger, String message) {
        if (exchange != null) {
            exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder()
                    .level(McpSchema.LoggingLevel.valueOf(level.name()))
                    .logger(logger)
                    .data(message)
                    .build());
        }
    }

    @Override
    public Map<String, Object> createMessage(Map<String, Object> request) {
        McpSchema.ClientCapabilities caps = exchange == null ? null : exchange.getClientCapabilities();
        if (caps == null || caps.sampling() == null) {
            throw new ToolException(ErrorCode.UNSUPPORTED, "The client does not support sampling (sampling/createMessage).");
        }
        McpSchema.CreateMessageRequest req = json.convertValue(request, McpSchema.CreateMessageRequest.class);
        return json.convertValue(exchange.createMessage(req), MAP);
    }

    @Override
    public Map<String, Object> elicit(Map<String, Object> request) {
        McpSchema.ClientCapabilities caps = exchange == null ? null : exchange.getClientCapabilities();
        if (caps == null || caps.elicitation() == null) {
            throw new ToolException(ErrorCode.UNSUPPORTED, "The client does not support elicitation (elicitation/create).");
        }
        McpSchema.ElicitRequest req = json.convertValue(request, McpSchema.ElicitRequest.class);
        return json.convertValue(exchange.createElicitation(req), MAP);
    }

    @Override
    public boolean supportsElicitation() {
        McpSchema.ClientCapabilities caps = exchange == null ? null : exchange.getClientCapabilities();
        return caps != null && caps.elicitation() != null;
    }

    @Override
    public boolean supportsSampling() {
        McpSchema.ClientCapabilities caps = exchange == null ? null : exchange.getClientCapabilities();
        return caps != null && caps.sampling() != null;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
