package io.xugumcp.server.db.xugu;

import static io.xugumcp.server.db.xugu.XuguReply.col;
import static io.xugumcp.server.db.xugu.XuguReply.rows;

import io.xugumcp.server.catalog.XuguCatalogSql;
import io.xugumcp.server.db.xugu.XuguWire.Param;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A scripted XuguDB dictionary for write tests: schema {@code SHOP} (current) with
 * <ul>
 *   <li>{@code CUSTOMERS} (ID INTEGER identity primary key, NAME VARCHAR(50) NOT NULL, CITY VARCHAR(20),
 *       BORN DATE, VIP BOOLEAN),</li>
 *   <li>{@code Order Lines} ("行号" INTEGER primary key, "select" VARCHAR(20), "MixedCase" NUMERIC(10,2)) – a name with
 *       a space, a Chinese column, a reserved word and mixed case,</li>
 *   <li>{@code IMPORTS} (ID INTEGER primary key, V VARCHAR(20) NOT NULL).</li>
 * </ul>
 * Catalog statements are answered for their exact text ({@link XuguCatalogSql}) and bind values. Data statements get
 * canned answers: an UPDATE or DELETE touches {@link #UPDATED} rows, an INSERT or MERGE one row – except an insert into
 * IMPORTS whose V is NULL, which fails like a NOT NULL violation – a COUNT(*) answers {@link #COUNT}, a sample SELECT
 * answers two rows of the table, {@code LAST_INSERT_ID()} answers 41. Anything else gets the double's "no reply
 * scripted" error.
 */
public final class XuguShop {
    public static final int UPDATED = 3;
    public static final long COUNT = 7;
    public static final long LAST_ID = 41;

    private XuguShop() {
    }

    private static List<Object> binds(Received r) {
        return r.params().stream().map(Param::value).toList();
    }

    private static Predicate<Received> exactly(String sql, Object... binds) {
        return r -> r.sql().equals(sql) && binds(r).equals(List.of(binds));
    }

    private static void answer(XuguScript s, Predicate<Received> when, Supplier<XuguReply> reply) {
        s.on(when, (Function<Received, XuguReply>) r -> reply.get());
    }

    /** The script, with the session statements every XuguDB connection of the server sends. */
    public static XuguScript script() {
        XuguScript s = new XuguScript()
                .on("select 1 from dual", rows(col("EXPR1", Type.INTEGER)).row(1))
                .on(r -> r.sql().equals(XuguDataSource.SESSION_ID_SQL),
                        r -> rows(col("EXPR1", Type.CHAR)).row(String.valueOf(100 + r.session())));
        answer(s, exactly(XuguCatalogSql.INFO), () -> rows(col("EXPR1", Type.CHAR), col("CURRENT_DB", Type.CHAR),
                col("CURRENT_SCHEMA", Type.CHAR), col("CURRENT_USER", Type.CHAR))
                .row("XuguDB 12.0.0", "SYSTEM", "SHOP", "MCP_RW"));
        answer(s, exactly(XuguCatalogSql.SCHEMAS), () -> rows(col("SCHEMA_NAME", Type.CHAR), col("USER_NAME", Type.CHAR),
                col("COMMENTS", Type.CHAR)).row("SHOP", "MCP_RW", "商店"));
        answer(s, exactly(XuguCatalogSql.TABLE_COUNTS), () -> rows(col("SCHEMA_NAME", Type.CHAR), col("EXPR1", Type.BIGINT))
                .row("SHOP", 3L));
        answer(s, exactly(XuguCatalogSql.VIEW_COUNTS), () -> rows(col("SCHEMA_NAME", Type.CHAR), col("EXPR1", Type.BIGINT)));
        answer(s, exactly(XuguCatalogSql.TABLES, "SHOP"), () -> rows(col("TABLE_NAME", Type.CHAR),
                col("TEMP_TYPE", Type.INTEGER), col("RECORD_NUM", Type.BIGINT), col("COMMENTS", Type.CHAR))
                .row("CUSTOMERS", 0, 7L, "客户")
                .row("IMPORTS", 0, 0L, null)
                .row("Order Lines", 0, 7L, "订单行"));
        answer(s, exactly(XuguCatalogSql.VIEWS, "SHOP"), () -> rows(col("VIEW_NAME", Type.CHAR), col("DEFINE", Type.CLOB),
                col("COMMENTS", Type.CHAR)));
        answer(s, exactly(XuguCatalogSql.COLUMNS, "SHOP"), () -> rows(col("TABLE_NAME", Type.CHAR),
                col("COL_NO", Type.INTEGER), col("COL_NAME", Type.CHAR), col("TYPE_NAME", Type.CHAR),
                col("SCALE", Type.INTEGER), col("VARYING", Type.BOOLEAN), col("NOT_NULL", Type.BOOLEAN),
                col("IS_SERIAL", Type.BOOLEAN), col("DEF_VAL", Type.CHAR), col("COMMENTS", Type.CHAR),
                col("IS_HIDE", Type.BOOLEAN), col("DELETED", Type.BOOLEAN))
                .row("CUSTOMERS", 1, "ID", "INTEGER", 0, false, true, true, null, "编号", false, false)
                .row("CUSTOMERS", 2, "NAME", "CHAR", 50, true, true, false, null, "姓名", false, false)
                .row("CUSTOMERS", 3, "CITY", "CHAR", 20, true, false, false, null, "城市", false, false)
                .row("CUSTOMERS", 4, "BORN", "DATE", 0, false, false, false, null, null, false, false)
                .row("CUSTOMERS", 5, "VIP", "BOOLEAN", 0, false, false, false, "false", null, false, false)
                .row("IMPORTS", 1, "ID", "INTEGER", 0, false, true, false, null, null, false, false)
                .row("IMPORTS", 2, "V", "CHAR", 20, true, true, false, null, null, false, false)
                .row("Order Lines", 1, "行号", "INTEGER", 0, false, true, false, null, "行号", false, false)
                .row("Order Lines", 2, "select", "CHAR", 20, true, false, false, null, null, false, false)
                .row("Order Lines", 3, "MixedCase", "NUMERIC", 10 * 65536 + 2, false, false, false, null, null, false,
                        false));
        answer(s, exactly(XuguCatalogSql.CONSTRAINTS, "SHOP", "SHOP"), () -> rows(col("CONS_NAME", Type.CHAR),
                col("CONS_TYPE", Type.CHAR), col("SCHEMA_NAME", Type.CHAR), col("TABLE_NAME", Type.CHAR),
                col("DEFINE", Type.CHAR), col("SCHEMA_NAME", Type.CHAR), col("TABLE_NAME", Type.CHAR),
                col("UPDATE_ACTION", Type.CHAR), col("DELETE_ACTION", Type.CHAR))
                .row("PK_CUSTOMERS", "P", "SHOP", "CUSTOMERS", "\"ID\"", null, null, null, null)
                .row("PK_IMPORTS", "P", "SHOP", "IMPORTS", "\"ID\"", null, null, null, null)
                .row("PK_LINES", "P", "SHOP", "Order Lines", "\"行号\"", null, null, null, null));
        answer(s, exactly(XuguCatalogSql.INDEXES, "SHOP"), () -> rows(col("TABLE_NAME", Type.CHAR),
                col("INDEX_NAME", Type.CHAR), col("INDEX_TYPE", Type.INTEGER), col("IS_UNIQUE", Type.BOOLEAN),
                col("IS_PRIMARY", Type.BOOLEAN), col("KEYS", Type.CHAR), col("FILTER", Type.CHAR))
                .row("CUSTOMERS", "PK_CUSTOMERS", 0, true, true, "\"ID\"", null)
                .row("IMPORTS", "PK_IMPORTS", 0, true, true, "\"ID\"", null)
                .row("Order Lines", "PK_LINES", 0, true, true, "\"行号\"", null));

        // Data statements. Samples and counts arrive capped: SELECT * FROM (<sql>) mcp_q LIMIT n.
        s.on(Pattern.compile("(?s)SELECT \\* FROM \\(SELECT COUNT\\(\\*\\) FROM .*\\) mcp_q LIMIT \\d+"),
                rows(col("EXPR1", Type.BIGINT)).row(COUNT));
        answer(s, r -> r.sql().matches("(?s)SELECT \\* FROM \\(SELECT \"ID\", \"NAME\", .* FROM \"SHOP\".\"CUSTOMERS\".*"),
                () -> rows(col("ID", Type.INTEGER), col("NAME", Type.CHAR), col("CITY", Type.CHAR), col("BORN", Type.DATE),
                        col("VIP", Type.BOOLEAN)).row(1, "张三", "北京", null, false).row(2, "李四", "上海", null, true));
        answer(s, r -> r.sql().matches("(?s)SELECT \\* FROM \\(SELECT \"行号\", .* FROM \"SHOP\".\"Order Lines\".*"),
                () -> rows(col("行号", Type.INTEGER), col("select", Type.CHAR), col("MixedCase", Type.CHAR))
                        .row(1, "a", "1.50"));
        answer(s, r -> r.sql().matches("(?s)SELECT \\* FROM \\(SELECT \"ID\", \"V\" FROM \"SHOP\".\"IMPORTS\".*"),
                () -> rows(col("ID", Type.INTEGER), col("V", Type.CHAR)));
        s.on("SELECT * FROM (SELECT LAST_INSERT_ID() FROM DUAL) mcp_q LIMIT 2", rows(col("EXPR1", Type.BIGINT)).row(LAST_ID));
        answer(s, r -> r.sql().startsWith("INSERT INTO \"SHOP\".\"IMPORTS\"") && binds(r).contains(null),
                () -> XuguReply.error(13005, "列V不能为NULL"));
        answer(s, r -> r.sql().startsWith("INSERT INTO ") || r.sql().startsWith("MERGE INTO "), () -> XuguReply.updated(1));
        answer(s, r -> r.sql().startsWith("UPDATE "), () -> XuguReply.updated(UPDATED));
        answer(s, r -> r.sql().startsWith("DELETE FROM "), () -> XuguReply.deleted(UPDATED));
        answer(s, r -> r.sql().startsWith("TRUNCATE TABLE "), XuguReply::ok);
        return s;
    }

    /** The statements a test sent (prepared executions and plain statements), without the session's own. */
    public static List<Received> dataStatements(XuguWireDouble db, int from) {
        List<Received> all = db.received();
        return all.subList(from, all.size()).stream()
                .filter(r -> r.kind() == Received.Kind.EXECUTE || r.kind() == Received.Kind.DIRECT)
                .filter(r -> !r.sql().equals("select 1 from dual") && !r.sql().equals(XuguDataSource.SESSION_ID_SQL))
                .filter(r -> !r.sql().matches("(?i)commit|rollback|set auto commit (on|off)|SET SESSION_ISO_LEVEL TO \\d+"))
                .filter(r -> !r.sql().startsWith("SELECT s.") && !r.sql().startsWith("SELECT t.")
                        && !r.sql().startsWith("SELECT v.") && !r.sql().startsWith("SELECT k.")
                        && !r.sql().startsWith("SELECT VERSION()"))
                .toList();
    }

    /** The bind values of a statement as the double decoded them. */
    public static List<Object> values(Received r) {
        return binds(r);
    }
}
