package io.xugumcp.server.sql;

import io.xugumcp.server.sql.SqlLexer.Token;
import io.xugumcp.server.sql.SqlLexer.Type;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the base tables a statement names, from its tokens alone, so it works on every statement (Calcite's list is
 * added when it can parse one). A table is a name after FROM, JOIN, INTO, UPDATE, TABLE, VIEW, USING, … in a place
 * where that keyword introduces a table. CTE names are left out where they are in scope. When in doubt it reports a
 * name: an extra name costs a refusal, a missing one would let a query past the permission check.
 */
final class TableExtractor {

    /** Words that can follow a table-introducing keyword without being a table name. */
    private static final Set<String> NOT_A_TABLE = Set.of("SELECT", "WITH", "VALUES", "WHERE", "SET", "ON", "USING",
            "AS", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "GROUP", "ORDER", "HAVING",
            "UNION", "INTERSECT", "EXCEPT", "MINUS", "LIMIT", "OFFSET", "FETCH", "FOR", "INTO", "FROM", "OUTFILE",
            "DUMPFILE", "SCHEMA", "DATABASE", "FUNCTION", "PROCEDURE", "SEQUENCE", "ALL", "PACKAGE", "TYPE",
            "DIRECTORY", "LANGUAGE", "FOREIGN", "LARGE", "DOMAIN", "TABLESPACE", "OF", "BY", "WHEN", "THEN", "NOT",
            "NULL", "DEFAULT", "STDIN", "STDOUT", "TABLE", "RETURNING", "KEY", "UNIQUE", "PRIMARY", "CHECK", "LIKE", "IN",
            "IS", "AND", "OR");
    /** Words that end a FROM list (at the FROM's own nesting level). */
    private static final Set<String> END_OF_FROM = Set.of("WHERE", "GROUP", "HAVING", "ORDER", "UNION", "INTERSECT",
            "EXCEPT", "MINUS", "LIMIT", "OFFSET", "FETCH", "FOR", "START", "CONNECT", "WINDOW", "QUALIFY", "RETURNING",
            "SET", "VALUES", "SELECT", "INTO", "WHEN", "MODEL", "LOCK", "FROM");
    /** Words that may stand between a keyword and the table name: FROM ONLY t, INTO TEMP t, DROP TABLE IF EXISTS t. */
    private static final Set<String> SKIPPED = Set.of("ONLY", "LATERAL", "IF", "NOT", "EXISTS", "TEMP", "TEMPORARY",
            "UNLOGGED");
    private static final Set<String> STATEMENT_STARTS = Set.of("SELECT", "WITH", "VALUES", "INSERT", "UPDATE",
            "DELETE", "MERGE");

    private final List<Token> t;
    private final int[] depth;
    private final int[] open;
    private final int[] close;
    private final boolean[] inQuery;
    private final List<Cte> ctes = new ArrayList<>();
    private final Set<String> tables = new LinkedHashSet<>();

    /** A CTE name and the token range in which it hides a table of the same name. */
    private record Cte(String name, int from, int to) {
    }

    private TableExtractor(List<Token> tokens) {
        this.t = tokens;
        this.depth = new int[tokens.size()];
        this.open = new int[tokens.size()];
        this.close = new int[tokens.size()];
        this.inQuery = new boolean[tokens.size()];
    }

    static Set<String> tables(List<Token> tokens) {
        TableExtractor x = new TableExtractor(tokens);
        x.nesting();
        x.ctes();
        x.scan();
        return x.tables;
    }

    /**
     * Depth of each token, the innermost parenthesis enclosing it, where each parenthesis closes, and whether the
     * innermost group is a (sub)statement rather than a function call. Precomputed so every later scan is linear.
     */
    private void nesting() {
        Deque<Integer> stack = new ArrayDeque<>();
        boolean[] statementGroup = new boolean[t.size()];
        Arrays.fill(close, t.size());
        int[] afterParens = new int[t.size() + 1];   // first index at or after i that is not '('
        afterParens[t.size()] = t.size();
        for (int i = t.size() - 1; i >= 0; i--) {
            afterParens[i] = t.get(i).isSymbol('(') ? afterParens[i + 1] : i;
        }
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).isSymbol(')') && !stack.isEmpty()) {
                close[stack.pop()] = i;
            }
            open[i] = stack.isEmpty() ? -1 : stack.peek();
            depth[i] = stack.size();
            inQuery[i] = open[i] < 0 || statementGroup[open[i]];
            if (t.get(i).isSymbol('(')) {
                int k = afterParens[i];
                statementGroup[i] = k < t.size() && t.get(k).type() == Type.WORD
                        && STATEMENT_STARTS.contains(t.get(k).key());
                stack.push(i);
            }
        }
    }

    /** WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (…), …: visible after its body (recursive: inside it). */
    private void ctes() {
        for (int w = 0; w < t.size(); w++) {
            if (!t.get(w).is("WITH")) {
                continue;
            }
            int scopeEnd = open[w] < 0 ? t.size() : close[open[w]];
            boolean recursive = w + 1 < t.size() && t.get(w + 1).is("RECURSIVE");
            int j = recursive ? w + 2 : w + 1;
            while (j < t.size() && t.get(j).isName()) {
                String name = normalise(t.get(j));
                j++;
                if (j < t.size() && t.get(j).isSymbol('(')) {
                    j = close[j] + 1;
                }
                if (j >= t.size() || !t.get(j).is("AS")) {
                    break;
                }
                j++;
                while (j < t.size() && (t.get(j).is("NOT") || t.get(j).is("MATERIALIZED"))) {
                    j++;
                }
                if (j >= t.size() || !t.get(j).isSymbol('(')) {
                    break;
                }
                int bodyEnd = Math.min(close[j] + 1, t.size());
                ctes.add(new Cte(name, recursive ? j : bodyEnd, scopeEnd));
                j = bodyEnd;
                if (j < t.size() && t.get(j).isSymbol(',')) {
                    j++;
                } else {
                    break;
                }
            }
        }
    }

    private void scan() {
        int leadIndex = leadIndex();
        String lead = StatementClassifier.keyAt(t, leadIndex);
        boolean grantLike = "GRANT".equals(lead) || "REVOKE".equals(lead);
        boolean onNamesTable = grantLike || "COMMENT".equals(lead) || "CREATE".equals(lead) && mentions("INDEX", "TRIGGER");
        for (int i = 0; i < t.size(); i++) {
            Token x = t.get(i);
            if (x.type() != Type.WORD) {
                continue;
            }
            String prev = StatementClassifier.keyAt(t, i - 1);
            String next = StatementClassifier.keyAt(t, i + 1);
            boolean nextIsWordOrName = i + 1 < t.size() && t.get(i + 1).isName();
            switch (x.key()) {
                case "FROM" -> {
                    if (!grantLike && inQuery[i] && !"DISTINCT".equals(prev)) {
                        list(i + 1, true);
                    }
                }
                case "JOIN", "USING" -> ref(i + 1, true);
                case "INTO", "REFERENCES", "VIEW" -> ref(i + 1, false);
                case "TABLE", "TABLES" -> {
                    if ("DROP".equals(lead) || "TRUNCATE".equals(lead) || "LOCK".equals(lead)) {
                        list(i + 1, false);
                    } else {
                        ref(i + 1, false);
                    }
                }
                case "UPDATE" -> {
                    if (!grantLike && nextIsWordOrName && !isOneOf(prev, "FOR", "KEY", "ON", "DO", "OR")
                            && !isOneOf(next, "SET", "ON", "OF", "OR")) {
                        ref(i + 1, false);
                    }
                }
                case "DELETE", "INSERT" -> {
                    if (!grantLike && nextIsWordOrName && !isOneOf(prev, "ON", "OR")
                            && !isOneOf(next, "FROM", "INTO", "ON", "OR", "ALL", "FIRST", "IGNORE", "OVERWRITE")) {
                        ref(i + 1, false);
                    }
                }
                case "ON" -> {
                    if (onNamesTable && "COLUMN".equals(next)) {
                        columnOwner(i + 2);
                    } else if (onNamesTable) {
                        ref(i + 1, false);
                    }
                }
                case "DESCRIBE", "DESC", "COPY", "TRUNCATE", "RENAME" -> {
                    if (i == leadIndex) {
                        ref(i + 1, false);
                    }
                }
                default -> {
                }
            }
        }
    }

    /**
     * A comma-separated FROM list: every item after a comma at the FROM's own level is another table reference.
     * Nested groups are jumped over (their own FROMs are handled when the scan reaches them).
     */
    private void list(int j, boolean functionsAllowed) {
        int level = j < t.size() ? depth[j] : 0;
        ref(j, functionsAllowed);
        int k = j;
        while (k < t.size()) {
            Token x = t.get(k);
            if (depth[k] < level || x.type() == Type.WORD && END_OF_FROM.contains(x.key())) {
                return;
            }
            if (x.isSymbol('(')) {
                k = close[k] + 1;
                continue;
            }
            if (x.isSymbol(',')) {
                ref(k + 1, functionsAllowed);
            }
            k++;
        }
    }

    /** One table reference starting at {@code j}: name(.name)*[@link]; a call or a subquery is not a table. */
    private void ref(int j, boolean functionsAllowed) {
        while (j < t.size() && t.get(j).type() == Type.WORD && SKIPPED.contains(t.get(j).key())) {
            j++;
        }
        List<String> parts = new ArrayList<>();
        int k = j;
        while (k < t.size() && t.get(k).isName()) {
            Token part = t.get(k);
            if (part.type() == Type.WORD && NOT_A_TABLE.contains(part.key()) && parts.isEmpty()) {
                return;
            }
            parts.add(normalise(part));
            if (k + 2 < t.size() && t.get(k + 1).isSymbol('.') && t.get(k + 2).isName()) {
                k += 2;
            } else {
                k++;
                break;
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        String name = String.join(".", parts);
        if (k + 1 < t.size() && t.get(k).isSymbol('@') && t.get(k + 1).isName()) {
            name = name + "@" + normalise(t.get(k + 1));   // Oracle database link: emp@remote_db
        } else if (functionsAllowed && k < t.size() && t.get(k).isSymbol('(')) {
            return;   // table function such as FROM generate_series(1, 3)
        }
        if (parts.size() == 1 && hiddenByCte(parts.get(0), j)) {
            return;
        }
        tables.add(name);
    }

    /** COMMENT ON COLUMN t.c: the table is the name without its last part. */
    private void columnOwner(int j) {
        List<String> parts = new ArrayList<>();
        for (int k = j; k < t.size() && t.get(k).isName(); k += 2) {
            parts.add(normalise(t.get(k)));
            if (k + 1 >= t.size() || !t.get(k + 1).isSymbol('.')) {
                break;
            }
        }
        if (parts.size() > 1) {
            tables.add(String.join(".", parts.subList(0, parts.size() - 1)));
        }
    }

    private boolean hiddenByCte(String name, int at) {
        for (Cte c : ctes) {
            if (c.name().equals(name) && at >= c.from() && at < c.to()) {
                return true;
            }
        }
        return false;
    }

    /** Unquoted names fold to upper case (NFKC-normalised, as keywords are); quoted names keep their case. */
    private static String normalise(Token name) {
        return name.type() == Type.WORD ? name.key() : name.text();
    }

    private int leadIndex() {
        int i = 0;
        while (i < t.size() && t.get(i).isSymbol('(')) {
            i++;
        }
        return i;
    }

    private boolean mentions(String a, String b) {
        for (int i = 0; i < Math.min(t.size(), 8); i++) {
            if (t.get(i).is(a) || t.get(i).is(b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOneOf(String key, String... words) {
        if (key == null) {
            return false;
        }
        for (String w : words) {
            if (w.equals(key)) {
                return true;
            }
        }
        return false;
    }
}
