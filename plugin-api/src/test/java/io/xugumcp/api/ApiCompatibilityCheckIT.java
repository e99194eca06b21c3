package io.xugumcp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's API compatibility check (japicmp against the 0.2.0 baseline, configured in this module's pom) really
 * refuses a breaking change: it is run, as Maven runs it, on this build's classes with one class swapped for a
 * deliberately incompatible fixture – and, as the control, on the unchanged classes, which it must accept.
 */
class ApiCompatibilityCheckIT {
    private static final Path CLASSES = Path.of("target/classes").toAbsolutePath();

    @Test
    void theCheckFailsOnAnIncompatibleChangeAndPassesWithout(@TempDir Path dir) throws Exception {
        Path same = jar(CLASSES, dir.resolve("same.jar"));
        Path repo = seedRepository(dir, same);
        Result control = check(same, repo, dir, dir.resolve("control.log"));
        assertEquals(0, control.exit, "the unchanged API must pass the check:\n" + control.output);

        Path broken = dir.resolve("broken-classes");
        copy(CLASSES, broken);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-proc:none", "-cp", CLASSES + java.io.File.pathSeparator
                        + System.getProperty("java.class.path"), "-d", broken.toString(),
                Path.of("src/test/fixtures/incompatible/io/xugumcp/api/ToolHandler.java").toString());
        assertEquals(0, rc, "the fixture compiles");
        Result refused = check(jar(broken, dir.resolve("broken.jar")), repo, dir, dir.resolve("broken.log"));
        assertNotEquals(0, refused.exit, "the check must fail the build:\n" + refused.output);
        assertTrue(refused.output.contains("io.xugumcp.api.ToolHandler"), refused.output);
        assertTrue(refused.output.contains("There is at least one incompatibility")
                && refused.output.contains("METHOD_REMOVED"), refused.output);
    }

    private record Result(int exit, String output) {
    }

    /**
     * A local repository of its own: the check resolves this module's artifact, which the outer build has not
     * installed anywhere (and must not install into the shared one). Everything else comes from the outer build's
     * repository through a file mirror, offline; kept under target/ so that the copies are made once per clean build.
     */
    private static Path seedRepository(Path dir, Path apiJar) throws IOException {
        Path repo = Path.of("target/api-check-repo").toAbsolutePath();
        Path at = repo.resolve("io/xugumcp/xugu-mcp-plugin-api").resolve(PluginApi.VERSION);
        Files.createDirectories(at);
        Files.copy(apiJar, at.resolve("xugu-mcp-plugin-api-" + PluginApi.VERSION + ".jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("pom.xml"), at.resolve("xugu-mcp-plugin-api-" + PluginApi.VERSION + ".pom"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("settings.xml"), "<settings><mirrors><mirror><id>outer</id><mirrorOf>*</mirrorOf>"
                + "<url>" + Path.of(System.getProperty("outer.repo")).toUri() + "</url></mirror></mirrors></settings>");
        return repo;
    }

    /** {@code mvn japicmp:cmp} on this module, as the build runs it, with the jar to compare swapped in. */
    private static Result check(Path jar, Path repo, Path dir, Path log) throws IOException, InterruptedException {
        String mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn").toString();
        List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-o", "-s", dir.resolve("settings.xml").toString(),
                "-Daether.offline.protocols=file", "-Dmaven.repo.local=" + repo,
                "-f", Path.of("pom.xml").toAbsolutePath().toString(), "-Dapi.check.new=" + jar,
                "com.github.siom79.japicmp:japicmp-maven-plugin:cmp"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn did not finish: " + log);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
        return jar;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}
