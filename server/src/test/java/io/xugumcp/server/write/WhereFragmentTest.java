package io.xugumcp.server.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.Filter;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.WriteOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The injection corpus for the seed's raw {@code where}: each is refused before anything runs, by the fragment check
 * or by the guard's reading of the whole statement, and the tables are unchanged. Legitimate conditions pass.
 */
class WhereFragmentTest {
    static final List<String> CORPUS = List.of(
            "1=1; DROP TABLE item",
            "1=1; DELETE FROM other",
            "id = 1 -- AND id = 2",
            "id = 1 /* comment */",
            "id = 1 */",
            "id = 1 # mysql comment",
            "1=1) OR (1=1",
            "id IN (SELECT id FROM item",
            "id = 1)",
            "id IN (DELETE FROM other RETURNING id)",
            "id IN (WITH d AS (DELETE FROM other RETURNING id) SELECT id FROM d)",
            "EXISTS (SELECT 1 FROM other FOR UPDATE)",
            "id = (SELECT COUNT(*) FROM other) AND 1=(SELECT 1 INTO newtable)",
            "label = 'a'; UPDATE item SET qty = 0; --'",
            "label = E'\\''; DROP TABLE item; --'",
            "label = $$x$$",
            "label = 'unterminated",
            "\"unterminated = 1",
            "label = `x`",
            "id = 1 UNION ALL SELECT 1; TRUNCATE item",
            "1=1 OR pg_sleep(10) IS NOT NULL",
            "id = nextval('s')",
            "id = 1\u0000",
            "ｉｄ = 1; ＤＥＬＥＴＥ FROM item",
            "id = ? AND qty = ?",   // two placeholders, one value
            "CALL something()");

    private static WriteFixture f;

    @BeforeAll
    static void open() throws Exception {
        f = new WriteFixture("where", true, WriteSettings.DEFAULTS,
                "CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(20), qty INT)",
                "INSERT INTO item SELECT x, 'i' || x, x FROM SYSTEM_RANGE(1, 20)",
                "CREATE TABLE other (id INT PRIMARY KEY)",
                "INSERT INTO other SELECT x FROM SYSTEM_RANGE(1, 5)",
                "CREATE SEQUENCE s");
    }

    @AfterAll
    static void close() {
        f.close();
    }

    @Test
    void everyInjectionIsRefusedAndNothingChanges() throws Exception {
        int before = f.audit("statement").size();
        for (String where : CORPUS) {
            List<Object> params = where.contains("?") ? List.of(1) : List.of();
            for (Change c : List.of(
                    new Change.Update(TableRef.of("item"), Map.of("qty", 0), new Filter(List.of(), where, params, false)),
                    new Change.Delete(TableRef.of("item"), new Filter(List.of(), where, params, false)))) {
                ToolException e = assertThrows(ToolException.class,
                        () -> f.writes("delete_rows", Map.of("where", where)).apply(c, WriteOptions.DEFAULTS), where);
                assertEquals(true, List.of("rejected", "invalid_argument", "denied").contains(e.code()),
                        where + " -> " + e.code() + ": " + e.getMessage());
            }
        }
        assertEquals(20, f.count("SELECT COUNT(*) FROM item WHERE qty > 0"));
        assertEquals(5, f.count("SELECT COUNT(*) FROM other"));
        assertEquals(0, f.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'NEWTABLE'"));
        List<Map<String, Object>> records = f.audit("statement");
        assertEquals(0, records.subList(before, records.size()).stream().filter(r -> "ok".equals(r.get("outcome")))
                .count(), "no statement ran");
    }

    @Test
    void legitimateConditionsPass() throws Exception {
        for (String where : List.of("id = ?", "label LIKE 'i1%' AND qty BETWEEN ? AND 20", "\"ID\" IN (SELECT id FROM other)",
                "label = 'it''s' OR id = ?", "qty IS NULL OR (qty > ? AND (id < 3))")) {
            int n = (int) where.chars().filter(ch -> ch == '?').count();
            List<Object> params = java.util.Collections.nCopies(n, 1);
            WriteOptions dry = WriteOptions.DRY_RUN;
            f.writes("delete_rows", Map.of("where", where)).apply(new Change.Delete(TableRef.of("item"),
                    new Filter(List.of(), where, params, false)), dry);
        }
        assertEquals(20, f.count("SELECT COUNT(*) FROM item"));
    }
}
