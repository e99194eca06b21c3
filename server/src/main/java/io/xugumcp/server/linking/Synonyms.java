package io.xugumcp.server.linking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's business words: a text file mapping the words people use (销售额, 手机号, GMV) to the tables and
 * columns that hold them, because neither names nor comments say everything. Edited while the server runs: the file is
 * re-read when its modification time changes, and a broken line is skipped with a warning rather than stopping
 * anything.
 *
 * <pre>
 * # word = target[, target …]; a target is table, table.column or schema.table.column
 * 销售额 = orders.total_amount
 * 手机号 = customers.phone, suppliers.phone
 * 会员 = customers.is_vip
 * </pre>
 */
public final class Synonyms {
    private static final Logger LOG = LoggerFactory.getLogger(Synonyms.class);

    /** One business word and where it points. */
    record Entry(String word, List<Target> targets) {
    }

    /**
     * A target as written: {@code parts} has one to three names (table; table.column or schema.table;
     * schema.table.column).
     */
    record Target(List<String> parts) {
    }

    /** What a file held at one moment; {@code version} changes whenever the content is replaced. */
    record Snapshot(List<Entry> entries, long version) {
    }

    private static final Snapshot EMPTY = new Snapshot(List.of(), 0);

    private final Path file;
    private volatile Snapshot current = EMPTY;
    private volatile FileTime seen;
    private long versions;

    /** @param file the synonym file, or {@code null} for none */
    public Synonyms(Path file) {
        this.file = file;
    }

    /** No business words. */
    public static Synonyms none() {
        return new Synonyms(null);
    }

    /** The entries as of now (re-read first when the file changed since the last look). */
    Snapshot current() {
        if (file == null) {
            return EMPTY;
        }
        try {
            FileTime t = Files.getLastModifiedTime(file);
            if (!t.equals(seen)) {
                reload(t);
            }
        } catch (NoSuchFileException e) {
            if (seen != null) {
                LOG.warn("Synonym file {} is gone; linking goes on without business words", file);
                seen = null;
                replace(List.of());
            }
        } catch (IOException e) {
            LOG.warn("Synonym file {} cannot be read ({}); keeping the words read before", file, e.toString());
        }
        return current;
    }

    private synchronized void reload(FileTime t) throws IOException {
        if (t.equals(seen)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        seen = t;
        List<Entry> entries = parse(lines, file.toString());
        replace(entries);
        LOG.info("Synonym file {}: {} business words", file, entries.size());
    }

    private synchronized void replace(List<Entry> entries) {
        current = new Snapshot(List.copyOf(entries), ++versions);
    }

    static List<Entry> parse(List<String> lines, String source) {
        List<Entry> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String word = eq < 0 ? "" : line.substring(0, eq).strip();
            if (word.isEmpty() || eq == line.length() - 1) {
                LOG.warn("{} line {}: expected 'word = table.column', skipped", source, n + 1);
                continue;
            }
            List<Target> targets = new ArrayList<>();
            for (String t : line.substring(eq + 1).split(",")) {
                List<String> parts = new ArrayList<>();
                for (String p : t.strip().split("\\.")) {
                    String s = p.strip();
                    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                        s = s.substring(1, s.length() - 1);
                    }
                    parts.add(s);
                }
                if (parts.isEmpty() || parts.size() > 3 || parts.stream().anyMatch(String::isEmpty)) {
                    LOG.warn("{} line {}: target '{}' is not table, table.column or schema.table.column, skipped",
                            source, n + 1, t.strip());
                    continue;
                }
                targets.add(new Target(List.copyOf(parts)));
            }
            if (!targets.isEmpty()) {
                out.add(new Entry(word, List.copyOf(targets)));
            }
        }
        return out;
    }
}
