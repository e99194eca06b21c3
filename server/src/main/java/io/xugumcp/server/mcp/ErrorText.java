package io.xugumcp.server.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a JSON-RPC error may say to a client: never a Java class name, a stack frame or a NullPointerException's
 * text. Messages of parse and shape errors are cleaned (Jackson names the classes it could not build); internal errors
 * (-32603) carry only a reference, and the log has the original under it.
 */
public final class ErrorText {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorText.class);
    /** `java.util.LinkedHashMap`, `io.modelcontextprotocol.spec.McpSchema$CallToolRequest` … */
    private static final Pattern QUOTED_CLASS = Pattern.compile("`[A-Za-z_$][\\w$]*(\\.[\\w$]+)+(<[^`]*>)?`");
    private static final Pattern BARE_CLASS = Pattern.compile(
            "\\b(java|javax|jakarta|io\\.modelcontextprotocol|io\\.xugumcp|com\\.fasterxml|reactor"
            + "|org\\.(eclipse|slf4j|h2|postgresql|pf4j))\\.[\\w.$]+");
    private static final Pattern SOURCE = Pattern.compile("\\s*at \\[Source:.*", Pattern.DOTALL);
    private static final Pattern CHAIN = Pattern.compile("\\s*\\(through reference chain:[^)]*\\)");
    private static final Pattern INTERNALS = Pattern.compile("NullPointerException|Cannot invoke \"|because \"|"
            + "ClassCastException|IllegalStateException|Exception:|\\.java:\\d+");

    private ErrorText() {
    }

    /** A parse or shape error's message without class names, source positions or reference chains. */
    public static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "the value has the wrong shape";
        }
        String m = SOURCE.matcher(message).replaceAll("");
        m = CHAIN.matcher(m).replaceAll("");
        m = QUOTED_CLASS.matcher(m).replaceAll("a value");
        m = BARE_CLASS.matcher(m).replaceAll("a value");
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        if (INTERNALS.matcher(m).find()) {
            return "the value has the wrong shape";
        }
        return m.length() > 300 ? m.substring(0, 300) + "…" : m.strip();
    }

    /** True when a client must not see {@code message} as it is. */
    static boolean revealsInternals(String message) {
        return message != null && (INTERNALS.matcher(message).find() || BARE_CLASS.matcher(message).find()
                || QUOTED_CLASS.matcher(message).find());
    }

    /**
     * The response as it may leave the server: an internal error keeps its code and id but says only where to look
     * (the original is logged under a reference); another error whose message shows internals gets a cleaned one; its
     * data is dropped when it shows internals. Anything else is returned as it is.
     */
    public static McpSchema.JSONRPCMessage scrub(McpSchema.JSONRPCMessage message) {
        if (!(message instanceof McpSchema.JSONRPCResponse r) || r.error() == null) {
            return message;
        }
        McpSchema.JSONRPCResponse.JSONRPCError e = r.error();
        boolean internal = e.code() == McpSchema.ErrorCodes.INTERNAL_ERROR;
        boolean dataLeaks = e.data() != null && revealsInternals(String.valueOf(e.data()));
        if (!internal && !revealsInternals(e.message()) && !dataLeaks) {
            return message;
        }
        String text;
        if (internal) {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.warn("Internal error answered to request {} (ref {}): {} {}", r.id(), ref, e.message(),
                    e.data() == null ? "" : e.data());
            text = "Internal error while handling the request; the server log has the details under reference " + ref
                    + ".";
        } else {
            text = clean(e.message());
        }
        Object data = dataLeaks || internal ? null : e.data();
        return new McpSchema.JSONRPCResponse(r.jsonrpc(), r.id(), null,
                new McpSchema.JSONRPCResponse.JSONRPCError(e.code(), text, data));
    }
}
