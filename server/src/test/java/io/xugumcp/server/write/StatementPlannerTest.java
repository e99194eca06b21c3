package io.xugumcp.server.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.Condition;
import io.xugumcp.api.write.Filter;
import io.xugumcp.api.write.PlannedStatement;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.server.db.H2Dialect;
import io.xugumcp.server.db.PostgresDialect;
import io.xugumcp.server.db.SqlDialect;
import io.xugumcp.server.db.xugu.XuguDialect;
import io.xugumcp.server.sql.SqlGuard;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL each dialect gets for each change, written out in full: quoted catalog names (spaces, Chinese, reserved
 * words, mixed case), the upsert form of the dialect's capabilities, and values only as bind parameters. The table
 * names come from a real H2 catalog; the text is built with each dialect.
 */
class StatementPlannerTest {
    private static WriteFixture f;

    @BeforeAll
    static void open() throws Exception {
        f = new WriteFixture("planner", true, WriteSettings.DEFAULTS,
                "CREATE SCHEMA \"Shop Data\"",
                "CREATE TABLE \"Shop Data\".\"Order Lines\" (\"行号\" INT PRIMARY KEY, \"select\" VARCHAR(20),"
                        + " \"MixedCase\" DATE, note VARCHAR(50), CONSTRAINT uk_sel UNIQUE (\"select\"))",
                "CREATE TABLE plain (id INT PRIMARY KEY, v VARCHAR(10))");
    }

    @AfterAll
    static void close() {
        f.close();
    }

    private static StatementPlanner planner(SqlDialect d) {
        SqlGuard guard = new SqlGuard(d.name());
        return new StatementPlanner(new TableResolver(f.catalog, d), d, guard::inspect);
    }

    private static final TableRef LINES = new TableRef("Shop Data", "Order Lines");

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<PlannedStatement> plan(SqlDialect d, Change c) {
        return planner(d).plan(c).planned();
    }

    @Test
    void insertQuotesEveryNameAndBindsEveryValue() {
        for (SqlDialect d : List.of(new XuguDialect(), new H2Dialect(), new PostgresDialect())) {
            PlannedStatement s = plan(d, new Change.Insert(LINES, List.of(row("行号", 1, "SELECT", "x'); DROP TABLE plain;--",
                    "mixedcase", "2024-05-01")), false)).get(0);
            assertEquals("INSERT INTO \"Shop Data\".\"Order Lines\" (\"行号\", \"select\", \"MixedCase\") VALUES (?, ?, ?)",
                    s.sql(), d.name());
            assertEquals(List.of(1L, "x'); DROP TABLE plain;--", "2024-05-01"), s.params(), d.name());
        }
    }

    @Test
    void updateAndDeleteWithStructuredFilters() {
        Filter f = new Filter(List.of(new Condition("行号", Condition.Op.BETWEEN, List.of(1, 9)),
                new Condition("note", Condition.Op.IS_NULL, null), Condition.eq("select", null),
                new Condition("NOTE", Condition.Op.LIKE, "a%")), null, null, false);
        PlannedStatement u = plan(new XuguDialect(), new Change.Update(LINES, row("MixedCase", "2024-01-02"), f)).get(0);
        assertEquals("UPDATE \"Shop Data\".\"Order Lines\" SET \"MixedCase\" = ? WHERE \"行号\" BETWEEN ? AND ? AND"
                + " \"NOTE\" IS NULL AND \"select\" IS NULL AND \"NOTE\" LIKE ?", u.sql());
        assertEquals(List.of("2024-01-02", 1L, 9L, "a%"), u.params());
        PlannedStatement d = plan(new PostgresDialect(), new Change.Delete(LINES, new Filter(List.of(
                new Condition("行号", Condition.Op.NOT_IN, List.of(3, 4))), "note <> ?", List.of("x"), false))).get(0);
        assertEquals("DELETE FROM \"Shop Data\".\"Order Lines\" WHERE \"行号\" NOT IN (?, ?) AND (note <> ?)", d.sql());
        assertEquals(List.of(3L, 4L, "x"), d.params());
        PlannedStatement all = plan(new H2Dialect(), new Change.Delete(TableRef.of("plain"), Filter.ALL_ROWS)).get(0);
        assertEquals("DELETE FROM \"PUBLIC\".\"PLAIN\"", all.sql());
    }

    @Test
    void upsertTakesTheDialectsForm() {
        Change.Upsert c = new Change.Upsert(LINES, List.of(row("行号", 1, "select", "a", "note", "n")), List.of(), null);
        assertEquals("MERGE INTO \"Shop Data\".\"Order Lines\" t USING (SELECT ? AS \"行号\", ? AS \"select\", ? AS \"NOTE\""
                + " FROM DUAL) s ON (t.\"行号\" = s.\"行号\") WHEN MATCHED THEN UPDATE SET t.\"select\" = s.\"select\","
                + " t.\"NOTE\" = s.\"NOTE\" WHEN NOT MATCHED THEN INSERT (\"行号\", \"select\", \"NOTE\") VALUES"
                + " (s.\"行号\", s.\"select\", s.\"NOTE\")", plan(new XuguDialect(), c).get(0).sql());
        assertEquals("MERGE INTO \"Shop Data\".\"Order Lines\" (\"行号\", \"select\", \"NOTE\") KEY (\"行号\") VALUES (?, ?, ?)",
                plan(new H2Dialect(), c).get(0).sql());
        assertEquals("INSERT INTO \"Shop Data\".\"Order Lines\" (\"行号\", \"select\", \"NOTE\") VALUES (?, ?, ?)"
                + " ON CONFLICT (\"行号\") DO UPDATE SET \"select\" = EXCLUDED.\"select\", \"NOTE\" = EXCLUDED.\"NOTE\"",
                plan(new PostgresDialect(), c).get(0).sql());
        // By the unique constraint's name, and a key-only row.
        Change.Upsert byName = new Change.Upsert(LINES, List.of(row("select", "a")), List.of(), "UK_SEL");
        assertEquals("INSERT INTO \"Shop Data\".\"Order Lines\" (\"select\") VALUES (?) ON CONFLICT (\"select\") DO NOTHING",
                plan(new PostgresDialect(), byName).get(0).sql());
        ToolException missingKey = assertThrows(ToolException.class, () -> plan(new H2Dialect(),
                new Change.Upsert(LINES, List.of(row("note", "n")), List.of(), null)));
        assertTrue(missingKey.getMessage().contains("key column 行号"), missingKey.getMessage());
    }

    @Test
    void truncateAndRowsWithDifferentColumnsAndConvertedValues() {
        assertEquals("TRUNCATE TABLE \"PUBLIC\".\"PLAIN\"", plan(new XuguDialect(), new Change.Truncate(TableRef.of("plain")))
                .get(0).sql());
        List<PlannedStatement> two = plan(new H2Dialect(), new Change.Insert(TableRef.of("PUBLIC.plain"),
                List.of(row("id", 1), row("id", 2, "v", "b"), row("ID", 3)), false));
        assertEquals(2, two.size());
        assertEquals(2, two.get(0).rows(), "rows with the same columns share one batch");
        ChangePlan p = planner(new H2Dialect()).plan(new Change.Insert(LINES, List.of(row("行号", "7", "MixedCase",
                "2024-02-29")), false));
        assertEquals(List.of(7L, LocalDate.of(2024, 2, 29)), p.statements().get(0).rows().get(0),
                "bound as the column's type");
    }

    @Test
    void hostileNamesNeverReachSql() {
        for (String name : List.of("plain; DROP TABLE plain", "plain\" ; DROP", "PUBLIC.plain--", "(SELECT 1)")) {
            ToolException e = assertThrows(ToolException.class, () -> plan(new H2Dialect(),
                    new Change.Insert(TableRef.of(name), List.of(row("id", 1)), false)));
            assertEquals("not_found", e.code(), name);
        }
        for (String col : List.of("id) VALUES (1); DROP TABLE plain; --", "v\"", "id, v")) {
            ToolException e = assertThrows(ToolException.class, () -> plan(new H2Dialect(),
                    new Change.Insert(TableRef.of("plain"), List.of(row(col, 1)), false)));
            assertEquals("not_found", e.code(), col);
        }
    }
}
