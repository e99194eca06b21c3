package io.xugumcp.server.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Security;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the trail newest first for {@code get_audit_log} and {@code get_audit_statistics}: the active file from its
 * end, then the rotated files from the newest. Records are in the order they were written, which follows their time
 * closely (a record's time is taken when it is handed in, a few milliseconds at most before it is written), so a
 * scan stops a minute past the start of the window asked for.
 */
public final class AuditSearch {
    /** Most records one scan reads before it answers with what it has ({@code partial}). */
    static final long MAX_SCAN = 2_000_000;
    private static final long SLACK_SECONDS = 60;
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private final AuditTrail trail;
    private final ObjectMapper mapper;

    public AuditSearch(AuditTrail trail, ObjectMapper mapper) {
        this.trail = trail;
        this.mapper = mapper;
    }

    /** Records matching the query, newest first. */
    public List<Security.AuditEntry> find(Security.AuditQuery q) {
        return find(q, r -> true);
    }

    /** Records matching the query and {@code also} (which sees the raw record), newest first. */
    public List<Security.AuditEntry> find(Security.AuditQuery q, java.util.function.Predicate<Map<String, Object>> also) {
        trail.flush();
        int limit = Math.max(1, Math.min(1000, q.limit()));
        List<Security.AuditEntry> out = new ArrayList<>();
        scanNewestFirst(r -> {
            Instant t = time(r);
            if (q.since() != null && t != null && t.isBefore(q.since().minusSeconds(SLACK_SECONDS))) {
                return false;
            }
            if (matches(q, r, t) && also.test(r)) {
                r.remove("prev");
                r.remove("hash");
                out.add(new Security.AuditEntry(nullsOut(r)));
                return out.size() < limit;
            }
            return true;
        });
        return out;
    }

    /** Counts over the records written since {@code since}. */
    public Security.AuditStatistics statistics(Instant since, Instant until) {
        trail.flush();
        long[] n = new long[5];   // records, tools, statements, denied auth, slowest
        Map<String, Long> byOutcome = new TreeMap<>();
        Map<String, Long> byTool = new TreeMap<>();
        Map<String, Long> byClient = new TreeMap<>();
        Map<String, Long> byKind = new TreeMap<>();
        boolean[] partial = {true};
        long scanned = scanNewestFirst(r -> {
            Instant t = time(r);
            if (t == null) {
                return true;
            }
            if (t.isBefore(since)) {
                if (t.isBefore(since.minusSeconds(SLACK_SECONDS))) {
                    partial[0] = false;
                    return false;
                }
                return true;
            }
            if (t.isAfter(until)) {
                return true;
            }
            n[0]++;
            String action = str(r.get("action"));
            String outcome = str(r.get("outcome"));
            switch (action) {
                case "tool" -> {
                    n[1]++;
                    byOutcome.merge("tool:" + outcome, 1L, Long::sum);
                    byTool.merge(str(r.get("tool")), 1L, Long::sum);
                    byClient.merge(str(r.get("client")), 1L, Long::sum);
                    if (r.get("elapsedMs") instanceof Number ms) {
                        n[4] = Math.max(n[4], ms.longValue());
                    }
                }
                case "statement" -> {
                    n[2]++;
                    byOutcome.merge("statement:" + outcome, 1L, Long::sum);
                    byKind.merge(str(r.get("kind")), 1L, Long::sum);
                }
                case "auth" -> {
                    if ("denied".equals(outcome)) {
                        n[3]++;
                    }
                    byOutcome.merge("auth:" + outcome, 1L, Long::sum);
                }
                default -> {
                    // chain records and plugin events count as records only
                }
            }
            return true;
        });
        // partial: the scan was cut short, or the trail does not reach back to the window's start.
        return new Security.AuditStatistics(since, until, n[0], n[1], n[2], byOutcome, byTool, byClient, byKind, n[3],
                n[4], partial[0] || scanned > MAX_SCAN);
    }

    /**
     * Hands each readable record to {@code visit}, newest first across the rotated files, until it returns false or
     * {@link #MAX_SCAN} lines were read (unreadable lines are skipped). Returns how many lines were read.
     */
    private long scanNewestFirst(java.util.function.Predicate<Map<String, Object>> visit) {
        long[] scanned = {0};
        boolean[] more = {true};
        for (Path file : files()) {
            AuditFiles.backwards(file, line -> {
                if (++scanned[0] > MAX_SCAN) {
                    more[0] = false;
                    return false;
                }
                Map<String, Object> r = parse(line);
                if (r != null && !visit.test(r)) {
                    more[0] = false;
                    return false;
                }
                return true;
            });
            if (!more[0]) {
                break;
            }
        }
        return scanned[0];
    }

    private List<Path> files() {
        try {
            return trail.filesNewestFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> parse(String line) {
        try {
            return mapper.readValue(line, MAP);
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant time(Map<String, Object> r) {
        Object t = r.get("time");
        if (!(t instanceof String s)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean matches(Security.AuditQuery q, Map<String, Object> r, Instant t) {
        return eq(q.action(), r.get("action")) && eq(q.tool(), r.get("tool")) && eq(q.outcome(), r.get("outcome"))
                && eq(q.client(), r.get("client"))
                && (q.since() == null || t != null && !t.isBefore(q.since()))
                && (q.until() == null || t != null && !t.isAfter(q.until()));
    }

    private static boolean eq(String want, Object have) {
        return want == null || want.isBlank() || want.equalsIgnoreCase(str(have));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Map.copyOf refuses null values: JSON nulls are left out. */
    private static Map<String, Object> nullsOut(Map<String, Object> r) {
        r.values().removeIf(v -> v == null);
        return r;
    }
}
