package io.xugumcp.server.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.GuardVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /*! … *}{@code /} hides code on MySQL-family engines; the guard reads it as code on every dialect. */
class ExecutableCommentsTest {

    @Test
    void aStatementHiddenInAnExecutableCommentIsRefusedOnEveryDialect() {
        for (String dialect : List.of("h2", "postgresql", "xugu")) {
            SqlGuard g = new SqlGuard(dialect);
            for (String sql : List.of("/*! DROP TABLE orders */ SELECT 1", "SELECT 1 /*! ; DROP TABLE orders */",
                    "SELECT 1 /*!50000 ; DELETE FROM orders */")) {
                GuardVerdict v = g.inspect(sql);
                assertTrue(!v.acceptable() || v.isWrite(), dialect + ": " + sql + " -> " + v);
            }
            GuardVerdict plain = g.inspect("SELECT 1 /* just a comment */");
            assertTrue(plain.acceptable() && !plain.isWrite(), dialect + " " + plain);
        }
    }
}
