package io.xugumcp.server.write;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The write path's own audit records ({@code action = "write"}), one per phase, beside the per-statement records the
 * database service writes: {@code preview} (a dry run, or the look a change needing confirmation got before it was
 * held back), {@code confirmation} (a token redeemed or refused, or the person's answer) and {@code commit} (the run:
 * committed, rolled back, failed). Records of one change share {@code confirmationId} (never named "token": the trail
 * hides fields named like secrets, and the id is not one – the token's MAC is what proves it).
 */
final class WriteAudit {
    private final Audit audit;
    private final Caller caller;
    private final String tool;
    private final String callId;

    WriteAudit(Audit audit, Caller caller, String tool, String callId) {
        this.audit = audit;
        this.caller = caller;
        this.tool = tool;
        this.callId = callId;
    }

    /** A record builder for one phase. */
    Entry phase(String phase) {
        return new Entry(phase);
    }

    final class Entry {
        private final Map<String, Object> d = new LinkedHashMap<>();

        private Entry(String phase) {
            if (tool != null) {
                d.put("tool", tool);
                d.put("callId", callId);
            }
            d.put("phase", phase);
        }

        Entry change(String kind, String table) {
            d.put("change", kind);
            d.put("table", table);
            return this;
        }

        Entry confirmation(String id) {
            if (id != null) {
                d.put("confirmationId", id);
            }
            return this;
        }

        Entry put(String key, Object value) {
            if (value != null) {
                d.put(key, value);
            }
            return this;
        }

        void outcome(String outcome) {
            d.put("outcome", outcome);
            audit.record(caller, "write", d);
        }
    }
}
