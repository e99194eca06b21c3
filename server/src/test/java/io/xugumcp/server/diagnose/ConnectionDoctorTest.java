package io.xugumcp.server.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.admin.Diagnosis;
import io.xugumcp.server.db.ConnectionPool;
import io.xugumcp.server.db.xugu.XuguReply;
import io.xugumcp.server.db.xugu.XuguScript;
import io.xugumcp.server.db.xugu.XuguWire.Type;
import io.xugumcp.server.db.xugu.XuguWireDouble;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConnectionDoctorTest {

    private static Map<String, Diagnosis.Step> steps(Diagnosis d) {
        return d.steps().stream().collect(Collectors.toMap(Diagnosis.Step::name, Function.identity()));
    }

    private static Diagnosis diagnose(String dialect, String url, String user, String password) {
        return new ConnectionDoctor(new ConnectionPool.Target(url, user, password), dialect, null).diagnose(true);
    }

    @Test
    void anEmbeddedH2DatabaseSkipsTheNetworkAndPassesTheRest() {
        Diagnosis d = diagnose("h2", "jdbc:h2:mem:doctor;DB_CLOSE_DELAY=-1", "sa", "");
        Map<String, Diagnosis.Step> s = steps(d);
        assertTrue(d.ok(), d.toString());
        assertEquals("skipped", s.get("dns").status());
        assertEquals("skipped", s.get("tcp").status());
        assertEquals("ok", s.get("login").status());
        assertEquals("ok", s.get("query").status());
        assertTrue(s.get("version").detail().startsWith("2."), s.get("version").detail());
        assertEquals("warning", s.get("privileges.catalog").status(), "an empty database shows no tables");
        assertEquals("skipped", s.get("privileges.kill-session").status());
        assertEquals(List.of("dns", "tcp", "login", "query", "version", "privileges.catalog", "privileges.kill-session",
                "pool"), d.steps().stream().map(Diagnosis.Step::name).toList());
    }

    @Test
    void postgresqlPassesEveryStepAndAMissingDatabaseSaysSo() {
        Diagnosis d = diagnose("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        Map<String, Diagnosis.Step> s = steps(d);
        assertTrue(d.ok(), d.toString());
        assertEquals("ok", s.get("dns").status());
        assertEquals("ok", s.get("tcp").status());
        assertTrue(s.get("version").detail().startsWith("PostgreSQL"), s.get("version").detail());
        assertEquals("ok", s.get("privileges.kill-session").status());

        String missing = "no_such_db_" + System.nanoTime();
        Diagnosis m = diagnose("postgresql", "jdbc:postgresql://127.0.0.1:5432/" + missing, "postgres", "");
        Diagnosis.Step login = steps(m).get("login");
        assertFalse(m.ok());
        assertEquals("failed", login.status());
        assertEquals("3D000", login.errorCode());
        assertTrue(login.cause().contains(missing) && login.cause().contains("does not exist"), login.cause());
        assertEquals("skipped", steps(m).get("query").status());
        assertTrue(m.summary().startsWith("Step 'login' failed"), m.summary());
    }

    @Test
    void aClosedPortFailsAtTcpWithTheCauseAndTheFix() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Diagnosis d = diagnose("postgresql", "jdbc:postgresql://127.0.0.1:" + port + "/test", "postgres", "");
        Map<String, Diagnosis.Step> s = steps(d);
        assertFalse(d.ok());
        assertEquals("ok", s.get("dns").status());
        assertEquals("failed", s.get("tcp").status());
        assertTrue(s.get("tcp").cause().contains("nothing accepts connections at 127.0.0.1:" + port), s.get("tcp").cause());
        assertTrue(s.get("tcp").fix().contains("5432"), s.get("tcp").fix());
        assertEquals("skipped", s.get("login").status());
        assertTrue(d.summary().contains("tcp"), d.summary());
    }

    @Test
    void anUnknownHostFailsAtDns() {
        Diagnosis d = diagnose("xugu", "jdbc:xugu://no-such-host.invalid:5138/SYSTEM", "SYSDBA", "x");
        Diagnosis.Step dns = steps(d).get("dns");
        assertEquals("failed", dns.status());
        assertTrue(dns.cause().contains("no-such-host.invalid"), dns.cause());
        assertTrue(dns.fix().contains("XUGU_DB_HOST"), dns.fix());
    }

    @Test
    void xuguLoginFailuresAreExplainedByTheDriversCodeAndThePasswordNeverShows() throws Exception {
        XuguScript script = new XuguScript().user("SYSDBA", "right-password").databases("SHOP");
        try (XuguWireDouble db = XuguWireDouble.start(script)) {
            Diagnosis d = diagnose("xugu", db.url("SHOP"), "SYSDBA", "wrong-password");
            Diagnosis.Step login = steps(d).get("login");
            assertEquals("failed", login.status(), d.toString());
            assertEquals("E50027", login.errorCode());
            assertTrue(login.cause().contains("wrong user or password"), login.cause());
            assertTrue(login.fix().contains("XUGU_DB_PASSWORD"), login.fix());
            assertFalse(d.toString().contains("wrong-password"), d.toString());
        }
    }

    @Test
    void xuguPassesWithTheCatalogAndSessionViewsReadable() throws Exception {
        XuguScript script = new XuguScript()
                .on("select 1 from dual", XuguReply.rows(XuguReply.col("EXPR1", Type.INTEGER)).row(1))
                .on("SELECT VERSION() FROM DUAL", XuguReply.rows(XuguReply.col("EXPR1", Type.CHAR)).row("XuguDB 12.0.0"))
                .on("SELECT COUNT(*) FROM ALL_TABLES", XuguReply.rows(XuguReply.col("EXPR1", Type.INTEGER)).row(12))
                .on("SELECT COUNT(*) FROM SYS_ALL_SESSIONS", XuguReply.error(5021, "表或视图不存在"));
        try (XuguWireDouble db = XuguWireDouble.start(script)) {
            Diagnosis d = diagnose("xugu", db.url("SHOP"), "mcp_ro", "pw");
            Map<String, Diagnosis.Step> s = steps(d);
            assertTrue(d.ok(), d.toString());
            assertEquals("XuguDB 12.0.0", s.get("version").detail().replaceAll(";.*", ""));
            assertEquals("12 tables visible in the catalog", s.get("privileges.catalog").detail());
            Diagnosis.Step kill = s.get("privileges.kill-session");
            assertEquals("warning", kill.status());
            assertNotNull(kill.fix());
            assertTrue(db.sqlTexts().contains("SELECT COUNT(*) FROM SYS_ALL_SESSIONS"), db.sqlTexts().toString());
            assertTrue(d.summary().contains("privileges.kill-session"), d.summary());
        }
    }
}
