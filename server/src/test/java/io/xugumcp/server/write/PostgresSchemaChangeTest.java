package io.xugumcp.server.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.WriteOptions;
import io.xugumcp.api.write.WriteResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema changes on the real PostgreSQL (a schema of its own, dropped after), where DDL is transactional: a dry run
 * really runs the statements and rolls them back (so a statement that would fail says so, and nothing stays); a run is
 * one transaction, all or nothing; a destructive change needs the token and the object's name.
 */
class PostgresSchemaChangeTest {
    static final String URL = System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String SCHEMA = "dml_ddl_" + Long.toHexString(System.nanoTime());
    static WriteFixture f;

    @BeforeAll
    static void open() throws Exception {
        f = new WriteFixture(URL + "?currentSchema=" + SCHEMA, "postgres", true, WriteSettings.DEFAULTS,
                "CREATE SCHEMA " + SCHEMA, "CREATE TABLE " + SCHEMA + ".keep (id int PRIMARY KEY)",
                "INSERT INTO " + SCHEMA + ".keep VALUES (1), (2)");
    }

    @AfterAll
    static void close() throws Exception {
        f.exec("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        f.close();
    }

    static long tables(String name) throws Exception {
        return f.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + SCHEMA
                + "' AND table_name = '" + name + "'");
    }

    static Change.SchemaChange create(String... statements) {
        return new Change.SchemaChange("TABLE", "t2", null, List.of(statements), false, Map.of());
    }

    @Test
    void aDryRunRehearsesAndRollsBackAndNamesAFailingStatement() throws Exception {
        WriteResult dry = f.writes("create_table", Map.of("table_name", "t2")).apply(create(
                "CREATE TABLE \"" + SCHEMA + "\".\"t2\" (id int)", "CREATE INDEX t2_id ON \"" + SCHEMA + "\".\"t2\" (id)"),
                WriteOptions.DRY_RUN);
        assertEquals(WriteResult.Status.PREVIEWED, dry.status());
        assertTrue(dry.notes().stream().anyMatch(n -> n.contains("rolled back")), dry.notes().toString());
        assertEquals(0, tables("t2"), "rehearsed, not kept");
        ToolException fails = assertThrows(ToolException.class, () -> f.writes("create_table", Map.of()).apply(create(
                "CREATE TABLE \"" + SCHEMA + "\".\"t3\" (id int)", "CREATE TABLE \"" + SCHEMA + "\".\"keep\" (id int)"),
                WriteOptions.DRY_RUN));
        assertTrue(fails.getMessage().startsWith("Dry run: statement 2 of 2 would fail"), fails.getMessage());
        assertEquals(0, tables("t3"));
    }

    @Test
    void aRunIsOneTransaction() throws Exception {
        assertThrows(ToolException.class, () -> f.writes("create_table", Map.of()).apply(create(
                "CREATE TABLE \"" + SCHEMA + "\".\"t4\" (id int)", "CREATE TABLE \"" + SCHEMA + "\".\"keep\" (id int)"),
                WriteOptions.DEFAULTS));
        assertEquals(0, tables("t4"), "the first statement was rolled back with the failing second");
        WriteResult ok = f.writes("create_table", Map.of()).apply(create("CREATE TABLE \"" + SCHEMA + "\".\"t5\" (id int)"),
                WriteOptions.DEFAULTS);
        assertEquals(WriteResult.Status.APPLIED, ok.status());
        assertEquals(1, tables("t5"));
    }

    @Test
    void aDropNeedsTheTokenAndTheName() throws Exception {
        Change.SchemaChange drop = new Change.SchemaChange("TABLE", "keep", TableRef.of("keep"),
                List.of("DROP TABLE \"" + SCHEMA + "\".\"keep\""), true, Map.of("rows", 2));
        Map<String, Object> args = Map.of("table_name", "keep");
        WriteResult dry = f.writes("drop_table", args).apply(drop, WriteOptions.DRY_RUN);
        assertEquals(1, tables("keep"), "the rehearsed drop was rolled back");
        String token = dry.confirmation().token();
        assertThrows(ToolException.class, () -> f.writes("drop_table", args).apply(drop,
                new WriteOptions(false, token, "KEEP", 0, 0)));
        assertEquals(WriteResult.Status.APPLIED, f.writes("drop_table", args).apply(drop,
                new WriteOptions(false, token, "keep", 0, 0)).status());
        assertEquals(0, tables("keep"));
    }
}
