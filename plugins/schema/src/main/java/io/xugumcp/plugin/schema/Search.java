package io.xugumcp.plugin.schema;

import io.xugumcp.api.Catalog;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Ranks tables and views against a question or a name pattern, over table names, table comments, column names and
 * column comments – Chinese included.
 *
 * <p>Latin text is split into words (stop words dropped, plural endings folded, snake_case and camelCase names split);
 * Chinese (any CJK run) into overlapping two-character pieces, with common function characters (的, 哪, 些, 表 …)
 * acting as separators – Chinese has no spaces, so a question such as 哪些表存放订单信息 yields 存放, 订单, 信息 …
 * and 订单 finds a comment 订单 or 订单编号. Each term counts by how rare it is among the tables (inverse document
 * frequency), times where it matched (names and table comments weigh three times column names and comments).
 * A pattern with {@code %} or {@code *} is a wildcard match on names instead.
 */
final class Search {

    /** One ranked table with the reasons it matched. */
    record Hit(Catalog.Table table, double score, List<String> matches) {
    }

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "in", "on", "for", "to", "and", "or",
            "with", "by", "from", "is", "are", "was", "be", "which", "what", "where", "who", "how", "show", "list",
            "find", "get", "me", "all", "any", "table", "tables", "column", "columns", "that", "this", "do", "does",
            "there", "have", "has", "about", "contain", "contains", "store", "stores", "stored", "data", "please", "i",
            "we", "my", "our", "it", "its", "hold", "holds", "kept", "keep", "info", "information");

    /** Function characters that carry no subject in a question; they split Chinese runs. */
    private static final String CJK_STOP = "的了是吗呢吧啊哪些个和与及或在里这那都请我你们有什么怎样如何表中把被从对为以要想能所";

    private static final double NAME_WEIGHT = 3.0;
    private static final double COLUMN_WEIGHT = 1.0;

    private Search() {
    }

    /**
     * True when the pattern is a wildcard name pattern rather than a question: it has {@code %} or {@code *}. A
     * {@code ?} alone does not make one (questions end with it); inside a pattern it stands for one character.
     */
    static boolean isWildcard(String pattern) {
        return pattern.indexOf('%') >= 0 || pattern.indexOf('*') >= 0;
    }

    /**
     * The searchable texts of one list of tables, split and normalised once. Kept while the catalog hands out the same
     * list (it does until its cache is refreshed), so repeated searches only score.
     */
    static final class Index {
        final List<Catalog.Table> tables;
        final List<Doc> docs;

        private Index(List<Catalog.Table> tables, List<Doc> docs) {
            this.tables = tables;
            this.docs = docs;
        }

        /** True when this index was built from exactly this list instance. */
        boolean isFor(List<Catalog.Table> list) {
            return tables == list;
        }
    }

    static Index index(List<Catalog.Table> tables, Function<Catalog.Table, Catalog.TableDetail> describe) {
        List<Doc> docs = new ArrayList<>(tables.size());
        for (Catalog.Table t : tables) {
            docs.add(new Doc(t, describe.apply(t)));
        }
        return new Index(tables, List.copyOf(docs));
    }

    static List<Hit> search(String query, List<Catalog.Table> tables, Function<Catalog.Table, Catalog.TableDetail> describe) {
        return search(query, index(tables, describe));
    }

    static List<Hit> search(String query, Index index) {
        if (isWildcard(query)) {
            return wildcard(query, index.tables);
        }
        List<String> terms = terms(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        List<Doc> docs = index.docs;
        int n = docs.size();
        // Per term and table: the best weighted match; then document frequencies for the rarity weights.
        double[][] best = new double[terms.size()][n];
        String[][] why = new String[terms.size()][n];
        int[] df = new int[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            for (int j = 0; j < n; j++) {
                docs.get(j).score(terms.get(i), best[i], why[i], j);
                if (best[i][j] > 0) {
                    df[i]++;
                }
            }
        }
        String whole = normalize(query).strip();
        List<Hit> hits = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            double score = 0;
            double maxIdf = 0;
            Set<String> reasons = new LinkedHashSet<>();
            for (int i = 0; i < terms.size(); i++) {
                if (best[i][j] > 0) {
                    double idf = Math.log((n + 1.0) / (df[i] + 0.5));
                    score += idf * best[i][j];
                    maxIdf = Math.max(maxIdf, idf);
                    reasons.add(why[i][j]);
                }
            }
            if (score <= 0) {
                continue;
            }
            Doc d = docs.get(j);
            String name = d.table.name().toLowerCase(Locale.ROOT);
            // The whole question is the table's name or its whole comment: that is the table asked for.
            if (whole.equals(name) || stem(whole).equals(stem(name))
                    || (d.table.comment() != null && normalize(d.table.comment()).strip().equals(whole))) {
                score += 3 * Math.max(maxIdf, 1);
            } else if (d.table.comment() != null && terms.contains(normalize(d.table.comment()).strip())) {
                score += Math.max(maxIdf, 1);
            }
            // More matching columns: a small tie-breaker, never more than one name match is worth.
            score += Math.min(0.5, 0.05 * d.columnMatches(terms));
            hits.add(new Hit(d.table, Math.round(score * 100) / 100.0, List.copyOf(reasons).subList(0, Math.min(3, reasons.size()))));
        }
        hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(h -> h.table().name()));
        return hits;
    }

    private static List<Hit> wildcard(String pattern, List<Catalog.Table> tables) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.strip().toCharArray()) {
            switch (c) {
                case '%', '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern p = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        List<Hit> hits = new ArrayList<>();
        for (Catalog.Table t : tables) {
            if (p.matcher(t.name()).matches()) {
                hits.add(new Hit(t, 1.0, List.of("name")));
            }
        }
        return hits;
    }

    /** The search terms of a question: Latin words and Chinese two-character pieces, de-duplicated, in order. */
    static List<String> terms(String query) {
        String s = normalize(query);
        Set<String> latin = new LinkedHashSet<>();
        Set<String> cjk = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isCjk(cp) && CJK_STOP.indexOf(cp) < 0) {
                flushWord(word, latin);
                run.appendCodePoint(cp);
            } else if (Character.isLetterOrDigit(cp) && !isCjk(cp)) {
                flushRun(run, cjk);
                word.appendCodePoint(cp);
            } else {
                flushWord(word, latin);
                flushRun(run, cjk);
            }
        }
        flushWord(word, latin);
        flushRun(run, cjk);
        List<String> out = new ArrayList<>();
        for (String w : latin) {
            if (!STOP_WORDS.contains(w)) {
                out.add(w);
            }
        }
        if (out.isEmpty() && cjk.isEmpty()) {
            out.addAll(latin); // only stop words: search them rather than nothing
        }
        out.addAll(cjk);
        return out;
    }

    private static void flushWord(StringBuilder word, Set<String> out) {
        if (word.length() >= 2 || (word.length() == 1 && Character.isDigit(word.charAt(0)))) {
            out.add(word.toString());
        }
        word.setLength(0);
    }

    private static void flushRun(StringBuilder run, Set<String> out) {
        int[] cps = run.codePoints().toArray();
        if (cps.length == 1) {
            out.add(run.toString());
        }
        for (int i = 0; i + 1 < cps.length; i++) {
            out.add(new String(cps, i, 2));
        }
        run.setLength(0);
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }

    /** Full-width forms to ASCII (ＯＲＤＥＲ → order), lower case. */
    static String normalize(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** orders → order, categories → category, boxes → box; short words stay. */
    static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** Words of an identifier or text: split at non-alphanumerics and camelCase humps, lower case. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hump = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(s.charAt(i - 1));
            if (!Character.isLetterOrDigit(c) || isCjk(c) || hump) {
                if (cur.length() > 0) {
                    out.add(cur.toString().toLowerCase(Locale.ROOT));
                    cur.setLength(0);
                }
                if (hump) {
                    cur.append(c);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /**
     * 1 for a whole word (or its singular), 0.6 for a piece of a longer name, 0 for none.
     *
     * @param field the field's text already {@link #normalize normalized}, or {@code null}
     */
    static double match(String term, String field, List<String> fieldWords) {
        if (field == null) {
            return 0;
        }
        if (isCjk(term.codePointAt(0))) {
            return field.contains(term) ? 1.0 : 0;
        }
        String stemmed = stem(term);
        for (String w : fieldWords) {
            if (w.equals(term) || stem(w).equals(stemmed)) {
                return 1.0;
            }
        }
        return term.length() >= 3 && field.contains(term) ? 0.6 : 0;
    }

    /** A table's searchable texts, split once. */
    private static final class Doc {
        final Catalog.Table table;
        final List<Catalog.Column> columns;
        final String name;
        final String comment;
        final List<String> nameWords;
        final List<String> commentWords;
        final List<String> columnNames = new ArrayList<>();
        final List<String> columnComments = new ArrayList<>();
        final List<List<String>> columnWords = new ArrayList<>();
        final List<List<String>> columnCommentWords = new ArrayList<>();

        Doc(Catalog.Table table, Catalog.TableDetail detail) {
            this.table = table;
            this.columns = detail == null ? List.of() : detail.columns();
            this.name = normalize(table.name());
            this.comment = table.comment() == null ? null : normalize(table.comment());
            this.nameWords = words(table.name());
            this.commentWords = comment == null ? List.of() : words(comment);
            for (Catalog.Column c : columns) {
                String cc = c.comment() == null ? null : normalize(c.comment());
                columnNames.add(normalize(c.name()));
                columnComments.add(cc);
                columnWords.add(words(c.name()));
                columnCommentWords.add(cc == null ? List.of() : words(cc));
            }
        }

        void score(String term, double[] best, String[] why, int j) {
            double m = NAME_WEIGHT * match(term, name, nameWords);
            if (m > best[j]) {
                best[j] = m;
                why[j] = "name";
            }
            m = NAME_WEIGHT * match(term, comment, commentWords);
            if (m > best[j]) {
                best[j] = m;
                why[j] = "comment: " + table.comment();
            }
            for (int k = 0; k < columns.size(); k++) {
                Catalog.Column c = columns.get(k);
                double name = COLUMN_WEIGHT * match(term, columnNames.get(k), columnWords.get(k));
                double comment = COLUMN_WEIGHT * match(term, columnComments.get(k), columnCommentWords.get(k));
                double cm = Math.max(name, comment);
                if (cm > best[j]) {
                    best[j] = cm;
                    why[j] = "column " + c.name() + (c.comment() == null ? "" : ": " + c.comment());
                }
            }
        }

        int columnMatches(List<String> terms) {
            int count = 0;
            for (int k = 0; k < columns.size(); k++) {
                for (String t : terms) {
                    if (match(t, columnNames.get(k), columnWords.get(k)) > 0
                            || match(t, columnComments.get(k), columnCommentWords.get(k)) > 0) {
                        count++;
                        break;
                    }
                }
            }
            return count;
        }
    }
}
