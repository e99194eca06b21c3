package io.xugumcp.server.reload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogLevelsTest {

    @Test
    void theLevelOfExistingAndNewServerLoggersChangesAndOthersStay() {
        Logger existing = LoggerFactory.getLogger("io.xugumcp.server.SomethingThatExists");
        Logger library = LoggerFactory.getLogger("org.example.Library");
        boolean libraryDebug = library.isDebugEnabled();
        try {
            assertTrue(LogLevels.apply("DEBUG"));
            assertTrue(existing.isDebugEnabled());
            assertTrue(LoggerFactory.getLogger("io.xugumcp.plugin.created.Later").isDebugEnabled());
            assertTrue(LogLevels.apply("warn"));
            assertFalse(existing.isInfoEnabled());
            assertTrue(existing.isWarnEnabled());
            assertTrue(libraryDebug == library.isDebugEnabled(), "other libraries keep their level");
        } finally {
            LogLevels.apply("info");
        }
        assertTrue(existing.isInfoEnabled());
        assertThrows(IllegalArgumentException.class, () -> LogLevels.validate("verbose"));
    }
}
