package io.xugumcp.server.sql;

import io.xugumcp.server.sql.SqlLexer.Feature;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.xugumcp.server.sql.SqlLexer.Feature.BACKSLASH_ESCAPES;
import static io.xugumcp.server.sql.SqlLexer.Feature.DOLLAR_QUOTES;
import static io.xugumcp.server.sql.SqlLexer.Feature.EXECUTABLE_COMMENTS;
import static io.xugumcp.server.sql.SqlLexer.Feature.E_STRINGS;
import static io.xugumcp.server.sql.SqlLexer.Feature.HASH_COMMENTS;
import static io.xugumcp.server.sql.SqlLexer.Feature.NESTED_COMMENTS;
import static io.xugumcp.server.sql.SqlLexer.Feature.Q_QUOTES;

/**
 * What the guard knows about each database's lexical rules: features it surely has, and features it may have
 * (depending on version, settings or undocumented behaviour). Every combination of the possible features that the
 * text could trigger is lexed, and the most dangerous reading wins, so a guess never opens a hole.
 */
enum GuardDialect {
    /**
     * Oracle-compatible. Q-quotes are assumed, as in Oracle (unverified on a server; the shared corpus expects them);
     * its handling of MySQL- and PostgreSQL-style lexing is unknown, so each is considered.
     */
    XUGU(EnumSet.of(Q_QUOTES),
            EnumSet.of(BACKSLASH_ESCAPES, HASH_COMMENTS, EXECUTABLE_COMMENTS, DOLLAR_QUOTES, NESTED_COMMENTS, E_STRINGS)),
    /**
     * Backslash escapes return when standard_conforming_strings is off. {@code /*! … *}{@code /} is a plain comment
     * here, but it is read as code too: a statement hidden in one is refused on every dialect (MySQL-family
     * middleware between us and the database would run it), at no cost to real queries.
     */
    POSTGRESQL(EnumSet.of(DOLLAR_QUOTES, NESTED_COMMENTS, E_STRINGS), EnumSet.of(BACKSLASH_ESCAPES, EXECUTABLE_COMMENTS)),
    /** $$…$$ literals hold Java source in CREATE ALIAS; the rest is standard SQL, with a margin for modes. */
    H2(EnumSet.of(DOLLAR_QUOTES), EnumSet.of(NESTED_COMMENTS, BACKSLASH_ESCAPES, EXECUTABLE_COMMENTS));

    private final EnumSet<Feature> always;
    private final EnumSet<Feature> maybe;

    GuardDialect(EnumSet<Feature> always, EnumSet<Feature> maybe) {
        this.always = always;
        this.maybe = maybe;
    }

    static GuardDialect of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "xugu", "xugudb" -> XUGU;
            case "postgresql", "postgres", "pg" -> POSTGRESQL;
            case "h2" -> H2;
            default -> throw new IllegalArgumentException("unknown SQL dialect '" + name
                    + "'; expected xugu, postgresql or h2");
        };
    }

    /** The reading the database most likely uses; it is the one handed to Calcite. */
    EnumSet<Feature> base() {
        return always.clone();
    }

    /** The base reading plus every combination of the possible features that {@code sql} contains a trigger for. */
    List<EnumSet<Feature>> readings(String sql) {
        List<EnumSet<Feature>> out = new ArrayList<>();
        out.add(always.clone());
        for (Feature f : maybe) {
            if (!triggered(f, sql)) {
                continue;
            }
            List<EnumSet<Feature>> more = new ArrayList<>();
            for (EnumSet<Feature> r : out) {
                EnumSet<Feature> with = r.clone();
                with.add(f);
                more.add(with);
            }
            out.addAll(more);
        }
        return out;
    }

    /** Cheap test whether a feature could change how {@code sql} is lexed at all. */
    private static boolean triggered(Feature f, String sql) {
        return switch (f) {
            case BACKSLASH_ESCAPES -> sql.indexOf('\\') >= 0;
            case HASH_COMMENTS -> sql.indexOf('#') >= 0;
            case EXECUTABLE_COMMENTS -> sql.contains("/*!") || sql.contains("/*M!");
            case DOLLAR_QUOTES -> sql.indexOf('$') >= 0;
            case NESTED_COMMENTS -> sql.indexOf("/*") >= 0 && sql.indexOf("/*", sql.indexOf("/*") + 2) >= 0;
            case E_STRINGS -> sql.contains("e'") || sql.contains("E'");
            case Q_QUOTES -> sql.contains("q'") || sql.contains("Q'");
        };
    }

    /** Words for a message: how a reading differs from the base one. */
    String describe(Set<Feature> reading) {
        List<String> parts = new ArrayList<>();
        for (Feature f : reading) {
            if (!always.contains(f)) {
                parts.add(switch (f) {
                    case BACKSLASH_ESCAPES -> "backslash escapes in quotes";
                    case HASH_COMMENTS -> "# comments";
                    case EXECUTABLE_COMMENTS -> "executable /*! */ comments";
                    case DOLLAR_QUOTES -> "$$ quoting";
                    case NESTED_COMMENTS -> "nested comments";
                    case E_STRINGS -> "E'' strings";
                    case Q_QUOTES -> "q'' quoting";
                });
            }
        }
        return String.join(", ", parts);
    }
}
