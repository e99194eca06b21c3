package io.xugumcp.server;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LaunchDefaultsTest {

    @Test
    void outsideAnInstallationNoHomeIsGuessed() {
        // Loaded from target/classes, not from <install>/lib/*.jar: the home stays "." as before (ZipIT covers the
        // installation, started with java -jar lib/xugu-mcp-launcher.jar from another directory).
        assertNull(LaunchDefaults.installation());
    }
}
