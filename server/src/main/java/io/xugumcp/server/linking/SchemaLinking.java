package io.xugumcp.server.linking;

import io.xugumcp.api.Catalog;
import io.xugumcp.server.catalog.SchemaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The host's schema linking: the ranked, bilingual search behind {@link Catalog#search}, shared by the schema tools
 * and Chat2SQL. Keeps one index per schema, rebuilt when the catalog hands out a new snapshot (after its cache
 * expired or DDL ran) or the operator's synonym file changed.
 */
public final class SchemaLinking {
    private record Cached(SchemaSnapshot snapshot, long synonymsVersion, LinkIndex index) {
    }

    private final Synonyms synonyms;
    private final Glossary glossary;
    private final Linker.Settings settings;
    private final SqlNames names;
    private final ConcurrentHashMap<String, Cached> indexes = new ConcurrentHashMap<>();

    /** Linking only; {@link #resolve} is refused. */
    public SchemaLinking(Synonyms synonyms) {
        this(synonyms, null);
    }

    /** @param guard the SQL guard whose parser {@link #resolve} reads statements with */
    public SchemaLinking(Synonyms synonyms, io.xugumcp.server.sql.SqlGuard guard) {
        this(synonyms, Glossary.builtIn(), Linker.DEFAULT, guard);
    }

    SchemaLinking(Synonyms synonyms, Glossary glossary, Linker.Settings settings) {
        this(synonyms, glossary, settings, null);
    }

    private SchemaLinking(Synonyms synonyms, Glossary glossary, Linker.Settings settings,
                          io.xugumcp.server.sql.SqlGuard guard) {
        this.synonyms = synonyms;
        this.glossary = glossary;
        this.settings = settings;
        this.names = guard == null ? null : new SqlNames(guard, glossary);
    }

    /** Resolves the names of a SQL statement (see {@link Catalog#resolve}). */
    public Catalog.Resolution resolve(String sql, SqlNames.Lookup lookup) {
        if (names == null) {
            throw new UnsupportedOperationException("no SQL parser configured for name resolution");
        }
        return names.resolve(sql, lookup);
    }

    /**
     * Links {@code text} to the tables of a snapshot.
     *
     * @param readable the tables the caller may read, or {@code null} for all: the others are never linked, counted
     *                 into the whole-schema size, or crossed on a foreign-key path
     */
    public Catalog.SearchResult search(SchemaSnapshot snapshot, String text, Catalog.SearchOptions options,
                                       Predicate<Catalog.Table> readable) {
        return Linker.search(index(snapshot), text, glossary, options, readable, settings);
    }

    LinkIndex index(SchemaSnapshot snapshot) {
        Synonyms.Snapshot words = synonyms.current();
        Cached c = indexes.get(snapshot.schema());
        if (c != null && c.snapshot() == snapshot && c.synonymsVersion() == words.version()) {
            return c.index();
        }
        synchronized (this) {
            c = indexes.get(snapshot.schema());
            if (c != null && c.snapshot() == snapshot && c.synonymsVersion() == words.version()) {
                return c.index();
            }
            List<Catalog.TableDetail> details = new ArrayList<>(snapshot.tables().size());
            for (Catalog.Table t : snapshot.tables()) {
                details.add(snapshot.detail(t.name()));
            }
            LinkIndex index = LinkIndex.build(snapshot.schema(), details, words.entries());
            indexes.put(snapshot.schema(), new Cached(snapshot, words.version(), index));
            return index;
        }
    }
}
