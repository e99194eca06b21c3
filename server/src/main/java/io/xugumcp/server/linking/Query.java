package io.xugumcp.server.linking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A question cut into groups of pieces to look up. Each group stands for one thing the question says – an English
 * word, a Chinese two-character piece or character, a glossary word – with one or more alternatives (客户 →
 * customer | client | 客户), and counts once per table: the best of its alternatives.
 */
final class Query {
    /** Weights: a Chinese single character says much less than a word or a two-character piece. */
    static final double WORD = 1.0;
    static final double PAIR = 0.7;
    static final double BIGRAM = 1.0;
    static final double UNIGRAM = 0.3;
    static final double TRANSLATED = 0.8;
    static final double SYNONYM = 0.6;

    /** One way to read a group: its keys all have to match, each worth {@code weight / keys.size()}. */
    record Alternative(List<String> keys, double weight) {
    }

    /** One thing the question says. */
    record Group(String origin, List<Alternative> alternatives) {
    }

    private static final Set<String> ORDER_BEFORE = Set.of("descending", "ascending", "alphabetical", "alphabetic",
            "reverse", "increasing", "decreasing", "lexicographic", "lexicographical", "chronological", "numerical",
            "same", "that", "which", "any", "some", "particular", "specific", "desc", "asc");

    final List<Group> groups;
    /** The whole text, normalized, for "the text is a table's name" checks. */
    final String whole;

    private Query(List<Group> groups, String whole) {
        this.groups = groups;
        this.whole = whole;
    }

    static Query parse(String text, Glossary glossary) {
        String norm = Text.normalize(text);
        Map<String, Group> groups = new LinkedHashMap<>();
        List<String> words = Text.words(norm);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean sortWord = w.equals("order") && ((i + 1 < words.size() && words.get(i + 1).equals("by"))
                    || (i > 0 && ORDER_BEFORE.contains(words.get(i - 1))));
            if (i + 1 < words.size() && isWord(w) && isWord(words.get(i + 1))) {
                String pair = Text.stem(w + words.get(i + 1));
                groups.putIfAbsent("pair:" + pair, new Group(w + " " + words.get(i + 1),
                        List.of(new Alternative(List.of(pair), PAIR))));
            }
            if (sortWord || Text.questionStop(w) || !isWord(w) || w.length() < 2) {
                continue;
            }
            String stem = Text.stem(w);
            List<Alternative> alts = new ArrayList<>();
            alts.add(new Alternative(List.of(stem), WORD));
            for (String zh : glossary.chinese(stem)) {
                alts.add(new Alternative(chineseKeys(zh), TRANSLATED));
            }
            for (String en : glossary.englishSynonyms(stem)) {
                if (!Text.STOP_WORDS.contains(en)) {
                    alts.add(new Alternative(List.of(en), SYNONYM));
                }
            }
            groups.putIfAbsent("w:" + stem, new Group(w, alts));
        }
        for (String run : Text.cjkRuns(norm)) {
            for (Glossary.Found f : glossary.find(run)) {
                List<Alternative> alts = new ArrayList<>();
                for (List<String> en : f.english()) {
                    List<String> keys = en.stream().filter(k -> !Text.STOP_WORDS.contains(k)).toList();
                    if (!keys.isEmpty()) {
                        alts.add(new Alternative(keys, TRANSLATED));
                    }
                }
                if (!alts.isEmpty()) {
                    groups.putIfAbsent("zh:" + f.chinese(), new Group(f.chinese(), alts));
                }
            }
            for (String part : Text.questionRuns(run)) {
                int[] cps = part.codePoints().toArray();
                for (int i = 0; i < cps.length; i++) {
                    String uni = new String(cps, i, 1);
                    groups.putIfAbsent("g:" + uni, new Group(uni, List.of(new Alternative(List.of(uni), UNIGRAM))));
                    if (i + 1 < cps.length) {
                        String bi = new String(cps, i, 2);
                        groups.putIfAbsent("g:" + bi, new Group(bi, List.of(new Alternative(List.of(bi), BIGRAM))));
                    }
                }
            }
        }
        if (groups.isEmpty()) {
            // Only stop words ("name", "table"): search them rather than nothing.
            for (String w : words) {
                if (isWord(w)) {
                    String stem = Text.stem(w);
                    groups.putIfAbsent("w:" + stem, new Group(w, List.of(new Alternative(List.of(stem), WORD))));
                }
            }
        }
        return new Query(List.copyOf(groups.values()), norm.strip());
    }

    /** A Chinese word as index keys: itself when one or two characters, else its two-character pieces. */
    private static List<String> chineseKeys(String zh) {
        int[] cps = zh.codePoints().toArray();
        if (cps.length <= 2) {
            return List.of(zh);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < cps.length; i++) {
            out.add(new String(cps, i, 2));
        }
        return out;
    }

    /** Letters, not a bare number (values such as 2024 or 138 say nothing about tables). */
    private static boolean isWord(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isLetter(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }
}
