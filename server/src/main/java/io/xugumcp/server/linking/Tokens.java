package io.xugumcp.server.linking;

import io.xugumcp.api.Catalog;

/**
 * Estimates how many model tokens a schema text costs, without a tokenizer: about 3.5 characters per token for
 * Latin text and identifiers (underscores and short names cut more often than prose's 4), one token per CJK character
 * (tokenizers range from about 0.7 to 1.4; chars/4 would undercount Chinese comments fourfold).
 *
 * <p>The size of a table is the size of its compact M-Schema lines – {@code # Table: name, comment}, one
 * {@code (column:TYPE, comment, Primary Key),} line per column, one {@code a.b=c.d} line per foreign key – which is
 * what Chat2SQL sends; other renderings differ by a few percent.
 */
public final class Tokens {
    private Tokens() {
    }

    /** Estimated tokens of a text. */
    public static int estimate(CharSequence s) {
        if (s == null) {
            return 0;
        }
        int other = 0;
        int cjk = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            if (Text.isCjk(cp)) {
                cjk++;
            } else {
                other++;
            }
        }
        return cjk + (int) Math.ceil(other / 3.5);
    }

    /** A column type without its length or precision: {@code VARCHAR(20)} → {@code VARCHAR}. */
    public static String baseType(String type) {
        int p = type.indexOf('(');
        if (p < 0) {
            return type;
        }
        int close = type.indexOf(')', p);
        String rest = close < 0 ? "" : type.substring(close + 1);
        return (type.substring(0, p) + rest).strip();
    }

    /** The table's header line and bracket lines. */
    static int header(Catalog.Table t) {
        return estimate("# Table: " + t.name() + (t.comment() == null ? "" : ", " + t.comment()) + "\n[\n]\n");
    }

    /** One column's line. */
    static int column(Catalog.Column c, boolean primaryKey) {
        return estimate("(" + c.name() + ":" + baseType(c.type()) + (c.comment() == null ? "" : ", " + c.comment())
                + (primaryKey ? ", Primary Key" : "") + "),\n");
    }

    /** One foreign key's line(s), one per column pair. */
    static int foreignKey(Catalog.ForeignKey fk) {
        int n = 0;
        for (int i = 0; i < fk.columns().size(); i++) {
            n += estimate(fk.table() + "." + fk.columns().get(i) + "=" + fk.referencedTable() + "."
                    + fk.referencedColumns().get(i) + "\n");
        }
        return n;
    }
}
