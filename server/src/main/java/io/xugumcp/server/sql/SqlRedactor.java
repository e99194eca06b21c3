package io.xugumcp.server.sql;

import io.xugumcp.server.sql.SqlLexer.Feature;
import io.xugumcp.server.sql.SqlLexer.Token;
import io.xugumcp.server.sql.SqlLexer.Type;
import java.util.EnumSet;
import java.util.List;

/**
 * Makes SQL fit for the audit trail: string and number literals become {@code ?}, comments go, whitespace shrinks to
 * single spaces, and a password written as a bare word ({@code IDENTIFIED BY secret}) is hidden too. The text is lexed
 * under every set of lexical rules the dialect may use (backslash escapes or not, …), so a literal in any reading is
 * hidden. What remains – keywords, names, placeholders – says what the statement did without the data it carried.
 */
public final class SqlRedactor {
    private final GuardDialect dialect;
    private final int maxChars;

    /** @param dialect {@code xugu}, {@code postgresql} or {@code h2} */
    public SqlRedactor(String dialect, int maxChars) {
        this.dialect = GuardDialect.of(dialect);
        this.maxChars = maxChars;
    }

    /** The redacted text, cut to the configured length with a marker when longer. */
    public String redact(String sql) {
        if (sql == null) {
            return null;
        }
        String out = sql;
        List<EnumSet<Feature>> readings = dialect.readings(sql);
        for (EnumSet<Feature> features : readings) {
            out = once(out, features);
        }
        return cut(out);
    }

    /** The text as written, only cut to length (for operators who turned redaction off). */
    public String verbatim(String sql) {
        return sql == null ? null : cut(sql);
    }

    private String cut(String s) {
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + "…[" + (s.length() - maxChars) + " more chars]";
    }

    static String once(String sql, EnumSet<Feature> features) {
        SqlLexer.Result lexed = SqlLexer.lex(sql, features);
        StringBuilder b = new StringBuilder(sql.length());
        int pos = 0;
        String prev = null;
        String prev2 = null;
        for (Token t : lexed.tokens()) {
            if (t.start() > pos && !b.isEmpty()) {
                b.append(' ');
            }
            boolean hideWord = t.type() == Type.WORD
                    && ("BY".equals(prev) && "IDENTIFIED".equals(prev2) || "PASSWORD".equals(prev));
            if (t.type() == Type.STRING || t.type() == Type.NUMBER || hideWord) {
                b.append('?');
            } else {
                b.append(sql, t.start(), t.end());
            }
            pos = t.end();
            prev2 = prev;
            prev = t.key();
        }
        return b.toString();
    }
}
