package io.xugumcp.api;

import java.util.List;
import java.util.Set;

/**
 * The SQL guard's classification of one statement text.
 *
 * @param kind           the most dangerous kind found
 * @param verb           the leading keyword(s) of that statement, upper-case, e.g. {@code SELECT}, {@code DROP TABLE}
 * @param tables         base tables referenced, upper-cased unless quoted, schema-qualified as written
 *                       (CTE names excluded); empty when unknown
 * @param statementCount how many statements the text holds (the {@link Database} service runs only texts with one)
 * @param parsed         true when the full parser understood the text; false when only the lexer classified it
 * @param problems       reasons the text is refused whatever the caller's role (several statements, too long,
 *                       empty), each a sentence the caller can act on; empty when none
 */
public record GuardVerdict(StatementKind kind, String verb, Set<String> tables, int statementCount, boolean parsed,
                           List<String> problems) {

    public GuardVerdict {
        tables = Set.copyOf(tables);
        problems = List.copyOf(problems);
    }

    /** True when nothing in the text itself forbids running it (permissions are checked separately). */
    public boolean acceptable() {
        return problems.isEmpty();
    }

    /** Shorthand for {@code kind().isWrite()}. */
    public boolean isWrite() {
        return kind.isWrite();
    }
}
