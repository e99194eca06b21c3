package io.xugumcp.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlRedactorTest {
    private final SqlRedactor pg = new SqlRedactor("postgresql", 200);
    private final SqlRedactor xugu = new SqlRedactor("xugu", 200);

    @Test
    void literalsAndCommentsGoNamesAndPlaceholdersStay() {
        assertEquals("SELECT * FROM orders WHERE email = ? AND total > ? AND id = ?",
                pg.redact("SELECT *\n  FROM orders -- who\n WHERE email = 'a@b.cn' AND total > 100.5 AND id = ?"));
        assertEquals("INSERT INTO \"Users\" (name, card) VALUES (?, ?)",
                pg.redact("INSERT INTO \"Users\" (name, card) VALUES ('张三', '4111 1111 1111 1111')"));
        assertEquals("SELECT ? FROM t", pg.redact("SELECT $$secret; stuff$$ /* note */ FROM t"));
        assertEquals("SELECT ?", pg.redact("SELECT E'it\\'s secret'"));
    }

    @Test
    void aLiteralInAnyEscapeReadingIsHidden() {
        String r = xugu.redact("SELECT 'a\\' , 'secret-1' FROM dual");
        assertFalse(r.contains("secret"), r);
        String unterminated = xugu.redact("SELECT * FROM t WHERE p = 'hunter2");
        assertFalse(unterminated.contains("hunter2"), unterminated);
    }

    @Test
    void passwordsWrittenAsWordsAreHidden() {
        String r = xugu.redact("CREATE USER bob IDENTIFIED BY Secr3tPass");
        assertFalse(r.contains("Secr3tPass"), r);
        String h2 = new SqlRedactor("h2", 200).redact("ALTER USER bob SET PASSWORD 'pw1'");
        assertFalse(h2.contains("pw1"), h2);
    }

    @Test
    void longTextsAreCutWithAMarker() {
        String r = new SqlRedactor("h2", 40).redact("SELECT " + "a, ".repeat(100) + "b FROM t");
        assertTrue(r.length() < 80 && r.contains("more chars"), r);
    }
}
