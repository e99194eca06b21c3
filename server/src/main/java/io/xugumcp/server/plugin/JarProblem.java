package io.xugumcp.server.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.PluginAlreadyLoadedException;

/**
 * Why a JAR in the plugin folder could not be loaded, in one sentence that says what to do – instead of the stack
 * trace PF4J logs. The JAR is looked at again to tell a damaged file from a library from a second copy.
 */
final class JarProblem {

    private JarProblem() {
    }

    /**
     * What is wrong with the file itself – damaged, or not a plugin – or null when it looks like a plugin JAR.
     * Asked before PF4J sees the file, whose descriptor finders log a stack trace for both.
     */
    static String inspect(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String id = m == null ? null : m.getMainAttributes().getValue(new Attributes.Name("Plugin-Id"));
            if ((id == null || id.isBlank()) && j.getEntry("plugin.properties") == null) {
                return "not a plugin (its manifest has no Plugin-Id; a library JAR?). Remove it from the plugin folder:"
                        + " only plugin JARs belong there, and a plugin carries the libraries it needs inside its JAR";
            }
            return null;
        } catch (IOException | SecurityException e) {
            return "not a readable JAR (damaged or cut off, e.g. by an unfinished copy or download). Copy the plugin"
                    + " JAR again, or remove it";
        }
    }

    /**
     * Why loading a JAR that {@link #inspect} passed failed.
     *
     * @param error    what loading it threw
     * @param loadedAs the file a plugin id is already loaded from, or null
     */
    static String of(Path jar, Throwable error, Function<String, String> loadedAs) {
        String own = inspect(jar);
        if (own != null) {
            return own;
        }
        String id = error instanceof PluginAlreadyLoadedException a ? a.getPluginId() : declaredId(jar);
        String other = id == null ? null : loadedAs.apply(id);
        if (other != null && !other.equals(jar.getFileName().toString())) {
            return "a second copy of plugin '" + id + "', which is already loaded from " + other
                    + ". Remove one of the two JARs (the one loaded is kept until then)";
        }
        String msg = error.getMessage() == null ? "" : error.getMessage().replaceAll("\\s+", " ").trim();
        return "cannot be loaded" + (msg.isEmpty() ? "" : " (" + msg + ")")
                + ". Check that it is a plugin built for this host, or remove it";
    }

    private static String declaredId(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String id = m == null ? null : m.getMainAttributes().getValue(new Attributes.Name("Plugin-Id"));
            return id == null || id.isBlank() ? null : id.trim();
        } catch (IOException e) {
            return null;
        }
    }
}
