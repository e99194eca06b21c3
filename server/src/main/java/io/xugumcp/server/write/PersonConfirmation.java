package io.xugumcp.server.write;

import io.xugumcp.api.ClientChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the person at the client (MCP elicitation, form mode) whether a change may run. Only an explicit "accept" with
 * the box ticked – or, for a destructive schema change, the object's name typed exactly – counts as yes; decline and
 * cancel are no. A client that cannot ask, or an ask that fails, is {@link Answer#UNAVAILABLE}: the caller then falls
 * back to the token round trip, never to running unconfirmed.
 */
final class PersonConfirmation {
    private static final Logger LOG = LoggerFactory.getLogger(PersonConfirmation.class);

    enum Answer {
        ACCEPTED, DECLINED, CANCELLED, UNAVAILABLE;

        String audit() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private PersonConfirmation() {
    }

    /** Asks yes or no. */
    static Answer askYesNo(ClientChannel client, String message) {
        Map<String, Object> confirm = new LinkedHashMap<>();
        confirm.put("type", "boolean");
        confirm.put("title", "Run it");
        confirm.put("description", "Tick to run the change described above; leave unticked or decline to change nothing.");
        confirm.put("default", false);
        Map<String, Object> result = ask(client, message, Map.of("confirm", confirm), List.of("confirm"));
        if (result == null) {
            return Answer.UNAVAILABLE;
        }
        Answer a = action(result);
        if (a != Answer.ACCEPTED) {
            return a;
        }
        Object content = result.get("content");
        return content instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("confirm")) ? Answer.ACCEPTED : Answer.DECLINED;
    }

    /** Asks the person to type {@code name} to confirm. */
    static Answer askName(ClientChannel client, String message, String name) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("type", "string");
        field.put("title", "Type " + name + " to confirm");
        field.put("description", "The change runs only if this is exactly " + name + ".");
        Map<String, Object> result = ask(client, message, Map.of("name", field), List.of("name"));
        if (result == null) {
            return Answer.UNAVAILABLE;
        }
        Answer a = action(result);
        if (a != Answer.ACCEPTED) {
            return a;
        }
        Object content = result.get("content");
        Object typed = content instanceof Map<?, ?> m ? m.get("name") : null;
        return typed instanceof String s && s.strip().equals(name) ? Answer.ACCEPTED : Answer.DECLINED;
    }

    private static Map<String, Object> ask(ClientChannel client, String message, Map<String, Object> properties,
                                           List<String> required) {
        if (client == null || !client.supportsElicitation()) {
            return null;
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("message", message);
        request.put("requestedSchema", schema);
        try {
            return client.elicit(request);
        } catch (RuntimeException e) {
            LOG.info("Asking the person through the client failed ({}); falling back to a confirmation token", e.toString());
            return null;
        }
    }

    private static Answer action(Map<String, Object> result) {
        Object action = result.get("action");
        String a = action == null ? "" : action.toString().toLowerCase(java.util.Locale.ROOT);
        return switch (a) {
            case "accept" -> Answer.ACCEPTED;
            case "decline" -> Answer.DECLINED;
            default -> Answer.CANCELLED;
        };
    }
}
