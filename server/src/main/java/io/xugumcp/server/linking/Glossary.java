package io.xugumcp.server.linking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bilingual word list (Chinese ↔ English) of everyday and business vocabulary. Most of our users ask in Chinese about
 * schemas named in English (or English questions about Chinese comments); without a bridge between the two languages
 * only the names' own words could link, and a Chinese question shares none of them. The list is general – people,
 * places, trade, money, time, education, health, transport, media, sport – not a copy of any test set's schemas;
 * operators add their own business words through the synonym file.
 *
 * <p>Format of {@code /linking/glossary.txt}: {@code 中文|中文 = english, english phrase} per line, {@code #} comments.
 */
final class Glossary {
    private static final Glossary BUILT_IN = load("/linking/glossary.txt");

    /** Chinese word → English alternatives, each a list of stemmed words. */
    private final Map<String, List<List<String>>> zhToEn;
    /** English stem → Chinese words. */
    private final Map<String, List<String>> enToZh;
    private final int longestChinese;

    private Glossary(Map<String, List<List<String>>> zhToEn, Map<String, List<String>> enToZh, int longestChinese) {
        this.zhToEn = zhToEn;
        this.enToZh = enToZh;
        this.longestChinese = longestChinese;
    }

    static Glossary builtIn() {
        return BUILT_IN;
    }

    static Glossary load(String resource) {
        try (InputStream in = Glossary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("glossary missing from the class path: " + resource);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Glossary parse(List<String> lines) {
        Map<String, List<List<String>>> zhToEn = new HashMap<>();
        Map<String, Set<String>> enToZh = new HashMap<>();
        int longest = 0;
        for (String raw : lines) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq < 0) {
                continue;
            }
            List<String> chinese = new ArrayList<>();
            for (String z : line.substring(0, eq).split("\\|")) {
                String w = Text.normalize(z.strip());
                if (!w.isEmpty()) {
                    chinese.add(w);
                }
            }
            List<List<String>> english = new ArrayList<>();
            for (String alt : line.substring(eq + 1).split(",")) {
                List<String> words = new ArrayList<>();
                for (String w : Text.words(alt)) {
                    words.add(Text.stem(w));
                }
                if (!words.isEmpty()) {
                    english.add(List.copyOf(words));
                }
            }
            for (String z : chinese) {
                longest = Math.max(longest, z.codePointCount(0, z.length()));
                zhToEn.computeIfAbsent(z, k -> new ArrayList<>()).addAll(english);
                for (List<String> alt : english) {
                    if (alt.size() == 1) {
                        enToZh.computeIfAbsent(alt.get(0), k -> new LinkedHashSet<>()).add(z);
                    }
                }
            }
        }
        Map<String, List<String>> en = new HashMap<>();
        enToZh.forEach((k, v) -> en.put(k, List.copyOf(v)));
        Map<String, List<List<String>>> zh = new HashMap<>();
        zhToEn.forEach((k, v) -> zh.put(k, List.copyOf(v)));
        return new Glossary(Collections.unmodifiableMap(zh), Collections.unmodifiableMap(en), longest);
    }

    /** A Chinese word found in a text and what it means in English. */
    record Found(String chinese, List<List<String>> english) {
    }

    /**
     * Every glossary word inside a CJK run (overlapping ones too: 学生宿舍 gives 学生 and 宿舍 and, when listed,
     * 学生宿舍).
     */
    List<Found> find(String run) {
        List<Found> out = new ArrayList<>();
        int[] cps = run.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            for (int len = Math.min(longestChinese, cps.length - i); len >= 1; len--) {
                String piece = new String(cps, i, len);
                List<List<String>> en = zhToEn.get(piece);
                if (en != null) {
                    out.add(new Found(piece, en));
                }
            }
        }
        return out;
    }

    /** The Chinese words an English word (stemmed) translates to; empty when none. */
    List<String> chinese(String stem) {
        return enToZh.getOrDefault(stem, List.of());
    }

    /**
     * English words of the same meaning, found through the Chinese side (nation → 国家 → country; manufacturer →
     * 制造商 → maker), without the word itself.
     */
    List<String> englishSynonyms(String stem) {
        Set<String> out = new LinkedHashSet<>();
        for (String zh : chinese(stem)) {
            for (List<String> alt : zhToEn.getOrDefault(zh, List.of())) {
                if (alt.size() == 1 && !alt.get(0).equals(stem)) {
                    out.add(alt.get(0));
                }
            }
        }
        return List.copyOf(out);
    }

    int size() {
        return zhToEn.size();
    }
}
