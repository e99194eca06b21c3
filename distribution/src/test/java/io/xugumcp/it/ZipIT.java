package io.xugumcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip as a user gets it: one folder xugu-mcp-VERSION/ with a quick start, the licences of everything it bundles,
 * and the launch command the README documents for clients that cannot run a script (Node-based clients on Windows
 * cannot start .bat files), run exactly as written there.
 */
class ZipIT {
    @TempDir
    static Path dir;
    static Path install;

    @BeforeAll
    static void unzip() throws IOException {
        install = unzip(Path.of(System.getProperty("dist.zip")), dir.resolve("unpacked"));
    }

    @Test
    void unpacksToTheFolderTheReadmeNamesWithQuickStartAndLicences() throws IOException {
        assertEquals("xugu-mcp-0.1.0", install.getFileName().toString());
        String readme = Files.readString(Path.of(System.getProperty("examples.dir"), "..", "README.md"));
        assertTrue(readme.contains("xugu-mcp-0.1.0/bin/xugu-mcp"), "the README names the real unpack path");
        assertFalse(readme.contains("/opt/xugu-mcp/"), "no path the zip does not make");
        for (String f : List.of("README.txt", "README.md", "LICENSE", "NOTICE", "THIRD-PARTY.txt", "lib/xugu-mcp-launcher.jar")) {
            assertTrue(Files.isRegularFile(install.resolve(f)), f + " is in the zip");
        }
        String quick = Files.readString(install.resolve("README.txt"));
        assertTrue(quick.contains("xugu-mcp-0.1.0/bin/xugu-mcp") && quick.contains("xugu-mcp-launcher.jar"), quick);
    }

    @Test
    void everyBundledJarIsListedWithItsLicence() throws IOException {
        String list = Files.readString(install.resolve("THIRD-PARTY.txt"));
        List<String> listed = list.lines().map(l -> l.split("\\s+")[0]).toList();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> jars = Files.list(install.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                String name = artifact(jar.getFileName().toString());
                if (!name.startsWith("xugu-mcp") && !listed.contains(name)) {
                    missing.add(jar.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), missing, "add these to distribution/src/dist/THIRD-PARTY.txt with their licence");
        // THIRD-PARTY.txt says the plugin JARs bundle no third-party code: each holds only xugu-mcp's classes.
        try (Stream<Path> jars = Files.list(install.resolve("plugins"))) {
            for (Path jar : jars.toList()) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    List<String> foreign = j.stream().map(ZipEntry::getName)
                            .filter(n -> n.endsWith(".class") && !n.startsWith("io/xugumcp/") && !n.startsWith("META-INF/"))
                            .limit(3).toList();
                    assertEquals(List.of(), foreign, jar + " bundles third-party classes: list them in THIRD-PARTY.txt");
                }
            }
        }
    }

    @Test
    void theLaunchersClassPathIsExactlyLib() throws IOException {
        List<String> classPath;
        try (JarFile launcher = new JarFile(install.resolve("lib/xugu-mcp-launcher.jar").toFile())) {
            classPath = List.of(launcher.getManifest().getMainAttributes().getValue("Class-Path").trim().split("\\s+"));
        }
        List<String> lib;
        try (Stream<Path> jars = Files.list(install.resolve("lib"))) {
            lib = jars.map(p -> p.getFileName().toString()).filter(n -> !n.equals("xugu-mcp-launcher.jar")).sorted().toList();
        }
        assertEquals(lib, classPath.stream().sorted().toList(), "every JAR of lib/ and nothing else (no plugin)");
    }

    @Test
    void theReadmesWindowsCommandStartsTheServer(@TempDir Path data) throws IOException {
        // The args of the documented java command, with the example's install path replaced by the unpacked one.
        String readme = Files.readString(Path.of(System.getProperty("examples.dir"), "..", "README.md"));
        Matcher m = Pattern.compile("\"args\": \\[([^\\]]*xugu-mcp-launcher\\.jar\")\\]").matcher(readme);
        assertTrue(m.find(), "the README documents java -jar …xugu-mcp-launcher.jar");
        List<String> args = new ArrayList<>();
        Matcher a = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(1));
        while (a.find()) {
            String arg = a.group(1).replace("\\\\", "\\");
            args.add(arg.replace("C:\\xugu-mcp-0.1.0", install.toString()).replace('\\', '/'));
        }
        assertEquals(List.of("-Dfile.encoding=UTF-8", "-jar", install + "/lib/xugu-mcp-launcher.jar"), args);

        String java = System.getenv("JAVA_HOME") == null ? "java" : Path.of(System.getenv("JAVA_HOME"), "bin", "java").toString();
        // Started from another directory, as a client does: the launcher finds plugins/ and config/ by itself.
        ServerParameters params = ServerParameters.builder(java).args(args)
                .env(Dist.env(data, Map.of())).build();
        StdioClientTransport transport = new StdioClientTransport(params, Dist.JSON);
        transport.setStdErrorHandler(line -> { });
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).build();
        try {
            assertEquals("xugu-mcp", client.initialize().serverInfo().name());
            List<String> tools = client.listTools().tools().stream().map(t -> t.name()).toList();
            assertTrue(tools.contains("execute_query") && tools.contains("list_tables"), "the plugins are found: " + tools);
            assertFalse(Dist.call(client, "execute_query", Map.of("sql", "SELECT COUNT(*) FROM customers")).isError());
        } finally {
            client.closeGracefully();
        }
    }

    /** A JAR's name without its version: {@code guava-33.4.8-jre.jar} is {@code guava}. */
    static String artifact(String file) {
        Matcher m = Pattern.compile("^(.+?)-\\d[\\w.\\-]*\\.jar$").matcher(file);
        return m.matches() ? m.group(1) : file.replaceAll("\\.jar$", "");
    }

    static Path unzip(Path zip, Path into) throws IOException {
        List<Path> top = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path t = into.resolve(e.getName()).normalize();
                if (!t.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(z, t);
                }
                Path first = into.resolve(into.relativize(t).getName(0));
                if (!top.contains(first)) {
                    top.add(first);
                }
            }
        }
        assertEquals(1, top.size(), "the zip holds one folder: " + top);
        return top.get(0);
    }
}
