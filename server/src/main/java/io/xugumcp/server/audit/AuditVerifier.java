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

    /** A rotated file's name ({@code audit.2025-06-30.1.log}): no seal sits next to it. */
    private static final java.util.regex.Pattern ROTATED = java.util.regex.Pattern.compile(
            ".*\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+(\\.[^.]*)?");

    private static final java.util.regex.Pattern CUT_OFF = java.util.regex.Pattern.compile("\"cutOff\":\"([^\"]*)\"");

    public static Report verify(List<Path> files) throws IOException {
        State s = new State();
        Path last = files.isEmpty() ? null : files.get(files.size() - 1);
        Path sealFile = last == null || ROTATED.matcher(last.getFileName().toString()).matches() ? null
                : AuditSeal.of(last);
        if (sealFile != null) {
            try {
                s.sealed = AuditSeal.read(sealFile);
            } catch (IOException e) {
                s.problem(sealFile.getFileName().toString(), "cannot be read (" + e.getMessage() + "); whether the"
                        + " newest records were cut off cannot be checked");
                sealFile = null;
            }
        }
        for (int i = 0; i < files.size(); i++) {
            s.file(files.get(i), i == files.size() - 1);
        }
        s.checkSeal(sealFile);
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
        /** The trail's seal, when one was found. */
        AuditSeal.Sealed sealed;
        /** The hash of the record carrying the sealed seq, once seen. */
        String sealedHashSeen;
        /** True when a segment's start says its writer keeps a seal. */
        boolean sealKept;

        /**
         * The chain cannot show that records were cut off its end; the seal can (see {@link AuditSeal}). Said
         * exactly, also when there is nothing to check against.
         */
        void checkSeal(Path sealFile) {
            if (sealed == null) {
                if (sealFile != null && sealKept) {
                    problem(sealFile.getFileName().toString(), "is missing, though the trail's writer keeps one: the"
                            + " newest records may have been cut off, and that cannot be checked");
                } else if (sealFile != null) {
                    notes.add("no seal (" + sealFile.getFileName() + "): records cut off the end of the trail cannot"
                            + " be detected; servers that keep a seal write it after every fsync");
                } else {
                    notes.add("the files given end with a rotated file: records after it are not checked");
                }
                return;
            }
            String name = sealFile.getFileName().toString();
            if (lastSeq < sealed.seq()) {
                problem(name, "says the newest record on disk was seq " + sealed.seq() + ", but the trail ends at seq "
                        + lastSeq + ": the newest " + (sealed.seq() - Math.max(lastSeq, 0)) + " records were cut off or"
                        + " removed");
            } else if (sealedHashSeen == null) {
                problem(name, "names seq " + sealed.seq() + ", which is not among the records checked");
            } else if (!sealedHashSeen.equals(sealed.hash())) {
                problem(name, "names seq " + sealed.seq() + " with another hash than the trail's record of that number:"
                        + " the records from there on were replaced");
            } else {
                notes.add("the seal " + name + " (seq " + sealed.seq() + ") matches: nothing sealed was cut off. Records"
                        + " written after the last fsync before a crash (at most the flush interval) are not sealed yet,"
                        + " and a seal rewritten together with the trail cannot be told from a real one – keep a copy"
                        + " of the last hash elsewhere for that");
            }
        }

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

        void problem(String where, String what) {
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
            if (sealed != null && p.seq() == sealed.seq()) {
                sealedHashSeen = p.hash();
            }
            if (start) {
                if (text.contains("\"seal\":\"")) {
                    sealKept = true;
                }
                java.util.regex.Matcher cut = CUT_OFF.matcher(text);
                if (cut.find()) {
                    problem(where, "this segment's start found records cut off the trail: " + cut.group(1));
                }
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
