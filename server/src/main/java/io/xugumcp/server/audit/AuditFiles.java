package io.xugumcp.server.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the trail lives: the active file ({@code audit.log}) and its rotated predecessors next to it
 * ({@code audit.2025-06-30.1.log}, {@code audit.2025-06-30.2.log}, …: the day the file's records were written and a
 * running number), plus reading files backwards line by line for the newest-first queries.
 */
final class AuditFiles {
    private final Path active;
    private final String stem;
    private final String ext;
    private final Pattern rotated;

    AuditFiles(Path active) {
        this.active = active;
        String name = active.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot <= 0 ? name : name.substring(0, dot);
        this.ext = dot <= 0 ? "" : name.substring(dot);
        this.rotated = Pattern.compile(Pattern.quote(stem) + "\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)" + Pattern.quote(ext));
    }

    Path active() {
        return active;
    }

    /** The name a file holding records of {@code day} gets when rotated. */
    Path nextRotatedName(LocalDate day) throws IOException {
        int n = 1;
        for (Path p : rotatedFiles()) {
            Matcher m = rotated.matcher(p.getFileName().toString());
            if (m.matches() && m.group(1).equals(day.toString())) {
                n = Math.max(n, Integer.parseInt(m.group(2)) + 1);
            }
        }
        return active.resolveSibling(stem + "." + day + "." + n + ext);
    }

    /** Rotated files, oldest first. */
    List<Path> rotatedFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = active.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (rotated.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparing((Path p) -> key(p, 1)).thenComparing(p -> Integer.parseInt(key(p, 2))));
        return out;
    }

    private String key(Path p, int group) {
        Matcher m = rotated.matcher(p.getFileName().toString());
        return m.matches() ? m.group(group) : "0";
    }

    /** Every file of the trail, newest first (the active one first). */
    List<Path> newestFirst() throws IOException {
        List<Path> all = new ArrayList<>(rotatedFiles());
        java.util.Collections.reverse(all);
        if (Files.exists(active)) {
            all.add(0, active);
        }
        return all;
    }

    /**
     * Hands the lines of a file to {@code visitor} from the file's end to its start (a last line without newline
     * included) until it returns false.
     */
    static void backwards(Path file, java.util.function.Predicate<String> visitor) {
        try (Backwards b = new Backwards(file)) {
            while (b.hasNext()) {
                if (!visitor.test(b.next())) {
                    return;
                }
            }
        }
    }

    private static final class Backwards implements Iterator<String>, AutoCloseable {
        private static final int CHUNK = 64 * 1024;
        private RandomAccessFile raf;
        private long pos;
        private byte[] carry = new byte[0];
        private final List<String> ready = new ArrayList<>();
        private boolean first = true;

        Backwards(Path file) {
            try {
                raf = new RandomAccessFile(file.toFile(), "r");
                pos = raf.length();
            } catch (IOException e) {
                raf = null;
                pos = 0;
            }
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty()) {
                if (!fill()) {
                    close();
                    return false;
                }
            }
            return true;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.remove(0);
        }

        /** Reads the previous chunk; returns false at the start of the file with nothing left. */
        private boolean fill() {
            if (raf == null) {
                return false;
            }
            if (pos == 0) {
                if (carry.length > 0) {
                    ready.add(new String(carry, StandardCharsets.UTF_8));
                    carry = new byte[0];
                    return true;
                }
                return false;
            }
            try {
                int n = (int) Math.min(CHUNK, pos);
                pos -= n;
                byte[] buf = new byte[n + carry.length];
                raf.seek(pos);
                raf.readFully(buf, 0, n);
                System.arraycopy(carry, 0, buf, n, carry.length);
                int end = buf.length;
                if (first) {
                    first = false;
                    if (end > 0 && buf[end - 1] == '\n') {
                        end--;   // the file's final newline ends the last line, it does not start an empty one
                    }
                }
                List<String> lines = new ArrayList<>();
                for (int i = end - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        lines.add(new String(buf, i + 1, end - i - 1, StandardCharsets.UTF_8));
                        end = i;
                    }
                }
                carry = java.util.Arrays.copyOf(buf, end);
                ready.addAll(lines);
                return true;
            } catch (IOException e) {
                close();
                return false;
            }
        }

        @Override
        public void close() {
            if (raf != null) {
                try {
                    raf.close();
                } catch (IOException ignored) {
                    // read-only handle
                }
                raf = null;
                pos = 0;
            }
        }
    }
}
