package io.xugumcp.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Database;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.ToolException;
import io.xugumcp.server.config.ServerConfig;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.DatabaseService;
import io.xugumcp.server.security.AccessPolicy;
import io.xugumcp.server.sql.SqlGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog wired as in the server: DDL run through the database service drops the cache at once, and exact row
 * counts run as the caller through the guarded, audited database service.
 */
class CatalogWiringTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private ConnectionPool pool;
    private CatalogService catalog;
    private DatabaseService service;
    private Database db;
    private final AtomicInteger changes = new AtomicInteger();
    private final List<Map<String, Object>> audited = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ServerConfig.Database cfg = new ServerConfig.Database("jdbc:h2:mem:wiring" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                "", 5138, "SYSTEM", "sa", "", "UTF8", Duration.ofSeconds(5), 1, 2, Duration.ofSeconds(5));
        pool = ConnectionPool.open(cfg, null);
        ServerConfig.Security limits = new ServerConfig.Security(true, "data_analyst", 100, 1 << 20,
                Duration.ofSeconds(5), 10_000, 10);
        catalog = new CatalogService(pool::connection, pool.dialect(), limits.queryTimeout(), Duration.ofHours(1));
        // Allows every statement: this test is about the catalog hook, not about what the policy lets through.
        AccessPolicy allowAll = new AccessPolicy() {
            @Override
            public void checkTool(Caller caller, String toolName, io.xugumcp.api.Permission permission) {
            }

            @Override
            public void checkStatement(Caller caller, io.xugumcp.api.GuardVerdict verdict) {
            }
        };
        service = new DatabaseService(pool, new SqlGuard("h2", 10_000), allowAll, limits,
                (caller, action, details) -> audited.add(details), () -> {
                    changes.incrementAndGet();
                    catalog.invalidate();
                });
        db = service.forCaller(new Caller("test", "admin", "stdio"));
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void ddlThroughTheServerIsSeenAtOnce() {
        db.execute("CREATE TABLE first_table (id INT PRIMARY KEY)", List.of());
        assertEquals(List.of("FIRST_TABLE"), catalog.tables(null).stream().map(Catalog.Table::name).toList());
        int before = changes.get();
        db.execute("CREATE TABLE second_table (id INT PRIMARY KEY)", List.of());
        assertTrue(changes.get() > before, "the hook fired");
        assertEquals(2, catalog.tables(null).size(), "no TTL wait: the cache was dropped");

        before = changes.get();
        db.query("SELECT * FROM first_table", List.of(), QueryOptions.DEFAULTS);
        assertEquals(before, changes.get(), "a read does not drop the cache");
    }

    @Test
    void aFailedBatchThatRanDdlStillDropsTheCache() {
        catalog.tables(null);
        int before = changes.get();
        assertThrows(ToolException.class, () -> db.batch(List.of("CREATE TABLE third_table (id INT)",
                "INSERT INTO no_such_table VALUES (1)"), QueryOptions.DEFAULTS));
        assertTrue(changes.get() > before);
        // H2 committed the CREATE TABLE despite the rollback: the catalog must show it.
        assertTrue(catalog.tables(null).stream().anyMatch(t -> t.name().equals("THIRD_TABLE")));
    }

    @Test
    void exactCountsRunAsTheCallerOnACatalogValidatedQuotedName() {
        db.execute("CREATE TABLE \"Odd Name\" (id INT)", List.of());
        db.execute("INSERT INTO \"Odd Name\" VALUES (1), (2), (3)", List.of());
        Catalog callerCatalog = catalog.forCaller(db);
        int auditedBefore = audited.size();
        assertEquals(3L, callerCatalog.exactRowCount(callerCatalog.table(null, "odd name")));
        assertTrue(audited.size() > auditedBefore, "the count went through the audited database service");

        Catalog.Table forged = new Catalog.Table("PUBLIC", "Odd Name\" ; DROP TABLE \"Odd Name", "TABLE", null, null);
        ToolException e = assertThrows(ToolException.class, () -> callerCatalog.exactRowCount(forged));
        assertEquals("not_found", e.code());
        assertEquals(3L, callerCatalog.exactRowCount(callerCatalog.table(null, "Odd Name")), "still there");
        assertFalse(callerCatalog.tables(null).isEmpty());
    }
}
