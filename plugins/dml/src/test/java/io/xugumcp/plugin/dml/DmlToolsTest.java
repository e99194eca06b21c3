package io.xugumcp.plugin.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.testing.Answer;
import io.xugumcp.testing.TestingHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DML tools in the testing kit's host (real guard, policy, write path, audit) on the demo shop. */
class DmlToolsTest {

    private static TestingHost host(boolean readWrite, String role) {
        TestingHost h = TestingHost.builder().pluginId("dml").role(role).readWrite(readWrite).demoShop().build();
        h.install(new DmlTools(h.context()));
        return h;
    }

    private static long count(TestingHost h, String sql) {
        return ((Number) h.queryAsOwner(sql).get(0).get(0)).longValue();
    }

    @Test
    void insertThenAConfirmedLargeUpdateAskedThroughTheClient() {
        try (TestingHost h = host(true, "data_editor")) {
            Answer ins = h.call("insert_rows", Map.of("table_name", "categories", "rows",
                    Map.of("category_id", 99, "name", "测试")));
            assertFalse(ins.error(), ins.text());
            assertEquals(1, count(h, "SELECT COUNT(*) FROM categories WHERE category_id = 99"));

            h.client().decline();
            Answer no = h.call("update_rows", Map.of("table_name", "products", "updates", Map.of("stock", 7),
                    "all_rows", true));
            assertEquals("declined", no.get("status"), no.text());
            assertTrue(String.valueOf(h.client().elicitations().get(0).get("message")).startsWith("Update 120 rows"));
            h.client().accept(Map.of("confirm", true));
            Answer yes = h.call("update_rows", Map.of("table_name", "products", "updates", Map.of("stock", 7),
                    "all_rows", true));
            assertEquals("applied", yes.get("status"), yes.text());
            assertEquals(120, count(h, "SELECT COUNT(*) FROM products WHERE stock = 7"));

            h.client().elicitationSupported(false);
            long items = count(h, "SELECT COUNT(*) FROM order_items");
            Answer held = h.call("delete_rows", Map.of("table_name", "order_items", "all_rows", true));
            assertEquals("confirmation_required", held.get("status"), held.text());
            assertTrue(held.text().startsWith("NOT APPLIED"), held.text());
            assertNotNull(((Map<?, ?>) held.get("confirmation")).get("confirm_token"));
            assertEquals(items, count(h, "SELECT COUNT(*) FROM order_items"), "held back: nothing deleted");
        }
    }

    @Test
    void bulkImportReportsProgressPerBatch() {
        try (TestingHost h = host(true, "data_editor")) {
            StringBuilder csv = new StringBuilder("category_id,name\n");
            for (int i = 0; i < 25; i++) {
                csv.append(200 + i).append(",c").append(i).append('\n');
            }
            Answer a = h.call("bulk_import", Map.of("table_name", "categories", "data", csv.toString(), "batch_size", 10,
                    "mode", "per_batch"));
            assertEquals("complete", a.get("status"), a.text());
            assertEquals(List.of(10.0, 20.0, 25.0), h.client().progress().stream().map(p -> p.progress()).toList());
            assertEquals(25, count(h, "SELECT COUNT(*) FROM categories WHERE category_id >= 200"));
        }
    }

    @Test
    void readOnlyHostRefusesNamingTheMode() {
        try (TestingHost h = host(false, "data_editor")) {
            Answer a = h.call("insert_rows", Map.of("table_name", "categories", "rows", Map.of("category_id", 98, "name", "x")));
            assertTrue(a.error());
            assertEquals("denied", a.code());
            assertTrue(a.text().contains("read-only mode"), a.text());
        }
    }
}
