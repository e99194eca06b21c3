package io.xugumcp.server.sql;

import io.xugumcp.api.StatementKind;
import io.xugumcp.server.sql.SqlLexer.Token;
import io.xugumcp.server.sql.SqlLexer.Type;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.xugumcp.api.StatementKind.DCL;
import static io.xugumcp.api.StatementKind.DDL;
import static io.xugumcp.api.StatementKind.DELETE;
import static io.xugumcp.api.StatementKind.INSERT;
import static io.xugumcp.api.StatementKind.LOCK;
import static io.xugumcp.api.StatementKind.MERGE;
import static io.xugumcp.api.StatementKind.METADATA;
import static io.xugumcp.api.StatementKind.PROCEDURAL;
import static io.xugumcp.api.StatementKind.READ;
import static io.xugumcp.api.StatementKind.SESSION;
import static io.xugumcp.api.StatementKind.TCL;
import static io.xugumcp.api.StatementKind.UPDATE;

/**
 * Classifies one statement from its tokens alone: by its leading keywords, and by writes hidden further in
 * (DML inside a CTE, SELECT … INTO, FOR UPDATE, functions with side effects). Works whether or not Calcite can parse
 * the statement, so it is the guard's floor: the parser may only make a verdict more dangerous, never less.
 */
final class StatementClassifier {

    /**
     * @param leading kind given by the leading keywords, null when they are not recognised
     * @param verb    leading keyword(s), upper case
     * @param hidden  most dangerous kind found further inside the statement, null when none
     * @param dbLink  true when a name@link reference was found (database links bypass table permissions)
     */
    record Lexical(StatementKind leading, String verb, StatementKind hidden, boolean dbLink) {

        StatementKind kind() {
            return worse(leading == null ? StatementKind.UNKNOWN : leading, hidden);
        }
    }

    /** What the leading keywords say: kind (null when not recognised), verb, and whether the body is executed. */
    private record Head(StatementKind kind, String verb, boolean executesBody) {
    }

    private static final Map<String, StatementKind> SIMPLE = Map.ofEntries(
            Map.entry("SELECT", READ), Map.entry("VALUES", READ), Map.entry("TABLE", READ),
            Map.entry("INSERT", INSERT), Map.entry("UPSERT", INSERT), Map.entry("REPLACE", INSERT),
            Map.entry("UPDATE", UPDATE), Map.entry("DELETE", DELETE), Map.entry("MERGE", MERGE),
            Map.entry("TRUNCATE", DDL), Map.entry("RENAME", DDL), Map.entry("COMMENT", DDL), Map.entry("ANALYZE", DDL),
            Map.entry("VACUUM", DDL), Map.entry("REINDEX", DDL), Map.entry("CLUSTER", DDL), Map.entry("REFRESH", DDL),
            Map.entry("PURGE", DDL), Map.entry("FLASHBACK", DDL), Map.entry("IMPORT", DDL), Map.entry("CHECKPOINT", DDL),
            Map.entry("GRANT", DCL), Map.entry("REVOKE", DCL), Map.entry("AUDIT", DCL), Map.entry("NOAUDIT", DCL),
            Map.entry("REASSIGN", DCL),
            Map.entry("COMMIT", TCL), Map.entry("ROLLBACK", TCL), Map.entry("SAVEPOINT", TCL), Map.entry("RELEASE", TCL),
            Map.entry("START", TCL), Map.entry("ABORT", TCL), Map.entry("END", TCL),
            Map.entry("SET", SESSION), Map.entry("USE", SESSION), Map.entry("RESET", SESSION),
            Map.entry("DISCARD", SESSION), Map.entry("DEALLOCATE", SESSION), Map.entry("LISTEN", SESSION),
            Map.entry("UNLISTEN", SESSION), Map.entry("PREPARE", SESSION),
            Map.entry("LOCK", LOCK), Map.entry("UNLOCK", LOCK),
            Map.entry("SHOW", METADATA), Map.entry("DESCRIBE", METADATA), Map.entry("DESC", METADATA),
            Map.entry("CALL", PROCEDURAL), Map.entry("EXEC", PROCEDURAL), Map.entry("EXECUTE", PROCEDURAL),
            Map.entry("DO", PROCEDURAL), Map.entry("DECLARE", PROCEDURAL), Map.entry("NOTIFY", PROCEDURAL),
            Map.entry("LOAD", PROCEDURAL), Map.entry("KILL", PROCEDURAL));

    /** Object types named after CREATE/ALTER/DROP, to build verbs like "DROP TABLE". */
    private static final Set<String> OBJECT_TYPES = Set.of("TABLE", "VIEW", "INDEX", "SEQUENCE", "SYNONYM", "USER",
            "ROLE", "SCHEMA", "DATABASE", "PROCEDURE", "FUNCTION", "TRIGGER", "PACKAGE", "TYPE", "TABLESPACE",
            "EXTENSION", "DOMAIN", "DIRECTORY", "MATERIALIZED", "ALIAS", "POLICY", "RULE", "SERVER", "PROFILE",
            "SESSION", "SYSTEM", "JOB", "EVENT", "LINK", "PUBLICATION", "SUBSCRIPTION", "CONSTANT");

    private static final Set<String> DML_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT");

    /** Nesting (EXPLAIN ANALYZE EXPLAIN …, WITH … WITH …) deeper than this is not understood: UNKNOWN. */
    private static final int MAX_NESTING = 8;

    private StatementClassifier() {
    }

    /** The more dangerous of two kinds; StatementKind is declared from harmless (READ) to worst (UNKNOWN). */
    static StatementKind worse(StatementKind a, StatementKind b) {
        if (a == null) {
            return b;
        }
        return b == null || a.ordinal() >= b.ordinal() ? a : b;
    }

    /** @param block true for a procedural block or routine, whose body is code rather than one statement */
    static Lexical classify(List<Token> t, boolean block) {
        int i = 0;
        while (i < t.size() && t.get(i).isSymbol('(')) {
            i++;
        }
        Head head = leading(t, i, 0);
        // CREATE PROCEDURE … stores its body without running it, so what the body does is no hidden write.
        boolean scan = head.executesBody() && !(block && head.kind() == DDL);
        StatementKind hidden = scan ? hiddenKind(t, head.kind()) : null;
        return new Lexical(head.kind(), head.verb(), hidden, hasDbLink(t));
    }

    private static Head leading(List<Token> t, int i, int nesting) {
        if (i >= t.size() || nesting > MAX_NESTING) {
            return new Head(null, "", true);
        }
        Token first = t.get(i);
        if (first.isSymbol('{') || first.isSymbol('<') && i + 1 < t.size() && t.get(i + 1).isSymbol('<')) {
            // JDBC escape {call …} and PL/SQL <<label>> both start procedural code.
            return new Head(PROCEDURAL, first.isSymbol('{') ? "CALL" : "BEGIN", true);
        }
        if (first.type() != Type.WORD) {
            return new Head(null, first.text(), true);
        }
        String w = first.key();
        return switch (w) {
            case "WITH" -> withMain(t, i + 1, nesting);
            case "EXPLAIN" -> explain(t, i + 1, nesting);
            case "CREATE", "ALTER", "DROP" -> ddl(t, i, w);
            case "COPY" -> copy(t, i);
            case "BEGIN" -> StatementSplitter.startsBlock(t, i)
                    ? new Head(PROCEDURAL, "BEGIN", true)
                    : new Head(TCL, "BEGIN", true);
            case "SHOW", "DESCRIBE", "DESC" -> new Head(METADATA, w, false);
            case "LOCK" -> new Head(LOCK, "LOCK TABLE", true);
            case "REPLACE" -> i + 1 < t.size() && t.get(i + 1).isSymbol('(')
                    ? new Head(null, w, true) : new Head(INSERT, w, true);
            default -> new Head(SIMPLE.get(w), w, true);
        };
    }

    /** WITH name [(cols)] AS [NOT] [MATERIALIZED] (…) [, …] main-statement: classify the main statement. */
    private static Head withMain(List<Token> t, int i, int nesting) {
        int j = i < t.size() && t.get(i).is("RECURSIVE") ? i + 1 : i;
        while (j < t.size() && t.get(j).isName()) {
            j++;
            if (j < t.size() && t.get(j).isSymbol('(')) {
                j = skipParens(t, j);
            }
            if (j >= t.size() || !t.get(j).is("AS")) {
                return new Head(null, "WITH", true);
            }
            j++;
            while (j < t.size() && (t.get(j).is("NOT") || t.get(j).is("MATERIALIZED"))) {
                j++;
            }
            if (j >= t.size() || !t.get(j).isSymbol('(')) {
                return new Head(null, "WITH", true);
            }
            j = skipParens(t, j);
            if (j < t.size() && t.get(j).isSymbol(',')) {
                j++;
            } else {
                break;
            }
        }
        while (j < t.size() && t.get(j).isSymbol('(')) {
            j++;
        }
        Head main = leading(t, j, nesting + 1);
        return main.kind() == null ? new Head(null, "WITH", true) : main;
    }

    /** EXPLAIN only plans a statement, except EXPLAIN ANALYZE, which runs it (PostgreSQL, MySQL, H2). */
    private static Head explain(List<Token> t, int i, int nesting) {
        boolean analyze = false;
        int j = i;
        while (j < t.size()) {
            Token w = t.get(j);
            if (w.is("ANALYZE") || w.is("ANALYSE")) {
                analyze = true;
                j++;
            } else if (w.isSymbol('(')) {
                int end = skipParens(t, j);
                for (int k = j; k < end; k++) {
                    analyze |= t.get(k).is("ANALYZE") || t.get(k).is("ANALYSE");
                }
                j = end;
            } else if (w.is("VERBOSE") || w.is("EXTENDED") || w.is("PARTITIONS") || w.is("PLAN") || w.is("FOR")) {
                j++;
            } else {
                break;
            }
        }
        if (!analyze) {
            return new Head(METADATA, "EXPLAIN", false);
        }
        Head inner = leading(t, j, nesting + 1);
        return new Head(inner.kind(), "EXPLAIN ANALYZE", true);
    }

    private static Head ddl(List<Token> t, int i, String w) {
        for (int j = i + 1; j < Math.min(t.size(), i + 6); j++) {
            Token o = t.get(j);
            if (o.type() == Type.WORD && OBJECT_TYPES.contains(o.key())) {
                String verb = w + " " + (o.is("MATERIALIZED") ? "MATERIALIZED VIEW" : o.key());
                StatementKind kind = switch (o.key()) {
                    case "USER", "ROLE", "PROFILE", "SYSTEM" -> DCL;   // accounts, privileges, server-wide settings
                    case "SESSION" -> w.equals("ALTER") ? SESSION : DDL;
                    default -> DDL;
                };
                return new Head(kind, verb, true);
            }
        }
        return new Head(DDL, w, true);
    }

    /** PostgreSQL COPY: FROM loads rows, TO writes a file, PROGRAM runs a shell command. */
    private static Head copy(List<Token> t, int i) {
        StatementKind kind = DDL;
        for (int j = i + 1; j < t.size(); j++) {
            if (t.get(j).is("PROGRAM")) {
                return new Head(PROCEDURAL, "COPY", true);
            }
            if (t.get(j).isSymbol('(')) {
                j = skipParens(t, j) - 1;
            } else if (t.get(j).is("FROM")) {
                kind = INSERT;
            }
        }
        return new Head(kind, "COPY", true);
    }

    /** Writes hidden after the leading keywords. */
    private static StatementKind hiddenKind(List<Token> t, StatementKind leading) {
        StatementKind found = null;
        boolean insertLike = false;
        for (Token x : t) {
            insertLike |= x.is("INSERT") || x.is("UPSERT") || x.is("MERGE") || x.is("REPLACE");
        }
        boolean checkDml = leading == null || leading.ordinal() <= MERGE.ordinal();
        for (int i = 0; i < t.size(); i++) {
            Token x = t.get(i);
            String prev = keyAt(t, i - 1);
            String prev2 = keyAt(t, i - 2);
            boolean member = i > 0 && t.get(i - 1).isSymbol('.') || i + 1 < t.size() && t.get(i + 1).isSymbol('.');
            boolean call = i + 1 < t.size() && t.get(i + 1).isSymbol('(');
            if (checkDml && x.type() == Type.WORD && DML_WORDS.contains(x.key()) && !member && !call) {
                boolean forUpdate = x.is("UPDATE") && ("FOR".equals(prev) || "KEY".equals(prev) && "NO".equals(prev2));
                found = worse(found, forUpdate ? LOCK : SIMPLE.get(x.key()));
            } else if (checkDml && x.is("SHARE") && ("FOR".equals(prev) || "KEY".equals(prev) && "FOR".equals(prev2)
                    || "IN".equals(prev) && "LOCK".equals(prev2))) {
                found = worse(found, LOCK);   // FOR SHARE, FOR KEY SHARE, LOCK IN SHARE MODE
            } else if (checkDml && x.is("INTO") && leading == READ && !insertLike) {
                found = worse(found, DDL);    // SELECT … INTO creates a table or writes a file
            } else if (x.isSymbol('{') && i + 1 < t.size() && (t.get(i + 1).is("CALL") || t.get(i + 1).isSymbol('?'))) {
                found = worse(found, PROCEDURAL);
            } else if (SideEffects.isSideEffect(t, i, leading)) {
                found = worse(found, PROCEDURAL);
            }
        }
        return found;
    }

    /** name@link, written without spaces, is an Oracle database link. */
    private static boolean hasDbLink(List<Token> t) {
        for (int i = 1; i + 1 < t.size(); i++) {
            Token at = t.get(i);
            if (at.isSymbol('@') && t.get(i - 1).isName() && t.get(i + 1).isName()
                    && t.get(i - 1).end() == at.start() && at.end() == t.get(i + 1).start()) {
                return true;
            }
        }
        return false;
    }

    static String keyAt(List<Token> t, int i) {
        return i >= 0 && i < t.size() && t.get(i).type() == Type.WORD ? t.get(i).key() : null;
    }

    /** Index just after the parenthesis group opening at {@code i}. */
    static int skipParens(List<Token> t, int i) {
        int depth = 0;
        for (int j = i; j < t.size(); j++) {
            if (t.get(j).isSymbol('(')) {
                depth++;
            } else if (t.get(j).isSymbol(')') && --depth == 0) {
                return j + 1;
            }
        }
        return t.size();
    }
}
