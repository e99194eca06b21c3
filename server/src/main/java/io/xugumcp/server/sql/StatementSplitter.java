package io.xugumcp.server.sql;

import io.xugumcp.server.sql.SqlLexer.Token;
import io.xugumcp.server.sql.SqlLexer.Type;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Splits a token stream into statements at semicolons. Procedural blocks (BEGIN … END, DECLARE …, CREATE PROCEDURE …)
 * contain semicolons of their own, so they are followed to their closing END; a block that never closes is flagged so
 * the guard can fail closed instead of guessing where it ends. Empty statements (stray semicolons) are dropped.
 */
final class StatementSplitter {

    /** @param unclosedBlock true when a procedural block runs to the end of the text without its closing END */
    record Statement(List<Token> tokens, boolean block, boolean unclosedBlock) {
    }

    private enum Block { NONE, ANONYMOUS, ROUTINE, PACKAGE }

    /** Words after BEGIN that make it a transaction start rather than a block. */
    private static final Set<String> TRANSACTION_BEGIN = Set.of("TRANSACTION", "WORK", "TRAN", "ISOLATION", "READ",
            "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "DISTRIBUTED");
    /** Constructs closed by "END IF", "END LOOP" … which do not count as block nesting. */
    private static final Set<String> END_QUALIFIERS = Set.of("IF", "LOOP", "WHILE", "REPEAT", "FOR");

    private StatementSplitter() {
    }

    static List<Statement> split(List<Token> tokens) {
        List<Statement> out = new ArrayList<>();
        int i = 0;
        int n = tokens.size();
        while (i < n) {
            if (tokens.get(i).isSymbol(';')) {
                i++;
                continue;
            }
            Block block = blockAt(tokens, i);
            if (block != Block.NONE) {
                int end = blockEnd(tokens, i, block);
                boolean closed = end >= 0;
                int stop = closed ? end : n;
                out.add(new Statement(tokens.subList(i, stop), true, !closed));
                i = stop;
            } else {
                int j = i;
                while (j < n && !tokens.get(j).isSymbol(';')) {
                    j++;
                }
                out.add(new Statement(tokens.subList(i, j), false, false));
                i = j;
            }
        }
        return out;
    }

    /** True when a procedural block (not a plain statement) starts at token {@code i}. */
    static boolean startsBlock(List<Token> t, int i) {
        return blockAt(t, i) != Block.NONE;
    }

    private static Block blockAt(List<Token> t, int i) {
        Token first = t.get(i);
        Token second = i + 1 < t.size() ? t.get(i + 1) : null;
        if (first.is("BEGIN")) {
            boolean transaction = second == null || second.isSymbol(';')
                    || second.type() == Type.WORD && TRANSACTION_BEGIN.contains(second.key());
            return transaction ? Block.NONE : Block.ANONYMOUS;
        }
        if (first.is("DECLARE") || first.isSymbol('<') && second != null && second.isSymbol('<')) {
            return Block.ANONYMOUS;
        }
        if (!first.is("CREATE")) {
            return Block.NONE;
        }
        for (int j = i + 1; j < Math.min(t.size(), i + 6); j++) {
            Token w = t.get(j);
            if (w.is("PROCEDURE") || w.is("FUNCTION") || w.is("TRIGGER")) {
                return routineHasPlsqlBody(t, j) ? Block.ROUTINE : Block.NONE;
            }
            if (w.is("PACKAGE") || w.is("TYPE") && j + 1 < t.size() && t.get(j + 1).is("BODY")) {
                return Block.PACKAGE;
            }
            if (!(w.is("OR") || w.is("REPLACE") || w.is("EDITIONABLE") || w.is("NONEDITIONABLE"))) {
                return Block.NONE;
            }
        }
        return Block.NONE;
    }

    /**
     * Oracle-style routines (IS/AS followed by declarations or BEGIN) hold semicolons; PostgreSQL/H2-style ones keep
     * their body in a string literal ({@code AS $$…$$}) or have none, and end at the first semicolon.
     */
    private static boolean routineHasPlsqlBody(List<Token> t, int from) {
        for (int j = from; j < t.size() && !t.get(j).isSymbol(';'); j++) {
            Token w = t.get(j);
            if (w.is("BEGIN")) {
                return true;
            }
            if ((w.is("AS") || w.is("IS")) && j + 1 < t.size()) {
                return t.get(j + 1).type() != Type.STRING;
            }
        }
        return false;
    }

    /** Index of the semicolon that ends the block starting at {@code i}, or -1 when it does not close. */
    private static int blockEnd(List<Token> t, int i, Block block) {
        Deque<String> open = new ArrayDeque<>();
        for (int j = i; j < t.size(); j++) {
            Token w = t.get(j);
            if (w.is("BEGIN") || w.is("CASE")) {
                open.push(w.key());
            } else if (w.is("END")) {
                Token next = j + 1 < t.size() ? t.get(j + 1) : null;
                if (next != null && next.type() == Type.WORD && END_QUALIFIERS.contains(next.key())) {
                    j++;
                    continue;
                }
                if (next != null && next.is("CASE")) {
                    j++;
                }
                String closed = open.poll();
                boolean outermost = open.isEmpty()
                        && (closed == null || "BEGIN".equals(closed) && block != Block.PACKAGE);
                if (outermost) {
                    int k = j + 1;
                    while (k < t.size() && !t.get(k).isSymbol(';')) {
                        k++;   // optional label after END
                    }
                    return k;
                }
            }
        }
        return -1;
    }
}
