package io.xugumcp.testing;

import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every audit record the host wrote while the test ran – one per call ({@code tool}, {@code resource}, {@code prompt}),
 * one per statement ({@code statement}), and a plugin's own events ({@code plugin.<id>.<action>}) – in order.
 * The records also reach the host's real, hash-chained audit trail in the test's temporary folder.
 */
public final class CapturedAudit implements Audit {
    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
    private final Audit next;

    CapturedAudit(Audit next) {
        this.next = next;
    }

    /** One record: who, what, and the details as the host wrote them. */
    public record Entry(Caller caller, String action, Map<String, Object> details) {

        /** A detail, e.g. {@code outcome}, {@code tool}, {@code code}, {@code sql}. */
        public Object get(String key) {
            return details.get(key);
        }
    }

    @Override
    public void record(Caller caller, String action, Map<String, Object> details) {
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
        entries.add(new Entry(caller, action, copy));
        next.record(caller, action, details);
    }

    /** All records so far. */
    public List<Entry> all() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The records with the given action ({@code tool}, {@code statement}, {@code prompt} …). */
    public List<Entry> of(String action) {
        return all().stream().filter(e -> e.action().equals(action)).toList();
    }

    /** The last record with the given action. */
    public Entry last(String action) {
        List<Entry> list = of(action);
        if (list.isEmpty()) {
            throw new AssertionError("no '" + action + "' audit record was written; records: " + summary());
        }
        return list.get(list.size() - 1);
    }

    /** Forgets the records so far (the real trail keeps them). */
    public void clear() {
        entries.clear();
    }

    private String summary() {
        return all().stream().map(e -> e.action() + e.details()).toList().toString();
    }
}
