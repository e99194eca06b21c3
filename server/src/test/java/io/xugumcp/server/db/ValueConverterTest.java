package io.xugumcp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueConverterTest {

    @Test
    void numbersStayNumbersOnlyWhileAJsonReaderKeepsThemExact() throws Exception {
        assertEquals(42, ValueConverter.convert(42));
        assertEquals(9_007_199_254_740_991L, ValueConverter.convert(9_007_199_254_740_991L));
        assertEquals("9007199254740993", ValueConverter.convert(9_007_199_254_740_993L));
        assertEquals(5L, ValueConverter.convert(new BigDecimal("5")), "XuguDB returns BIGINT/TINYINT as BigDecimal");
        assertEquals(new BigDecimal("12.34"), ValueConverter.convert(new BigDecimal("12.34")));
        assertEquals("12345678901234567.89", ValueConverter.convert(new BigDecimal("12345678901234567.89")));
        assertEquals("123456789012345678901234567890", ValueConverter.convert(new BigInteger("123456789012345678901234567890")));
        assertEquals("NaN", ValueConverter.convert(Double.NaN));
        assertEquals(1.5, ValueConverter.convert(1.5f));
    }

    @Test
    void datesAreIsoStringsWithoutEraSuffix() throws Exception {
        assertEquals("2024-02-29", ValueConverter.convert(Date.valueOf(LocalDate.of(2024, 2, 29))));
        assertEquals("08:30:00", ValueConverter.convert(Time.valueOf(LocalTime.of(8, 30))));
        assertEquals("2024-02-29T08:30:00", ValueConverter.convert(Timestamp.valueOf(LocalDateTime.of(2024, 2, 29, 8, 30))));
        assertEquals("2024-02-29T08:30:00.123", ValueConverter.convert(LocalDateTime.of(2024, 2, 29, 8, 30, 0, 123_000_000)));
    }

    @Test
    void binaryIsBase64AndTheRestIsText() throws Exception {
        assertEquals("AQL/", ValueConverter.convert(new byte[] {1, 2, (byte) 0xff}));
        UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertEquals(u.toString(), ValueConverter.convert(u));
        assertEquals(true, ValueConverter.convert(Boolean.TRUE));
    }

    @Test
    void xuguZonedTextBecomesIsoAndOddTextStaysAsIs() {
        assertEquals("2024-01-02T03:04:05-05:30", ValueConverter.zonedDateTime("2024-01-02 03:04:05.0 -05:30"));
        assertEquals("2024-01-02T03:04:05.123+08:00", ValueConverter.zonedDateTime("2024-01-02 03:04:05.123 +08:00"));
        assertEquals("09:00:00+08:00", ValueConverter.zonedTime("09:00:00 +08:00"));
        assertEquals("not a time", ValueConverter.zonedTime("not a time"));
        assertEquals("0099-01-01 00:00:00.0 +08:00 BC", ValueConverter.zonedDateTime("0099-01-01 00:00:00.0 +08:00 BC"));
    }

    @Test
    void decimalsKeepTheirScaleWhenWhole() throws Exception {
        // DECIMAL(12,2): a whole amount must look like its neighbours, not lose ".00".
        Object whole = ValueConverter.convert(new BigDecimal("1009780.00"));
        assertEquals(new BigDecimal("1009780.00"), whole);
        assertEquals("1009780.00", new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .writeValueAsString(whole));
        assertEquals(new BigDecimal("0.00"), ValueConverter.convert(new BigDecimal("0.00")));
        assertEquals(new BigDecimal("0.00000010"), ValueConverter.convert(new BigDecimal("0.00000010")));
        // 15 significant digits hold in a double whatever the scale's trailing zeros; more become text.
        assertEquals(new BigDecimal("1234567890123.4500"), ValueConverter.convert(new BigDecimal("1234567890123.4500")));
        assertEquals("12345678901234.567", ValueConverter.convert(new BigDecimal("12345678901234.567")));
        assertEquals(7L, ValueConverter.convert(new BigDecimal("7")), "no scale: an integer");
        assertEquals(1000L, ValueConverter.convert(new BigDecimal("1E+3")), "negative scale: still an integer");
        assertEquals(10L, ValueConverter.estimateSize(new BigDecimal("1009780.00")));
    }

    @Test
    void floatsKeepTheirDecimalText() throws Exception {
        assertEquals(0.1, ValueConverter.convert(0.1f));
        assertEquals("Infinity", ValueConverter.convert(Float.POSITIVE_INFINITY));
    }
}
