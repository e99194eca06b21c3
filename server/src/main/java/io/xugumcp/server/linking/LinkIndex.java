package io.xugumcp.server.linking;

import io.xugumcp.api.Catalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The searchable form of one schema, built once per catalog snapshot: an inverted index from name pieces (Latin word
 * stems, CJK characters and two-character pieces) to where they occur – table name, table comment, column name,
 * column comment, or an operator's business word – plus each table's token cost and the foreign-key graph. Searching
 * then touches only the tables a question's pieces occur in, so a 5,000-table schema costs about what a small one
 * does.
 */
final class LinkIndex {
    static final byte TABLE_NAME = 0;
    static final byte TABLE_COMMENT = 1;
    static final byte COLUMN_NAME = 2;
    static final byte COLUMN_COMMENT = 3;
    static final byte SYNONYM_TABLE = 4;
    static final byte SYNONYM_COLUMN = 5;
    /** How much a match counts by where it is: a table's own name and comment say most about what it holds, and an
     *  operator's business word says it outright. */
    static final double[] FIELD_WEIGHT = {3.0, 2.5, 1.0, 1.0, 4.0, 3.0};
    static final String[] FIELD_REASON = {"name", "comment", "column name", "column comment", "synonym", "synonym"};

    /** Common abbreviations in names, so {@code qty} meets "quantity" and {@code dept} "department". */
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("qty", "quantity"), Map.entry("amt", "amount"), Map.entry("dept", "department"),
            Map.entry("emp", "employee"), Map.entry("num", "number"), Map.entry("addr", "address"),
            Map.entry("desc", "description"), Map.entry("cust", "customer"), Map.entry("prod", "product"),
            Map.entry("org", "organization"), Map.entry("acct", "account"), Map.entry("txn", "transaction"),
            Map.entry("dt", "date"), Map.entry("yr", "year"), Map.entry("mgr", "manager"), Map.entry("cnt", "count"),
            Map.entry("avg", "average"), Map.entry("pct", "percent"), Map.entry("ref", "reference"),
            Map.entry("info", "information"), Map.entry("tel", "telephone"), Map.entry("loc", "location"),
            Map.entry("prof", "professor"), Map.entry("dob", "birthday"), Map.entry("pwd", "password"),
            Map.entry("img", "image"), Map.entry("pic", "picture"), Map.entry("msg", "message"),
            Map.entry("stat", "statistic"), Map.entry("cert", "certificate"),
            Map.entry("reg", "registration"), Map.entry("fname", "firstname"), Map.entry("lname", "lastname"),
            Map.entry("stu", "student"), Map.entry("crs", "course"), Map.entry("prj", "project"),
            Map.entry("inv", "invoice"), Map.entry("sal", "salary"));

    /**
     * Where one piece occurs: parallel arrays (table, column or -1, field, quality), so a piece found in thousands of
     * tables is scanned without an object per occurrence.
     */
    static final class Postings {
        static final Postings EMPTY = new Postings();
        int[] table = new int[4];
        int[] column = new int[4];
        byte[] field = new byte[4];
        float[] quality = new float[4];
        int size;

        void add(int t, int c, byte f, float q) {
            if (size == table.length) {
                int n = size * 2;
                table = java.util.Arrays.copyOf(table, n);
                column = java.util.Arrays.copyOf(column, n);
                field = java.util.Arrays.copyOf(field, n);
                quality = java.util.Arrays.copyOf(quality, n);
            }
            table[size] = t;
            column[size] = c;
            field[size] = f;
            quality[size] = q;
            size++;
        }
    }

    /** One table's fixed facts. */
    static final class Doc {
        final Catalog.Table table;
        final Catalog.TableDetail detail;
        final List<Catalog.Column> columns;
        /** Indexes of primary-key and foreign-key columns: always kept when a table's columns are cut. */
        final boolean[] key;
        final int headerTokens;
        final int[] columnTokens;
        final int fullTokens;
        /** The non-stop words of the table's name, stemmed (for "the question names this table outright"). */
        final Set<String> nameWords;
        /** The name and comment normalized, for "the question is this table's name or comment". */
        final String normName;
        final String stemName;
        final String squeezedName;
        final String normComment;

        Doc(Catalog.Table table, Catalog.TableDetail detail) {
            this.table = table;
            this.detail = detail;
            this.columns = detail == null ? List.of() : detail.columns();
            this.key = new boolean[columns.size()];
            Set<String> keyNames = new java.util.HashSet<>();
            if (detail != null) {
                if (detail.primaryKey() != null) {
                    keyNames.addAll(detail.primaryKey().columns());
                }
                detail.foreignKeys().forEach(f -> keyNames.addAll(f.columns()));
                detail.referencedBy().stream().filter(f -> f.referencedTable().equals(table.name()))
                        .forEach(f -> keyNames.addAll(f.referencedColumns()));
            }
            Set<String> pk = detail == null || detail.primaryKey() == null ? Set.of()
                    : Set.copyOf(detail.primaryKey().columns());
            this.columnTokens = new int[columns.size()];
            int total = Tokens.header(table);
            this.headerTokens = total;
            for (int i = 0; i < columns.size(); i++) {
                Catalog.Column c = columns.get(i);
                key[i] = keyNames.contains(c.name());
                columnTokens[i] = Tokens.column(c, pk.contains(c.name()));
                total += columnTokens[i];
            }
            if (detail != null) {
                for (Catalog.ForeignKey f : detail.foreignKeys()) {
                    total += Tokens.foreignKey(f);
                }
            }
            this.fullTokens = total;
            Set<String> words = new LinkedHashSet<>();
            for (String w : Text.words(table.name())) {
                if (!Text.STOP_WORDS.contains(w) && w.length() > 1 && !Character.isDigit(w.charAt(0))) {
                    words.add(Text.stem(w));
                }
            }
            this.nameWords = words;
            this.normName = Text.normalize(table.name());
            this.stemName = Text.stem(normName);
            this.squeezedName = normName.replace("_", "");
            this.normComment = table.comment() == null ? null : Text.normalize(table.comment()).strip();
        }

        /** Tokens with only the chosen columns. */
        int tokens(boolean[] keep) {
            int n = headerTokens;
            for (int i = 0; i < columns.size(); i++) {
                if (keep[i]) {
                    n += columnTokens[i];
                }
            }
            return n;
        }
    }

    final String schema;
    final List<Doc> docs;
    final Map<String, Integer> byName;
    final int totalTokens;
    /** Undirected foreign-key neighbours of each table (within the schema). */
    final int[][] neighbours;
    private final Map<String, Postings> postings;
    /** Latin keys, sorted, for prefix lookups. */
    private final String[] latinKeys;

    private LinkIndex(String schema, List<Doc> docs, Map<String, Postings> postings, int[][] neighbours) {
        this.schema = schema;
        this.docs = docs;
        this.postings = postings;
        this.neighbours = neighbours;
        Map<String, Integer> names = new HashMap<>();
        int total = 0;
        for (int i = 0; i < docs.size(); i++) {
            names.put(docs.get(i).table.name(), i);
            total += docs.get(i).fullTokens;
        }
        this.byName = names;
        this.totalTokens = total;
        this.latinKeys = postings.keySet().stream().filter(k -> !Text.hasCjk(k)).sorted().toArray(String[]::new);
    }

    int size() {
        return docs.size();
    }

    /** Exact occurrences of a piece. */
    Postings exact(String key) {
        return postings.getOrDefault(key, Postings.EMPTY);
    }

    /**
     * Latin keys related by prefix: keys that start with {@code term} (dept → department) and keys that {@code term}
     * starts with (departmental → department), at least four characters either way.
     */
    List<String> prefixed(String term) {
        List<String> out = new ArrayList<>();
        if (term.length() < 4 || Text.hasCjk(term)) {
            return out;
        }
        int i = Arrays.binarySearch(latinKeys, term);
        for (int j = i < 0 ? -i - 1 : i + 1; j < latinKeys.length && latinKeys[j].startsWith(term) && out.size() < 50; j++) {
            out.add(latinKeys[j]);
        }
        for (int len = term.length() - 1; len >= 4; len--) {
            String p = term.substring(0, len);
            if (postings.containsKey(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Builds the index of a schema's tables (all of them; who may see which is decided per search). */
    static LinkIndex build(String schema, List<Catalog.TableDetail> details, List<Synonyms.Entry> synonyms) {
        List<Doc> docs = new ArrayList<>(details.size());
        for (Catalog.TableDetail d : details) {
            docs.add(new Doc(d.table(), d));
        }
        Builder b = new Builder();
        for (int t = 0; t < docs.size(); t++) {
            Doc d = docs.get(t);
            b.name(d.table.name(), t, -1, TABLE_NAME);
            b.text(d.table.comment(), t, -1, TABLE_COMMENT);
            for (int c = 0; c < d.columns.size(); c++) {
                Catalog.Column col = d.columns.get(c);
                b.name(col.name(), t, c, COLUMN_NAME);
                b.text(col.comment(), t, c, COLUMN_COMMENT);
            }
        }
        Map<String, Integer> exact = new HashMap<>();
        Map<String, Integer> caseless = new HashMap<>();
        for (int t = 0; t < docs.size(); t++) {
            exact.put(docs.get(t).table.name(), t);
            caseless.merge(docs.get(t).table.name().toLowerCase(Locale.ROOT), t, (x, y) -> -1);
        }
        for (Synonyms.Entry e : synonyms) {
            for (Synonyms.Target target : e.targets()) {
                int[] at = resolve(schema, target.parts(), docs, exact, caseless);
                if (at != null) {
                    b.text(e.word(), at[0], at[1], at[1] < 0 ? SYNONYM_TABLE : SYNONYM_COLUMN);
                    // A Latin business word (GMV, SKU) is matched as a word too.
                    b.name(e.word(), at[0], at[1], at[1] < 0 ? SYNONYM_TABLE : SYNONYM_COLUMN);
                }
            }
        }
        int[][] neighbours = new int[docs.size()][];
        for (int t = 0; t < docs.size(); t++) {
            Set<Integer> n = new LinkedHashSet<>();
            Catalog.TableDetail d = docs.get(t).detail;
            for (Catalog.ForeignKey f : d.foreignKeys()) {
                Integer o = schema.equals(f.referencedSchema()) ? exact.get(f.referencedTable()) : null;
                if (o != null && o != t) {
                    n.add(o);
                }
            }
            for (Catalog.ForeignKey f : d.referencedBy()) {
                Integer o = schema.equals(f.schema()) ? exact.get(f.table()) : null;
                if (o != null && o != t) {
                    n.add(o);
                }
            }
            neighbours[t] = n.stream().mapToInt(Integer::intValue).toArray();
        }
        return new LinkIndex(schema, List.copyOf(docs), b.done(), neighbours);
    }

    /** {table, column} of a synonym target in this schema, or null when it names something else. */
    private static int[] resolve(String schema, List<String> parts, List<Doc> docs, Map<String, Integer> exact,
                                 Map<String, Integer> caseless) {
        List<int[]> candidates = new ArrayList<>();
        switch (parts.size()) {
            case 1 -> candidates.add(new int[] {find(parts.get(0), exact, caseless), -1});
            case 2 -> {
                int t = find(parts.get(0), exact, caseless);
                candidates.add(new int[] {t, t < 0 ? -2 : column(docs.get(t), parts.get(1))});
                if (parts.get(0).equalsIgnoreCase(schema)) {
                    candidates.add(new int[] {find(parts.get(1), exact, caseless), -1});
                }
            }
            default -> {
                if (parts.get(0).equalsIgnoreCase(schema)) {
                    int t = find(parts.get(1), exact, caseless);
                    candidates.add(new int[] {t, t < 0 ? -2 : column(docs.get(t), parts.get(2))});
                }
            }
        }
        for (int[] c : candidates) {
            if (c[0] >= 0 && c[1] >= -1) {
                return c;
            }
        }
        return null;
    }

    private static int find(String name, Map<String, Integer> exact, Map<String, Integer> caseless) {
        Integer t = exact.get(name);
        if (t == null) {
            t = caseless.get(name.toLowerCase(Locale.ROOT));
        }
        return t == null ? -1 : t;
    }

    private static int column(Doc d, String name) {
        for (int i = 0; i < d.columns.size(); i++) {
            if (d.columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -2;
    }

    /**
     * Collects postings. One text (a name, a comment) adds each of its pieces once, at its best quality; the same piece
     * from two texts of a table is two postings, and the search takes the better one.
     */
    private static final class Builder {
        private final Map<String, Postings> map = new HashMap<>();
        private final Map<String, Float> pending = new HashMap<>();

        void add(String key, int t, int c, byte field, float quality) {
            if (!key.isEmpty()) {
                pending.merge(key, quality, Math::max);
            }
        }

        /** Writes the pieces of the text just read. */
        void flush(int t, int c, byte field) {
            for (Map.Entry<String, Float> e : pending.entrySet()) {
                map.computeIfAbsent(e.getKey(), k -> new Postings()).add(t, c, field, e.getValue());
            }
            pending.clear();
        }

        /** A name: its words, the words run together, adjacent pairs run together, abbreviations spelled out. */
        void name(String name, int t, int c, byte field) {
            List<String> words = Text.words(name);
            StringBuilder whole = new StringBuilder();
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                whole.append(w);
                add(Text.stem(w), t, c, field, 1f);
                String full = ABBREVIATIONS.get(w);
                if (full != null) {
                    add(Text.stem(full), t, c, field, 0.9f);
                }
                if (i + 1 < words.size()) {
                    add(Text.stem(w + words.get(i + 1)), t, c, field, 0.9f);
                }
            }
            if (words.size() > 2) {
                add(Text.stem(whole.toString()), t, c, field, 0.9f);
            }
            if (Text.hasCjk(name)) {
                grams(Text.normalize(name), t, c, field);
            }
            flush(t, c, field);
        }

        /** A comment or a business word: Latin words, CJK characters and two-character pieces. */
        void text(String text, int t, int c, byte field) {
            if (text == null || text.isBlank()) {
                return;
            }
            String norm = Text.normalize(text);
            for (String w : Text.words(norm)) {
                if (!Text.STOP_WORDS.contains(w)) {
                    add(Text.stem(w), t, c, field, 1f);
                }
            }
            grams(norm, t, c, field);
            flush(t, c, field);
        }

        private void grams(String norm, int t, int c, byte field) {
            List<String> grams = new ArrayList<>();
            for (String run : Text.cjkRuns(norm)) {
                Text.grams(run, grams);
            }
            for (String g : grams) {
                add(g, t, c, field, 1f);
            }
        }

        Map<String, Postings> done() {
            return map;
        }
    }
}
