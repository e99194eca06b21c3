package io.xugumcp.server.sql;

import io.xugumcp.api.StatementKind;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDescribeTable;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMatchRecognize;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlPivot;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlUnpivot;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.ParseException;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

import java.io.Reader;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Calcite's Babel parser, set up for Oracle-style SQL: unquoted names fold to upper case, "quoted" names keep theirs.
 * Used only on single statements the lexer already cut out, and never on the text that is executed (Calcite rewrites
 * SQL when it prints it back). Its job is a second opinion on the kind and on the tables.
 */
final class BabelParser {

    private static final SqlParser.Config DOUBLE_QUOTED = SqlParser.config()
            .withParserFactory(QuickFailingParser::new)
            .withConformance(SqlConformanceEnum.BABEL)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_UPPER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withIdentifierMaxLength(1024);
    /** For MySQL-style `names`; only one quoting style can be active in a Calcite parser. */
    private static final SqlParser.Config BACK_TICKED = DOUBLE_QUOTED.withQuoting(Quoting.BACK_TICK);

    /**
     * @param kind   kind of the parsed statement, null when Calcite's node type says nothing useful (SHOW, COMMIT)
     * @param tables base tables, as Calcite names them
     */
    record Parsed(StatementKind kind, Set<String> tables) {
    }

    private BabelParser() {
    }

    /**
     * The Babel parser with cheap failures. On a syntax error the generated parser re-runs every pending lookahead to
     * list the tokens it expected, which costs 5–60 ms per failed statement (Oracle (+) joins, CONNECT BY, TOP …);
     * the guard never shows that message, so a plain exception will do (about 0.1 ms).
     */
    private static final class QuickFailingParser extends SqlBabelParserImpl {
        QuickFailingParser(Reader reader) {
            super(reader);
        }

        @Override
        public ParseException generateParseException() {
            return new ParseException("syntax error");
        }
    }

    /** Parses one statement; empty when Calcite cannot (the caller then relies on the lexer alone). */
    static Optional<Parsed> parse(String statement, boolean backTicks) {
        try {
            SqlNodeList list = SqlParser.create(statement, backTicks ? BACK_TICKED : DOUBLE_QUOTED).parseStmtList();
            if (list.size() != 1) {
                return Optional.empty();
            }
            Walker walker = new Walker();
            walker.visit(list.get(0), Set.of());
            return Optional.of(new Parsed(kindOf(list.get(0)), walker.tables));
        } catch (Exception | StackOverflowError e) {
            // Long operator chains nest deeply in the tree; on a small thread stack parsing or walking may overflow.
            return Optional.empty();
        }
    }

    /** The tree of one statement; empty when Calcite cannot read it. */
    static Optional<SqlNode> tree(String statement, boolean backTicks) {
        try {
            SqlNodeList list = SqlParser.create(statement, backTicks ? BACK_TICKED : DOUBLE_QUOTED).parseStmtList();
            return list.size() == 1 ? Optional.of(list.get(0)) : Optional.empty();
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private static StatementKind kindOf(SqlNode node) {
        SqlKind k = node instanceof SqlWith with ? with.body.getKind() : node.getKind();
        if (SqlKind.QUERY.contains(k)) {
            return StatementKind.READ;
        }
        return switch (k) {
            case INSERT -> StatementKind.INSERT;
            case UPDATE -> StatementKind.UPDATE;
            case DELETE -> StatementKind.DELETE;
            case MERGE -> StatementKind.MERGE;
            case EXPLAIN, DESCRIBE_TABLE, DESCRIBE_SCHEMA -> StatementKind.METADATA;
            case SET_OPTION -> StatementKind.SESSION;
            case PROCEDURE_CALL -> StatementKind.PROCEDURAL;
            default -> SqlKind.DDL.contains(k) ? StatementKind.DDL : null;
        };
    }

    /** Collects tables: identifiers in table position, minus CTE names in scope. */
    private static final class Walker {
        final Set<String> tables = new LinkedHashSet<>();

        /** A node in expression or statement position: only subqueries in it can name tables. */
        void visit(SqlNode node, Set<String> ctes) {
            if (node instanceof SqlWith with) {
                Set<String> scope = new HashSet<>(ctes);
                for (SqlNode item : with.withList) {
                    SqlWithItem w = (SqlWithItem) item;
                    boolean recursive = w.recursive != null && Boolean.TRUE.equals(w.recursive.getValue());
                    if (recursive) {
                        scope.add(w.name.getSimple());
                    }
                    visit(w.query, Set.copyOf(scope));
                    scope.add(w.name.getSimple());
                }
                visit(with.body, scope);
            } else if (node instanceof SqlSelect select) {
                from(select.getFrom(), ctes);
                for (SqlNode op : select.getOperandList()) {
                    if (op != select.getFrom()) {
                        visit(op, ctes);
                    }
                }
            } else if (node instanceof SqlInsert insert) {
                from(insert.getTargetTable(), ctes);
                visit(insert.getSource(), ctes);
            } else if (node instanceof SqlUpdate update) {
                from(update.getTargetTable(), ctes);
                visit(update.getSourceExpressionList(), ctes);
                visit(update.getCondition(), ctes);
            } else if (node instanceof SqlDelete delete) {
                from(delete.getTargetTable(), ctes);
                visit(delete.getCondition(), ctes);
            } else if (node instanceof SqlMerge merge) {
                from(merge.getTargetTable(), ctes);
                from(merge.getSourceTableRef(), ctes);
                visit(merge.getCondition(), ctes);
                if (merge.getUpdateCall() != null) {
                    visit(merge.getUpdateCall().getSourceExpressionList(), ctes);
                    visit(merge.getUpdateCall().getCondition(), ctes);
                }
                if (merge.getInsertCall() != null) {
                    visit(merge.getInsertCall().getSource(), ctes);
                }
            } else if (node instanceof SqlExplain explain) {
                visit(explain.getExplicandum(), ctes);
            } else if (node instanceof SqlDescribeTable describe) {
                from(describe.getTable(), ctes);
            } else if (node instanceof SqlNodeList list) {
                list.forEach(n -> visit(n, ctes));
            } else if (node instanceof SqlCall call) {
                call.getOperandList().forEach(n -> visit(n, ctes));
            }
        }

        /** A node in table position (FROM item, DML target). */
        void from(SqlNode node, Set<String> ctes) {
            if (node == null) {
                return;
            }
            if (node instanceof SqlIdentifier id) {
                if (!(id.names.size() == 1 && ctes.contains(id.names.get(0)))) {
                    tables.add(String.join(".", id.names));
                }
            } else if (node instanceof SqlJoin join) {
                from(join.getLeft(), ctes);
                from(join.getRight(), ctes);
                visit(join.getCondition(), ctes);
            } else if (node instanceof SqlSnapshot snapshot) {
                from(snapshot.getTableRef(), ctes);
                visit(snapshot.getPeriod(), ctes);
            } else if (node instanceof SqlPivot pivot) {
                from(pivot.query, ctes);
            } else if (node instanceof SqlUnpivot unpivot) {
                from(unpivot.query, ctes);
            } else if (node instanceof SqlMatchRecognize match) {
                from(match.getTableRef(), ctes);
            } else if (node instanceof SqlBasicCall call && isWrapper(call.getKind())) {
                List<SqlNode> ops = call.getOperandList();
                from(ops.get(0), ctes);
                ops.subList(1, ops.size()).forEach(n -> visit(n, ctes));
            } else {
                visit(node, ctes);   // subquery, TABLE(f(…)), or a shape not listed: only nested queries name tables
            }
        }

        /** Calls whose first operand is the table reference itself: t AS x, LATERAL t, t TABLESAMPLE …, t EXTEND …. */
        private static boolean isWrapper(SqlKind kind) {
            return kind == SqlKind.AS || kind == SqlKind.LATERAL || kind == SqlKind.TABLESAMPLE
                    || kind == SqlKind.EXTEND;
        }
    }
}
