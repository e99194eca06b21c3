package io.xugumcp.server;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the launch scripts pass as system properties, for starts without them: {@code java -jar
 * <install>/lib/xugu-mcp-launcher.jar} from a client's configuration (Node-based clients on Windows cannot start
 * {@code .bat} files). A property already set always wins.
 */
final class LaunchDefaults {

    private LaunchDefaults() {
    }

    static void apply() {
        if (System.getProperty("xugu-mcp.home") == null) {
            Path home = installation();
            if (home != null) {
                System.setProperty("xugu-mcp.home", home.toString());
            }
        }
        // Calcite (the SQL guard) reads Chinese literals with this charset; its default cannot hold them.
        if (System.getProperty("calcite.default.nationalcharset") == null) {
            System.setProperty("calcite.default.nationalcharset", "UTF-8");
        }
    }

    /**
     * The installation this class was loaded from: the folder above {@code lib/} holding {@code bin/} or
     * {@code plugins/}, or null (a build tree, a test).
     */
    static Path installation() {
        try {
            var source = Main.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path jar = Path.of(source.getLocation().toURI());
            Path lib = jar.getParent();
            if (lib == null || !lib.getFileName().toString().equals("lib") || !Files.isRegularFile(jar)) {
                return null;
            }
            Path home = lib.getParent();
            return home != null && (Files.isDirectory(home.resolve("plugins")) || Files.isDirectory(home.resolve("bin")))
                    ? home : null;
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
