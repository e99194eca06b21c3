package io.xugumcp.server.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a trail: every record matches its own hash, names the record before it as {@code prev}, and continues its
 * sequence number. Files given together are checked as one chain, in the order given (a directory stands for its
 * trail: rotated files oldest first, then the active file). A record that a killed process left half-written at the
 * very end is reported, not counted as tampering. A chain that starts inside the first file given with a {@code prev}
 * other than the genesis hash is reported as anchored there (its earlier files were not given).
 */
public final class AuditVerifier {

    /** The outcome. {@code problems} empty means the chain holds. */
    public record Report(boolean valid, long records, int segments, int crashes, long firstSeq, long lastSeq,
                         String lastHash, Map<String, Long> byAction, List<String> problems, List<String> notes) {

        /** A human-readable summary, one line per finding. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            b.append(valid ? "OK: " : "FAILED: ").append(records).append(" records");
            if (records > 0) {
                b.append(", seq ").append(firstSeq).append("..").append(lastSeq);
            }
            b.append(", ").append(segments).append(segments == 1 ? " segment" : " segments");
            if (crashes > 0) {
                b.append(" (").append(crashes).append(" started after a crash)");
            }
            if (lastHash != null) {
                b.append(", last hash ").append(lastHash);
            }
            b.append('\n');
            b.append("  records by action: ").append(byAction).append('\n');
            for (String n : notes) {
                b.append("  note: ").append(n).append('\n');
            }
            for (String p : problems) {
                b.append("  PROBLEM: ").append(p).append('\n');
            }
            return b.toString();
        }
    }

    private AuditVerifier() {
    }

    /** The files a path stands for: a directory means its trail (rotated oldest first, then audit.log). */
    public static List<Path> expand(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        AuditFiles f = new AuditFiles(p.resolve("audit.log"));
        List<Path> out = new ArrayList<>(f.rotatedFiles());
        if (Files.exists(f.active())) {
            out.add(f.active());
        }
        return out;
    }

    public static Report verify(List<Path> files) throws IOException {
        State s = new State();
        for (int i = 0; i < files.size(); i++) {
            s.file(files.get(i), i == files.size() - 1);
        }
        return new Report(s.problems.isEmpty(), s.records, s.segments, s.crashes, s.firstSeq, s.lastSeq, s.prev,
                s.byAction, s.problems, s.notes);
    }

    private static final class State {
        String prev;
        long seq = -1;
        long records;
        int segments;
        int crashes;
        long firstSeq = -1;
        long lastSeq = -1;
        final Map<String, Long> byAction = new TreeMap<>();
        final List<String> problems = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        void file(Path file, boolean lastFile) throws IOException {
            String name = file.getFileName().toString();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
                long lineNo = 0;
                int c;
                while (true) {
                    c = in.read();
                    if (c == '\n' || c == -1) {
                        boolean terminated = c == '\n';
                        if (terminated || line.size() > 0) {
                            lineNo++;
                            String text = line.toString(StandardCharsets.UTF_8);
                            line.reset();
                            boolean atEnd = !terminated;
                            line(name, lineNo, text, atEnd && lastFile);
                        }
                        if (c == -1) {
                            break;
                        }
                    } else {
                        line.write(c);
                    }
                }
            }
        }

        private void problem(String where, String what) {
            if (problems.size() < 100) {
                problems.add(where + ": " + what);
            } else if (problems.size() == 100) {
                problems.add("… more problems not listed");
            }
        }

        void line(String file, long lineNo, String text, boolean unterminatedLast) {
            String where = file + " line " + lineNo;
            if (text.isEmpty()) {
                problem(where, "is empty (a record was removed or blanked)");
                return;
            }
            AuditChain.Parsed p = AuditChain.parse(text);
            if (p.seq() < 0) {
                if (unterminatedLast) {
                    notes.add(where + ": a half-written last record (the server was stopped while writing it);"
                            + " everything before it verifies on its own");
                } else {
                    problem(where, p.problem());
                }
                return;
            }
            where = where + " (seq " + p.seq() + ")";
            if (!p.intact()) {
                problem(where, p.problem());
            }
            boolean start = "chain.start".equals(p.action());
            if (prev == null) {
                if (!AuditChain.GENESIS.equals(p.prev())) {
                    notes.add(where + ": continues a chain from before the files given (prev " + p.prev().substring(0, 16)
                            + "…); records before it were not checked");
                }
            } else if (start && AuditChain.GENESIS.equals(p.prev())) {
                problem(where, "a new chain starts from scratch here: the records before it are not sealed by it");
            } else if (!p.prev().equals(prev)) {
                problem(where, "does not follow the record before it (prev mismatch): a record was removed, inserted,"
                        + " reordered or changed");
            }
            if (seq >= 0 && p.seq() != seq + 1) {
                problem(where, "sequence jumps from " + seq + " to " + p.seq());
            }
            if (start) {
                segments++;
                if (text.contains("\"previous\":\"crash\"")) {
                    crashes++;
                }
            }
            if (firstSeq < 0) {
                firstSeq = p.seq();
            }
            lastSeq = p.seq();
            prev = p.hash();
            seq = p.seq();
            records++;
            byAction.merge(p.action(), 1L, Long::sum);
        }
    }
}
