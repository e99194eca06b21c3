package io.xugumcp.server.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Catalog;
import io.xugumcp.server.catalog.SchemaSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Linking latency on a 5,000-table catalog shaped like the schema tests' big PostgreSQL schema (SchemaIT: tables
 * t_0001 … t_5000 with {@code id} and {@code amount}, every 1,000th commented 归档订单), and on one as large with
 * realistic tables (eight columns, Chinese comments, foreign keys). Prints the figures; asserts only what was found,
 * never a time. Reproduce: {@code mvn -B -o -q -pl server -am test -Dtest=SchemaLinkingLatencyTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SchemaLinkingLatencyTest {
    static final int TABLES = 5000;
    static final List<String> QUESTIONS = List.of("归档订单", "每个城市的订单总额", "手机号以138开头的客户",
            "total amount of archived orders per month", "t_0042 amount", "客户 供应商 商品 库存", "哪些表存放支付记录",
            "amount");

    static SchemaSnapshot big() {
        SchemaSnapshot.Builder b = new SchemaSnapshot.Builder("xmcp_schema_big");
        for (int i = 1; i <= TABLES; i++) {
            String name = String.format(Locale.ROOT, "t_%04d", i);
            b.table(new Catalog.Table("xmcp_schema_big", name, "TABLE", i % 1000 == 0 ? "归档订单 " + i : null, 0L));
            b.column(name, new Catalog.Column("id", 1, "integer", false, null, null, false));
            b.column(name, new Catalog.Column("amount", 2, "integer", true, null, null, false));
            b.primaryKey(name, new Catalog.Key(name + "_pkey", List.of("id")));
        }
        return b.build();
    }

    static SchemaSnapshot rich() {
        String[] subjects = {"订单", "客户", "商品", "供应商", "库存", "支付", "物流", "员工", "部门", "合同"};
        String[] cols = {"编号", "名称", "城市", "金额", "日期", "状态", "手机号码", "备注"};
        SchemaSnapshot.Builder b = new SchemaSnapshot.Builder("big");
        for (int i = 1; i <= TABLES; i++) {
            String name = String.format(Locale.ROOT, "biz_%s_%04d", new String[] {"ord", "cust", "prod", "supp", "stock",
                    "pay", "ship", "emp", "dept", "ctr"}[i % 10], i);
            b.table(new Catalog.Table("big", name, "TABLE", subjects[i % 10] + "表" + i, 1000L * i));
            for (int c = 0; c < cols.length; c++) {
                b.column(name, new Catalog.Column("c" + c + "_" + new String[] {"id", "name", "city", "amount", "day",
                        "status", "phone", "remark"}[c], c + 1, "varchar(50)", true, null, subjects[i % 10] + cols[c], false));
            }
            b.primaryKey(name, new Catalog.Key(null, List.of("c0_id")));
            if (i > 10) {
                String parent = String.format(Locale.ROOT, "biz_%s_%04d", new String[] {"ord", "cust", "prod", "supp",
                        "stock", "pay", "ship", "emp", "dept", "ctr"}[(i - 10) % 10], i - 10);
                b.foreignKey(new Catalog.ForeignKey("fk_" + i, "big", name, List.of("c0_id"), "big", parent,
                        List.of("c0_id"), null, null));
            }
        }
        return b.build();
    }

    /** Milliseconds: index build (first search), then median and p95 of {@code rounds} searches per question. */
    static String measure(SchemaLinking linking, SchemaSnapshot snap, Catalog.SearchOptions o, int rounds) {
        long t0 = System.nanoTime();
        linking.search(snap, "warm up", o, null);
        double build = (System.nanoTime() - t0) / 1e6;
        for (int w = 0; w < 3; w++) {
            for (String q : QUESTIONS) {
                linking.search(snap, q, o, null);
            }
        }
        double[] ms = new double[rounds * QUESTIONS.size()];
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            for (String q : QUESTIONS) {
                long s = System.nanoTime();
                linking.search(snap, q, o, null);
                ms[k++] = (System.nanoTime() - s) / 1e6;
            }
        }
        if (System.getProperty("linking.perQuestion") != null) {
            for (int qi = 0; qi < QUESTIONS.size(); qi++) {
                double[] one = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    one[r] = ms[r * QUESTIONS.size() + qi];
                }
                Arrays.sort(one);
                System.out.printf(Locale.ROOT, "  %-45s median %.2f ms max %.2f ms%n", QUESTIONS.get(qi), one[rounds / 2],
                        one[rounds - 1]);
            }
        }
        Arrays.sort(ms);
        return String.format(Locale.ROOT, "index build %.0f ms; per question median %.2f ms, p95 %.2f ms, max %.2f ms",
                build, ms[ms.length / 2], ms[(int) (ms.length * 0.95)], ms[ms.length - 1]);
    }

    @Test
    void linkingAFiveThousandTableCatalog() {
        SchemaSnapshot big = big();
        SchemaSnapshot rich = rich();
        Catalog.SearchOptions budget = new Catalog.SearchOptions(null, 0, 1500, true);
        Catalog.SearchOptions ranked = Catalog.SearchOptions.ranked(0);
        StringBuilder out = new StringBuilder("\nSchema linking latency, 5,000 tables (reproduce: mvn -B -o -q -pl server"
                + " -am test -Dtest=SchemaLinkingLatencyTest -Dsurefire.failIfNoSpecifiedTests=false)\n");
        out.append("SchemaIT shape, budget 1500:      ").append(measure(new SchemaLinking(Synonyms.none()), big, budget, 25)).append('\n');
        out.append("SchemaIT shape, ranking only:     ").append(measure(new SchemaLinking(Synonyms.none()), big, ranked, 25)).append('\n');
        out.append("8 columns + comments + FKs, 1500: ").append(measure(new SchemaLinking(Synonyms.none()), rich, budget, 10)).append('\n');
        System.out.println(out);

        SchemaLinking linking = new SchemaLinking(Synonyms.none());
        assertEquals(5, linking.search(big, "归档订单", ranked, null).hits().size(), "the five commented tables");
        Catalog.SearchResult r = linking.search(rich, "每个城市的订单总额", budget, null);
        assertTrue(r.estimatedTokens() <= 1500 && !r.hits().isEmpty(), r.toString());
        assertTrue(r.hits().get(0).table().comment().startsWith("订单"), r.hits().get(0).toString());
    }
}
