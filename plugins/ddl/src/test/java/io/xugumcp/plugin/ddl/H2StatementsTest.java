package io.xugumcp.plugin.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.ToolException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenarios on a real in-memory H2, plus H2's own forms. */
class H2StatementsTest extends RealDatabaseScenarios {

    @Override
    Harness open() throws Exception {
        return Harness.h2();
    }

    @Test
    void h2FormsAndItsMissingDatabaseStatements() {
        createShop();
        assertEquals(List.of("ALTER TABLE \"PUBLIC\".\"ORDERS\" ALTER COLUMN \"STATUS\" SET DATA TYPE VARCHAR(40)"),
                h.statements("alter_table", Map.of("table_name", "orders", "operations",
                        List.of(Map.of("op", "alter_column", "column", "status", "type", "varchar(40)")))));
        assertEquals(List.of("DROP INDEX \"PUBLIC\".\"I\""), new Object() {
            List<String> run() {
                h.call("create_index", Map.of("index_name", "i", "table_name", "orders", "columns", "status"));
                return h.statements("drop_index", Map.of("index_name", "i"));
            }
        }.run());
        ToolException e = assertThrows(ToolException.class,
                () -> h.call("create_database", Map.of("database_name", "x")));
        assertEquals("unsupported", e.code());
        assertTrue(e.getMessage().contains("create_schema"), e.getMessage());
        assertTrue(h.statements("create_table", Map.of("table_name", "t", "columns", Map.of("id", "int"),
                "comment", "a\\b")).get(1).endsWith("IS 'a\\b'"), "H2 reads a backslash as itself");
    }
}
