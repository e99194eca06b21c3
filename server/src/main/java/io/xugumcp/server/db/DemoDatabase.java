package io.xugumcp.server.db;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.tools.DeleteDbFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 shop database the server falls back to when no XuguDB is configured, so a newcomer can try every
 * tool without installing anything.
 *
 * <p>Layout under {@code <dataDir>/demo}: {@code shop.mv.db} (the database) and {@code credentials.properties} (the
 * generated passwords). The database is seeded into {@code shop-seeding.mv.db} and only renamed to {@code shop.mv.db}
 * once complete, and the credentials are written just before that rename. So {@code shop.mv.db} existing means "fully
 * seeded", and anything else found on start (a killed seed, a lost credentials file) is thrown away and seeded again.
 *
 * <p>Like a real installation, the database has an owner ({@value #OWNER_USER}, H2 admin) that runs the seed, and the
 * server is meant to connect as {@value #APP_USER}, which may read and change the demo's rows and tables (so the DDL
 * tools can be tried in read-write mode) but has no admin rights: no files, scripts, users or Java functions.
 */
public final class DemoDatabase {

    /** Where and as whom to connect. {@link #toString()} hides the password so it cannot end up in a log. */
    public record Credentials(String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return "Credentials[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
        }
    }

    static final String OWNER_USER = "DEMO_OWNER";
    static final String APP_USER = "MCP_APP";
    /** Bump whenever the seed scripts change, so existing demo databases are re-created with the new content. */
    static final int SEED_VERSION = 2;
    static final List<String> SEED_SCRIPTS = List.of("/demo/shop-schema.sql", "/demo/shop-data.sql");

    private static final Logger LOG = LoggerFactory.getLogger(DemoDatabase.class);
    private static final String DB_NAME = "shop";
    private static final String SEEDING_NAME = "shop-seeding";
    private static final String CREDENTIALS_FILE = "credentials.properties";
    /** FileLock is per process; this keeps two threads of the same process from overlapping on it. */
    private static final Object IN_PROCESS_LOCK = new Object();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicBoolean WARNED_NOT_SHARED = new AtomicBoolean();

    static {
        H2Loopback.bind(); // in case no Main ran first (tests, embedding); too late if H2 was already used
    }

    private final Path dir;
    private final List<String> scripts;

    /** @param dataDir the server's data directory, e.g. {@link io.xugumcp.server.config.DataDirs#fromEnvironment()}; the demo lives in its {@code demo} subdirectory */
    public DemoDatabase(Path dataDir) {
        this(dataDir, SEED_SCRIPTS);
    }

    /** Tests pass other scripts to make a seed fail half way. */
    DemoDatabase(Path dataDir, List<String> scripts) {
        this.dir = dataDir.resolve("demo").toAbsolutePath().normalize();
        // ';' separates settings in an H2 URL, so such a path would be misread as options.
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("The data directory must not contain ';': " + dir);
        }
        this.scripts = List.copyOf(scripts);
    }

    /** Seeds the database if needed (first start, or an earlier seed did not finish) and returns the application login. */
    public Credentials prepare() throws IOException, SQLException {
        return ensureSeeded().app();
    }

    /** The owner (admin) login, for owner-only tasks; the server itself should use {@link #prepare()}. */
    Credentials ownerCredentials() throws IOException, SQLException {
        return ensureSeeded().owner();
    }

    private record Logins(Credentials owner, Credentials app) {}

    private Logins ensureSeeded() throws IOException, SQLException {
        synchronized (IN_PROCESS_LOCK) {
            createPrivateDirectories(dir);
            // Two servers started at the same moment (two MCP clients) must not seed over each other.
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Logins existing = Files.exists(dbFile(DB_NAME)) ? readCredentials() : null;
                return existing != null ? existing : seed();
            }
        }
    }

    private Logins seed() throws IOException, SQLException {
        long start = System.nanoTime();
        LOG.info("Seeding the demo database in {}", dir);
        // A shop.mv.db reaching this point has no usable credentials (or an old seed version): it cannot be opened.
        DeleteDbFiles.execute(dir.toString(), DB_NAME, true);
        // Leftovers of a seed that was killed; never reused, their content is unknown.
        DeleteDbFiles.execute(dir.toString(), SEEDING_NAME, true);

        Credentials owner = new Credentials(url(DB_NAME), OWNER_USER, newPassword());
        Credentials app = new Credentials(url(DB_NAME), APP_USER, newPassword());
        try {
            org.h2.Driver.load(); // a shaded jar may have lost the driver's META-INF/services entry
            // No IFEXISTS here: this connection creates the database, which makes OWNER_USER its admin.
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(SEEDING_NAME), owner.user(), owner.password());
                 Statement st = c.createStatement()) {
                for (String script : scripts) {
                    if (DemoDatabase.class.getResource(script) == null) {
                        throw new IllegalStateException("Seed script missing from the class path: " + script);
                    }
                    st.execute("RUNSCRIPT FROM 'classpath:" + script + "' CHARSET 'UTF-8'");
                }
                createAppUser(st, app);
                st.execute("SHUTDOWN COMPACT"); // closes the file, and leaves it small
            }
            // Credentials first, rename last: a shop.mv.db must never exist without the passwords that open it.
            writeCredentials(owner, app);
            Files.move(dbFile(SEEDING_NAME), dbFile(DB_NAME), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            // After success only a trace file can be left; after a failure, the unfinished database.
            try {
                DeleteDbFiles.execute(dir.toString(), SEEDING_NAME, true);
            } catch (RuntimeException e) {
                LOG.warn("Could not remove {}; the next start will", dbFile(SEEDING_NAME), e);
            }
        }
        LOG.info("Demo database seeded in {} ms", (System.nanoTime() - start) / 1_000_000);
        return new Logins(owner, app);
    }

    /**
     * DML on every demo table, SELECT on the views, and DDL (H2's ALTER ANY SCHEMA: create, alter and drop schemas,
     * tables, indexes and views – this database holds nothing but the demo); no admin functions (files, SCRIPT, users,
     * aliases), which H2 keeps for admins [V: H2 2.4]. Which DDL a caller may run is the server's role policy, and none
     * runs in read-only mode.
     */
    private static void createAppUser(Statement st, Credentials app) throws SQLException {
        // The password is Base64url, so it needs no escaping inside the literal.
        st.execute("CREATE USER " + app.user() + " PASSWORD '" + app.password() + "'");
        List<String> grants = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                String rights = "VIEW".equals(rs.getString(2)) ? "SELECT" : "SELECT, INSERT, UPDATE, DELETE";
                grants.add("GRANT " + rights + " ON PUBLIC.\"" + rs.getString(1) + "\" TO " + app.user());
            }
        }
        grants.add("GRANT ALTER ANY SCHEMA TO " + app.user());
        for (String grant : grants) {
            st.execute(grant);
        }
    }

    /**
     * IFEXISTS: if shop.mv.db were deleted while the server runs, H2 would otherwise silently create an empty database
     * with whoever connects as its admin. DB_CLOSE_DELAY stays at its default: the server's pool keeps the database open.
     * AUTO_SERVER: several server processes (an HTTP server and the stdio sessions of MCP clients) share the file; the
     * first to open it serves the others over TCP on loopback ({@link H2Loopback}), and when it exits, the next one to
     * connect takes over. The server's address and key are in {@code shop.lock.db}, inside the owner-only directory.
     */
    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name) + ";IFEXISTS=TRUE" + (shared() ? ";AUTO_SERVER=TRUE" : "");
    }

    /** Shared only when H2's auto-server would listen on loopback alone; otherwise this process alone may use it. */
    private static boolean shared() {
        if (H2Loopback.inEffect()) {
            return true;
        }
        if (!WARNED_NOT_SHARED.getAndSet(true)) {
            LOG.warn("The demo database is not shared with other server processes: H2 would listen on {} (system"
                    + " property h2.bindAddress); only a loopback address is allowed", H2Loopback.address());
        }
        return false;
    }

    private Path dbFile(String name) {
        return dir.resolve(name + ".mv.db");
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Null when the file is missing, unreadable, incomplete or from another seed version. */
    private Logins readCredentials() {
        Path file = dir.resolve(CREDENTIALS_FILE);
        if (!Files.exists(file)) {
            LOG.warn("Demo database found without {}; it will be re-created", file);
            return null;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Demo database credentials unreadable ({}); the demo database will be re-created", e.toString());
            return null;
        }
        String ownerPassword = p.getProperty("owner.password");
        String appPassword = p.getProperty("app.password");
        if (!String.valueOf(SEED_VERSION).equals(p.getProperty("seed.version")) || ownerPassword == null || appPassword == null) {
            LOG.info("Demo database is from another version or incomplete; it will be re-created");
            return null;
        }
        return new Logins(new Credentials(url(DB_NAME), OWNER_USER, ownerPassword),
                new Credentials(url(DB_NAME), APP_USER, appPassword));
    }

    /** Written to a temporary file and renamed, so a crash never leaves half a file; owner-only where POSIX allows. */
    private void writeCredentials(Credentials owner, Credentials app) throws IOException {
        Properties p = new Properties();
        p.setProperty("seed.version", String.valueOf(SEED_VERSION));
        p.setProperty("owner.password", owner.password());
        p.setProperty("app.password", app.password());
        Path tmp = dir.resolve(CREDENTIALS_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        if (isPosix()) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "xugu-mcp demo database (owner " + OWNER_USER + ", application " + APP_USER
                    + "). Delete the demo directory to start over.");
        }
        Files.move(tmp, dir.resolve(CREDENTIALS_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (isPosix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir); // e.g. Windows: %LOCALAPPDATA% is already private to the user
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
