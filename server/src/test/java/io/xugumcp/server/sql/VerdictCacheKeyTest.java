package io.xugumcp.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.GuardVerdict;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictCacheKeyTest {

    @Test
    void sameShapeWithOtherValuesSharesAKey() {
        assertEquals(VerdictCacheKey.of("SELECT * FROM orders WHERE order_id = 1 + (17 * 7919) % 100000"),
                VerdictCacheKey.of("SELECT * FROM orders WHERE order_id = 1 + (4 * 7919) % 100000"));
        assertEquals(VerdictCacheKey.of("SELECT * FROM t WHERE name = 'bob' AND d = '2024:01:01'"),
                VerdictCacheKey.of("SELECT * FROM t WHERE name = 'alice smith' AND d = '1999:12:31'"));
        assertEquals(VerdictCacheKey.of("SELECT \"Order\" FROM \"T1\" WHERE id = 5"),
                VerdictCacheKey.of("SELECT \"Order\" FROM \"T1\" WHERE id = 6"));
        assertEquals("SELECT * FROM t2 WHERE c3 = 0", VerdictCacheKey.of("SELECT * FROM t2 WHERE c3 = 42"));
    }

    @Test
    void literalsThatLexersMayReadDifferentlyStayInTheKey() {
        for (String[] pair : new String[][] {
            {"SELECT 'a\\' FROM t", "SELECT 'a' FROM t"},
            {"SELECT 'a'' ; DELETE FROM t; --' FROM t", "SELECT 'b' FROM t"},
            {"SELECT 'x -- y' FROM t", "SELECT 'x y' FROM t"},
            {"SELECT '中文' FROM t", "SELECT 'ab' FROM t"},
            {"SELECT \"a'\" FROM t WHERE x = 'y'", "SELECT \"a'\" FROM t WHERE x = 'z'"},
            {"SELECT 'a;b' DELETE FROM t 'c'", "SELECT 'a;b' FROM t 'c'"},
            {"SELECT q'a' || x || 'a' FROM t", "SELECT q'b' || x || 'c' FROM t"},
            {"SELECT * FROM \"12\"", "SELECT * FROM \"13\""},
            {"SELECT 1 -- x\n FROM t", "SELECT 2 -- y\n FROM t"},
            {"SELECT 1 /* ' */ FROM t", "SELECT 1 /* ; */ FROM t"},
        }) {
            assertNotEquals(VerdictCacheKey.of(pair[0]), VerdictCacheKey.of(pair[1]), pair[0]);
        }
    }

    /** Every corpus statement gets the same verdict from a fresh guard and from a guard whose cache is full of them. */
    @Test
    void cachedVerdictsEqualFreshVerdictsOverTheCorpora() throws Exception {
        List<String> texts = new ArrayList<>();
        for (String file : new String[] {"/guard/corpus.json", "/guard/extra-corpus.json"}) {
            try (InputStream in = getClass().getResourceAsStream(file)) {
                for (JsonNode n : new ObjectMapper().readTree(in)) {
                    texts.add(n.get("sql").asText());
                }
            }
        }
        assertTrue(texts.size() > 150);
        SqlGuard warm = new SqlGuard("xugu");
        texts.forEach(warm::inspect);
        for (String sql : texts) {
            GuardVerdict fresh = new SqlGuard("xugu").inspect(sql);
            assertEquals(fresh, warm.inspect(sql), sql);
        }
    }
}
