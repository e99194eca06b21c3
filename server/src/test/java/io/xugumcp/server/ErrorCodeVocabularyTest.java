package io.xugumcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xugumcp.api.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Error codes are a small vocabulary ({@link ErrorCode}): clients branch on them and the host maps some to audit
 * outcomes, so a code typed as a string drifts (it did: {@code audit_unavailable}, {@code needs_caller}). The host's
 * and the bundled plugins' sources must name codes through the enum; read from the sources so the test needs nothing
 * but the checkout.
 */
class ErrorCodeVocabularyTest {
    private static final Pattern STRING_CODE = Pattern.compile("ToolException\\(\\s*\"([^\"]*)\"\\s*,");

    /**
     * Files still allowed to pass codes as strings (their codes must still be in the vocabulary, checked below);
     * empty now that the db package names its codes through the enum too.
     */
    private static final Set<String> NOT_YET = Set.of();

    private static final Path ROOT = Path.of("..");

    @Test
    void toolExceptionsNameTheirCodeThroughTheVocabulary() {
        List<String> found = new ArrayList<>();
        for (Path f : sources()) {
            String rel = ROOT.relativize(f).toString().replace('\\', '/');
            Matcher m = STRING_CODE.matcher(read(f));
            while (m.find()) {
                if (!NOT_YET.contains(rel)) {
                    found.add(rel + ": \"" + m.group(1) + "\"");
                }
            }
        }
        assertEquals(List.of(), found, "use io.xugumcp.api.ErrorCode instead of a string code");
    }

    @Test
    void theCodesStillWrittenAsStringsAreInTheVocabulary() {
        Set<String> vocabulary = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        int seen = 0;
        for (String rel : NOT_YET) {
            Matcher m = STRING_CODE.matcher(read(ROOT.resolve(rel)));
            while (m.find()) {
                seen++;
                if (!vocabulary.contains(m.group(1))) {
                    unknown.add(rel + ": " + m.group(1));
                }
            }
        }
        assertTrue(seen > 0 || NOT_YET.isEmpty(), "the listed files no longer use string codes: empty NOT_YET");
        assertEquals(Set.of(), unknown);
    }

    /** The server's and the bundled plugins' main sources (the examples are built outside the reactor). */
    private static List<Path> sources() {
        List<Path> roots = new ArrayList<>(List.of(ROOT.resolve("server/src/main/java"),
                ROOT.resolve("plugin-testing/src/main/java")));
        try (Stream<Path> plugins = Files.list(ROOT.resolve("plugins"))) {
            plugins.map(p -> p.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(Files.isDirectory(roots.get(0)), "run from the server module: " + roots.get(0).toAbsolutePath());
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            try (Stream<Path> files = Files.walk(r)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> out.add(p.normalize()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(out.size() > 100, "sources found: " + out.size());
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
