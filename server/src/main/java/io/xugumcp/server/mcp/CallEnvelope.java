package io.xugumcp.server.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.Permission;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.plugin.ContextClassLoader;
import io.xugumcp.server.security.AccessPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a request reaches plugin code, for tools, resources and prompts alike: the caller's identity (failing
 * closed), the audit trail's health, the caller's rate limit and the permission the item needs, then the plugin's
 * code with its class loader as context loader, then exactly one audit record saying how it went. Errors are mapped
 * once: a {@link ToolException} is an answer the caller reads; anything else is logged with a reference id and the
 * caller gets that id, never a stack trace or a class name. Only the shape of an answer differs per kind
 * ({@link Answers}): a tool answers with an {@code isError} result, a resource or prompt with a JSON-RPC error.
 */
public final class CallEnvelope {
    private static final Logger LOG = LoggerFactory.getLogger(CallEnvelope.class);

    /** Codes that mean the call was refused (by the policy, the guard or the rate limiter) rather than failed. */
    static final Set<String> DENIALS = Set.of(ErrorCode.DENIED.code(), ErrorCode.REJECTED.code(),
            ErrorCode.NOT_A_READ.code(), ErrorCode.RATE_LIMITED.code(), ErrorCode.CONFIRMATION_INVALID.code(),
            ErrorCode.LIMIT_EXCEEDED.code());

    /** Stands in the audit record of a request that arrived without an identity (and was refused). */
    static final Caller UNIDENTIFIED = new Caller("unidentified", "", "unknown");

    private final Callers callers;
    private final AccessPolicy policy;
    private final Audit audit;

    public CallEnvelope(Callers callers, AccessPolicy policy, Audit audit) {
        this.callers = Objects.requireNonNull(callers, "callers");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** What can be called; the audit record's {@code action} and the field that names the item. */
    public enum Kind {
        TOOL("tool", "tool"),
        RESOURCE("resource", "uri"),
        PROMPT("prompt", "prompt");

        private final String action;
        private final String nameField;

        Kind(String action, String nameField) {
            this.action = action;
            this.nameField = nameField;
        }

        public String action() {
            return action;
        }
    }

    /**
     * One item being called.
     *
     * @param loader     the owning plugin's class loader, context loader while its code runs; null keeps the current
     * @param permission what the caller's role must hold ({@link Permission#NONE}: any known role)
     */
    public record Target(Kind kind, String name, String pluginId, ClassLoader loader, Permission permission) {
        public Target {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            permission = permission == null ? Permission.NONE : permission;
        }

        /** What the policy's messages call it: the tool's name, or {@code resource <uri>} / {@code prompt <name>}. */
        String label() {
            return kind == Kind.TOOL ? name : kind.action + " " + name;
        }
    }

    /** The work inside the envelope. */
    @FunctionalInterface
    public interface Body<T> {
        T run(Scope scope) throws Exception;
    }

    /** How one kind answers. */
    public interface Answers<T> {
        /** An error the caller should read: bad arguments, a denial, a rate limit, a database error … */
        T refused(ToolException e);

        /** A fault inside the server or a plugin; {@code message} gives the reference id of the server log's entry. */
        T failed(String message);
    }

    /** The call as its body sees it: who, under which id, and additions to its audit record. */
    public static final class Scope {
        private final Caller caller;
        private final String callId;
        private final Map<String, Object> details = new LinkedHashMap<>();
        private boolean failed;

        Scope(Caller caller, String callId) {
            this.caller = caller;
            this.callId = callId;
        }

        public Caller caller() {
            return caller;
        }

        /** The id written to the audit trail for this call (and for the statements it runs). */
        public String callId() {
            return callId;
        }

        /** Marks the call as failed although its body returned an answer (a tool result with {@code isError}). */
        public void failed() {
            failed = true;
        }

        /** Adds a field to this call's audit record (JSON-safe values; never a secret). */
        public void audit(String key, Object value) {
            details.put(key, value);
        }
    }

    /** Runs {@code body} for the caller of {@code exchange} inside the envelope, answering in the kind's shape. */
    public <T> T call(Target target, McpSyncServerExchange exchange, Body<T> body, Answers<T> answers) {
        long start = System.nanoTime();
        String callId = UUID.randomUUID().toString().substring(0, 13);
        Caller caller = UNIDENTIFIED;
        Scope scope = null;
        String outcome = "ok";
        String code = null;
        String reason = null;
        try {
            caller = callers.of(exchange);
            policy.checkTool(caller, target.label(), target.permission());
            Scope s = new Scope(caller, callId);
            scope = s;
            T answer = ContextClassLoader.call(target.loader(), () -> body.run(s));
            if (s.failed) {
                outcome = "error";
            }
            return answer;
        } catch (ToolException e) {
            code = e.code();
            outcome = outcomeOf(code);
            reason = "denied".equals(outcome) ? e.getMessage() : null;
            return answers.refused(e);
        } catch (McpError e) {
            // A body that answers with a protocol error of its own (e.g. a prompt's missing argument).
            outcome = "error";
            code = ErrorCode.INVALID_ARGUMENT.code();
            throw e;
        } catch (Exception | LinkageError e) {
            outcome = "error";
            code = ErrorCode.INTERNAL.code();
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("{} '{}' of plugin '{}' failed (ref {})", target.kind().action, target.name(), target.pluginId(),
                    ref, e);
            return answers.failed("Internal error in " + target.kind().action + " '" + target.name()
                    + "'. The server log has the details under reference " + ref + ".");
        } finally {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(target.kind().nameField, target.name());
            d.put("plugin", target.pluginId());
            d.put("callId", callId);
            d.put("permission", target.permission().name());
            d.put("outcome", outcome);
            if (code != null) {
                d.put("code", code);
            }
            if (reason != null) {
                d.put("reason", reason);
            }
            if (scope != null) {
                scope.details.forEach(d::putIfAbsent);
            }
            d.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
            audit.record(caller, target.kind().action, d);
        }
    }

    /** The audit outcome of an error code: {@code denied}, {@code timeout} or {@code error}. */
    static String outcomeOf(String code) {
        return DENIALS.contains(code) ? "denied" : ErrorCode.TIMEOUT.code().equals(code) ? "timeout" : "error";
    }

    /**
     * Answers as JSON-RPC errors (resources, prompts): a refusal is invalid params (a missing resource is
     * resource-not-found) with the error code in {@code data.code}; a fault is an internal error.
     */
    public static <T> Answers<T> jsonRpcErrors(Kind kind) {
        return new Answers<>() {
            @Override
            public T refused(ToolException e) {
                int rpc = kind == Kind.RESOURCE && ErrorCode.NOT_FOUND.code().equals(e.code())
                        ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND : McpSchema.ErrorCodes.INVALID_PARAMS;
                throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(rpc, e.getMessage(),
                        Map.of("code", e.code() == null ? ErrorCode.INVALID_ARGUMENT.code() : e.code())));
            }

            @Override
            public T failed(String message) {
                throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
                        message, Map.of("code", ErrorCode.INTERNAL.code())));
            }
        };
    }
}
