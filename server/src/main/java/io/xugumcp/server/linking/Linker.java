package io.xugumcp.server.linking;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Catalog.SearchHit;
import io.xugumcp.api.Catalog.SearchOptions;
import io.xugumcp.api.Catalog.SearchResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Links a text to tables: scores every table the text's pieces occur in (rarer pieces count more, a table's own name
 * and comment more than its columns), then – with a token budget – sends the whole schema when it fits, and otherwise
 * takes tables best first, adds the tables on foreign-key paths between them (join tables), and fits the budget by
 * cutting the weaker tables down to their key and matched columns before leaving any out.
 */
final class Linker {
    /** Foreign-key paths longer than this are not followed: three hops already join four tables. */
    static final int MAX_PATH = 3;
    /** Without a limit, at most this many ranked tables are considered for a budget. */
    static final int DEFAULT_CANDIDATES = 12;
    /** Tables scoring below this share of the best one are left out of a budgeted answer. */
    static final double MIN_SHARE = 0.08;
    /** At most this many referenced tables are added after the linked ones. */
    static final int MAX_PARENTS = 6;

    /** Tuning switches, for evaluation; the host always uses {@link #DEFAULT}. */
    record Settings(boolean wholeSchemaWhenItFits) {
    }

    static final Settings DEFAULT = new Settings(true);

    private Linker() {
    }

    /** Scores of the tables a text matched. */
    static final class Scored {
        final double[] score;
        /** Per table: how much each kind of field (name, comment, column name …) contributed; null when none. */
        final double[][] fields;
        /** Per table, per column: how strongly the text named it (0 = not at all); null when no column matched. */
        final double[][] columns;

        Scored(int n) {
            score = new double[n];
            fields = new double[n][];
            columns = new double[n][];
        }

        double[] byField(int t) {
            if (fields[t] == null) {
                fields[t] = new double[LinkIndex.FIELD_WEIGHT.length];
            }
            return fields[t];
        }
    }

    static SearchResult search(LinkIndex index, String text, Glossary glossary, SearchOptions options,
                               Predicate<Catalog.Table> readable, Settings settings) {
        Predicate<Catalog.Table> may = readable == null ? t -> true : readable;
        if (isWildcard(text)) {
            return wildcard(index, text, options, may);
        }
        Scored s = score(index, Query.parse(text, glossary));
        List<Integer> ranked = rank(index, s, may);
        if (options.tokenBudget() == 0) {
            return rankOnly(index, s, ranked, options, may);
        }
        return budgeted(index, s, ranked, options, may, settings);
    }

    /** True when the text is a name pattern: it has {@code %} or {@code *} ({@code ?} alone ends questions). */
    static boolean isWildcard(String text) {
        return text.indexOf('%') >= 0 || text.indexOf('*') >= 0;
    }

    /**
     * Scores with flat arrays reset through "touched" lists: a piece that occurs in thousands of tables (a common
     * column name, a frequent Chinese character) costs a pass over its postings, not a map entry per table.
     */
    static Scored score(LinkIndex index, Query q) {
        int n = index.size();
        Scored s = new Scored(n);
        Scratch x = new Scratch(n);
        double maxIdf = 0;
        for (Query.Group g : q.groups) {
            x.groupCount = 0;
            for (Query.Alternative alt : g.alternatives()) {
                double per = alt.weight() / alt.keys().size();
                x.altCount = 0;
                for (String key : alt.keys()) {
                    x.keyCount = 0;
                    collect(index, index.exact(key), 1.0, per, x, s);
                    for (String p : index.prefixed(key)) {
                        collect(index, index.exact(p), 0.6, per, x, s);
                    }
                    for (int i = 0; i < x.keyCount; i++) {
                        int t = x.keyTouched[i];
                        double add = per * x.keyBest[t];
                        if (x.altScore[t] == 0) {
                            x.altTouched[x.altCount++] = t;
                        }
                        x.altScore[t] += add;
                        if (add > x.altTop[t]) {
                            x.altTop[t] = add;
                            x.altField[t] = x.keyField[t];
                        }
                        x.keyBest[t] = 0;
                    }
                }
                for (int i = 0; i < x.altCount; i++) {
                    int t = x.altTouched[i];
                    if (x.groupBest[t] == 0) {
                        x.groupTouched[x.groupCount++] = t;
                    }
                    if (x.altScore[t] > x.groupBest[t]) {
                        x.groupBest[t] = x.altScore[t];
                        x.groupField[t] = x.altField[t];
                    }
                    x.altScore[t] = 0;
                    x.altTop[t] = 0;
                }
            }
            int df = x.groupCount;
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            maxIdf = Math.max(maxIdf, df > 0 ? idf : 0);
            for (int i = 0; i < x.groupCount; i++) {
                int t = x.groupTouched[i];
                double add = idf * x.groupBest[t];
                s.score[t] += add;
                s.byField(t)[x.groupField[t]] += add;
                x.groupBest[t] = 0;
            }
        }
        bonuses(index, q, s, Math.max(maxIdf, 1));
        return s;
    }

    /** Working arrays of one scoring run. */
    private static final class Scratch {
        final double[] keyBest;
        final int[] keyField;
        final int[] keyTouched;
        int keyCount;
        final double[] altScore;
        final double[] altTop;
        final int[] altField;
        final int[] altTouched;
        int altCount;
        final double[] groupBest;
        final int[] groupField;
        final int[] groupTouched;
        int groupCount;

        Scratch(int n) {
            keyBest = new double[n];
            keyField = new int[n];
            keyTouched = new int[n];
            altScore = new double[n];
            altTop = new double[n];
            altField = new int[n];
            altTouched = new int[n];
            groupBest = new double[n];
            groupField = new int[n];
            groupTouched = new int[n];
        }
    }

    /** Adds one key's postings to the per-table best of the current key, and notes the columns it names. */
    private static void collect(LinkIndex index, LinkIndex.Postings p, double factor, double groupWeight, Scratch x,
                                Scored s) {
        for (int i = 0; i < p.size; i++) {
            int t = p.table[i];
            double w = LinkIndex.FIELD_WEIGHT[p.field[i]] * p.quality[i] * factor;
            if (x.keyBest[t] == 0) {
                x.keyTouched[x.keyCount++] = t;
            }
            if (w > x.keyBest[t]) {
                x.keyBest[t] = w;
                x.keyField[t] = p.field[i];
            }
            int c = p.column[i];
            if (c >= 0) {
                double[] cols = s.columns[t];
                if (cols == null) {
                    cols = new double[index.docs.get(t).columns.size()];
                    s.columns[t] = cols;
                }
                cols[c] = Math.max(cols[c], groupWeight * p.quality[i] * factor);
            }
        }
    }

    /**
     * The text is a table's name or its whole comment: that is the table asked for. A table whose name's words are
     * all in the text is named outright ("singer in concert" for {@code singer_in_concert}).
     */
    private static void bonuses(LinkIndex index, Query q, Scored s, double maxIdf) {
        Set<String> said = new java.util.HashSet<>();
        for (Query.Group g : q.groups) {
            for (Query.Alternative a : g.alternatives()) {
                if (a.keys().size() == 1) {
                    said.add(a.keys().get(0));
                }
            }
        }
        String whole = q.whole;
        String squeezed = whole.replaceAll("[\\s_]+", "");
        String stemmed = Text.stem(whole);
        for (int t = 0; t < index.size(); t++) {
            if (s.score[t] <= 0) {
                continue;
            }
            LinkIndex.Doc d = index.docs.get(t);
            if (whole.equals(d.normName) || stemmed.equals(d.stemName) || squeezed.equals(d.squeezedName)
                    || whole.equals(d.normComment)) {
                s.score[t] += 3 * maxIdf;
            } else if (!d.nameWords.isEmpty() && said.containsAll(d.nameWords)) {
                s.score[t] += 0.5 * maxIdf;
            }
        }
    }

    /** Tables with a score, best first; ties by name. */
    private static List<Integer> rank(LinkIndex index, Scored s, Predicate<Catalog.Table> may) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < index.size(); t++) {
            if (s.score[t] > 0 && may.test(index.docs.get(t).table)) {
                out.add(t);
            }
        }
        // Snapshots list tables sorted by name, so the index order breaks ties by name without comparing strings.
        out.sort((a, b) -> a.equals(b) ? 0 : s.score[a] != s.score[b] ? Double.compare(s.score[b], s.score[a])
                : Integer.compare(a, b));
        return out;
    }

    private static SearchResult rankOnly(LinkIndex index, Scored s, List<Integer> ranked, SearchOptions o,
                                         Predicate<Catalog.Table> may) {
        List<Integer> chosen = o.limit() > 0 && ranked.size() > o.limit() ? ranked.subList(0, o.limit()) : ranked;
        Set<Integer> bridges = new LinkedHashSet<>();
        if (o.followForeignKeys()) {
            Set<Integer> set = new LinkedHashSet<>();
            for (int t : chosen) {
                connect(index, set, t, bridges, x -> may.test(index.docs.get(x).table));
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        for (int t : chosen) {
            hits.add(hit(index, s, t, matchedColumns(index, s, t)));
        }
        for (int t : bridges) {
            hits.add(bridgeHit(index, t, keyColumns(index, t)));
        }
        return new SearchResult(hits, false, 0, index.size());
    }

    private static SearchResult budgeted(LinkIndex index, Scored s, List<Integer> ranked, SearchOptions o,
                                         Predicate<Catalog.Table> may, Settings settings) {
        int budget = o.tokenBudget();
        // Everything the caller may read, when it fits: linking can only lose tables the model needs.
        if (settings.wholeSchemaWhenItFits()) {
            int total = 0;
            List<Integer> readable = new ArrayList<>();
            for (int t = 0; t < index.size() && total <= budget; t++) {
                if (may.test(index.docs.get(t).table)) {
                    readable.add(t);
                    total += index.docs.get(t).fullTokens;
                }
            }
            if (total <= budget && (o.limit() == 0 || readable.size() <= o.limit())) {
                Set<Integer> order = new LinkedHashSet<>(ranked);
                order.addAll(readable);
                List<SearchHit> hits = new ArrayList<>();
                for (int t : order) {
                    hits.add(s.score[t] > 0 ? hit(index, s, t, allColumns(index, t))
                            : new SearchHit(index.docs.get(t).table, 0, allColumns(index, t), List.of()));
                }
                return new SearchResult(hits, true, total, index.size());
            }
        }
        List<Integer> candidates = new ArrayList<>();
        double top = ranked.isEmpty() ? 0 : s.score[ranked.get(0)];
        int cap = o.limit() > 0 ? o.limit() : DEFAULT_CANDIDATES;
        for (int t : ranked) {
            if (candidates.size() >= cap || s.score[t] < MIN_SHARE * top) {
                break;
            }
            candidates.add(t);
        }
        boolean fallback = candidates.isEmpty();
        if (fallback) {
            // Nothing matched (a question in words the schema does not use): the most connected tables, so the
            // model at least sees the schema's core rather than nothing.
            List<Integer> hubs = new ArrayList<>();
            for (int t = 0; t < index.size(); t++) {
                if (may.test(index.docs.get(t).table)) {
                    hubs.add(t);
                }
            }
            hubs.sort(Comparator.comparingInt((Integer t) -> -index.neighbours[t].length)
                    .thenComparing(t -> index.docs.get(t).table.name()));
            candidates.addAll(hubs.subList(0, Math.min(cap, hubs.size())));
        }
        // Greedy: each candidate in rank order, with the join tables it needs, while the budget allows.
        List<Integer> chosen = new ArrayList<>();
        Set<Integer> bridges = new LinkedHashSet<>();
        Fit fit = null;
        for (int t : candidates) {
            Set<Integer> trialSet = new LinkedHashSet<>(chosen);
            Set<Integer> trialBridges = new LinkedHashSet<>(bridges);
            connect(index, trialSet, t, trialBridges, x -> may.test(index.docs.get(x).table));
            List<Integer> order = new ArrayList<>(trialSet);
            Fit f = fit(index, s, order, trialBridges, budget);
            if (f != null || chosen.isEmpty()) {
                chosen = order;
                bridges = trialBridges;
                fit = f != null ? f : fit(index, s, order, trialBridges, Integer.MAX_VALUE);
            }
        }
        if (fit == null) {
            return new SearchResult(List.of(), false, 0, index.size());
        }
        // The tables the chosen ones point to, while the budget allows: questions name rows by a value held there
        // ("flights from Aberdeen" needs the airports a flight's code refers to).
        if (!fallback) {
            List<Integer> parents = new ArrayList<>();
            for (int t : chosen) {
                if (bridges.contains(t)) {
                    continue;
                }
                for (Catalog.ForeignKey f : index.docs.get(t).detail.foreignKeys()) {
                    Integer p = index.schema.equals(f.referencedSchema()) ? index.byName.get(f.referencedTable()) : null;
                    if (p != null && !chosen.contains(p) && !parents.contains(p) && may.test(index.docs.get(p).table)) {
                        parents.add(p);
                    }
                }
            }
            for (int p : parents.subList(0, Math.min(MAX_PARENTS, parents.size()))) {
                List<Integer> order = new ArrayList<>(chosen);
                order.add(p);
                Set<Integer> trialBridges = new LinkedHashSet<>(bridges);
                trialBridges.add(p);
                Fit f = fit(index, s, order, trialBridges, budget);
                if (f != null) {
                    chosen = order;
                    bridges = trialBridges;
                    fit = f;
                }
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            int t = chosen.get(i);
            List<String> cols = columns(index, t, fit.keep.get(i));
            if (bridges.contains(t)) {
                hits.add(bridgeHit(index, t, cols));
            } else if (fallback) {
                hits.add(new SearchHit(index.docs.get(t).table, 0, cols, List.of("no match")));
            } else {
                hits.add(hit(index, s, t, cols));
            }
        }
        hits.sort(Comparator.comparingDouble((SearchHit h) -> -h.score()));
        return new SearchResult(hits, false, fit.tokens, index.size());
    }

    /** Which columns of each chosen table go in, and the tokens that costs; null when even cut down it does not fit. */
    private record Fit(List<boolean[]> keep, int tokens) {
    }

    /**
     * Full tables when they fit; else the weakest tables (join tables first, then from the bottom of the ranking) are
     * cut to their key and matched columns, one by one, until the set fits.
     */
    private static Fit fit(LinkIndex index, Scored s, List<Integer> order, Set<Integer> bridges, int budget) {
        int n = order.size();
        List<boolean[]> keep = new ArrayList<>(n);
        int total = fkTokens(index, order);
        for (int t : order) {
            boolean[] all = new boolean[index.docs.get(t).columns.size()];
            Arrays.fill(all, true);
            keep.add(all);
            total += index.docs.get(t).tokens(all);
        }
        if (total <= budget) {
            return new Fit(keep, total);
        }
        List<Integer> cutOrder = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            if (bridges.contains(order.get(i))) {
                cutOrder.add(i);
            }
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!bridges.contains(order.get(i))) {
                rest.add(i);
            }
        }
        rest.sort(Comparator.comparingDouble((Integer i) -> s.score[order.get(i)]));
        cutOrder.addAll(rest);
        for (int i : cutOrder) {
            int t = order.get(i);
            boolean[] cut = cutColumns(index, s, t);
            total += index.docs.get(t).tokens(cut) - index.docs.get(t).tokens(keep.get(i));
            keep.set(i, cut);
            if (total <= budget) {
                return new Fit(keep, total);
            }
        }
        return null;
    }

    /** Key columns and the columns the text named. */
    private static boolean[] cutColumns(LinkIndex index, Scored s, int t) {
        LinkIndex.Doc d = index.docs.get(t);
        boolean[] keep = new boolean[d.columns.size()];
        double[] named = s.columns[t];
        for (int c = 0; c < keep.length; c++) {
            keep[c] = d.key[c] || (named != null && named[c] >= 0.5);
        }
        return keep;
    }

    /** Tokens of the foreign-key lines among the chosen tables. */
    private static int fkTokens(LinkIndex index, List<Integer> order) {
        Set<String> names = new java.util.HashSet<>();
        for (int t : order) {
            names.add(index.docs.get(t).table.name());
        }
        int n = 0;
        for (int t : order) {
            for (Catalog.ForeignKey f : index.docs.get(t).detail.foreignKeys()) {
                if (index.schema.equals(f.referencedSchema()) && names.contains(f.referencedTable())) {
                    n += Tokens.foreignKey(f);
                }
            }
        }
        return n;
    }

    /**
     * Adds {@code t} to {@code set}, first adding the tables on the shortest foreign-key path (at most
     * {@value #MAX_PATH} hops) from {@code t} to the set when they are not neighbours already.
     */
    static void connect(LinkIndex index, Set<Integer> set, int t, Set<Integer> bridges, java.util.function.IntPredicate may) {
        if (set.contains(t)) {
            bridges.remove(t);
            return;
        }
        if (!set.isEmpty()) {
            Map<Integer, Integer> parent = new HashMap<>();
            ArrayDeque<int[]> queue = new ArrayDeque<>();
            queue.add(new int[] {t, 0});
            parent.put(t, -1);
            int reached = -1;
            while (!queue.isEmpty() && reached < 0) {
                int[] cur = queue.poll();
                if (cur[1] >= MAX_PATH) {
                    continue;
                }
                for (int nb : index.neighbours[cur[0]]) {
                    if (parent.containsKey(nb) || !may.test(nb)) {
                        continue;
                    }
                    parent.put(nb, cur[0]);
                    if (set.contains(nb)) {
                        reached = nb;
                        break;
                    }
                    queue.add(new int[] {nb, cur[1] + 1});
                }
            }
            if (reached >= 0) {
                for (int p = parent.get(reached); p != t && p >= 0; p = parent.get(p)) {
                    if (set.add(p)) {
                        bridges.add(p);
                    }
                }
            }
        }
        set.add(t);
    }

    private static SearchResult wildcard(LinkIndex index, String pattern, SearchOptions o, Predicate<Catalog.Table> may) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.strip().toCharArray()) {
            switch (c) {
                case '%', '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern p = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        List<SearchHit> hits = new ArrayList<>();
        for (LinkIndex.Doc d : index.docs) {
            if (p.matcher(d.table.name()).matches() && may.test(d.table)) {
                hits.add(new SearchHit(d.table, 1.0, List.of(), List.of("name")));
                if (o.limit() > 0 && hits.size() >= o.limit()) {
                    break;
                }
            }
        }
        return new SearchResult(hits, false, 0, index.size());
    }

    private static SearchHit hit(LinkIndex index, Scored s, int t, List<String> columns) {
        double[] by = s.fields[t] == null ? new double[LinkIndex.FIELD_WEIGHT.length] : s.fields[t];
        List<Integer> order = new ArrayList<>();
        for (int f = 0; f < by.length; f++) {
            if (by[f] > 0) {
                order.add(f);
            }
        }
        order.sort(Comparator.comparingDouble((Integer f) -> -by[f]));
        List<String> reasons = new ArrayList<>();
        for (int f : order) {
            if (!reasons.contains(LinkIndex.FIELD_REASON[f])) {
                reasons.add(LinkIndex.FIELD_REASON[f]);
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("name");
        }
        return new SearchHit(index.docs.get(t).table, Math.round(s.score[t] * 100) / 100.0, columns, reasons);
    }

    private static SearchHit bridgeHit(LinkIndex index, int t, List<String> columns) {
        return new SearchHit(index.docs.get(t).table, 0, columns, List.of("foreign key"));
    }

    private static List<String> matchedColumns(LinkIndex index, Scored s, int t) {
        double[] named = s.columns[t];
        List<String> out = new ArrayList<>();
        if (named != null) {
            List<Catalog.Column> cols = index.docs.get(t).columns;
            for (int c = 0; c < named.length; c++) {
                if (named[c] >= 0.5) {
                    out.add(cols.get(c).name());
                }
            }
        }
        return out;
    }

    private static List<String> keyColumns(LinkIndex index, int t) {
        LinkIndex.Doc d = index.docs.get(t);
        List<String> out = new ArrayList<>();
        for (int c = 0; c < d.columns.size(); c++) {
            if (d.key[c]) {
                out.add(d.columns.get(c).name());
            }
        }
        return out;
    }

    private static List<String> allColumns(LinkIndex index, int t) {
        return index.docs.get(t).columns.stream().map(Catalog.Column::name).toList();
    }

    private static List<String> columns(LinkIndex index, int t, boolean[] keep) {
        List<Catalog.Column> cols = index.docs.get(t).columns;
        List<String> out = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            if (keep[c]) {
                out.add(cols.get(c).name());
            }
        }
        return out;
    }
}
