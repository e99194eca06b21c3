package io.xugumcp.server.sql;

import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.StatementKind;
import io.xugumcp.server.sql.SqlLexer.Feature;
import io.xugumcp.server.sql.SqlLexer.Token;
import io.xugumcp.server.sql.SqlLexer.Type;
import io.xugumcp.server.sql.StatementClassifier.Lexical;
import io.xugumcp.server.sql.StatementSplitter.Statement;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.xugumcp.server.sql.StatementClassifier.worse;

/**
 * Classifies a SQL text before it reaches the database: what kind of statement it is (the most dangerous one wins),
 * how many statements it holds, which tables it names, and whether anything in the text forbids running it at all.
 *
 * <p>The text is lexed once per plausible set of lexical rules of the dialect (see {@link GuardDialect}); each reading
 * is split into statements and classified from its tokens, and a single statement is also given to Calcite's Babel
 * parser, which may make the verdict more dangerous but never less. Anything not understood is UNKNOWN, which counts
 * as a write. Thread-safe: instances hold only immutable configuration.
 */
public final class SqlGuard {

    static {
        // N'中文' literals fail to parse unless Calcite's national charset can hold them. Calcite reads the property
        // once, when its CalciteSystemProperty class loads, so it is set here, before the guard touches Calcite.
        if (System.getProperty("calcite.default.nationalcharset") == null) {
            System.setProperty("calcite.default.nationalcharset", "UTF-8");
        }
    }

    /** Longest text inspected at all (characters). */
    public static final int DEFAULT_MAX_CHARS = 100_000;
    /** Calcite's parser slows down quadratically on long expressions and recurses on nesting: beyond these, the
     *  lexer's verdict stands alone. */
    static final int MAX_PARSER_TOKENS = 4_000;
    static final int MAX_PARSER_DEPTH = 40;

    /** Tables holding password hashes or link credentials: never served, whatever the caller's role. */
    private static final Set<String> CREDENTIAL_TABLES = Set.of("SYS_USERS", "USER$", "LINK$", "PG_AUTHID",
            "PG_SHADOW", "PG_USER_MAPPING", "PG_USER_MAPPINGS", "MYSQL.USER");

    /** Three rounds load the parser and compile its hottest paths; thirty compiled all of it for ~3 MB of compiler
     *  memory and code that a chat's statements did not feel (JDK 17, 12 novel SELECTs 0.3 s apart after a schema
     *  call: 5-29 ms each either way; 1,000 point calls: peak RSS 101 -> 98 MB). */
    private static final int WARM_UP_ROUNDS = 3;
    private static final String[] WARM_UP = {
        "SELECT e.ename, d.dname FROM emp e JOIN dept d ON e.deptno = d.deptno WHERE e.sal > ? ORDER BY 1",
        "WITH t AS (SELECT deptno, COUNT(*) n FROM emp GROUP BY deptno) SELECT * FROM t WHERE n > 1",
        "INSERT INTO emp (empno, ename) VALUES (1, 'x')",
        "UPDATE emp SET sal = sal * 1.1 WHERE deptno IN (SELECT deptno FROM dept)",
        "DELETE FROM emp WHERE empno = 1",
        "SELECT * FROM emp e, dept d WHERE e.deptno = d.deptno(+)",
        "DROP TABLE emp",
    };

    /** Verdicts of recent statement shapes (see {@link VerdictCacheKey}): assistants re-run the same statements with
     *  other values, and a verdict depends on the text alone. */
    private static final int CACHE_ENTRIES = 2_048;
    private static final int CACHE_MAX_CHARS = 8_192;

    private final GuardDialect dialect;
    private final int maxChars;
    private final java.util.concurrent.ConcurrentHashMap<String, GuardVerdict> recent = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param dialect "xugu", "postgresql" or "h2": decides which lexical rules are considered */
    public SqlGuard(String dialect) {
        this(dialect, DEFAULT_MAX_CHARS);
    }

    public SqlGuard(String dialect, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        this.dialect = GuardDialect.of(dialect);
        this.maxChars = maxChars;
    }

    public GuardVerdict inspect(String sql) {
        if (sql == null || sql.isBlank()) {
            return refused("is empty; send one SQL statement");
        }
        if (sql.length() > maxChars) {
            return refused(String.format(Locale.ROOT, "is %d characters long; the limit is %d", sql.length(), maxChars));
        }
        boolean cacheable = sql.length() <= CACHE_MAX_CHARS;
        String key = cacheable ? VerdictCacheKey.of(sql) : null;
        GuardVerdict cached = cacheable ? recent.get(key) : null;
        if (cached != null) {
            return cached;
        }
        GuardVerdict verdict = classify(sql);
        if (cacheable) {
            if (recent.size() >= CACHE_ENTRIES) {
                // Crude but bounded and lock-free: start over rather than track recency on the hot path.
                recent.clear();
            }
            recent.put(key, verdict);
        }
        return verdict;
    }

    /** Forgets the cached verdicts; returns how many there were. */
    public int clearCache() {
        int n = recent.size();
        recent.clear();
        return n;
    }

    /**
     * One statement as the guard's parser read it: the tree, and the text it was parsed from (comments blanked,
     * bind variables as {@code ?}, line breaks where they were), against which the tree's positions count.
     */
    public record ParsedStatement(org.apache.calcite.sql.SqlNode tree, String text) {
    }

    /**
     * Parses a text holding exactly one statement the way {@link #inspect} reads it, for checking the names it uses.
     * Empty when the text is empty or too long, holds several statements, the lexer is unsure where it ends, or the
     * parser cannot read it. The tree is never turned back into SQL that runs.
     */
    public Optional<ParsedStatement> parse(String sql) {
        if (sql == null || sql.isBlank() || sql.length() > maxChars) {
            return Optional.empty();
        }
        EnumSet<Feature> features = dialect.readings(sql).get(0);
        SqlLexer.Result lexed = SqlLexer.lex(sql, features);
        List<Statement> statements = StatementSplitter.split(lexed.tokens());
        if (statements.size() != 1 || !lexed.doubts().isEmpty() || !withinParserBudget(statements.get(0).tokens())) {
            return Optional.empty();
        }
        Statement s = statements.get(0);
        String text = parserText(lexed.source(), s.tokens());
        return BabelParser.tree(text, hasBackTicks(lexed.source(), s)).map(tree -> new ParsedStatement(tree, text));
    }

    private GuardVerdict classify(String sql) {
        Reading result = null;
        for (EnumSet<Feature> features : dialect.readings(sql)) {
            Reading r = read(sql, features, result == null);
            result = result == null ? r : result.merge(r);
        }
        return result.verdict();
    }

    /**
     * Parses a few typical statements so that Calcite's classes are loaded and the parser's hot paths compiled before
     * the statements that follow (a cold parse takes ~0.1–0.3 s). Meant for a background thread.
     */
    public void warmUp() {
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (String sql : WARM_UP) {
                classify(sql);
            }
        }
    }

    private static GuardVerdict refused(String problem) {
        return new GuardVerdict(StatementKind.UNKNOWN, "", Set.of(), 0, false, List.of(problem));
    }

    /** One reading of the text under one set of lexical rules. */
    private Reading read(String sql, EnumSet<Feature> features, boolean primary) {
        SqlLexer.Result lexed = SqlLexer.lex(sql, features);
        List<Statement> statements = StatementSplitter.split(lexed.tokens());
        Reading r = new Reading(statements.size(), primary ? "" : dialect.describe(features));
        r.problems.addAll(lexed.problems());
        // The parser sees one statement at a time and no comments, so when the lexer is unsure where the statement
        // or a comment ends, a successful parse would prove nothing.
        boolean useParser = primary && statements.size() == 1 && lexed.doubts().isEmpty();
        for (Statement s : statements) {
            classify(s, lexed.source(), useParser, r);
        }
        if (statements.isEmpty() || !lexed.doubts().isEmpty()) {
            r.kind = StatementKind.UNKNOWN;
        }
        return r;
    }

    private static void classify(Statement s, String source, boolean useParser, Reading r) {
        Lexical lex = StatementClassifier.classify(s.tokens(), s.block());
        StatementKind kind = lex.kind();
        Set<String> tables = TableExtractor.tables(s.tokens());
        boolean parserMayHelp = lex.leading() == null || lex.leading().ordinal() <= StatementKind.MERGE.ordinal();
        if (useParser && parserMayHelp && withinParserBudget(s.tokens())) {
            Optional<BabelParser.Parsed> parsed = BabelParser.parse(parserText(source, s.tokens()), hasBackTicks(source, s));
            if (parsed.isPresent()) {
                BabelParser.Parsed ast = parsed.get();
                r.parsed = true;
                StatementKind base = worse(ast.kind(), lex.leading());
                kind = worse(base == null ? StatementKind.UNKNOWN : base, lex.hidden());
                // Both lists, not one: each method has blind spots, and a missing table would skip a permission check.
                tables.addAll(ast.tables());
            }
        }
        if (s.unclosedBlock()) {
            kind = StatementKind.UNKNOWN;
        }
        r.dbLink |= lex.dbLink();
        r.add(kind, lex.verb(), tables);
    }

    private static boolean withinParserBudget(List<Token> tokens) {
        if (tokens.size() > MAX_PARSER_TOKENS) {
            return false;
        }
        int depth = 0;
        for (Token t : tokens) {
            if (t.isSymbol('(') && ++depth > MAX_PARSER_DEPTH) {
                return false;
            }
            if (t.isSymbol(')')) {
                depth--;
            }
        }
        return true;
    }

    /**
     * The statement as Calcite should see it: comments blanked (Calcite misreads some, such as an empty comment right
     * before {@code *}, and rejects Oracle hints it does not know), bind variables such as {@code :name}, {@code :1} or
     * {@code $1} turned into {@code ?}. Line breaks stay where they were.
     */
    static String parserText(String source, List<Token> tokens) {
        StringBuilder b = new StringBuilder();
        int pos = tokens.get(0).start();
        for (Token t : tokens) {
            for (int k = pos; k < t.start(); k++) {
                char c = source.charAt(k);
                b.append(c == '\n' || c == '\r' ? c : ' ');
            }
            if (t.type() == Type.PARAM) {
                b.append('?').append(" ".repeat(t.end() - t.start() - 1));
            } else {
                b.append(source, t.start(), t.end());
            }
            pos = t.end();
        }
        return b.toString();
    }

    private static boolean hasBackTicks(String source, Statement s) {
        for (Token t : s.tokens()) {
            if (t.type() == Type.QUOTED && source.charAt(t.start()) == '`') {
                return true;
            }
        }
        return false;
    }

    /** Accumulates the verdict of one reading; readings merge by keeping the more dangerous of everything. */
    private static final class Reading {
        StatementKind kind;
        String verb = "";
        final Set<String> tables = new LinkedHashSet<>();
        int count;
        String countNote;
        boolean parsed;
        boolean dbLink;
        final Set<String> problems = new LinkedHashSet<>();

        Reading(int count, String countNote) {
            this.count = count;
            this.countNote = countNote;
        }

        void add(StatementKind k, String v, Set<String> t) {
            if (kind == null || worse(kind, k) != kind) {
                kind = k;
                verb = v;
            }
            tables.addAll(t);
        }

        /** Merges another reading into this one (the base reading); parsed stays true only if the base still rules. */
        Reading merge(Reading other) {
            if (kind == null || worse(kind, other.kind) != kind) {
                kind = other.kind;
                verb = other.verb;
                parsed = false;
            }
            if (other.count > count) {
                count = other.count;
                countNote = other.countNote;
                parsed = false;
            }
            tables.addAll(other.tables);
            problems.addAll(other.problems);
            dbLink |= other.dbLink;
            return this;
        }

        GuardVerdict verdict() {
            List<String> all = new ArrayList<>(problems);
            if (count == 0) {
                all.add("holds no SQL statement, only comments or semicolons");
            } else if (count > 1) {
                all.add("holds " + count + " statements" + (countNote.isEmpty() ? "" : " when read with " + countNote)
                        + "; send one statement per call");
            }
            List<String> linked = tables.stream().filter(t -> t.contains("@")).toList();
            if (dbLink || !linked.isEmpty()) {
                all.add("reads through a database link" + (linked.isEmpty() ? "" : " (" + String.join(", ", linked) + ")")
                        + "; links bypass the table permissions, so they are not allowed");
            }
            for (String table : tables) {
                String bare = table.replaceFirst("@.*", "").toUpperCase(Locale.ROOT);
                String last = bare.substring(bare.lastIndexOf('.') + 1);
                if (CREDENTIAL_TABLES.contains(last) || CREDENTIAL_TABLES.contains(bare)) {
                    all.add("reads " + table + ", which holds credentials; that is never allowed");
                }
            }
            return new GuardVerdict(kind == null ? StatementKind.UNKNOWN : kind, verb, tables, count, parsed, all);
        }
    }
}
