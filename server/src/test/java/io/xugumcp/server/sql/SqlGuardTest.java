package io.xugumcp.server.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.StatementKind;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the guard that the corpus does not cover: limits, dialects, verbs, concurrency, cost. */
class SqlGuardTest {

    private final SqlGuard guard = new SqlGuard("xugu");

    @Test
    void sizeCapIsConfigurable() {
        String sql = "SELECT " + "1, ".repeat(40) + "1 FROM dual";
        GuardVerdict small = new SqlGuard("xugu", 100).inspect(sql);
        assertFalse(small.acceptable());
        assertEquals(StatementKind.UNKNOWN, small.kind());
        assertTrue(small.problems().get(0).contains("characters long; the limit is 100"), small.toString());
        assertTrue(guard.inspect(sql).acceptable());
    }

    @Test
    void hugeExpressionSkipsTheParserAndStaysFast() {
        // Calcite needs up to seconds for expressions this long (or overflows its stack): it must not see them.
        String sql = "SELECT 1" + " + 1".repeat(20_000) + " FROM dual";
        long start = System.nanoTime();
        GuardVerdict v = guard.inspect(sql);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("20,000-term expression: %d ms%n", millis);
        assertEquals(StatementKind.READ, v.kind());
        assertFalse(v.parsed());
        assertEquals(Set.of("DUAL"), v.tables());
        assertTrue(millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void deepNestingSkipsTheParser() {
        String sql = "SELECT " + "(".repeat(5_000) + "1" + ")".repeat(5_000) + " FROM dual";
        GuardVerdict v = guard.inspect(sql);
        assertEquals(StatementKind.READ, v.kind());
        assertFalse(v.parsed());
    }

    @Test
    void moderateQueriesAreStillParsed() {
        StringBuilder sql = new StringBuilder("SELECT * FROM emp WHERE empno = 0");
        for (int i = 1; i < 300; i++) {
            sql.append(" OR empno = ").append(i);
        }
        assertTrue(guard.inspect(sql.toString()).parsed());
    }

    @Test
    void adversarialInputsStayLinear() {
        // Every reading of every combination of lexical rules is tried, so each pass must be linear in the input.
        String triggers = " /*! x */ /* /* */ $ # \\ e'' ";
        String[] inputs = {
            triggers + "SELECT * FROM " + "(SELECT * FROM ".repeat(6_000) + "t" + ")".repeat(6_000),
            "SELECT 1 FROM (" + "WITH x AS (SELECT 1 FROM t) ".repeat(3_500) + "SELECT 1 FROM x)",
            "SELECT * " + "FROM a ".repeat(14_000),
            "SELECT " + "a.".repeat(45_000) + "f(1) FROM t",
            "(".repeat(99_000),
            "BEGIN ".repeat(16_000) + "END;",
            "EXPLAIN ANALYZE ".repeat(6_000) + "SELECT 1",
        };
        for (String sql : inputs) {
            long start = System.nanoTime();
            GuardVerdict v = guard.inspect(sql);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("adversarial %-30s %6d chars: %4d ms, %s%n",
                    sql.substring(0, 30).replaceAll("\\s+", " "), sql.length(), millis, v.kind());
            assertTrue(millis < 5_000, "took " + millis + " ms: " + sql.substring(0, 40));
        }
    }

    @Test
    void smallThreadStacksDoNotOverflow() throws Exception {
        String[] inputs = {
            "SELECT 1" + " + 1".repeat(1_990) + " FROM dual",
            "EXPLAIN ANALYZE ".repeat(6_000) + "SELECT 1",
            "WITH a AS (SELECT 1 FROM t) ".repeat(3_000) + "SELECT 1",
        };
        List<Throwable> failures = new ArrayList<>();
        Thread thread = new Thread(null, () -> {
            for (String sql : inputs) {
                try {
                    assertTrue(guard.inspect(sql).kind().ordinal() >= StatementKind.READ.ordinal());
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        assertEquals(List.of(), failures);
    }

    @Test
    void emptyAndNullInputAreRefused() {
        for (String sql : new String[] {null, "", "  \n", "-- nothing", "/* nothing */ ;"}) {
            GuardVerdict v = guard.inspect(sql);
            assertFalse(v.acceptable(), String.valueOf(sql));
            assertEquals(0, v.statementCount());
            assertEquals(StatementKind.UNKNOWN, v.kind());
        }
    }

    @Test
    void multipleStatementsGetOneClearProblem() {
        GuardVerdict v = guard.inspect("SELECT 1 FROM dual; SELECT 2 FROM dual");
        assertEquals(List.of("holds 2 statements; send one statement per call"), v.problems());
        assertEquals(StatementKind.READ, v.kind());
        assertFalse(v.parsed());
    }

    @Test
    void aMoreDangerousReadingNamesItsLexicalRule() {
        GuardVerdict v = guard.inspect("SELECT 'x\\'' ; DELETE FROM emp -- ' FROM dual");
        assertEquals(StatementKind.DELETE, v.kind());
        assertTrue(v.problems().get(0).contains("when read with backslash escapes in quotes"), v.toString());
        assertFalse(v.parsed(), "the parser's reading did not decide this verdict");
    }

    @Test
    void verbsNameTheLeadingKeywords() {
        assertEquals("SELECT", guard.inspect("select * from emp").verb());
        assertEquals("DROP TABLE", guard.inspect("DROP TABLE emp").verb());
        assertEquals("CREATE VIEW", guard.inspect("CREATE OR REPLACE VIEW v AS SELECT 1 FROM dual").verb());
        assertEquals("INSERT", guard.inspect("INSERT INTO emp VALUES (1)").verb());
        assertEquals("EXPLAIN ANALYZE", guard.inspect("EXPLAIN ANALYZE DELETE FROM emp").verb());
        assertEquals("DELETE", guard.inspect("WITH x AS (SELECT 1 FROM dual) DELETE FROM emp").verb());
        assertEquals("LOCK TABLE", guard.inspect("LOCK TABLE emp IN SHARE MODE").verb());
    }

    @Test
    void parsedTellsWhetherCalciteUnderstoodTheText() {
        assertTrue(guard.inspect("SELECT * FROM emp WHERE deptno = :dept").parsed());
        assertTrue(guard.inspect("SELECT /*+ INDEX(e emp_idx) */ * FROM emp e").parsed());
        assertTrue(guard.inspect("SELECT * FROM emp WHERE empno = :1").parsed());
        assertFalse(guard.inspect("SELECT * FROM emp e, dept d WHERE e.deptno = d.deptno(+)").parsed());
        assertFalse(guard.inspect("SELECT * FROM emp /* unterminated").parsed(), "lexer in doubt: no parse");
    }

    @Test
    void dialectDecidesDollarQuoting() {
        String sql = "SELECT $$a;b$$ AS s";
        assertEquals(1, new SqlGuard("postgresql").inspect(sql).statementCount());
        assertEquals(1, new SqlGuard("h2").inspect(sql).statementCount());
        assertTrue(new SqlGuard("xugu").inspect(sql).statementCount() > 1, "XuguDB may not know $$ quoting");
    }

    @Test
    void trailingBackslashInALiteralCostsAnUnknown() {
        // With MySQL-style escapes the literal never ends; XuguDB's rule is not known, so the guard cannot tell.
        GuardVerdict v = guard.inspect("SELECT 'C:\\' FROM dual");
        assertEquals(StatementKind.UNKNOWN, v.kind());
        assertTrue(v.acceptable(), "a possible misreading is a doubt (UNKNOWN), not a problem for every role");
    }

    @Test
    void unclosedBlockIsUnknown() {
        GuardVerdict v = guard.inspect("BEGIN DELETE FROM emp; COMMIT;");
        assertEquals(StatementKind.UNKNOWN, v.kind());
        assertEquals(1, v.statementCount());
    }

    @Test
    void nulCharacterIsAProblemEvenInALiteral() {
        assertFalse(guard.inspect("SELECT 'a\u0000' FROM dual").acceptable());
    }

    @Test
    void unknownDialectIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SqlGuard("oracle9"));
        assertThrows(IllegalArgumentException.class, () -> new SqlGuard("xugu", 0));
    }

    @Test
    void parserTextBlanksCommentsAndBindVariables() {
        String sql = "SELECT /* c */ a -- x\nFROM t WHERE b = :b";
        List<SqlLexer.Token> tokens = SqlLexer.lex(sql, GuardDialect.XUGU.base()).tokens();
        assertEquals("SELECT         a     \nFROM t WHERE b = ? ", SqlGuard.parserText(sql, tokens));
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        List<String> statements = corpusSql();
        List<GuardVerdict> expected = new ArrayList<>();
        for (String sql : statements) {
            expected.add(guard.inspect(sql));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<GuardVerdict>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> statements.stream().map(guard::inspect).toList()));
            }
            for (Future<List<GuardVerdict>> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void warmCostPerStatement() throws Exception {
        SqlGuard fresh = new SqlGuard("xugu");
        long start = System.nanoTime();
        fresh.warmUp();
        long warmUpMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        GuardVerdict first = fresh.inspect("SELECT a.x, b.y FROM alpha a JOIN beta b ON a.id = b.id WHERE a.z > 3");
        double firstMillis = (System.nanoTime() - start) / 1e6;
        List<String> statements = corpusSql();
        for (int r = 0; r < 10; r++) {          // let the JIT finish with the guard's own code paths
            statements.forEach(fresh::inspect);
        }
        double[] rounds = new double[15];
        for (int r = 0; r < rounds.length; r++) {
            long t = System.nanoTime();
            statements.forEach(fresh::inspect);
            rounds[r] = (System.nanoTime() - t) / 1_000.0 / statements.size();
        }
        java.util.Arrays.sort(rounds);
        System.out.printf("warmUp(): %d ms; first call after it: %.2f ms; warm cost per corpus statement: "
                + "median %.0f µs, best %.0f µs%n", warmUpMillis, firstMillis, rounds[rounds.length / 2], rounds[0]);
        assertEquals(Set.of("ALPHA", "BETA"), first.tables());
        assertTrue(rounds[rounds.length / 2] < 20_000, "median " + rounds[rounds.length / 2] + " µs");
    }

    private static List<String> corpusSql() throws Exception {
        List<String> out = new ArrayList<>();
        try (InputStream in = SqlGuardTest.class.getResourceAsStream("/guard/corpus.json")) {
            for (JsonNode n : new ObjectMapper().readTree(in)) {
                out.add(n.get("sql").asText());
            }
        }
        return out;
    }

    @Test
    void aRepeatedTextGetsTheSameVerdictFromTheCache() {
        SqlGuard guard = new SqlGuard("xugu");
        String sql = "SELECT * FROM emp WHERE deptno = 10";
        io.xugumcp.api.GuardVerdict first = guard.inspect(sql);
        org.junit.jupiter.api.Assertions.assertSame(first, guard.inspect(sql));
        org.junit.jupiter.api.Assertions.assertEquals(io.xugumcp.api.StatementKind.DELETE,
                guard.inspect("DELETE FROM emp WHERE deptno = 10").kind(), "a different text is classified afresh");
    }
}
