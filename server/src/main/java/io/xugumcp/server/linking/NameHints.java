package io.xugumcp.server.linking;

import io.xugumcp.api.Catalog;
import io.xugumcp.server.sql.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names to suggest for one that does not exist: alike in spelling ({@code custmer} → {@code CUSTOMER}), and
 * alike in meaning – a model that writes {@code mobile} or {@code customer_name} means the column whose comment is
 * 手机号码 or 客户姓名, which no edit distance finds. Meaning goes through the words of the name, their Chinese
 * translations and English synonyms from the glossary, compared with the candidates' names and comments.
 */
final class NameHints {
    static final int MAX = 3;

    /** A candidate: how it is shown, its name, its comment. */
    record Candidate(String shown, String name, String comment) {
    }

    private final Glossary glossary;

    NameHints(Glossary glossary) {
        this.glossary = glossary;
    }

    List<String> bySpelling(String written, List<Candidate> candidates) {
        List<String> names = new ArrayList<>();
        for (Candidate c : candidates) {
            names.add(c.name());
        }
        List<String> close = Names.closest(written, names, MAX * 2);
        Set<String> out = new LinkedHashSet<>();
        for (String n : close) {
            for (Candidate c : candidates) {
                if (c.name().equals(n) && out.size() < MAX) {
                    out.add(c.shown());
                }
            }
        }
        // Then names with a word spelled alike: totl → TOTAL_AMOUNT, custmer → CUSTOMER_ID.
        List<String> wanted = Text.words(written);
        for (Candidate c : candidates) {
            if (out.size() >= MAX || wanted.isEmpty()) {
                break;
            }
            List<String> words = Text.words(c.name());
            boolean alike = wanted.stream().allMatch(w -> w.length() >= 3 && words.stream()
                    .anyMatch(x -> Names.distance(w, x, 2) <= (w.length() >= 6 ? 2 : 1)));
            if (alike && !words.equals(wanted)) {
                out.add(c.shown());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Candidates whose words or comments mean what {@code written} says: those that match as many of its words as the
     * best one does (customer_name → 客户姓名 matches both words; 客户编号 only one, so it is not offered).
     */
    List<String> byMeaning(String written, List<Candidate> candidates) {
        List<List<String>> wanted = meanings(written);
        if (wanted.isEmpty()) {
            return List.of();
        }
        record Scored(String shown, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        double best = 0;
        for (Candidate c : candidates) {
            if (c.name().equalsIgnoreCase(written)) {
                continue;
            }
            Set<String> nameWords = new LinkedHashSet<>();
            for (String w : Text.words(c.name())) {
                nameWords.add(Text.stem(w));
            }
            String text = Text.normalize(c.name()) + " " + (c.comment() == null ? "" : Text.normalize(c.comment()));
            double score = 0;
            for (List<String> alternatives : wanted) {
                for (String a : alternatives) {
                    if (Text.hasCjk(a) ? text.contains(a) : nameWords.contains(a)) {
                        score++;
                        break;
                    }
                }
            }
            if (score >= 1 && score >= wanted.size() / 2.0) {
                scored.add(new Scored(c.shown(), score));
                best = Math.max(best, score);
            }
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score()).thenComparing(Scored::shown));
        List<String> out = new ArrayList<>();
        for (Scored s : scored) {
            if (s.score() >= best && out.size() < MAX && !out.contains(s.shown())) {
                out.add(s.shown());
            }
        }
        return out;
    }

    /** For each word of the name: the forms that mean it (the stem, Chinese words, English synonyms). */
    private List<List<String>> meanings(String written) {
        List<List<String>> out = new ArrayList<>();
        for (String w : Text.words(written)) {
            if (w.length() < 2 || Character.isDigit(w.charAt(0))) {
                continue;
            }
            String stem = Text.stem(w);
            List<String> alts = new ArrayList<>();
            alts.add(stem);
            alts.addAll(glossary.chinese(stem));
            alts.addAll(glossary.englishSynonyms(stem));
            out.add(alts);
        }
        for (String run : Text.cjkRuns(Text.normalize(written))) {
            for (Glossary.Found f : glossary.find(run)) {
                List<String> alts = new ArrayList<>();
                alts.add(f.chinese());
                for (List<String> en : f.english()) {
                    if (en.size() == 1) {
                        alts.add(en.get(0));
                    }
                }
                out.add(alts);
            }
            if (glossary.find(run).isEmpty()) {
                int[] cps = run.codePoints().toArray();
                for (int i = 0; i + 1 < cps.length; i++) {
                    out.add(List.of(new String(cps, i, 2)));
                }
            }
        }
        return out;
    }

    /** The columns of a table as candidates, shown as {@code TABLE.COLUMN}. */
    static List<Candidate> columns(Catalog.TableDetail d) {
        List<Candidate> out = new ArrayList<>();
        for (Catalog.Column c : d.columns()) {
            out.add(new Candidate(d.table().name() + "." + c.name(), c.name(), c.comment()));
        }
        return out;
    }
}
