package io.xugumcp.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings an operator wrote that nothing reads – a typo such as {@code max_rows} for {@code max-rows}, or a
 * misspelt section such as {@code securty { … }} – which Typesafe Config would otherwise ignore without a word.
 * The known keys are the ones a {@code reference.conf} declares (the host's, or a plugin's for its own subtree),
 * plus the open maps whose entries the operator names: roles, language-model providers, headers.
 * Lists are not looked into (their items are checked where they are read).
 */
public final class UnknownKeys {
    /** A name of an entry in an open map (a role, a provider): matches any key whose value is an object. */
    private static final String ANY = "*";

    /**
     * A key nothing reads.
     *
     * @param path    the key as written, e.g. {@code xugu-mcp.security.max_rows}
     * @param origin  where it was written (file and line), or empty
     * @param closest the known key it most likely meant, or null
     */
    public record Unknown(String path, String origin, String closest) {
        /** What and where, e.g. {@code unknown setting xugu-mcp.security.max_rows (application.conf: 3)}. */
        public String what() {
            return "unknown setting " + path + (origin.isEmpty() ? "" : " (" + origin + ")");
        }

        /** The likely key, e.g. {@code did you mean xugu-mcp.security.max-rows?}, or empty. */
        public String hint() {
            return closest == null ? "" : "did you mean " + closest + "?";
        }

        /** {@link #what()} and {@link #hint()} in one phrase. */
        public String message() {
            return what() + (closest == null ? "" : ": " + hint());
        }
    }

    private final Set<List<String>> known = new HashSet<>();
    private final Set<List<String>> open = new HashSet<>();

    private UnknownKeys() {
    }

    /**
     * The keys of the host's {@code reference.conf} (parsed, not resolved: keys whose only value is an unset
     * {@code ${?VARIABLE}} count too), with the open maps the host reads.
     */
    public static UnknownKeys ofHost(Config reference) {
        UnknownKeys k = new UnknownKeys();
        k.add(List.of(), reference.root());
        // Custom roles: any name; each takes the keys the built-in roles use and the rest SecuritySettings reads.
        k.template(List.of("xugu-mcp", "security", "roles"), reference,
                "description", "inherits", "permissions", "allow-kinds", "tables",
                "rate-limit", "rate-limit.enabled", "rate-limit.per-minute", "rate-limit.burst");
        // Language-model providers (a third-party provider plugin brings its own name); every provider key may also
        // stand at the top level of llm, where it applies to all providers.
        String[] provider = {"model", "base-url", "temperature", "max-tokens", "max-concurrency", "timeout", "api-key",
                "api-key-file", "headers", "require-api-key", "retired-models", "version", "beta", "thinking",
                "max-tokens-field", "json-mode", "min-context", "max-context"};
        List<String> llm = List.of("xugu-mcp", "llm");
        k.template(llm, reference, provider);
        for (String key : provider) {
            k.known.add(append(llm, key));
        }
        for (List<String> base : List.of(llm, append(llm, ANY))) {
            k.open.add(append(base, "headers"));
            k.open.add(append(base, "retired-models"));
        }
        // Each plugin's subtree is checked against the plugin's own reference.conf once the plugins are loaded.
        k.open.add(List.of("plugins"));
        return k;
    }

    /** The keys a plugin's {@code reference.conf} declares under {@code plugins.<id>}. */
    public static UnknownKeys ofPlugin(String pluginId, Config reference) {
        UnknownKeys k = new UnknownKeys();
        List<String> base = List.of("plugins", pluginId);
        k.known.add(List.of("plugins"));
        k.known.add(base);
        String path = ConfigUtil.joinPath(base);
        if (reference.hasPathOrNull(path) && reference.root().get("plugins") instanceof ConfigObject all
                && all.get(pluginId) instanceof ConfigObject own) {
            k.add(base, own);
        }
        return k;
    }

    /**
     * The plugin-section keys that name no installed plugin, and those a plugin's own {@code reference.conf} does
     * not declare. A plugin without a {@code reference.conf} does not say which keys it reads: its subtree is taken
     * as it is.
     *
     * @param references each installed plugin's id and its own {@code reference.conf} (parsed), null when it has none
     */
    public static List<Unknown> inPluginSection(Config settings, Map<String, Config> references) {
        List<Unknown> out = new ArrayList<>();
        if (!(settings.root().get("plugins") instanceof ConfigObject section)) {
            return out;
        }
        for (Map.Entry<String, ConfigValue> e : section.entrySet()) {
            String id = e.getKey();
            List<String> path = List.of("plugins", id);
            if (!references.containsKey(id)) {
                String closest = closest(id, references.keySet());
                out.add(new Unknown(ConfigUtil.joinPath(path), origin(e.getValue()),
                        closest == null ? null : ConfigUtil.joinPath("plugins", closest)));
            } else if (references.get(id) != null && e.getValue() instanceof ConfigObject own) {
                ofPlugin(id, references.get(id)).walk(path, own, out);
            }
        }
        return sorted(out);
    }

    /**
     * {@link #inPluginSection(Config, Map)} for the installed plugins {@code ids}, each with its own
     * {@code reference.conf} (null when it has none; one that cannot be parsed is reported where it is used).
     */
    public static List<Unknown> inPluginSection(Config settings, Collection<String> ids,
                                                java.util.function.Function<String, java.net.URL> ownReference) {
        Map<String, Config> references = new java.util.HashMap<>();
        for (String id : ids) {
            java.net.URL url = ownReference.apply(id);
            Config parsed = null;
            if (url != null) {
                try {
                    parsed = com.typesafe.config.ConfigFactory.parseURL(url);
                } catch (com.typesafe.config.ConfigException e) {
                    parsed = null;
                }
            }
            references.put(id, parsed);
        }
        return inPluginSection(settings, references);
    }

    /** The keys of {@code settings} (the operator's file and overrides, or the merged configuration) nobody reads. */
    public List<Unknown> in(Config settings) {
        List<Unknown> out = new ArrayList<>();
        walk(List.of(), settings.root(), out);
        return sorted(out);
    }

    private void walk(List<String> at, ConfigObject object, List<Unknown> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            List<String> path = append(at, e.getKey());
            boolean isObject = e.getValue() instanceof ConfigObject;
            if (isOpen(path)) {
                continue;
            }
            if (!isKnown(path, isObject)) {
                out.add(new Unknown(ConfigUtil.joinPath(path), origin(e.getValue()), suggest(path)));
            } else if (isObject) {
                walk(path, (ConfigObject) e.getValue(), out);
            }
        }
    }

    private void add(List<String> at, ConfigObject object) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            List<String> path = append(at, e.getKey());
            known.add(path);
            if (e.getValue() instanceof ConfigObject child) {
                add(path, child);
            }
        }
    }

    /**
     * Declares {@code base} an open map: any entry name, each entry holding the keys the reference's own entries
     * hold, and {@code extra} (dotted relative paths).
     */
    private void template(List<String> base, Config reference, String... extra) {
        List<String> any = append(base, ANY);
        known.add(any);
        for (List<String> k : List.copyOf(known)) {
            if (k.size() > base.size() + 1 && k.subList(0, base.size()).equals(base)
                    && isObjectIn(reference, k.subList(0, base.size() + 1))) {
                List<String> t = new ArrayList<>(any);
                t.addAll(k.subList(base.size() + 1, k.size()));
                known.add(List.copyOf(t));
            }
        }
        for (String x : extra) {
            List<String> t = new ArrayList<>(any);
            t.addAll(ConfigUtil.splitPath(x));
            known.add(List.copyOf(t));
            for (int i = any.size() + 1; i < t.size(); i++) {
                known.add(List.copyOf(t.subList(0, i)));
            }
        }
    }

    private static boolean isObjectIn(Config reference, List<String> path) {
        ConfigValue v = reference.root();
        for (String s : path) {
            if (!(v instanceof ConfigObject o)) {
                return false;
            }
            v = o.get(s);
        }
        return v instanceof ConfigObject;
    }

    private boolean isKnown(List<String> path, boolean isObject) {
        if (known.contains(path)) {
            return true;
        }
        if (!isObject) {
            // An entry of an open map (a role, a provider) is always an object; a leaf must be named exactly,
            // except below such an entry.
            return known.stream().anyMatch(k -> !k.get(k.size() - 1).equals(ANY) && matches(k, path));
        }
        return known.stream().anyMatch(k -> matches(k, path));
    }

    private boolean isOpen(List<String> path) {
        return open.stream().anyMatch(o -> o.size() <= path.size() && matches(o, path.subList(0, o.size())));
    }

    private static boolean matches(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            if (!pattern.get(i).equals(ANY) && !pattern.get(i).equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The known key beside {@code path} with the closest name; else a key of that name elsewhere (a misplaced key). */
    private String suggest(List<String> path) {
        List<String> parent = path.subList(0, path.size() - 1);
        String name = path.get(path.size() - 1);
        List<String> siblings = known.stream()
                .filter(k -> k.size() == path.size() && matches(k.subList(0, parent.size()), parent))
                .map(k -> k.get(k.size() - 1)).filter(s -> !s.equals(ANY)).toList();
        String near = closest(name, siblings);
        if (near != null) {
            return ConfigUtil.joinPath(append(parent, near));
        }
        String norm = normal(name);
        return known.stream().filter(k -> !k.contains(ANY) && normal(k.get(k.size() - 1)).equals(norm))
                .map(ConfigUtil::joinPath).sorted().findFirst().orElse(null);
    }

    /** The candidate closest to {@code name} (edit distance, ignoring case and {@code _} for {@code -}), if close enough. */
    static String closest(String name, Collection<String> candidates) {
        String n = normal(name);
        int limit = n.length() <= 4 ? 1 : n.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates.stream().sorted().toList()) {
            int d = distance(n, normal(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** In key order (HOCON objects keep none), so the warnings read the same at every start. */
    private static List<Unknown> sorted(List<Unknown> out) {
        return out.stream().sorted(java.util.Comparator.comparing(Unknown::path)).toList();
    }

    private static String origin(ConfigValue v) {
        return v.origin() == null || v.origin().description() == null ? "" : v.origin().description();
    }

    private static List<String> append(List<String> at, String key) {
        List<String> out = new ArrayList<>(at);
        out.add(key);
        return List.copyOf(out);
    }
}
