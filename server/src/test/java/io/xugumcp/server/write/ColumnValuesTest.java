package io.xugumcp.server.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.ToolException;
import io.xugumcp.server.db.Binds;
import io.xugumcp.server.write.ColumnValues.Kind;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Column types as the three catalogs write them, and the conversions of JSON and CSV values for them. */
class ColumnValuesTest {

    @Test
    void kindsFromTheCatalogsTypeNames() {
        Map<String, Kind> cases = Map.ofEntries(Map.entry("INTEGER", Kind.INTEGER), Map.entry("bigint", Kind.INTEGER),
                Map.entry("CHARACTER VARYING(50)", Kind.TEXT), Map.entry("VARCHAR(20)", Kind.TEXT),
                Map.entry("text", Kind.TEXT), Map.entry("CLOB", Kind.TEXT), Map.entry("NUMERIC(12,2)", Kind.DECIMAL),
                Map.entry("DECIMAL(3,2)", Kind.DECIMAL), Map.entry("double precision", Kind.FLOAT),
                Map.entry("DATE", Kind.DATE), Map.entry("DATETIME", Kind.TIMESTAMP),
                Map.entry("timestamp without time zone", Kind.TIMESTAMP),
                Map.entry("timestamp with time zone", Kind.TIMESTAMP_TZ), Map.entry("TIME(3)", Kind.TIME),
                Map.entry("BOOLEAN", Kind.BOOLEAN), Map.entry("bytea", Kind.BINARY),
                Map.entry("BINARY LARGE OBJECT", Kind.BINARY), Map.entry("jsonb", Kind.OTHER),
                Map.entry("integer[]", Kind.OTHER), Map.entry("INTERVAL DAY TO SECOND", Kind.OTHER),
                Map.entry("GUID", Kind.OTHER));
        cases.forEach((type, kind) -> assertEquals(kind, ColumnValues.kindOf(type), type));
    }

    private static Object c(Object v, Kind k) {
        return ColumnValues.coerce(v, k, () -> "x");
    }

    @Test
    void conversions() {
        assertEquals(12L, c("12", Kind.INTEGER));
        assertEquals(12L, c(12.0, Kind.INTEGER));
        assertEquals(1000L, c("1e3", Kind.INTEGER));
        assertEquals(new BigDecimal("12345678901234567890"), c("12345678901234567890", Kind.INTEGER));
        assertEquals(new BigDecimal("12.50"), c("12.50", Kind.DECIMAL));
        assertEquals(new BigDecimal("0.1"), c(0.1, Kind.DECIMAL), "not 0.1000000000000000055…");
        assertEquals(Boolean.TRUE, c("yes", Kind.BOOLEAN));
        assertEquals(Boolean.FALSE, c(0, Kind.BOOLEAN));
        assertEquals(LocalDate.of(2024, 2, 29), c("2024-02-29", Kind.DATE));
        assertEquals(LocalDateTime.of(2024, 2, 3, 4, 5, 6), c("2024-02-03 04:05:06", Kind.TIMESTAMP));
        assertEquals(LocalDateTime.of(2024, 2, 3, 0, 0), c("2024-02-03", Kind.TIMESTAMP));
        assertEquals(LocalDateTime.of(2024, 2, 3, 4, 5, 6, 500_000_000), c("2024-02-03T04:05:06.5", Kind.TIMESTAMP));
        assertEquals(LocalDateTime.of(2024, 2, 3, 4, 5, 6, 123_456_789), c("2024-02-03 04:05:06.123456789", Kind.TIMESTAMP));
        assertEquals(LocalDateTime.of(2024, 2, 3, 4, 5, 6), c("2024-02-03T04:05:06+08:00", Kind.TIMESTAMP),
                "wall-clock time as written for a column without zone");
        assertEquals(OffsetDateTime.parse("2024-02-03T04:05:06-05:30"), c("2024-02-03T04:05:06-05:30", Kind.TIMESTAMP_TZ));
        assertEquals(OffsetDateTime.parse("2024-02-03T04:05:06+08:00"), c("2024-02-03T04:05:06+08", Kind.TIMESTAMP_TZ));
        assertEquals(OffsetDateTime.parse("2024-02-03T04:05:06Z"), c("2024-02-03T04:05:06Z", Kind.TIMESTAMP_TZ));
        assertArrayEquals(new byte[] {1, 2, (byte) 255}, (byte[]) c("AQL/", Kind.BINARY));
        assertEquals("12", c(12, Kind.TEXT));
        assertEquals("{\"a\":[1,2]}", c(Map.of("a", List.of(1, 2)), Kind.TEXT));
        assertEquals(new Binds.Null(Types.DATE), c(null, Kind.DATE));
        assertEquals(new Binds.Untyped("{\"k\":1}"), c(Map.of("k", 1), Kind.OTHER));
    }

    @Test
    void aValueThatDoesNotFitNamesItsPlaceAndTheExpectedForm() {
        ToolException e = assertThrows(ToolException.class,
                () -> ColumnValues.coerce("12.5", Kind.INTEGER, () -> "rows[3].QTY (INTEGER)"));
        assertEquals("invalid_argument", e.code());
        assertTrue(e.getMessage().startsWith("rows[3].QTY (INTEGER): '12.5' is not a whole number"), e.getMessage());
        for (Object[] bad : new Object[][] {{"soon", Kind.DATE}, {"x", Kind.DECIMAL}, {"maybe", Kind.BOOLEAN},
                {true, Kind.INTEGER}, {12, Kind.DATE}, {"***", Kind.BINARY}, {"25:00", Kind.TIME}, {"2024-02-30", Kind.DATE}, {"2024-02-03T24:00:00", Kind.TIMESTAMP}}) {
            assertThrows(ToolException.class, () -> c(bad[0], (Kind) bad[1]), bad[0] + " as " + bad[1]);
        }
    }
}
